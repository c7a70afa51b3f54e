/*
 * V8 shares an object's hidden class (its map) with the objects that
 * gained the same keys in the same order, through transitions recorded on
 * a root map. Every `{}` in the process starts from one root map, which
 * records at most 1,536 transitions; in a Backstage backend it is full. An
 * object begun as `{}` with a first key not recorded yet (`repoURL`,
 * `server`, `phase`, ...) then gets a map of its own whenever no inline
 * cache remembers one: a heap snapshot of the benchmark's backend held
 * 25,345 such maps for 3,000 stored resources, 59% of the stores' bytes
 * (docs/clusters.md, Memory).
 *
 * A constructor's initial map is a root nobody else adds to. Its
 * prototype is Object.prototype, so what it makes is a plain object to
 * every reader: the same prototype, `constructor === Object`, the same
 * JSON.
 */
function ownRoot(): () => Record<string, unknown> {
  // A fresh constructor per call: each gets an initial map of its own.
  function OwnRootRecord() {}
  OwnRootRecord.prototype = Object.prototype;
  return () =>
    new (OwnRootRecord as unknown as new () => Record<string, unknown>)();
}

/** An empty plain object whose hidden classes are shared only with others made here. */
export const plainRecord = ownRoot();

/**
 * As plainRecord, for objects whose keys users choose (labels,
 * annotations): there may be more first keys than a root map records, so
 * they get a second root and cannot fill the projections' table.
 */
export const userKeyedRecord = ownRoot();

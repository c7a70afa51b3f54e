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
function PlainRecord() {}
PlainRecord.prototype = Object.prototype;

/** An empty plain object whose hidden classes are shared only with others made here. */
export function plainRecord(): Record<string, unknown> {
  return new (PlainRecord as unknown as new () => Record<string, unknown>)();
}

/*
 * Label and annotation keys are chosen by users, and there may be more
 * first keys than a root map records. They get a root of their own, so
 * their variety cannot fill the table that the projections' own objects
 * share.
 */
function UserKeyedRecord() {}
UserKeyedRecord.prototype = Object.prototype;

/** As plainRecord, for objects whose keys users choose (labels, annotations). */
export function userKeyedRecord(): Record<string, unknown> {
  return new (UserKeyedRecord as unknown as new () => Record<
    string,
    unknown
  >)();
}

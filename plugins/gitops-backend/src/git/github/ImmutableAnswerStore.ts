import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from '../../actionRecords/knexType';
import { FailurePause } from './FailurePause';
import type { SharedAnswer } from './SharedAnswerCache';

type Json = Exclude<SharedAnswer['data'], undefined>;

/** What is kept of an answer that never changes: its body and `link`. */
export interface StoredAnswer {
  data: Json;
  link?: string;
}

/** Immutable answers kept across restarts; the client's view of the store. */
export interface ImmutableAnswers {
  get(key: string): Promise<StoredAnswer | undefined>;
  put(key: string, answer: StoredAnswer): void;
}

export interface ImmutableAnswerStoreOptions {
  knex: Knex;
  logger?: LoggerService;
  /** Answers larger than this (as JSON) are not kept. Default 256 kB. */
  maxValueBytes?: number;
  /** Writes wait this long to go out together. Default 200 ms. */
  flushDelayMs?: number;
  now?: () => number;
}

const TABLE = 'gitops_github_answers';
const READ_CHUNK = 500;
const WRITE_CHUNK = 200;
const DEFAULT_MAX_VALUE_BYTES = 256 * 1024;
/** After a failure the store is left alone this long (the database is down). */
const PAUSE_AFTER_FAILURE_MS = 30_000;

/**
 * GitHub answers addressed by SHA, in the plugin's database: a start reads
 * the history it read before from here instead of one request per commit.
 * Reads that arrive together (a cold start asks for hundreds of commits at
 * once) go out as one query, writes as one insert per batch. A database
 * that fails is treated as empty for a while: GitHub reads never depend on
 * it.
 */
export class ImmutableAnswerStore implements ImmutableAnswers {
  private readonly reads = new Map<
    string,
    Array<(answer: StoredAnswer | undefined) => void>
  >();
  private readScheduled = false;
  private readonly writes = new Map<string, string>();
  private writeTimer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private readonly pause: FailurePause;
  private readonly maxValueBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: ImmutableAnswerStoreOptions) {
    this.maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    this.now = options.now ?? Date.now;
    this.pause = new FailurePause({
      firstMs: PAUSE_AFTER_FAILURE_MS,
      now: this.now,
    });
  }

  get(key: string): Promise<StoredAnswer | undefined> {
    if (this.pause.active) return Promise.resolve(undefined);
    const pending = this.writes.get(key);
    if (pending !== undefined) return Promise.resolve(decode(pending));
    return new Promise(resolve => {
      const waiting = this.reads.get(key);
      if (waiting) waiting.push(resolve);
      else this.reads.set(key, [resolve]);
      if (!this.readScheduled) {
        this.readScheduled = true;
        setImmediate(() => void this.readBatch());
      }
    });
  }

  put(key: string, answer: StoredAnswer): void {
    if (this.pause.active) return;
    const json = JSON.stringify(answer);
    if (json === undefined || Buffer.byteLength(json) > this.maxValueBytes) {
      return;
    }
    this.writes.set(key, json);
    if (this.writes.size >= WRITE_CHUNK) {
      this.scheduleWrite(0);
    } else if (!this.writeTimer) {
      this.scheduleWrite(this.options.flushDelayMs ?? 200);
    }
  }

  /** Resolves once every answer put so far was written (or given up). */
  async flush(): Promise<void> {
    if (this.writeTimer) {
      clearTimeout(this.writeTimer);
      this.writeTimer = undefined;
      this.writing = this.writing.then(() => this.writeBatch());
    }
    await this.writing;
  }

  /** Deletes answers stored before `before`; answers how many. */
  async prune(before: Date): Promise<number> {
    return this.options
      .knex(TABLE)
      .where('stored_at', '<', before.toISOString())
      .delete();
  }

  private scheduleWrite(delayMs: number) {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = setTimeout(() => {
      this.writeTimer = undefined;
      this.writing = this.writing.then(() => this.writeBatch());
    }, delayMs);
    this.writeTimer.unref?.();
  }

  private async readBatch() {
    this.readScheduled = false;
    const batch = new Map(this.reads);
    this.reads.clear();
    const found = new Map<string, string>();
    try {
      const keys = [...batch.keys()];
      for (let i = 0; i < keys.length; i += READ_CHUNK) {
        const rows: Array<{ answer_key: string; answer: string }> =
          await this.options
            .knex(TABLE)
            .select('answer_key', 'answer')
            .whereIn('answer_key', keys.slice(i, i + READ_CHUNK));
        for (const row of rows) found.set(row.answer_key, row.answer);
      }
    } catch (error) {
      this.failed('read', error);
    }
    for (const [key, resolvers] of batch) {
      const json = found.get(key);
      const answer = json === undefined ? undefined : decode(json);
      for (const resolve of resolvers) resolve(answer);
    }
  }

  private async writeBatch() {
    if (this.writes.size === 0) return;
    const storedAt = new Date(this.now()).toISOString();
    const rows = [...this.writes].map(([key, json]) => ({
      answer_key: key,
      answer: json,
      stored_at: storedAt,
    }));
    this.writes.clear();
    try {
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
        await this.options
          .knex(TABLE)
          .insert(rows.slice(i, i + WRITE_CHUNK))
          .onConflict('answer_key')
          .ignore();
      }
    } catch (error) {
      // Lost answers are read from GitHub again on the next start.
      this.failed('write', error);
    }
  }

  private failed(what: string, error: unknown) {
    const pauseMs = this.pause.failed();
    if (pauseMs === undefined) return;
    this.options.logger?.warn(
      `GitOps: the database failed a ${what} of stored GitHub answers (${
        (error as Error)?.message ?? error
      }); GitHub is asked instead for the next ${pauseMs / 1000} s`,
    );
  }
}

/** A row written by another version, or damaged, is read from GitHub again. */
function decode(json: string): StoredAnswer | undefined {
  try {
    const value = JSON.parse(json) as StoredAnswer;
    return value && typeof value === 'object' && 'data' in value
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

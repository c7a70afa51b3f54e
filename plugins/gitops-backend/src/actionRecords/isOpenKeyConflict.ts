import { isDatabaseConflictError } from '@backstage/backend-plugin-api';

const OPEN_KEY_INDEX = 'gitops_action_records_open_key_uniq';

/**
 * Whether an insert failed because another open record holds the key.
 * PostgreSQL answers code 23505 naming the index in `constraint`; SQLite
 * (better-sqlite3: SQLITE_CONSTRAINT_UNIQUE, sqlite3: SQLITE_CONSTRAINT)
 * names the column in the message. Any other conflict is not ours to hide.
 */
export function isOpenKeyConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as {
    code?: unknown;
    constraint?: unknown;
    message?: unknown;
  };
  if (code === '23505') return constraint === OPEN_KEY_INDEX;
  const text = typeof message === 'string' ? message : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT') {
    return text.includes('gitops_action_records.open_key');
  }
  return (
    isDatabaseConflictError(error) &&
    (text.includes(OPEN_KEY_INDEX) || text.includes('open_key'))
  );
}

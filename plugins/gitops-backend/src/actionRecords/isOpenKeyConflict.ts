/** The UNIQUE index the migration creates on open_key. */
const OPEN_KEY_INDEX = 'gitops_action_records_open_key_uniq';

/**
 * Whether an insert failed because another open record holds the key.
 * PostgreSQL answers code 23505 naming the index in `constraint`; SQLite
 * (better-sqlite3 and sqlite3) names the column after "UNIQUE constraint
 * failed:"; MySQL names the index in "Duplicate entry ... for key".
 * Any other conflict (the primary key) is not ours to hide.
 */
export function isOpenKeyConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as {
    code?: unknown;
    constraint?: unknown;
    message?: unknown;
  };
  if (code === '23505') return constraint === OPEN_KEY_INDEX;
  // Knex puts the failed SQL (which lists open_key) before the driver's
  // message, so match the driver's phrase, not the column name alone.
  const text = typeof message === 'string' ? message : '';
  return (
    /UNIQUE constraint failed: gitops_action_records\.open_key\b/.test(text) ||
    /Duplicate entry .* for key '(?:gitops_action_records\.)?gitops_action_records_open_key_uniq'/.test(
      text,
    )
  );
}

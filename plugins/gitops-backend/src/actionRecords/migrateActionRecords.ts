import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from './knexType';

/** The migrations shipped with the package (plain JS, in `migrations/`). */
export const ACTION_RECORD_MIGRATIONS_DIR = resolvePackagePath(
  '@gitops-console/plugin-gitops-backend',
  'migrations',
);

/**
 * Brings the plugin's tables up to date; a no-op when they already are.
 * The migrations table is the plugin's own, so it never mixes with another
 * plugin's when databases are shared.
 */
export async function migrateActionRecords(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: ACTION_RECORD_MIGRATIONS_DIR,
    tableName: 'gitops_knex_migrations',
    loadExtensions: ['.js'],
  });
}

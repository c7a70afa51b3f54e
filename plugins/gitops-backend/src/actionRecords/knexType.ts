import { DatabaseService } from '@backstage/backend-plugin-api';

/**
 * The Knex client the database service hands out; named through the
 * service so the plugin needs no direct knex dependency.
 */
export type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

import {
  findPostgres,
  startPostgres,
  type PostgresServer,
} from '@gitops-console/testkit';

/**
 * The PostgreSQL the repository's test command started (its
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING), or a new one
 * that the caller stops.
 */
export async function sharedPostgres(): Promise<{
  url: string;
  server?: PostgresServer;
}> {
  const { majorVersion } = findPostgres();
  const given =
    process.env[
      `BACKSTAGE_TEST_DATABASE_POSTGRES${majorVersion}_CONNECTION_STRING`
    ];
  if (given) return { url: given };
  const server = await startPostgres();
  return { url: server.url, server };
}

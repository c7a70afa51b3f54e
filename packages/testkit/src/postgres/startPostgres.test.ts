import { TestDatabases } from '@backstage/backend-test-utils';
import { freePortSync } from '../process/freePort';
import { findPostgres, PostgresServer, startPostgres } from './startPostgres';

jest.setTimeout(120_000);

// TestDatabases.create() decides at module scope which databases exist, from
// the environment, so the connection string is set before the server runs.
// (The repository's test command starts one server and sets it for all.)
const major = findPostgres().majorVersion;
const port = freePortSync();
const variable = `BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING`;
process.env[variable] = `postgresql://postgres@127.0.0.1:${port}/postgres`;
// Its afterAll (dropping the test databases) is declared first, so it runs
// before the server stops below: Jest runs afterAll hooks in declaration order.
const databases = TestDatabases.create({
  ids: [`POSTGRES_${major}` as 'POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres({ port });
});
afterAll(async () => {
  await server?.stop();
});

describe('startPostgres', () => {
  it('names the variable TestDatabases reads for the installed major version', () => {
    expect(server.env).toEqual({ [variable]: process.env[variable] });
    expect(server.url).toBe(`postgresql://postgres@127.0.0.1:${port}/postgres`);
  });

  it.each([[`POSTGRES_${major}`], ['SQLITE_3']])(
    'gives Backstage a working %s database',
    async id => {
      const knex = await databases.init(id as 'SQLITE_3');
      await knex.schema.createTable('deployments', table => {
        table.string('name').primary();
        table.string('revision');
      });
      await knex('deployments').insert({
        name: 'inventory',
        revision: 'abc123',
      });
      expect(await knex('deployments').select()).toEqual([
        { name: 'inventory', revision: 'abc123' },
      ]);
    },
  );
});

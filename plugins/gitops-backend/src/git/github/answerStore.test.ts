import { mockServices } from '@backstage/backend-test-utils';
import {
  GitHubFacade,
  GitServer,
  startGitHubFacade,
  startGitServer,
} from '@gitops-console/testkit';
import { actionRecordDatabases } from '../../actionRecords/__testUtils__/actionRecordDatabases';
import { migrateActionRecords } from '../../actionRecords/migrateActionRecords';
import type { Knex } from '../../actionRecords/knexType';
import { createDeployHistory, DeployHistory } from '../testUtils/deployHistory';
import { facadeProvider } from './__testUtils__/facadeProvider';
import { ImmutableAnswerStore } from './ImmutableAnswerStore';
import { SharedAnswerCache } from './SharedAnswerCache';

jest.setTimeout(120_000);

const TOKEN = 'ghs_answer-store-token-71c2';
const OTHER_TOKEN = 'ghs_answer-store-other-4d0e';
const HOST = 'github.stored.test';
const repoUrl = `https://${HOST}/acme/deploy`;
const COMMIT_ROUTE = '/repos/{owner}/{repo}/commits/{ref}';

const databases = actionRecordDatabases();
let git: GitServer;
let facade: GitHubFacade;
let history: DeployHistory;

beforeAll(async () => {
  git = await startGitServer();
  history = await createDeployHistory(git, 'acme/deploy');
  // No token set: the facade takes both credentials.
  facade = await startGitHubFacade({ git });
});

afterAll(async () => {
  await facade?.stop();
  await git?.stop();
});

const provider = (store: ImmutableAnswerStore, token = TOKEN) =>
  facadeProvider(
    { host: HOST, apiBaseUrl: facade.url, token },
    { stored: store },
  );

const served = (from: number, route?: string) =>
  facade.served.slice(from).filter(r => !route || r.template === route);

describe.each(databases.eachSupportedId())(
  'stored GitHub answers on %s',
  id => {
    let knex: Knex;
    beforeAll(async () => {
      knex = await databases.init(id);
      await migrateActionRecords(knex);
    });

    it('lets a restarted provider read the history it read before without a commit request', async () => {
      const read = { repoUrl, tip: history.docs, exclude: [], limit: 50 };
      const before = new ImmutableAnswerStore({ knex });
      const first = provider(before);
      const from = facade.served.length;
      const changes = await first.listCommitChanges(read);
      expect(changes.length).toBeGreaterThanOrEqual(3);
      expect(served(from, COMMIT_ROUTE).length).toBeGreaterThanOrEqual(
        changes.length,
      );
      await before.flush();

      // A new process: nothing in memory, the same database.
      const restarted = provider(new ImmutableAnswerStore({ knex }));
      const next = facade.served.length;
      await expect(restarted.listCommitChanges(read)).resolves.toEqual(changes);
      // Each commit with its files came from the database; only what can
      // change (the list from a SHA is immutable too) may be asked again.
      expect(served(next, COMMIT_ROUTE)).toEqual([]);
      console.log(
        `answer store (${id}): first read ${
          served(from, COMMIT_ROUTE).length
        } commit requests, restart 0`,
      );
    });

    it('never serves answers read with one credential to another', async () => {
      const read = {
        repoUrl,
        tip: history.featureBump,
        exclude: [],
        limit: 50,
      };
      const store = new ImmutableAnswerStore({ knex });
      await provider(store).listCommitChanges(read);
      await store.flush();
      const other = provider(new ImmutableAnswerStore({ knex }), OTHER_TOKEN);
      const from = facade.served.length;
      await other.listCommitChanges(read);
      expect(served(from, COMMIT_ROUTE).length).toBeGreaterThan(0);
      expect(
        JSON.stringify(await knex('gitops_github_answers').select()),
      ).not.toContain(TOKEN);
    });

    it('reads many answers asked together in one query', async () => {
      const store = new ImmutableAnswerStore({ knex });
      for (let i = 0; i < 300; i++) store.put(`k-${id}-${i}`, { data: { i } });
      await store.flush();
      const statements: string[] = [];
      const count = (q: { sql: string }) => statements.push(q.sql);
      knex.on('query', count);
      try {
        const answers = await Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            new ImmutableAnswerStore({ knex }).get(`k-${id}-${i}`),
          ),
        );
        expect(answers[7]).toEqual({ data: { i: 7 } });
        const reader = new ImmutableAnswerStore({ knex });
        statements.length = 0;
        const same = await Promise.all(
          Array.from({ length: 300 }, (_, i) => reader.get(`k-${id}-${i}`)),
        );
        expect(same.filter(a => a !== undefined)).toHaveLength(300);
        // Writes of other stores may land meanwhile; reads are one query.
        expect(statements.filter(q => /^select/i.test(q))).toHaveLength(1);
      } finally {
        knex.off('query', count);
      }
      await expect(store.get('never-stored')).resolves.toBeUndefined();
    });

    it('keeps no answer larger than its bound, and deletes those past the retention', async () => {
      let now = Date.parse('2026-11-01T00:00:00Z');
      const store = new ImmutableAnswerStore({
        knex,
        maxValueBytes: 100,
        now: () => now,
      });
      store.put(`big-${id}`, { data: 'x'.repeat(200) });
      store.put(`old-${id}`, { data: 1 });
      await store.flush();
      now = Date.parse('2026-12-01T00:00:00Z');
      store.put(`new-${id}`, { data: 2 });
      await store.flush();
      const fresh = new ImmutableAnswerStore({ knex });
      await expect(fresh.get(`big-${id}`)).resolves.toBeUndefined();
      expect(await store.prune(new Date('2026-11-15T00:00:00Z'))).toBe(1);
      await expect(fresh.get(`old-${id}`)).resolves.toBeUndefined();
      await expect(fresh.get(`new-${id}`)).resolves.toEqual({ data: 2 });
    });
  },
);

it('reads GitHub as usual when the database fails, and says so once', async () => {
  const knex = await databases.init('SQLITE_3');
  await migrateActionRecords(knex);
  const warnings: string[] = [];
  const logger = {
    warn: (m: string) => warnings.push(m),
  } as unknown as ConstructorParameters<
    typeof ImmutableAnswerStore
  >[0]['logger'];
  const store = new ImmutableAnswerStore({ knex, logger });
  await knex.schema.dropTable('gitops_github_answers');
  const read = { repoUrl, tip: history.workerBump, exclude: [], limit: 50 };
  const changes = await provider(store).listCommitChanges(read);
  expect(changes.length).toBeGreaterThan(0);
  await store.flush();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(
    /database failed a read of stored GitHub answers .*GitHub is asked instead/,
  );
  expect(warnings[0]).not.toContain(TOKEN);
});

it('hashes each request once for the store and the shared cache together', async () => {
  const knex = await databases.init('SQLITE_3');
  await migrateActionRecords(knex);
  const cache = mockServices.cache.mock();
  const keyOf = jest.spyOn(SharedAnswerCache, 'keyOf');
  try {
    const read = { repoUrl, tip: history.docs, exclude: [], limit: 50 };
    const from = facade.served.length;
    await facadeProvider(
      { host: HOST, apiBaseUrl: facade.url, token: TOKEN },
      { stored: new ImmutableAnswerStore({ knex }), cache },
    ).listCommitChanges(read);
    // A cold read asks the store, then the shared cache, then GitHub, and
    // writes both: one hash for all four.
    const hashed = keyOf.mock.calls.map(([bucket, key]) => `${bucket} ${key}`);
    expect(hashed.length).toBeGreaterThanOrEqual(served(from).length);
    expect(new Set(hashed).size).toBe(hashed.length);
    expect(cache.get).toHaveBeenCalled();
  } finally {
    keyOf.mockRestore();
  }
});

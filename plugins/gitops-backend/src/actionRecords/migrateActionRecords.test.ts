import { isOpenKeyConflict } from './isOpenKeyConflict';
import { migrateActionRecords } from './migrateActionRecords';
import { actionRecordDatabases } from './__testUtils__/actionRecordDatabases';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();

describe('migrateActionRecords', () => {
  it.each(databases.eachSupportedId())(
    'creates the table on an empty database and is a no-op when re-run, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      expect(await knex.schema.hasTable('gitops_action_records')).toBe(false);

      await migrateActionRecords(knex);
      await migrateActionRecords(knex);

      expect(await knex.schema.hasTable('gitops_action_records')).toBe(true);
      for (const column of [
        'id',
        'entity_ref',
        'deployment_id',
        'type',
        'target_revision',
        'commit_sha_target',
        'reason',
        'requested_by',
        'status',
        'pr_url',
        'result_commit_sha',
        'error',
        'warnings',
        'created_at',
        'updated_at',
        'claimed_by',
        'claimed_at',
        'open_key',
      ]) {
        expect(
          await knex.schema.hasColumn('gitops_action_records', column),
        ).toBe(true);
      }
      const applied = await knex('gitops_knex_migrations').select('name');
      // Every migration the package ships, in order (the ledger's and the
      // stored GitHub answers' too).
      expect(applied.map(row => row.name)).toEqual([
        '20261201230000_gitops_action_records.js',
        '20261202010000_gitops_ledger_events.js',
        '20261202200000_gitops_github_answers.js',
      ]);
      expect(await knex.schema.hasTable('gitops_ledger_events')).toBe(true);
      expect(await knex.schema.hasTable('gitops_github_answers')).toBe(true);

      // The UNIQUE index is the database's: two open rows with one key fail,
      // two rows without a key do not.
      const row = (id: string, openKey: string | null) => ({
        id,
        entity_ref: 'component:default/shop',
        deployment_id: 'd1',
        type: 'sync',
        reason: '',
        requested_by: 'user:default/alice',
        status: openKey ? 'requested' : 'failed',
        warnings: '[]',
        created_at: '2026-12-01T10:00:00.000Z',
        updated_at: '2026-12-01T10:00:00.000Z',
        open_key: openKey,
      });
      await knex('gitops_action_records').insert(row('a', 'd1|sync'));
      const duplicate = await knex('gitops_action_records')
        .insert(row('b', 'd1|sync'))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isOpenKeyConflict(duplicate)).toBe(true);
      // Another conflict (the primary key) is not mistaken for an open one.
      const samePrimaryKey = await knex('gitops_action_records')
        .insert(row('a', null))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(samePrimaryKey).toBeDefined();
      expect(isOpenKeyConflict(samePrimaryKey)).toBe(false);
      await knex('gitops_action_records').insert([
        row('c', null),
        row('d', null),
      ]);
      const ids = await knex('gitops_action_records')
        .select('id')
        .orderBy('id');
      expect(ids.map(r => r.id)).toEqual(['a', 'c', 'd']);
    },
  );
});

// @ts-check

/**
 * The durable record of every action (issue 12). Timestamps are ISO 8601
 * strings of fixed width (toISOString), so ordering and "older than"
 * comparisons behave the same on SQLite and PostgreSQL.
 *
 * open_key is non-null only while the record is open; the UNIQUE index on it
 * makes "one open action of a kind per deployment" a database rule that holds
 * across backend replicas (NULLs never collide on either engine).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_action_records', table => {
    table.comment('Actions requested through GitOps Console, one row each');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('entity_ref', 255).notNullable();
    table.string('deployment_id', 255).notNullable();
    table
      .string('type', 32)
      .notNullable()
      .comment(
        'rollback | revert-commit | sync | refresh | reconcile | suspend | resume',
      );
    table.string('target_revision', 255).nullable();
    table
      .string('commit_sha_target', 64)
      .nullable()
      .comment('the commit a revert-commit undoes');
    table.text('reason').notNullable();
    table.string('requested_by', 255).notNullable();
    table
      .string('status', 32)
      .notNullable()
      .comment(
        'requested | pr-open | committed | merged | deployed | failed | superseded',
      );
    table.text('pr_url').nullable();
    table.string('result_commit_sha', 64).nullable();
    table.text('error').nullable();
    table.text('warnings').notNullable().comment('JSON array');
    table.string('created_at', 30).notNullable();
    table.string('updated_at', 30).notNullable();
    table
      .string('claimed_by', 255)
      .nullable()
      .comment('the process working on a requested record');
    table.string('claimed_at', 30).nullable();
    table
      .string('open_key', 300)
      .nullable()
      .comment('non-null while requested | pr-open | committed');
    table.unique(['open_key'], {
      indexName: 'gitops_action_records_open_key_uniq',
    });
    table.index(
      ['entity_ref', 'created_at'],
      'gitops_action_records_entity_idx',
    );
    table.index(['status', 'claimed_at'], 'gitops_action_records_claim_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_action_records');
};

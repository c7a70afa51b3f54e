// @ts-check

/**
 * The deployment ledger (issue 14): one row per observed transition of a
 * deployment, its deployed revision or its drift state.
 *
 * event_key is a SHA-256 of (deployment, transition, revision, state, the CD
 * tool's own time). Every replica watching the same clusters derives the same
 * key for the same transition, and a restart re-derives the keys of what the
 * CRs still show, so the UNIQUE index alone keeps events written once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_ledger_events', table => {
    table.comment('Observed deployment transitions, one row each');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('event_key', 64).notNullable();
    table.string('deployment_id', 255).notNullable();
    table.text('entity_refs').notNullable().comment('JSON array');
    table.string('cluster', 255).notNullable();
    table.string('environment', 255).nullable();
    table.string('transition', 16).notNullable().comment('deployed | drift');
    table.string('revision_before', 255).nullable();
    table.string('revision_after', 255).nullable();
    table.string('drift_before', 16).nullable();
    table.string('drift_after', 16).nullable();
    table.string('health', 16).nullable();
    table
      .string('occurred_at', 30)
      .notNullable()
      .comment('the CD tool time where given, else observed_at');
    table.string('observed_at', 30).notNullable();
    table.string('cd_time', 30).nullable();
    table.text('initiated_by').nullable().comment('JSON, where known');
    table.boolean('seeded').notNullable().defaultTo(false);
    table.unique(['event_key'], { indexName: 'gitops_ledger_events_key_uniq' });
    table.index(
      ['deployment_id', 'occurred_at'],
      'gitops_ledger_events_deployment_idx',
    );
    table.index(['occurred_at'], 'gitops_ledger_events_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_ledger_events');
};

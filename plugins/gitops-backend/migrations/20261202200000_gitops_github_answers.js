// @ts-check

/**
 * GitHub answers addressed by SHA (a commit with its changed files, a tree,
 * a compare of two SHAs): they never change, so they are kept across
 * restarts instead of being read again, one request per commit, by every
 * start. answer_key is a SHA-256 of the API base URL, a hash of the
 * credential and the request URL: nothing secret is stored, and an answer
 * read with one credential is never served to another.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_github_answers', table => {
    table.comment('Immutable GitHub answers (addressed by SHA), as JSON');
    table.string('answer_key', 100).primary().notNullable();
    table.text('answer').notNullable().comment('JSON');
    table.string('stored_at', 30).notNullable().comment('ISO 8601 UTC');
    table.index(['stored_at'], 'gitops_github_answers_stored_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_github_answers');
};

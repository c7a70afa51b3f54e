import { isOpenKeyConflict } from './isOpenKeyConflict';

// The real SQLite and PostgreSQL errors are checked in
// migrateActionRecords.test.ts; these are the shapes no local database gives.
describe('isOpenKeyConflict', () => {
  it('reads PostgreSQL by the constraint name, not the SQL text', () => {
    const sql = 'insert into "gitops_action_records" ("open_key") values ($1)';
    expect(
      isOpenKeyConflict({
        code: '23505',
        constraint: 'gitops_action_records_open_key_uniq',
        message: `${sql} - duplicate key value`,
      }),
    ).toBe(true);
    expect(
      isOpenKeyConflict({
        code: '23505',
        constraint: 'gitops_action_records_pkey',
        message: `${sql} - duplicate key value`,
      }),
    ).toBe(false);
  });

  it('reads MySQL by the index in "for key"', () => {
    expect(
      isOpenKeyConflict({
        code: 'ER_DUP_ENTRY',
        message:
          "insert into `gitops_action_records` (`open_key`) values ('d|git') - Duplicate entry 'd|git' for key 'gitops_action_records.gitops_action_records_open_key_uniq'",
      }),
    ).toBe(true);
    expect(
      isOpenKeyConflict({
        code: 'ER_DUP_ENTRY',
        message:
          "insert into `gitops_action_records` (`open_key`) values ('d|git') - Duplicate entry 'x' for key 'gitops_action_records.PRIMARY'",
      }),
    ).toBe(false);
  });

  it('is false for anything that is not a database error', () => {
    expect(isOpenKeyConflict(undefined)).toBe(false);
    expect(isOpenKeyConflict('UNIQUE constraint failed')).toBe(false);
    expect(isOpenKeyConflict(new Error('connect ECONNREFUSED'))).toBe(false);
  });
});

import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases action-record tests run on: SQLite always, and each
 * PostgreSQL whose connection string the environment gives (the repository's
 * test command starts one and sets BACKSTAGE_TEST_DATABASE_POSTGRES15_...).
 * Never Docker.
 */
export function actionRecordDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: ['POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });
}

/** A controllable clock for claim ages and creation order. */
export function testClock(start = Date.parse('2026-12-01T10:00:00.000Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

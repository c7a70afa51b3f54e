import { mockServices } from '@backstage/backend-test-utils';
import { scheduleDailyRetention } from './scheduleDailyRetention';

describe('scheduleDailyRetention', () => {
  const base = {
    id: 'gitops-test-retention',
    what: 'test row(s)',
    configKey: 'gitops.test.retentionDays',
  };

  it('schedules one daily task that deletes what is older than the retention, and logs a count', async () => {
    const scheduler = mockServices.scheduler();
    const scheduleTask = jest.spyOn(scheduler, 'scheduleTask');
    const logger = mockServices.logger.mock();
    const cutoffs: string[] = [];
    let deleted = 3;
    await scheduleDailyRetention({
      ...base,
      retentionDays: 30,
      deleteOlderThan: async before => {
        cutoffs.push(before.toISOString());
        return deleted;
      },
      scheduler,
      logger,
      now: () => new Date('2026-12-01T12:00:00Z'),
    });
    const tasks = await scheduler.getScheduledTasks();
    expect(tasks.map(t => t.id)).toEqual(['gitops-test-retention']);
    expect(scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { hours: 24 } }),
    );

    await scheduler.triggerTask('gitops-test-retention');
    expect(cutoffs).toEqual(['2026-11-01T12:00:00.000Z']);
    expect(logger.info).toHaveBeenCalledWith(
      'GitOps: deleted 3 test row(s) older than 30 days',
    );

    // Nothing deleted, nothing logged.
    logger.info.mockClear();
    deleted = 0;
    await scheduler.triggerTask('gitops-test-retention');
    expect(cutoffs).toHaveLength(2);
    expect(logger.info).not.toHaveBeenCalled();
  });

  it.each([0, -1, Number.NaN])(
    'refuses a retention of %p days, naming the config key',
    async retentionDays => {
      const scheduler = mockServices.scheduler();
      await expect(
        scheduleDailyRetention({
          ...base,
          retentionDays,
          deleteOlderThan: async () => 0,
          scheduler,
          logger: mockServices.logger.mock(),
        }),
      ).rejects.toThrow(
        `gitops.test.retentionDays must be a positive number of days, got ${retentionDays}`,
      );
      expect(await scheduler.getScheduledTasks()).toEqual([]);
    },
  );
});

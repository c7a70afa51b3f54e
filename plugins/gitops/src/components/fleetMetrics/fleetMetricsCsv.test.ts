import { deliveryMetrics, metric } from '../../__testUtils__/deliveryFixtures';
import { fleetMetricsToCsv } from './fleetMetricsCsv';

describe('fleetMetricsToCsv', () => {
  it('writes one row per team and the total, with nulls left empty, not zero', () => {
    const csv = fleetMetricsToCsv({
      windowDays: 7,
      teams: [
        {
          owner: 'group:default/team-a',
          current: deliveryMetrics({
            deploymentFrequency: metric(1.5, 'per-day', 11),
            leadTime: metric(4, 'hours', 9, 20.5),
            changeFailureRate: metric(0.091, 'ratio', 11),
            timeToRestore: metric(null, 'hours', 0),
          }),
          previous: deliveryMetrics({
            deploymentFrequency: metric(0, 'per-day', 0),
            leadTime: metric(null, 'hours', 0, null),
          }),
        },
        {
          // A name a spreadsheet would run as a formula, with a comma.
          owner: '=HYPERLINK("x"),team',
          current: deliveryMetrics(),
          previous: deliveryMetrics(),
        },
      ],
      total: { current: deliveryMetrics(), previous: deliveryMetrics() },
    });
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[0]).toBe(
      'owner,from,to,deploymentsPerDay,deploymentsPoints,deploymentsPerDayPrevious,' +
        'leadTimeMedianHours,leadTimeP90Hours,leadTimePoints,leadTimeMedianHoursPrevious,' +
        'changeFailureRate,changeFailurePoints,changeFailureRatePrevious,' +
        'timeToRestoreMedianHours,timeToRestorePoints,timeToRestoreMedianHoursPrevious',
    );
    expect(lines[1]).toBe(
      'group:default/team-a,2026-10-21T12:00:00.000Z,2026-11-20T12:00:00.000Z,' +
        '1.5,11,0,4,20.5,9,,0.091,11,0.1,,0,2',
    );
    expect(lines[2].startsWith(`"'=HYPERLINK(""x""),team",`)).toBe(true);
    expect(lines[3].startsWith('total,')).toBe(true);
  });
});

import { deliveryMetrics, metric } from '../../__testUtils__/deliveryFixtures';
import { describeMetric, formatValue, metricTrend } from './formatMetric';

const m = metric;
const metrics = deliveryMetrics;

describe('formatValue', () => {
  it.each([
    [2.5, 'per-day', '2.5 per day'],
    [0.5, 'per-day', '3.5 per week'],
    [0, 'per-day', '0 per week'],
    [0.25, 'hours', '15 min'],
    [5, 'hours', '5 h'],
    [72, 'hours', '3 days'],
    [0.125, 'ratio', '13%'],
  ] as const)('%s %s reads "%s"', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });

  it('has no text for a null value', () => {
    expect(formatValue(null, 'hours')).toBeNull();
  });
});

describe('describeMetric', () => {
  it('says "too few data points" rather than zero for a null or thin figure', () => {
    expect(describeMetric(m(null, 'ratio', 0))).toEqual({
      text: 'Too few data points (0 data points)',
      sufficient: false,
    });
    expect(describeMetric(m(0, 'per-day', 1)).text).toBe(
      'Too few data points (1 data point)',
    );
  });

  it('gives lead time as median and p90', () => {
    expect(describeMetric(m(3, 'hours', 8, 30)).text).toBe(
      '3 h median, 30 h p90',
    );
  });
});

describe('metricTrend', () => {
  it('calls more deployments better and a longer lead time worse', () => {
    const current = metrics({
      deploymentFrequency: m(2, 'per-day'),
      leadTime: m(15, 'hours'),
    });
    const previous = metrics({});
    expect(metricTrend('deploymentFrequency', current, previous)).toEqual({
      kind: 'change',
      up: true,
      better: true,
      text: '100%',
    });
    expect(metricTrend('leadTime', current, previous)).toEqual({
      kind: 'change',
      up: true,
      better: false,
      text: '50%',
    });
  });

  it('gives a failure rate change in percentage points', () => {
    const current = metrics({ changeFailureRate: m(0.05, 'ratio') });
    expect(
      metricTrend('changeFailureRate', current, metrics({})),
    ).toMatchObject({ up: false, better: true, text: '5 points' });
  });

  it('compares nothing when either window has too few points', () => {
    const thin = metrics({ timeToRestore: m(1, 'hours', 2) });
    expect(metricTrend('timeToRestore', thin, metrics({}))).toEqual({
      kind: 'none',
    });
    expect(metricTrend('timeToRestore', metrics({}), thin)).toEqual({
      kind: 'none',
    });
  });

  it('says when nothing changed', () => {
    expect(metricTrend('leadTime', metrics({}), metrics({}))).toEqual({
      kind: 'same',
    });
  });
});

import { evaluateJsonPath } from './jsonPath';
import { humanDuration } from './table';

describe('printer column JSONPath', () => {
  const app = {
    status: {
      sync: { status: 'Synced' },
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'Stalled', status: 'False' },
      ],
    },
  };

  it.each([
    ['.status.sync.status', ['Synced']],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    ['.status.conditions[1].type', ['Stalled']],
    ['.status.conditions[*].type', ['Ready', 'Stalled']],
    ['.status.missing', []],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(path, app)).toEqual(expected);
  });
});

describe('humanDuration', () => {
  it.each([
    [5_000, '5s'],
    [150_000, '2m30s'],
    [30 * 60_000, '30m'],
    [5 * 3600_000 + 7 * 60_000, '5h7m'],
    [30 * 3600_000, '30h'],
    [3 * 86_400_000 + 4 * 3600_000, '3d4h'],
    [40 * 86_400_000, '40d'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

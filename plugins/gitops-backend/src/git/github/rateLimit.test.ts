import { rateLimitResetsAt } from './rateLimit';

const now = Date.parse('2024-05-01T10:00:00Z');

describe('rateLimitResetsAt', () => {
  it.each([
    [
      'primary limit used up',
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1714557600' },
      '2024-05-01T10:00:00.000Z',
    ],
    [
      'secondary limit with retry-after',
      403,
      { 'retry-after': '30', 'x-ratelimit-remaining': '12' },
      '2024-05-01T10:00:30.000Z',
    ],
    [
      '429 with retry-after',
      429,
      { 'retry-after': '5' },
      '2024-05-01T10:00:05.000Z',
    ],
    [
      'a 200 that spent the last request',
      200,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1714557660' },
      '2024-05-01T10:01:00.000Z',
    ],
    [
      'limit used up without a reset time',
      403,
      { 'x-ratelimit-remaining': '0' },
      '2024-05-01T10:01:00.000Z',
    ],
    [
      'a plain 403 (no access)',
      403,
      { 'x-ratelimit-remaining': '4999' },
      undefined,
    ],
    [
      'a 200 with requests left',
      200,
      { 'x-ratelimit-remaining': '1' },
      undefined,
    ],
    ['a 503', 503, {}, undefined],
    [
      'a 429 without headers waits a minute',
      429,
      {},
      '2024-05-01T10:01:00.000Z',
    ],
  ])('%s', (_, status, headers, expected) => {
    expect(rateLimitResetsAt(status, headers, now)?.toISOString()).toBe(
      expected,
    );
  });

  it('reads a secondary limit from the message of a 403 without headers', () => {
    const message =
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
    expect(rateLimitResetsAt(403, {}, now, message)?.toISOString()).toBe(
      '2024-05-01T10:01:00.000Z',
    );
    expect(rateLimitResetsAt(403, {}, now, 'Resource not accessible')).toBe(
      undefined,
    );
  });
});

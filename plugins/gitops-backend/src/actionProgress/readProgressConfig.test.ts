import { ConfigReader } from '@backstage/config';
import { readProgressConfig } from './readProgressConfig';

describe('readProgressConfig', () => {
  it('defaults to 60 s for both, and reads gitops.actions.*', () => {
    expect(readProgressConfig(new ConfigReader({}))).toEqual({
      prPollSeconds: 60,
      staleAfterSeconds: 60,
    });
    expect(
      readProgressConfig(
        new ConfigReader({
          gitops: { actions: { prPollSeconds: 0.5, staleAfterSeconds: 120 } },
        }),
      ),
    ).toEqual({ prPollSeconds: 0.5, staleAfterSeconds: 120 });
  });

  it('refuses a poll that is not above 0, and a stale bound under 30 s (a live claim is renewed every 10 s), naming the key', () => {
    const read = (actions: object) => () =>
      readProgressConfig(new ConfigReader({ gitops: { actions } }));
    expect(read({ prPollSeconds: 0 })).toThrow(
      'gitops.actions.prPollSeconds must be a number of seconds above 0, got 0',
    );
    expect(read({ staleAfterSeconds: 10 })).toThrow(
      'gitops.actions.staleAfterSeconds must be a number of seconds of at least 30, got 10',
    );
    expect(read({ staleAfterSeconds: 30 })().staleAfterSeconds).toBe(30);
  });
});

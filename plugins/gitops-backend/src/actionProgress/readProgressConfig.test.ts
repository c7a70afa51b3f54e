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
          gitops: { actions: { prPollSeconds: 15, staleAfterSeconds: 120 } },
        }),
      ),
    ).toEqual({ prPollSeconds: 15, staleAfterSeconds: 120 });
  });

  it('refuses a bound that is not above 0, naming the key', () => {
    expect(() =>
      readProgressConfig(
        new ConfigReader({ gitops: { actions: { staleAfterSeconds: 0 } } }),
      ),
    ).toThrow(
      'gitops.actions.staleAfterSeconds must be a number of seconds above 0, got 0',
    );
  });
});

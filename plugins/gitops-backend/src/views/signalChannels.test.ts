import { GITOPS_SIGNAL_CHANNEL_PREFIX } from '@gitops-console/plugin-gitops-common';
import { signalChannelNamer } from './signalChannels';

describe('signalChannelNamer', () => {
  it('names each entity an opaque channel that depends on the secret', () => {
    const a = signalChannelNamer('s3cret');
    const b = signalChannelNamer('s3cret');
    const other = signalChannelNamer('another');
    const channel = a('component:default/checkout');
    expect(channel.startsWith(GITOPS_SIGNAL_CHANNEL_PREFIX)).toBe(true);
    expect(channel).not.toContain('checkout');
    expect(b('component:default/checkout')).toBe(channel);
    expect(a('Component:default/Checkout')).toBe(channel); // refs are case-insensitive
    expect(a('component:default/payments')).not.toBe(channel);
    expect(other('component:default/checkout')).not.toBe(channel);
  });

  it('draws a random secret per process when none is configured', () => {
    expect(signalChannelNamer()('component:default/x')).not.toBe(
      signalChannelNamer()('component:default/x'),
    );
  });
});

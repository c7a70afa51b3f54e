import { createHmac, randomBytes } from 'node:crypto';
import { GITOPS_SIGNAL_CHANNEL_PREFIX } from '@gitops-console/plugin-gitops-common';

/**
 * Per-entity signal channels whose names reveal nothing: the id is an HMAC
 * of the entity ref under a server-side secret, handed out only in the
 * entity's deployments answer. Someone who cannot read the entity cannot
 * learn or guess its channel, and the messages themselves name nothing.
 *
 * Replicas must share the secret (`gitops.signals.channelSecret`) for a
 * page served by one replica to hear another's signals; without it each
 * process draws its own.
 */
export function signalChannelNamer(
  secret?: string,
): (entityRef: string) => string {
  const key = secret && secret.length > 0 ? secret : randomBytes(32);
  const cache = new Map<string, string>();
  return entityRef => {
    let channel = cache.get(entityRef);
    if (!channel) {
      const id = createHmac('sha256', key)
        .update(entityRef.toLocaleLowerCase('en-US'))
        .digest('base64url')
        .slice(0, 27);
      channel = `${GITOPS_SIGNAL_CHANNEL_PREFIX}${id}`;
      cache.set(entityRef, channel);
    }
    return channel;
  };
}

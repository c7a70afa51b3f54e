import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { DriftState } from '@gitops-console/plugin-gitops-common';
import { ledgerDeployment } from '../ledger/__testUtils__/ledgerDeployment';
import { DeploymentAlerts } from './DeploymentAlerts';
import { notifyActionEnds } from './actionNotifications';
import type { NotificationSender } from './types';

const shop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'group:default/team-a' },
};

function setup() {
  const sent: Array<Parameters<NotificationSender['send']>[0]> = [];
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const alerts = new DeploymentAlerts({
    notifications: {
      send: async options => {
        sent.push(options);
      },
    },
    entityOf: ref => (ref === 'component:default/shop' ? shop : undefined),
    afterMs: 10 * 60_000,
    logger: mockServices.logger.mock(),
    appBaseUrl: 'http://localhost:3000',
    setTimer: (fn, ms) => {
      timers.push({ fn, ms, cleared: false });
      return { unref() {} } as unknown as NodeJS.Timeout;
    },
    clearTimer: () => {
      timers[timers.length - 1].cleared = true;
    },
  });
  const build = (state: DriftState) =>
    alerts.onBuilt(
      'k',
      undefined,
      ledgerDeployment({
        name: 'shop-production',
        drift: {
          state,
          reasons: [{ code: 'degraded', message: 'pods crash-looping' }],
          resources: [],
        },
      }),
      new Set(['component:default/shop']),
    );
  return { sent, timers, build, alerts };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('DeploymentAlerts', () => {
  it('notifies the owners once when a failure lasts, and once more when it recovers', async () => {
    const { sent, timers, build } = setup();
    build('failing');
    build('failing');
    build('out-of-sync');
    expect(timers).toHaveLength(1);
    expect(timers[0].ms).toBe(600_000);
    expect(sent).toEqual([]);

    timers[0].fn();
    await flush();
    build('failing'); // Still failing: nothing more.
    await flush();
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/team-a' },
        payload: {
          title:
            'shop-production in production has been out-of-sync for 10 minutes',
          description: 'pods crash-looping',
          severity: 'normal',
          scope: 'gitops:deployment:prod/argocd/Application/shop',
          topic: 'gitops',
          link: 'http://localhost:3000/catalog/default/component/shop/gitops',
        },
      },
    ]);

    build('in-sync');
    await flush();
    expect(sent).toHaveLength(2);
    expect(sent[1].payload).toMatchObject({
      title: 'shop-production in production has recovered (in-sync)',
      scope: sent[0].payload.scope,
    });
  });

  it('says nothing of a failure that ends before the bound', async () => {
    const { sent, timers, build } = setup();
    build('failing');
    build('in-sync');
    expect(timers[0].cleared).toBe(true);
    await flush();
    expect(sent).toEqual([]);
  });

  it('does not count our own failure to read Git as the deployment failing', () => {
    const { timers, alerts } = setup();
    alerts.onBuilt(
      'k',
      undefined,
      ledgerDeployment({
        drift: {
          state: 'unknown',
          reasons: [{ code: 'git-unavailable', message: 'x' }],
          resources: [],
        },
      }),
      new Set(['component:default/shop']),
    );
    expect(timers).toHaveLength(0);
  });
});

describe('notifyActionEnds', () => {
  it('tells the requester when an action ends deployed or failed, not before', async () => {
    const sent: any[] = [];
    const notify = notifyActionEnds({
      notifications: { send: async o => void sent.push(o) },
      logger: mockServices.logger.mock(),
    });
    const record = {
      id: 'a1',
      entityRef: 'component:default/shop',
      deploymentId: 'prod/argocd/Application/shop',
      type: 'rollback',
      requestedBy: 'user:default/alice',
      error: null,
    } as any;
    await notify({ ...record, status: 'committed' });
    await notify({ ...record, status: 'deployed' });
    await notify({
      ...record,
      id: 'a2',
      status: 'failed',
      error: 'push refused',
    });
    expect(
      sent.map(s => [s.recipients.entityRef, s.payload.title, s.payload.scope]),
    ).toEqual([
      [
        'user:default/alice',
        'Rollback of prod/argocd/Application/shop is deployed',
        'gitops:action:a1',
      ],
      [
        'user:default/alice',
        'Rollback of prod/argocd/Application/shop failed',
        'gitops:action:a2',
      ],
    ]);
    expect(sent[1].payload.description).toBe('push refused');
  });
});

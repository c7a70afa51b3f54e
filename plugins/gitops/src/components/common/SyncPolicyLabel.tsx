import type { Deployment } from '@gitops-console/plugin-gitops-common';
import PauseCircleOutline from '@material-ui/icons/PauseCircleOutline';
import PanTool from '@material-ui/icons/PanToolOutlined';
import SyncIcon from '@material-ui/icons/Sync';
import { StatusLabel } from '../status';

/** How Git changes reach the cluster: auto-sync, manual sync or suspended. */
export function SyncPolicyLabel(props: {
  deployment: Pick<Deployment, 'suspended' | 'autoSync' | 'kind'>;
}) {
  const { suspended, autoSync, kind } = props.deployment;
  if (suspended) {
    return (
      <StatusLabel
        label="Suspended"
        tone="neutral"
        icon={PauseCircleOutline}
        title="Reconciliation is suspended: Git changes are not applied."
      />
    );
  }
  // Flux always reconciles on its interval unless suspended.
  if (kind !== 'argocd-application' || autoSync?.enabled) {
    const extras = [
      autoSync?.prune && 'prune',
      autoSync?.selfHeal && 'self-heal',
    ].filter(Boolean);
    return (
      <StatusLabel
        label="Auto-sync"
        tone="neutral"
        icon={SyncIcon}
        title={`Git changes are applied automatically${
          extras.length ? ` (${extras.join(', ')})` : ''
        }.`}
      />
    );
  }
  return (
    <StatusLabel
      label="Manual sync"
      tone="neutral"
      icon={PanTool}
      title="Git changes wait for someone to sync."
    />
  );
}

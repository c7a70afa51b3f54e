import { WarningPanel } from '@backstage/core-components';
import type { ClusterSummary } from '@gitops-console/plugin-gitops-common';
import { RelativeTime } from '../common';

/**
 * Names each cluster that cannot be read, since when and why; its
 * deployments show their last known state with the drift state Unknown.
 */
export function UnreachableClustersNotice(props: {
  clusters: ClusterSummary[];
}) {
  const unreachable = props.clusters.filter(c => !c.reachable);
  if (unreachable.length === 0) return null;
  return (
    <WarningPanel
      severity="warning"
      defaultExpanded
      title={`${unreachable.length} cluster${
        unreachable.length === 1 ? ' is' : 's are'
      } unreachable`}
    >
      <ul>
        {unreachable.map(c => (
          <li key={c.name}>
            <strong>{c.name}</strong>
            {c.environment && ` (${c.environment})`}:{' '}
            {c.lastError?.message ?? 'no answer yet'}
            {c.lastSeenAt ? (
              <>
                {' '}
                — last seen <RelativeTime at={c.lastSeenAt} />; its deployments
                show their last known state.
              </>
            ) : (
              ' — never reached.'
            )}
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}

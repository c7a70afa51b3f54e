import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useEntityDeployments } from '../../hooks/useEntityDeployments';
import { useGitOpsTabLink } from '../routing/useGitOpsTabLink';
import {
  ComputingNotice,
  DeploymentsSkeleton,
  GitOpsErrorPanel,
  LocatorProblemList,
  NoDeployments,
  StaleDataNotice,
} from '../states';
import { DeploymentTile } from './DeploymentTile';

/**
 * The overview card: one tile per environment and cluster, with the deployed
 * commit, sync, health, last sync, CD tool and sync policy.
 *
 * @public
 */
export function EntityGitOpsDeploymentsCard() {
  const { value, error, loading } = useEntityDeployments();
  const tabLink = useGitOpsTabLink();

  let content;
  if (loading && !value) {
    content = <DeploymentsSkeleton />;
  } else if (!value) {
    content = <GitOpsErrorPanel error={error!} />;
  } else if (value.deployments.length === 0 && value.computing) {
    content = <ComputingNotice computing />;
  } else if (value.deployments.length === 0) {
    content = <NoDeployments reason={value.reason} problems={value.problems} />;
  } else {
    content = (
      <>
        <ComputingNotice computing={value.computing} />
        <StaleDataNotice
          stale={value.stale}
          staleReasons={value.staleReasons}
          refreshError={error}
        />
        <Grid container spacing={2}>
          {value.deployments.map(d => (
            <Grid item xs={12} md={6} key={d.id}>
              <DeploymentTile deployment={d} />
            </Grid>
          ))}
        </Grid>
        {value.problems.length > 0 && (
          <LocatorProblemList problems={value.problems} />
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="GitOps deployments"
      deepLink={{ title: 'Drift, pending commits and history', link: tabLink }}
    >
      {content}
    </InfoCard>
  );
}

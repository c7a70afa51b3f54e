import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getGitOpsAnnotations } from '@gitops-console/plugin-gitops-common';
import Grid from '@material-ui/core/Grid';
import { useEntityDeployments } from '../../hooks/useEntityDeployments';
import {
  DeploymentsSkeleton,
  GitOpsErrorPanel,
  LocatorProblemList,
  NoDeployments,
  StaleDataNotice,
} from '../states';
import { DeploymentDetails } from './DeploymentDetails';
import { EnvironmentMatrix } from './EnvironmentMatrix';

/** The annotations that map this entity, as written, to help debugging. */
function MatchedBy() {
  const { entity } = useEntity();
  return (
    <InfoCard title="Matched by these annotations" variant="gridItem">
      <StructuredMetadataTable
        metadata={getGitOpsAnnotations(entity)}
        options={{ titleFormat: key => key }}
      />
    </InfoCard>
  );
}

/**
 * The "GitOps" tab: the environments side by side, then for each deployment
 * its drift, pending commits, history and Argo CD link.
 *
 * @public
 */
export function EntityGitOpsContent() {
  const { value, error, loading } = useEntityDeployments();

  if (loading && !value) {
    return (
      <InfoCard title="Environments">
        <DeploymentsSkeleton tiles={2} />
      </InfoCard>
    );
  }
  if (!value) return <GitOpsErrorPanel error={error!} />;
  if (value.deployments.length === 0) {
    return (
      <Grid container spacing={3}>
        <Grid item xs={12} md={8}>
          <InfoCard title="GitOps">
            <NoDeployments reason={value.reason} problems={value.problems} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={4}>
          <MatchedBy />
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      {(value.stale || error) && (
        <Grid item xs={12}>
          <StaleDataNotice
            stale={value.stale}
            staleReasons={value.staleReasons}
            observedAt={value.observedAt}
            refreshError={error}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title="Environments">
          <EnvironmentMatrix deployments={value.deployments} />
        </InfoCard>
      </Grid>
      {value.deployments.map(d => (
        <Grid item xs={12} key={d.id}>
          <DeploymentDetails deployment={d} />
        </Grid>
      ))}
      {value.problems.length > 0 && (
        <Grid item xs={12} md={8}>
          <InfoCard title="Annotations that matched nothing">
            <LocatorProblemList problems={value.problems} />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12} md={4}>
        <MatchedBy />
      </Grid>
    </Grid>
  );
}

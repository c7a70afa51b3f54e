import { InfoCard, Link } from '@backstage/core-components';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Grid from '@material-ui/core/Grid';
import OpenInNew from '@material-ui/icons/OpenInNew';
import { DeploymentActions } from '../actions';
import { DeploymentHistory } from '../history';
import { KIND_NAMES } from '../common';
import { DeploymentProblem } from '../EntityGitOpsDeploymentsCard/DeploymentProblem';
import { deploymentAnchor } from './anchors';
import { DriftPanel } from './DriftPanel';
import { PendingCommitsList } from './PendingCommitsList';
import { SourceSummary } from './SourceSummary';

/** Everything about one deployment: drift, pending commits and history. */
export function DeploymentDetails(props: { deployment: Deployment }) {
  const d = props.deployment;
  const title = d.environment ? `${d.environment} · ${d.cluster}` : d.cluster;
  const argoLink = d.links.argocd && (
    <Link to={d.links.argocd} aria-label={`Open ${d.name} in Argo CD`}>
      Open in Argo CD <OpenInNew fontSize="inherit" aria-hidden="true" />
    </Link>
  );
  return (
    <div id={deploymentAnchor(d.id)}>
      <InfoCard
        title={title}
        subheader={`${KIND_NAMES[d.kind]} ${d.namespace}/${d.name}`}
        action={argoLink}
      >
        <DeploymentActions deployment={d} />
        <DeploymentProblem deployment={d} />
        <SourceSummary deployment={d} />
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <DriftPanel deployment={d} />
          </Grid>
          <Grid item xs={12} md={6}>
            <PendingCommitsList deployment={d} />
          </Grid>
          <Grid item xs={12} md={6}>
            <DeploymentHistory deployment={d} />
          </Grid>
        </Grid>
      </InfoCard>
    </div>
  );
}

import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getGitOpsAnnotations } from '@gitops-console/plugin-gitops-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useEntityDeployments } from '../../hooks/useEntityDeployments';
import { EntityActionsCard, EntityActionsProvider } from '../actions';
import { EntityDeliverySection } from '../delivery';
import {
  ComputingNotice,
  DeploymentsSkeleton,
  GitOpsErrorPanel,
  LocatorProblemList,
  NoDeployments,
  StaleDataNotice,
} from '../states';
import { DeploymentDetails } from './DeploymentDetails';
import { EnvironmentMatrix } from './EnvironmentMatrix';

const useStyles = makeStyles(theme => ({
  annotations: { margin: 0 },
  annotation: { marginBottom: theme.spacing(1), overflowWrap: 'anywhere' },
  key: { color: theme.palette.text.secondary },
  value: { margin: 0 },
}));

/**
 * The annotations that map this entity, as written, to help debugging: a
 * plain list sized to its content (the card does not stretch to its row).
 */
function MatchedBy() {
  const classes = useStyles();
  const { entity } = useEntity();
  const annotations = Object.entries(getGitOpsAnnotations(entity));
  return (
    <InfoCard title="Matched by these annotations">
      {annotations.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          This entity has no GitOps annotations.
        </Typography>
      ) : (
        <dl className={classes.annotations} aria-label="GitOps annotations">
          {annotations.map(([key, value]) => (
            <div key={key} className={classes.annotation}>
              <Typography
                variant="caption"
                component="dt"
                className={classes.key}
              >
                {key}
              </Typography>
              <Typography
                variant="body2"
                component="dd"
                className={classes.value}
              >
                <code>{value}</code>
              </Typography>
            </div>
          ))}
        </dl>
      )}
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
  const { entity } = useEntity();

  if (loading && !value) {
    return (
      <InfoCard title="Environments">
        <DeploymentsSkeleton tiles={2} />
      </InfoCard>
    );
  }
  if (!value) return <GitOpsErrorPanel error={error!} />;
  if (value.deployments.length === 0 && value.computing) {
    return (
      <InfoCard title="Environments">
        <ComputingNotice computing />
      </InfoCard>
    );
  }
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
    <EntityActionsProvider
      entityRef={stringifyEntityRef(entity)}
      signalChannel={value.signalChannel}
    >
      <Grid container spacing={3}>
        {value.computing && (
          <Grid item xs={12}>
            <ComputingNotice computing />
          </Grid>
        )}
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
        <Grid item xs={12}>
          <EntityDeliverySection />
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
        <Grid item xs={12}>
          <EntityActionsCard deployments={value.deployments} />
        </Grid>
        <Grid item xs={12} md={4}>
          <MatchedBy />
        </Grid>
      </Grid>
    </EntityActionsProvider>
  );
}

import {
  InfoCard,
  Progress,
  StructuredMetadataTable,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getGitOpsAnnotations } from '@gitops-console/plugin-gitops-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { gitopsApiRef } from '../../api/GitOpsApi';

function BackendStatus() {
  const api = useApi(gitopsApiRef);
  const { value, loading, error } = useAsync(() => api.getHealth(), [api]);

  if (loading) return <Progress />;
  if (error) {
    return (
      <WarningPanel
        severity="error"
        title="Could not reach the GitOps backend"
        message={error.message}
      />
    );
  }
  if (!value) return null;

  return (
    <InfoCard title="GitOps backend">
      <StructuredMetadataTable
        metadata={{
          status: value.status,
          version: value.version,
          clusters:
            value.clusters.length > 0 ? value.clusters.join(', ') : 'none',
        }}
      />
      {value.message && (
        <Typography variant="body2" color="textSecondary" role="status">
          {value.message}
        </Typography>
      )}
    </InfoCard>
  );
}

/**
 * The "GitOps" tab of an entity page.
 *
 * @public
 */
export function GitOpsTab() {
  const { entity } = useEntity();
  const annotations = getGitOpsAnnotations(entity);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <BackendStatus />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="GitOps annotations">
          {/* Annotation keys are shown as written, so users can copy them. */}
          <StructuredMetadataTable
            metadata={annotations}
            options={{ titleFormat: key => key }}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

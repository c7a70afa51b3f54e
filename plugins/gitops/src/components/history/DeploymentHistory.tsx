import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { HistoryTimeline } from '../EntityGitOpsContent/HistoryTimeline';
import { describeError } from '../states';
import { useOlderHistory } from './useOlderHistory';

/**
 * A deployment's history timeline: what its CR holds, then, on "Load
 * older", the ledger's older deployments, page by page.
 */
export function DeploymentHistory(props: { deployment: Deployment }) {
  const d = props.deployment;
  const { entity } = useEntity();
  const { older, loading, error, done, loadOlder } = useOlderHistory(
    stringifyEntityRef(entity),
    d,
  );
  return (
    <div>
      <HistoryTimeline
        history={[...d.history, ...older]}
        deployedRevision={d.deployedRevision}
        deployment={d}
      />
      {error && (
        <Typography variant="body2" color="error" role="alert">
          Older history could not be read: {describeError(error).message}
        </Typography>
      )}
      {done ? (
        <Typography variant="caption" color="textSecondary">
          {older.length === 0
            ? 'No older deployment is recorded.'
            : 'This is the oldest deployment recorded.'}
        </Typography>
      ) : (
        <Button
          size="small"
          color="primary"
          disabled={loading}
          onClick={loadOlder}
          aria-label={`Load older history of ${d.environment ?? d.cluster}`}
        >
          {loading ? 'Loading…' : 'Load older'}
        </Button>
      )}
    </div>
  );
}

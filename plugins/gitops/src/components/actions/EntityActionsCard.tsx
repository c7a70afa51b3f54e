import { InfoCard } from '@backstage/core-components';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { useEntityActions } from '../../hooks/useEntityActions';
import { TableSkeleton } from '../states';
import { ActionsTable } from './ActionsTable';
import { describeActionError } from './describeActionError';
import { useEntityActionsContext } from './EntityActionsContext';

const PAGE = 10;
const MAX = 100;

/** The Actions card of the tab, live: a status change updates its row. */
export function EntityActionsCard(props: { deployments: Deployment[] }) {
  const context = useEntityActionsContext();
  const [limit, setLimit] = useState(PAGE);
  const { value, error, loading } = useEntityActions(
    context?.entityRef ?? '',
    context?.signalChannel,
    limit,
    context?.actionsVersion,
  );
  let body;
  if (loading && !value)
    body = <TableSkeleton rows={2} label="Loading actions" />;
  else if (!value) {
    const d = describeActionError(error!);
    body = (
      <Alert severity="error">
        {d.title}: {d.message}
      </Alert>
    );
  } else if (value.items.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No rollback, revert or sync has been asked for yet.
      </Typography>
    );
  } else {
    body = (
      <>
        <ActionsTable records={value.items} deployments={props.deployments} />
        {value.nextCursor && limit < MAX && (
          <Button size="small" onClick={() => setLimit(l => l + PAGE)}>
            Show older actions
          </Button>
        )}
      </>
    );
  }
  return <InfoCard title="Actions">{body}</InfoCard>;
}

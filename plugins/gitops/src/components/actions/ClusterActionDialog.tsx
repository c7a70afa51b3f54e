import type {
  Deployment,
  GitOpsActionType,
} from '@gitops-console/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useId, useState } from 'react';
import { deploymentTitle, KIND_NAMES } from '../common';
import { ACTION_BUTTON_LABELS } from './actionPresentation';
import { ActionErrorNotice } from './ActionErrorNotice';
import { ActionProgress } from './ActionProgress';
import { ActionWarnings } from './ActionWarnings';
import { useEntityActionsContext } from './EntityActionsContext';
import { useActionFlow } from './useActionFlow';

/**
 * Asks to confirm a sync, refresh, reconcile, suspend or resume, showing
 * what the patch does (the preview's `effect`), then its outcome.
 */
export function ClusterActionDialog(props: {
  deployment: Deployment;
  type: GitOpsActionType;
  onClose: () => void;
}) {
  const { deployment: d, type } = props;
  const context = useEntityActionsContext();
  const titleId = useId();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const flow = useActionFlow(
    context?.entityRef ?? '',
    {
      type,
      deploymentId: d.id,
    },
    context?.actionAsked,
  );
  // There is nothing to choose first: the effect is asked at once.
  const { runPreview } = flow;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => runPreview(), []);

  return (
    <Dialog
      aria-labelledby={titleId}
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle
        id={titleId}
      >{`${ACTION_BUTTON_LABELS[type]} ${d.name}`}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {KIND_NAMES[d.kind]} {d.namespace}/{d.name} in {deploymentTitle(d)}
        </Typography>
        {flow.previewing && <LinearProgress aria-label="Loading the preview" />}
        {flow.previewError && <ActionErrorNotice error={flow.previewError} />}
        {flow.record ? (
          <ActionProgress
            record={flow.record}
            signalChannel={context?.signalChannel}
          />
        ) : (
          <>
            {flow.preview?.effect && (
              <Typography variant="body2" gutterBottom>
                This {flow.preview.effect}.
              </Typography>
            )}
            {flow.preview && (
              <ActionWarnings warnings={flow.preview.warnings} />
            )}
            <TextField
              id={reasonId}
              label="Reason (optional)"
              fullWidth
              margin="dense"
              value={reason}
              onChange={e => setReason(e.target.value)}
            />
            {flow.submitError && <ActionErrorNotice error={flow.submitError} />}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>
          {flow.record ? 'Close' : 'Cancel'}
        </Button>
        {!flow.record && (
          <Button
            color="primary"
            variant="contained"
            onClick={() => flow.submit(reason)}
            disabled={!flow.preview || flow.submitting}
          >
            Confirm
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

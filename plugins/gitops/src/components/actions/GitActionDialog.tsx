import type {
  ActionPreviewRequest,
  Deployment,
} from '@gitops-console/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useId, useState } from 'react';
import { deploymentTitle, shortRevision } from '../common';
import { ActionErrorNotice } from './ActionErrorNotice';
import { ActionPreviewSummary } from './ActionPreviewSummary';
import { ActionProgress } from './ActionProgress';
import { useEntityActionsContext } from './EntityActionsContext';
import { RollbackTargetField } from './RollbackTargetField';
import { rollbackTargets } from './rollbackTargets';
import { useActionFlow } from './useActionFlow';

export type GitActionType = 'rollback' | 'revert-commit';

function dialogTitle(type: GitActionType, d: Deployment, revision: string) {
  return type === 'rollback'
    ? `Roll back ${d.name}`
    : `Revert commit ${shortRevision(revision)}`;
}

function actionRequest(
  type: GitActionType,
  d: Deployment,
  revision: string,
): ActionPreviewRequest | undefined {
  if (!revision) return undefined;
  return type === 'rollback'
    ? { type, deploymentId: d.id, targetRevision: revision }
    : { type, deploymentId: d.id, commit: revision };
}

/** The Reason field: required, and said so when left empty on Confirm. */
function ReasonField(props: {
  value: string;
  onChange: (v: string) => void;
  missing: boolean;
}) {
  const id = useId();
  return (
    <TextField
      id={id}
      label="Reason"
      required
      fullWidth
      multiline
      minRows={2}
      margin="dense"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      error={props.missing}
      helperText={
        props.missing
          ? 'A reason is required: it goes into the commit and the audit log.'
          : 'Why, for the commit message and the audit log.'
      }
    />
  );
}

/**
 * Rolls a deployment back to a revision, or reverts one commit, through
 * Git: the target, a preview of what it undoes, a required reason, then
 * Confirm; after that it follows the record live.
 */
export function GitActionDialog(props: {
  deployment: Deployment;
  type: GitActionType;
  /** The revision (rollback) or commit (revert); rollback without one offers the history. */
  revision?: string;
  open: boolean;
  onClose: () => void;
}) {
  const { deployment: d, type } = props;
  const context = useEntityActionsContext();
  const titleId = useId();
  const [chosen, setChosen] = useState(props.revision ?? '');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const revision = props.revision ?? chosen;
  const request = actionRequest(type, d, revision);
  const flow = useActionFlow(
    context?.entityRef ?? '',
    request,
    context?.actionAsked,
  );

  const confirm = () => {
    if (!reason.trim()) {
      setReasonMissing(true);
      return;
    }
    flow.submit(reason);
  };
  const title = dialogTitle(type, d, revision);

  return (
    <Dialog
      aria-labelledby={titleId}
      open={props.open}
      onClose={props.onClose}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {deploymentTitle(d)} · {d.name}
          {props.revision && (
            <>
              {' · '}
              {type === 'rollback' ? 'target' : 'commit'}{' '}
              <code title={props.revision}>
                {shortRevision(props.revision)}
              </code>
            </>
          )}
        </Typography>
        {flow.record ? (
          <ActionProgress
            record={flow.record}
            signalChannel={context?.signalChannel}
            delivery={flow.preview?.delivery}
          />
        ) : (
          <>
            {!props.revision && (
              <RollbackTargetField
                targets={rollbackTargets(d)}
                value={chosen}
                onChange={v => {
                  setChosen(v);
                  flow.reset();
                }}
              />
            )}
            {flow.previewing && (
              <LinearProgress aria-label="Loading the preview" />
            )}
            {flow.previewError && (
              <ActionErrorNotice error={flow.previewError} />
            )}
            {flow.preview && <ActionPreviewSummary preview={flow.preview} />}
            <ReasonField
              value={reason}
              onChange={v => {
                setReason(v);
                if (v.trim()) setReasonMissing(false);
              }}
              missing={reasonMissing}
            />
            {flow.submitError && (
              <ActionErrorNotice
                error={flow.submitError}
                onPreviewAgain={flow.runPreview}
              />
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>
          {flow.record ? 'Close' : 'Cancel'}
        </Button>
        {!flow.record && (
          <>
            <Button
              onClick={flow.runPreview}
              disabled={!request || flow.previewing}
            >
              Preview
            </Button>
            <Button
              color="primary"
              variant="contained"
              onClick={confirm}
              disabled={!flow.preview || flow.submitting}
            >
              Confirm
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

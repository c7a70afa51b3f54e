import type { Deployment } from '@gitops-console/plugin-gitops-common';
import { useState } from 'react';
import { ACTION_BUTTON_LABELS, hasGitSource } from './actionPresentation';
import { GitActionDialog, type GitActionType } from './GitActionDialog';
import { PermittedButton } from './PermittedButton';

/**
 * Opens the rollback or revert dialog. Without a revision (the tab's own
 * button) the dialog offers the deployment's history to choose from.
 */
export function GitActionButton(props: {
  deployment: Deployment;
  type: GitActionType;
  revision?: string;
  /** Defaults to "Roll back to this" / "Revert this commit". */
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  if (!hasGitSource(props.deployment)) return null;
  return (
    <>
      <PermittedButton permission="rollback" onClick={() => setOpen(true)}>
        {props.label ?? ACTION_BUTTON_LABELS[props.type]}
      </PermittedButton>
      {/* Mounted only while open: each opening starts afresh. */}
      {open && (
        <GitActionDialog
          open
          deployment={props.deployment}
          type={props.type}
          revision={props.revision}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

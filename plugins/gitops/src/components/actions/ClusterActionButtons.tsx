import type {
  Deployment,
  GitOpsActionType,
} from '@gitops-console/plugin-gitops-common';
import { useState } from 'react';
import { ACTION_BUTTON_LABELS, clusterActionsFor } from './actionPresentation';
import { ClusterActionDialog } from './ClusterActionDialog';
import { PermittedButton } from './PermittedButton';

/** Sync and Refresh (Argo CD); Reconcile and Suspend or Resume (Flux). */
export function ClusterActionButtons(props: { deployment: Deployment }) {
  const [open, setOpen] = useState<GitOpsActionType>();
  return (
    <>
      {clusterActionsFor(props.deployment).map(type => (
        <PermittedButton
          key={type}
          permission="sync"
          onClick={() => setOpen(type)}
        >
          {ACTION_BUTTON_LABELS[type]}
        </PermittedButton>
      ))}
      {open && (
        <ClusterActionDialog
          deployment={props.deployment}
          type={open}
          onClose={() => setOpen(undefined)}
        />
      )}
    </>
  );
}

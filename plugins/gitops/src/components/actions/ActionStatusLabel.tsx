import type { GitOpsActionStatus } from '@gitops-console/plugin-gitops-common';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type { ComponentType, ReactNode } from 'react';
import { ACTION_STATUS_LABELS } from './actionPresentation';

const ICONS: Record<
  GitOpsActionStatus,
  ComponentType<{ children?: ReactNode }>
> = {
  requested: StatusPending,
  'pr-open': StatusRunning,
  committed: StatusRunning,
  merged: StatusRunning,
  deployed: StatusOK,
  failed: StatusError,
  superseded: StatusAborted,
};

/** An action's status as a word with its colour (never colour alone). */
export function ActionStatusLabel(props: { status: GitOpsActionStatus }) {
  const Icon = ICONS[props.status] ?? StatusPending;
  return <Icon>{ACTION_STATUS_LABELS[props.status] ?? props.status}</Icon>;
}

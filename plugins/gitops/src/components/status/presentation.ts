import type {
  Deployment,
  DriftState,
  HealthStatus,
} from '@gitops-console/plugin-gitops-common';
import type { SvgIconProps } from '@material-ui/core/SvgIcon';
import type { ComponentType } from 'react';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HelpOutline from '@material-ui/icons/HelpOutline';
import PauseCircleOutline from '@material-ui/icons/PauseCircleOutline';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import Autorenew from '@material-ui/icons/Autorenew';
import Schedule from '@material-ui/icons/Schedule';
import SyncProblem from '@material-ui/icons/SyncProblem';
import SyncIcon from '@material-ui/icons/Sync';
import type { StatusTone } from './StatusLabel';

/** How a value is shown: a word, a tone and an icon, plus an explanation. */
export interface StatusPresentation {
  label: string;
  tone: StatusTone;
  icon: ComponentType<SvgIconProps>;
  description: string;
}

export const DRIFT_STATE_PRESENTATION: Record<DriftState, StatusPresentation> =
  {
    'in-sync': {
      label: 'In sync',
      tone: 'ok',
      icon: CheckCircleOutline,
      description: 'The cluster runs what Git says.',
    },
    behind: {
      label: 'Behind',
      tone: 'info',
      icon: Schedule,
      description:
        'Git has commits for this deployment that the cluster does not run yet.',
    },
    'out-of-sync': {
      label: 'Out of sync',
      tone: 'warning',
      icon: SyncProblem,
      description:
        'The live state differs from what Git renders, and no pending commit explains it.',
    },
    failing: {
      label: 'Failing',
      tone: 'error',
      icon: ErrorOutline,
      description:
        'The last sync or reconciliation failed, or the workload is degraded.',
    },
    suspended: {
      label: 'Suspended',
      tone: 'neutral',
      icon: PauseCircleOutline,
      description: 'Reconciliation is suspended; Git changes are not applied.',
    },
    unknown: {
      label: 'Unknown',
      tone: 'neutral',
      icon: HelpOutline,
      description:
        'The cluster could not be read, or the resource was not observed yet.',
    },
  };

export const HEALTH_PRESENTATION: Record<HealthStatus, StatusPresentation> = {
  Healthy: {
    label: 'Healthy',
    tone: 'ok',
    icon: CheckCircleOutline,
    description: 'The workload is healthy.',
  },
  Progressing: {
    label: 'Progressing',
    tone: 'info',
    icon: Autorenew,
    description: 'The workload is rolling out.',
  },
  Degraded: {
    label: 'Degraded',
    tone: 'error',
    icon: ErrorOutline,
    description: 'The workload is failing.',
  },
  Suspended: {
    label: 'Suspended',
    tone: 'neutral',
    icon: PauseCircleOutline,
    description: 'The workload or its reconciliation is suspended.',
  },
  Missing: {
    label: 'Missing',
    tone: 'warning',
    icon: ReportProblemOutlined,
    description: 'The resources are missing from the cluster.',
  },
  Unknown: {
    label: 'Unknown',
    tone: 'neutral',
    icon: HelpOutline,
    description: 'The CD tool does not report a health.',
  },
};

export const SYNC_STATUS_PRESENTATION: Record<
  Deployment['syncStatus'],
  StatusPresentation
> = {
  Synced: {
    label: 'Synced',
    tone: 'ok',
    icon: SyncIcon,
    description: 'The CD tool reports the live state matches its target.',
  },
  OutOfSync: {
    label: 'OutOfSync',
    tone: 'warning',
    icon: SyncProblem,
    description: 'The CD tool reports the live state differs from its target.',
  },
  Unknown: {
    label: 'Sync unknown',
    tone: 'neutral',
    icon: HelpOutline,
    description: 'The CD tool does not report a sync status.',
  },
};

/** The drift states that call for attention on the overview page. */
export const ATTENTION_STATES: readonly DriftState[] = [
  'failing',
  'out-of-sync',
  'unknown',
];

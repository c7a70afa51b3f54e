import type { Deployment } from '@gitops-console/plugin-gitops-common';
import { SYNC_STATUS_PRESENTATION } from './presentation';
import { StatusLabel } from './StatusLabel';

/** The CD tool's own sync status, as an icon and a word. */
export function SyncStatusLabel(props: { status: Deployment['syncStatus'] }) {
  const p =
    SYNC_STATUS_PRESENTATION[props.status] ?? SYNC_STATUS_PRESENTATION.Unknown;
  return (
    <StatusLabel
      label={p.label}
      tone={p.tone}
      icon={p.icon}
      title={p.description}
    />
  );
}

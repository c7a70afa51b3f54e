import type { DriftState } from '@gitops-console/plugin-gitops-common';
import { DRIFT_STATE_PRESENTATION } from './presentation';
import { StatusLabel } from './StatusLabel';

/** A drift state as an icon and its name, explained on hover. */
export function DriftStateLabel(props: { state: DriftState }) {
  const p =
    DRIFT_STATE_PRESENTATION[props.state] ?? DRIFT_STATE_PRESENTATION.unknown;
  return (
    <StatusLabel
      label={p.label}
      tone={p.tone}
      icon={p.icon}
      title={p.description}
    />
  );
}

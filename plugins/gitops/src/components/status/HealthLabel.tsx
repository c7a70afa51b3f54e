import type { HealthStatus } from '@gitops-console/plugin-gitops-common';
import { HEALTH_PRESENTATION } from './presentation';
import { StatusLabel } from './StatusLabel';

/** Health as the CD tool reports it, as an icon and a word. */
export function HealthLabel(props: { health: HealthStatus }) {
  const p = HEALTH_PRESENTATION[props.health] ?? HEALTH_PRESENTATION.Unknown;
  return (
    <StatusLabel
      label={p.label}
      tone={p.tone}
      icon={p.icon}
      title={`Health: ${p.description}`}
    />
  );
}

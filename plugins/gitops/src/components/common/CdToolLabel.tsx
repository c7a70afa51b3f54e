import type { GitOpsResourceKindName } from '@gitops-console/plugin-gitops-common';
import { KIND_NAMES, TOOL_NAMES, toolOf } from './format';

/** "Argo CD" or "Flux", with the resource kind on hover. */
export function CdToolLabel(props: { kind: GitOpsResourceKindName }) {
  return (
    <span title={KIND_NAMES[props.kind]}>{TOOL_NAMES[toolOf(props.kind)]}</span>
  );
}

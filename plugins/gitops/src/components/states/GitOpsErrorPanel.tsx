import { WarningPanel } from '@backstage/core-components';
import { describeError } from './describeError';

/** A failed backend read as a specific, actionable panel. */
export function GitOpsErrorPanel(props: { error: Error }) {
  const { title, message } = describeError(props.error);
  return (
    <WarningPanel
      severity="error"
      title={title}
      message={message}
      defaultExpanded
    />
  );
}

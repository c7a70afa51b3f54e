import type { ActionPermissionsResponse } from '@gitops-console/plugin-gitops-common';
import Button, { type ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useId } from 'react';
import { useEntityActionsContext } from './EntityActionsContext';

/** Why a button is disabled, or undefined when it is enabled; null hides it. */
function refusal(
  context: ReturnType<typeof useEntityActionsContext>,
  permission: keyof ActionPermissionsResponse,
): string | undefined | null {
  if (!context) return null;
  if (context.permissionsError) {
    return `Could not check your permissions: ${context.permissionsError.message}`;
  }
  const decision = context.permissions?.[permission];
  if (!decision || decision.result === 'never') return null;
  if (decision.result === 'denied') {
    return decision.reason || 'You are not allowed to do this on this entity.';
  }
  return undefined;
}

/**
 * An action button as the user's permission allows: hidden when no policy
 * lets anyone like them act (or while it is unknown), disabled with the
 * reason on hover and as its accessible description when denied here.
 */
export function PermittedButton(
  props: Omit<ButtonProps, 'disabled'> & {
    permission: keyof ActionPermissionsResponse;
  },
) {
  const { permission, ...buttonProps } = props;
  const context = useEntityActionsContext();
  const reasonId = useId();
  const reason = refusal(context, permission);
  if (reason === null) return null;
  if (reason === undefined) {
    return <Button size="small" variant="outlined" {...buttonProps} />;
  }
  return (
    <Tooltip title={reason}>
      {/* A disabled button gets no pointer events; the span shows the tooltip. */}
      <span>
        <Button
          size="small"
          variant="outlined"
          {...buttonProps}
          disabled
          aria-describedby={reasonId}
          {...{ 'aria-description': reason }}
        />
        <Typography variant="srOnly" id={reasonId}>
          {reason}
        </Typography>
      </span>
    </Tooltip>
  );
}

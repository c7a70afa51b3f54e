import { makeStyles } from '@material-ui/core/styles';
import type { SvgIconProps } from '@material-ui/core/SvgIcon';
import type { ComponentType } from 'react';

/** How serious a status is; decides the icon colour only. */
export type StatusTone = 'ok' | 'info' | 'warning' | 'error' | 'neutral';

const useStyles = makeStyles(
  theme => ({
    root: {
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      whiteSpace: 'nowrap',
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    icon: { fontSize: '1.1em' },
    ok: { color: theme.palette.status?.ok ?? theme.palette.success.main },
    info: { color: theme.palette.info.main },
    warning: {
      color: theme.palette.status?.warning ?? theme.palette.warning.main,
    },
    error: { color: theme.palette.status?.error ?? theme.palette.error.main },
    neutral: { color: theme.palette.text.secondary },
  }),
  { name: 'GitOpsStatusLabel' },
);

/**
 * A status as an icon and a word. The word carries the meaning, so the
 * colour is never the only signal (and the icon is hidden from screen
 * readers, which read the word).
 */
export function StatusLabel(props: {
  label: string;
  tone: StatusTone;
  icon: ComponentType<SvgIconProps>;
  /** A longer explanation, shown on hover. */
  title?: string;
}) {
  const classes = useStyles();
  const Icon = props.icon;
  return (
    <span className={classes.root} title={props.title}>
      <Icon
        aria-hidden="true"
        className={`${classes.icon} ${classes[props.tone]}`}
      />
      <span>{props.label}</span>
    </span>
  );
}

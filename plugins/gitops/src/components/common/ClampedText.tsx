import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  // Cut at a word where possible, always with an ellipsis; the full text is
  // the hover title.
  clamp: {
    display: '-webkit-box',
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    overflowWrap: 'break-word',
    wordBreak: 'normal',
  },
});

/** Text limited to `lines` lines, ending in "…", with the whole text on hover. */
export function ClampedText(props: {
  text: string;
  lines?: number;
  children?: ReactNode;
  className?: string;
}) {
  const classes = useStyles();
  return (
    <span
      className={`${classes.clamp} ${props.className ?? ''}`}
      style={{ WebkitLineClamp: props.lines ?? 2 }}
      title={props.text}
    >
      {props.children ?? props.text}
    </span>
  );
}

import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { CommitLink } from '../common';
import { describeActionError } from './describeActionError';

/**
 * A refused action in words, with the conflicting files or the newer
 * commits; a stale preview offers to preview again.
 */
export function ActionErrorNotice(props: {
  error: Error;
  onPreviewAgain?: () => void;
}) {
  const d = describeActionError(props.error);
  return (
    <Alert
      severity="error"
      action={
        d.kind === 'stale-head' &&
        props.onPreviewAgain && (
          <Button color="inherit" size="small" onClick={props.onPreviewAgain}>
            Preview again
          </Button>
        )
      }
    >
      <AlertTitle>{d.title}</AlertTitle>
      <Typography variant="body2">{d.message}</Typography>
      {d.files && d.files.length > 0 && (
        <ul aria-label="Conflicting files">
          {d.files.map(f => (
            <li key={f}>
              <code>{f}</code>
            </li>
          ))}
        </ul>
      )}
      {d.commits && d.commits.length > 0 && (
        <ul aria-label="Newer commits">
          {d.commits.map(c => (
            <li key={c.sha}>
              <CommitLink revision={c.sha} /> {c.subject}
              {c.authorName && <> · {c.authorName}</>}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

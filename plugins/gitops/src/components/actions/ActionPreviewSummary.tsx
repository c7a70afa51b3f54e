import type {
  ActionFileChange,
  ActionPreviewResponse,
} from '@gitops-console/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { CommitLink, RelativeTime } from '../common';
import { ActionWarnings } from './ActionWarnings';

const DELIVERY: Record<
  NonNullable<ActionPreviewResponse['delivery']>,
  string
> = {
  'pull-request': 'as a pull request',
  branch: 'as a pushed branch',
  direct: `straight to the branch`,
};

function lines(n: number | null, sign: string) {
  return n === null ? 'binary' : `${sign}${n}`;
}

function FileRow(props: { file: ActionFileChange }) {
  const f = props.file;
  return (
    <TableRow>
      <TableCell>
        <code>{f.path}</code>
      </TableCell>
      <TableCell>{f.status}</TableCell>
      <TableCell
        aria-label={f.additions === null ? 'binary' : `${f.additions} added`}
      >
        {lines(f.additions, '+')}
      </TableCell>
      <TableCell
        aria-label={f.deletions === null ? 'binary' : `${f.deletions} removed`}
      >
        {lines(f.deletions, '−')}
      </TableCell>
    </TableRow>
  );
}

/** What a Git action would write: where, the commits it undoes, the files, the warnings. */
export function ActionPreviewSummary(props: {
  preview: ActionPreviewResponse;
}) {
  const p = props.preview;
  return (
    <section aria-label="Preview">
      {p.branch && (
        <Typography variant="body2" gutterBottom>
          Writes one commit on <code>{p.branch}</code>
          {p.paths && p.paths.length > 0 && (
            <>
              {' '}
              under{' '}
              {p.paths.map((path, i) => (
                <span key={path}>
                  {i > 0 && ', '}
                  <code>{path}</code>
                </span>
              ))}
            </>
          )}
          {p.delivery && <>, {DELIVERY[p.delivery]}</>}.
        </Typography>
      )}
      <Typography variant="subtitle2" component="h3">
        Commits undone ({p.commitsUndone.length})
      </Typography>
      <ul aria-label="Commits undone">
        {p.commitsUndone.map(c => (
          <li key={c.sha}>
            <Typography variant="body2" component="span">
              <CommitLink revision={c.sha} /> {c.subject}
            </Typography>{' '}
            <Typography variant="caption" color="textSecondary">
              {c.authorName}, <RelativeTime at={c.authorDate} />
            </Typography>
          </li>
        ))}
      </ul>
      <Typography variant="subtitle2" component="h3">
        Files changed ({p.files.length})
      </Typography>
      <Table size="small" aria-label="Files changed">
        <TableHead>
          <TableRow>
            <TableCell>File</TableCell>
            <TableCell>Change</TableCell>
            <TableCell>Added</TableCell>
            <TableCell>Removed</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {p.files.map(f => (
            <FileRow key={f.path} file={f} />
          ))}
        </TableBody>
      </Table>
      <ActionWarnings warnings={p.warnings} />
    </section>
  );
}

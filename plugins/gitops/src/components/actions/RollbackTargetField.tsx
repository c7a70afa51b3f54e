import TextField from '@material-ui/core/TextField';
import { useId } from 'react';
import { commitTitle, formatExactTime, shortRevision } from '../common';
import type { RollbackTarget } from './rollbackTargets';

function optionLabel(t: RollbackTarget): string {
  const title = commitTitle(t.commit?.message);
  const when = t.deployedAt
    ? ` (deployed ${formatExactTime(t.deployedAt)})`
    : '';
  return `${shortRevision(t.revision)}${title ? ` ${title}` : ''}${when}`;
}

/** Chooses the revision to roll back to from the deployment's history. */
export function RollbackTargetField(props: {
  targets: RollbackTarget[];
  value: string;
  onChange: (revision: string) => void;
}) {
  const id = useId();
  return (
    <TextField
      id={id}
      select
      fullWidth
      margin="dense"
      label="Target revision"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      helperText={
        props.targets.length === 0
          ? 'The history has no earlier Git revision to roll back to.'
          : 'An earlier deployment of this environment.'
      }
    >
      <option value="">Choose a revision</option>
      {props.targets.map(t => (
        <option key={t.revision} value={t.revision}>
          {optionLabel(t)}
        </option>
      ))}
    </TextField>
  );
}

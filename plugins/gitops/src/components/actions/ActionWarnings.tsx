import type { ActionWarning } from '@gitops-console/plugin-gitops-common';
import Alert from '@material-ui/lab/Alert';
import { CommitLink } from '../common';

/** What the user must know before confirming (or knew when asking). */
export function ActionWarnings(props: { warnings: ActionWarning[] }) {
  if (props.warnings.length === 0) return null;
  return (
    <section aria-label="Warnings">
      {props.warnings.map(w => (
        <Alert
          key={`${w.code}:${w.message}`}
          severity="warning"
          role="note"
          style={{ marginBottom: 8 }}
        >
          {w.message}
          {w.files && w.files.length > 0 && (
            <ul aria-label="Files">
              {w.files.map(f => (
                <li key={f}>
                  <code>{f}</code>
                </li>
              ))}
            </ul>
          )}
          {w.commits && w.commits.length > 0 && (
            <ul aria-label="Commits">
              {w.commits.map(c => (
                <li key={c.sha}>
                  <CommitLink revision={c.sha} /> {c.subject}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      ))}
    </section>
  );
}

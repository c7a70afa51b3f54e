import type { LocatorProblem } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { AnnotationHelp } from './AnnotationHelp';

/**
 * Why an entity shows no deployments: the backend's reason, each annotation
 * that named nothing, and how to annotate.
 */
export function NoDeployments(props: {
  reason?: string;
  problems: LocatorProblem[];
}) {
  return (
    <div role="status">
      <Typography variant="h6" component="p" gutterBottom>
        No deployments found
      </Typography>
      {props.reason && (
        <Typography variant="body2" paragraph>
          {props.reason}
        </Typography>
      )}
      {props.problems.length > 0 && (
        <>
          <Typography variant="body2">
            The annotations name resources no cluster has:
          </Typography>
          <LocatorProblemList problems={props.problems} />
        </>
      )}
      <AnnotationHelp />
    </div>
  );
}

/** One line per annotation that matched nothing. */
export function LocatorProblemList(props: { problems: LocatorProblem[] }) {
  return (
    <ul>
      {props.problems.map(p => (
        <li key={`${p.annotation}=${p.value}`}>
          <Typography variant="body2">
            <code>
              {p.annotation}: {p.value}
            </code>{' '}
            — {p.message}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Alert from '@material-ui/lab/Alert';

/**
 * A problem that belongs to this deployment alone (say, a repository that
 * may not be read): said plainly on it, while the rest of the entity shows.
 */
export function DeploymentProblem(props: { deployment: Deployment }) {
  const problem = props.deployment.problem;
  if (!problem) return null;
  return (
    <Alert
      severity="error"
      role="alert"
      aria-label={`Problem with ${props.deployment.name}`}
      style={{ margin: '8px 0', overflowWrap: 'anywhere' }}
    >
      {problem.message}
    </Alert>
  );
}

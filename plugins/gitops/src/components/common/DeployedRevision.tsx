import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { CommitLink } from './CommitLink';
import { firstLine } from './format';
import { PullRequestLink } from './PullRequestLink';

/**
 * What runs: the short SHA linked to the commit, its subject and author. A
 * Helm chart version is shown as is, with the commit when it is known.
 */
export function DeployedRevision(props: {
  deployment: Pick<
    Deployment,
    'deployedRevision' | 'deployedCommit' | 'links' | 'kind'
  >;
}) {
  const { deployedRevision, deployedCommit, links } = props.deployment;
  if (!deployedRevision && !deployedCommit) {
    return <span>nothing deployed yet</span>;
  }
  const isChart =
    !!deployedRevision &&
    !!deployedCommit &&
    deployedRevision !== deployedCommit.sha;
  return (
    <span>
      {isChart && <span>chart {deployedRevision} · </span>}
      <CommitLink
        revision={deployedCommit?.sha ?? deployedRevision}
        url={deployedCommit?.url ?? links.commit}
      />
      {deployedCommit && (
        <>
          {' '}
          <span>{firstLine(deployedCommit.message)}</span>
          {deployedCommit.pullRequest && (
            <>
              {' '}
              (<PullRequestLink pullRequest={deployedCommit.pullRequest} />)
            </>
          )}
          <Typography
            variant="caption"
            color="textSecondary"
            component="span"
            display="block"
          >
            by {deployedCommit.author.name}
          </Typography>
        </>
      )}
    </span>
  );
}

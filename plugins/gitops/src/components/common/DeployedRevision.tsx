import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { CommitLink } from './CommitLink';
import { commitTitle } from './format';
import { PullRequestLink } from './PullRequestLink';

/**
 * What runs: the short SHA linked to the commit, its subject and author. A
 * Helm chart version is shown as is, with the commit when it is known.
 */
export function DeployedRevision(props: {
  deployment: Pick<
    Deployment,
    | 'deployedRevision'
    | 'deployedCommit'
    | 'desiredRevision'
    | 'pendingCommits'
    | 'links'
    | 'kind'
    | 'drift'
  >;
}) {
  const { deployedRevision, deployedCommit, links, kind } = props.deployment;
  if (!deployedRevision && !deployedCommit) {
    return <span>nothing deployed yet</span>;
  }
  // A HelmRelease's revision is its chart version; the commit, when known,
  // is the one the chart was built from.
  if (kind === 'flux-helmrelease' && deployedRevision && !deployedCommit) {
    return <span>chart {deployedRevision}</span>;
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
          <span>{commitTitle(deployedCommit.message)}</span>
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
      <PathEquivalenceNote deployment={props.deployment} />
    </span>
  );
}

/**
 * A cluster that synced a newer commit which did not touch the deployment's
 * path runs the same content as the last commit that did; say which, since
 * the deployed commit itself may be about another service.
 */
function PathEquivalenceNote(props: {
  deployment: Pick<
    Deployment,
    'deployedRevision' | 'desiredRevision' | 'pendingCommits' | 'drift'
  >;
}) {
  const { deployedRevision, desiredRevision, pendingCommits, drift } =
    props.deployment;
  if (
    !deployedRevision ||
    !desiredRevision ||
    deployedRevision === desiredRevision ||
    pendingCommits.length > 0 ||
    drift.state !== 'in-sync'
  ) {
    return null;
  }
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="span"
      display="block"
    >
      same content as <CommitLink revision={desiredRevision} />, the last change
      to this deployment
    </Typography>
  );
}

import type {
  CommitSummary,
  Deployment,
} from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { authorOf, CommitTitle } from './CommitLine';
import { CommitLink } from './CommitLink';

type RevisionFacts = Pick<
  Deployment,
  | 'deployedRevision'
  | 'deployedCommit'
  | 'lastChange'
  | 'pendingCommits'
  | 'pendingTruncated'
  | 'links'
  | 'kind'
>;

const SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i;

/** A commit summary worth showing: the backend may leave fields out (OCI). */
function usable(commit: CommitSummary | undefined): CommitSummary | undefined {
  return commit?.sha ? commit : undefined;
}

/**
 * The label of the revision fact: "Last change" when the backend names the
 * commit that last changed what this deployment renders, else (an older
 * backend) the commit at the deployed revision.
 */
export function revisionLabel(d: Pick<Deployment, 'lastChange'>): string {
  return usable(d.lastChange) ? 'Last change' : 'Deployed revision';
}

/**
 * What runs. The headline is the last change to the deployment's render
 * inputs (title, PR, author), since the commit at the deployed SHA is often
 * about another service; the exact SHA the CD tool reports follows as
 * "synced at …", with whether Git has anything newer. A HelmRelease's
 * revision is its chart version, shown once.
 */
export function DeployedRevision(props: { deployment: RevisionFacts }) {
  const d = props.deployment;
  const headline = usable(d.lastChange) ?? usable(d.deployedCommit);
  if (!d.deployedRevision && !headline) {
    return <span>nothing deployed yet</span>;
  }
  const chart =
    d.deployedRevision && !SHA.test(d.deployedRevision) && !headline
      ? d.deployedRevision
      : undefined;
  const isChartOfCommit =
    !!d.deployedRevision &&
    !!headline &&
    d.kind === 'flux-helmrelease' &&
    !SHA.test(d.deployedRevision);
  if (chart) {
    return (
      <span>
        {d.kind === 'flux-helmrelease' ? 'chart ' : ''}
        <CommitLink revision={chart} url={d.links.commit} />
        <UpToDateLine deployment={d} />
      </span>
    );
  }
  const author = authorOf(headline);
  const syncedAt =
    usable(d.deployedCommit)?.sha ?? d.deployedRevision ?? headline?.sha;
  return (
    <span>
      {isChartOfCommit && <span>chart {d.deployedRevision} · </span>}
      {headline && <CommitTitle commit={headline} />}
      {author && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="span"
          display="block"
        >
          by {author}
        </Typography>
      )}
      {syncedAt && syncedAt !== headline?.sha && !isChartOfCommit && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="span"
          display="block"
        >
          synced at{' '}
          <CommitLink
            revision={syncedAt}
            url={usable(d.deployedCommit)?.url ?? d.links.commit}
          />
        </Typography>
      )}
      <UpToDateLine deployment={d} />
    </span>
  );
}

/**
 * Whether Git has anything newer for this deployment. Only pending commits
 * say Git is ahead; a desired revision older than the deployed one is not.
 */
function UpToDateLine(props: { deployment: RevisionFacts }) {
  const { pendingCommits, pendingTruncated } = props.deployment;
  const n = pendingCommits.length;
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="span"
      display="block"
    >
      {n === 0
        ? 'up to date with Git'
        : `${n}${pendingTruncated ? '+' : ''} newer commit${
            n === 1 && !pendingTruncated ? '' : 's'
          } in Git`}
    </Typography>
  );
}

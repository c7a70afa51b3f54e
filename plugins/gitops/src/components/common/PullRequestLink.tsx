import { Link } from '@backstage/core-components';
import type { CommitSummary } from '@gitops-console/plugin-gitops-common';

/** "#42", linked to the pull request that brought a commit, when known. */
export function PullRequestLink(props: {
  pullRequest?: CommitSummary['pullRequest'];
}) {
  const pr = props.pullRequest;
  if (!pr) return null;
  const text = `#${pr.number}`;
  if (!pr.url) return <span>{text}</span>;
  return (
    <Link to={pr.url} aria-label={`pull request ${pr.number}`}>
      {text}
    </Link>
  );
}

// GitHub's merge commit title, also used by Gitea and Bitbucket Server.
const MERGE_TITLE = /^Merge pull request #(\d+) from \S/;
// A squash or rebase merge title ends with the number: "Bump image (#34)".
const SQUASH_SUFFIX = /\(#(\d+)\)\s*$/;
// GitLab's merge commit body: "See merge request group/project!56".
const GITLAB_MERGE_REQUEST = /^See merge request \S+!(\d+)\s*$/m;

/**
 * The pull request a commit came from, read from its message the way the
 * hosting services write it; undefined when the message names none.
 */
export function pullRequestNumber(message: string): number | undefined {
  const title = message.split('\n', 1)[0].trim();
  const match =
    MERGE_TITLE.exec(title) ??
    SQUASH_SUFFIX.exec(title) ??
    GITLAB_MERGE_REQUEST.exec(message);
  return match ? Number(match[1]) : undefined;
}

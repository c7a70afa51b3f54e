/** Browse links of a repository: GitHub's, or what config says for plain Git. */
export interface RepositoryLinks {
  remoteUrl: string;
  commitUrl?: string;
  /** Where the catalog reads a file on the tracked branch. */
  fileUrl?: string;
}

const placeholders = (template: string, values: Record<string, string>) =>
  template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in values ? values[key] : whole,
  );

export function repositoryLinks(options: {
  repoUrl: string;
  provider: 'github' | 'git';
  branch: string;
  commitSha?: string;
  file: string;
  /** `gitops.scaffolder.plainGitFileUrl`, e.g. `{{repoUrl}}/raw/{{branch}}/{{path}}`. */
  plainGitFileUrl?: string;
}): RepositoryLinks {
  const { repoUrl, provider, branch, commitSha, file } = options;
  if (provider === 'github') {
    const base = repoUrl.replace(/\.git$/, '').replace(/\/+$/, '');
    return {
      remoteUrl: base,
      ...(commitSha && { commitUrl: `${base}/commit/${commitSha}` }),
      fileUrl: `${base}/blob/${branch}/${file}`,
    };
  }
  return {
    remoteUrl: repoUrl,
    ...(options.plainGitFileUrl && {
      fileUrl: placeholders(options.plainGitFileUrl, {
        repoUrl: repoUrl.replace(/\/+$/, ''),
        branch,
        path: file,
      }),
    }),
  };
}

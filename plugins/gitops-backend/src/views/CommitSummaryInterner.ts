import type {
  CommitSummary,
  Deployment,
} from '@gitops-console/plugin-gitops-common';

/**
 * One object per distinct commit summary across all deployment views.
 * Every deployment of a repository shows the same few commits (the head,
 * the last change of a shared base, the history of a release train), and
 * each build makes its own copies of them (links, CI state, redaction):
 * at 12,000 views that is one copy per view per commit shown. Equal
 * summaries (the same JSON) are replaced by the first one still alive, so
 * views share them. Entries go when no view holds the summary any more.
 */
export class CommitSummaryInterner {
  private readonly canonical = new Map<string, WeakRef<CommitSummary>>();
  private readonly forget = new FinalizationRegistry<string>(key => {
    if (!this.canonical.get(key)?.deref()) this.canonical.delete(key);
  });

  /** The shared summary equal to `summary` (which becomes it when new). */
  intern(summary: CommitSummary): CommitSummary {
    const key = JSON.stringify(summary);
    const known = this.canonical.get(key)?.deref();
    if (known) return known;
    this.canonical.set(key, new WeakRef(summary));
    this.forget.register(summary, key);
    return summary;
  }

  /** Distinct summaries held (for tests and memory figures). */
  get size(): number {
    return this.canonical.size;
  }

  /**
   * Replaces the commit summaries of a freshly built deployment, in place
   * (its arrays may be shared between the deployment and its source, and
   * stay so). Shared summaries are never changed afterwards: a later state
   * is a new build.
   */
  internDeployment(deployment: Deployment): Deployment {
    const intern = (s: CommitSummary) => this.intern(s);
    const internAll = (list: CommitSummary[]) => {
      for (let i = 0; i < list.length; i++) list[i] = intern(list[i]);
    };
    if (deployment.deployedCommit) {
      deployment.deployedCommit = intern(deployment.deployedCommit);
    }
    if (deployment.lastChange) {
      deployment.lastChange = intern(deployment.lastChange);
    }
    internAll(deployment.pendingCommits);
    for (const entry of deployment.history) {
      if (entry.commit) entry.commit = intern(entry.commit);
    }
    for (const source of deployment.sources) {
      if (source.lastChange) source.lastChange = intern(source.lastChange);
      internAll(source.pendingCommits);
    }
    // `source` is the first of `sources` (the same object) or its own copy.
    const first = deployment.source;
    if (first && !deployment.sources.includes(first)) {
      if (first.lastChange) first.lastChange = intern(first.lastChange);
      internAll(first.pendingCommits);
    }
    return deployment;
  }
}

export interface Config {
  /** Configuration for the GitOps Console backend plugin. */
  gitops?: {
    /**
     * Kubernetes clusters whose Argo CD and Flux resources are watched. When
     * absent, the clusters of `kubernetes.clusterLocatorMethods` with
     * `type: config` are used instead.
     */
    clusters?: Array<{
      /** A unique name, shown in the UI and used in API paths. */
      name: string;
      /** The Kubernetes API server URL, for example https://10.0.0.1:6443 */
      url: string;
      /**
       * A bearer token (for example a service account token).
       * @visibility secret
       */
      token?: string;
      /** A file holding the bearer token, re-read when it changes. */
      tokenFile?: string;
      /** Base64-encoded PEM of the CA that signed the API server certificate. */
      caData?: string;
      /** A file holding the PEM of the CA. */
      caFile?: string;
      /** Skips TLS verification. Only for local clusters. */
      skipTLSVerify?: boolean;
      /** The environment this cluster serves, for example `production`. */
      environment?: string;
      /**
       * Base URL of the Argo CD UI that manages this cluster, for deep links
       * (for example https://argocd.example.com).
       */
      argocdUrl?: string;
      /**
       * The only namespaces whose Argo CD and Flux resources (and Flux
       * sources) are read: one list+watch per namespace and kind. Resources
       * elsewhere are never read, so they cannot appear on an entity, and a
       * Role per listed namespace is enough RBAC. Default: every namespace.
       */
      namespaces?: string[];
      /**
       * A watch that delivers no event or bookmark for this many seconds,
       * with an API server that does not answer a probe either, is treated
       * as hung: the cluster is reported unreachable and its watches are
       * restarted. Also bounds every request (half of it, 2–30 s).
       * Default 60.
       */
      watchTimeoutSeconds?: number;
    }>;
    /**
     * CI results of the commits views show (GitHub commit statuses and check
     * runs), read in the background and never per page view.
     */
    ci?: {
      /** Default true; false reads no CI state at all. */
      enabled?: boolean;
      /** Seconds between two reads of one commit's CI state. Default 60. */
      pollSeconds?: number;
      /** Commits read per round (at most one round a second). Default 50. */
      maxPerRound?: number;
    };
    /**
     * Owner notifications through Backstage's notifications plugin.
     */
    notifications?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * How long a deployment must be failing, out of sync or unknown
       * before its owners are told, as a Backstage duration
       * (`{ minutes: 10 }`, `PT10M`). Default 10 minutes.
       */
      after?:
        | string
        | { days?: number; hours?: number; minutes?: number; seconds?: number };
    };
    /**
     * The deployment ledger: every observed change of a deployment's
     * deployed revision or drift state, in the plugin's database
     * (see docs/ledger.md).
     */
    ledger?: {
      /**
       * Events older than this many days are deleted by a daily task.
       * Default 400.
       */
      retentionDays?: number;
    };
    /**
     * The deployment views, which are maintained on change and read by
     * every request (see docs/serving-model.md).
     */
    views?: {
      /**
       * Seconds between two full reads of the catalog's GitOps entities
       * (the catalog publishes no change events). An entity opened before
       * the next read is added at once. Default: 60.
       */
      catalogRefreshSeconds?: number;
      /**
       * How long a request for an entity whose view is being built for the
       * first time waits for it before answering `computing: true`.
       * Default: 5.
       */
      firstAnswerWaitSeconds?: number;
    };
    /** Backstage signals that tell open pages an answer changed. */
    signals?: {
      /**
       * The secret that makes per-entity channel names opaque. Replicas
       * must share it so that a page served by one hears another's signals;
       * without it each process draws a random one.
       * @visibility secret
       */
      channelSecret?: string;
    };
    /** GitHub push webhooks, which refresh a repository's Git cache at once. */
    webhooks?: {
      github?: {
        /**
         * The secret configured on the GitHub webhook; payloads are checked
         * against it (X-Hub-Signature-256) and rejected without it.
         * @visibility secret
         */
        secret: string;
      };
    };

    /** How the backend reads the Git repositories that deployments track. */
    git?: {
      /**
       * Hosts and URL prefixes that plain Git may fetch from, besides the
       * hosts of configured integrations (`integrations.*`). Repository URLs
       * come from catalog annotations and custom resources, so anything else
       * is refused rather than fetched. An entry is a host (`git.example.com`,
       * or `127.0.0.1:8765` with a port when it is not the default) or a URL
       * prefix matching whole path segments (`https://git.example.com/team`,
       * `file:///srv/git`); `file://` URLs are only allowed by a prefix.
       */
      allowedHosts?: string[];
      /**
       * The folder of the plain Git provider's bare mirrors. Default:
       * `backstage-gitops-git` in `backend.workingDirectory`, or else a
       * folder private to the process (mode 0700, unique, removed at
       * shutdown). A configured folder may be shared by several backends:
       * clones and fetches then take a lock per mirror.
       */
      cacheDir?: string;
      /**
       * Commits of each tracked branch that the in-process commit index
       * keeps (it reads older ones when a deployment needs them). Bounds
       * memory: about 2 KB per commit. Default: 5000.
       */
      historyDepth?: number;
      /**
       * Seconds a clone, fetch, tree read or GitHub request may take before
       * it is abandoned, so a hung Git server blocks nothing for long.
       * Default: 30.
       */
      timeoutSeconds?: number;
      /**
       * How many repository mirrors the cache keeps; the least recently used
       * are deleted beyond it. Default: 50.
       */
      maxCachedRepos?: number;
      /**
       * The minimum number of seconds between two fetches of a repository
       * (plain Git) or two revalidations of a branch or tag (GitHub, with
       * conditional requests). A push webhook refreshes at once. Default: 15.
       */
      fetchIntervalSeconds?: number;
    };

    /**
     * How GitHub reads survive GitHub failing (see
     * docs/resilience-github.md). While GitHub fails or rate-limits, cached
     * answers are served and the API says `stale: true` with the reason.
     */
    github?: {
      /**
       * Retries of a failed GitHub read (5xx, connection reset, rate
       * limit), and the pause per API host and credential after failures:
       * exponential backoff with jitter, then one request at a time until
       * GitHub answers again. Never sooner than GitHub's `retry-after` or
       * rate-limit reset.
       */
      retry?: {
        /** Sends of one request at most, the first included. Default: 3. */
        maxAttempts?: number;
        /**
         * The pause after the first failure, in milliseconds; it doubles
         * with each further failure in a row. Default: 500.
         */
        baseDelayMs?: number;
        /** The longest pause after failures, in seconds. Default: 30. */
        maxDelaySeconds?: number;
        /**
         * The longest wait (GitHub's `retry-after` or rate-limit reset, or
         * a pause) that a read waits out to retry, in seconds, in all.
         * Longer: the cached answer is served, marked stale, and nothing is
         * sent to GitHub before the time it named. Default: 10.
         */
        maxWaitSeconds?: number;
      };
      /**
       * GitHub reads a minute at most, per API host and credential, in
       * this process. GitHub's secondary rate limit for REST is 900 a
       * minute, and a first start reads a long history one commit per
       * request. Default: 850 for github.com, no pacing for GitHub
       * Enterprise Server (its limits are its administrators'). Set, it
       * applies to every host; 0: no pacing (at most 100000). Replicas pace
       * each on its own, and other users of the same credential count too:
       * lower it to leave them room. Writes are not paced, and a read's
       * wait for its turn is not counted in `retry.maxWaitSeconds`.
       */
      requestsPerMinute?: number;
      /**
       * GitHub answers with their ETags kept in Backstage's cache service
       * (`backend.cache`), behind the in-process cache: with
       * `backend.cache.store: redis` every replica revalidates what
       * another one fetched (a 304, free of rate limit) instead of
       * fetching it again. Values are small JSON; no credential is stored.
       */
      sharedCache?: {
        /**
         * Default: true when `backend.cache.store` is a store replicas
         * share (redis, valkey, memcache, infinispan), false for `memory`
         * (one unbounded map per process, shared with nobody).
         */
        enabled?: boolean;
        /** Seconds an answer is kept. Default: 86400 (one day). */
        ttlSeconds?: number;
      };
      /**
       * GitHub answers addressed by SHA (a commit with its changed files,
       * a tree, a compare of two SHAs) kept in the plugin's database, so a
       * restart does not read the history again one request per commit.
       * Replicas on one PostgreSQL share them. No credential is stored.
       */
      answerStore?: {
        /** Default: true. */
        enabled?: boolean;
        /** Days an answer is kept before it is read again. Default: 30. */
        retentionDays?: number;
      };
    };

    /** Rollback, revert-commit, sync and the other actions (issue 12). */
    actions?: {
      /**
       * Seconds between two reads of the open pull requests' state on
       * GitHub (merged, closed); deployments are checked on every view
       * change as well. Default: 60.
       */
      prPollSeconds?: number;
      /**
       * Seconds after which an action left `requested` by a process that
       * stopped renewing its claim is taken over by another process and
       * finished or failed. At least 30 (a live process renews its claim
       * every 10 s). Default: 60.
       */
      staleAfterSeconds?: number;
      /**
       * How rollback and revert-commit reach each repository, by URL
       * prefix (the longest matching prefix wins, whole path segments
       * only; a bare host is allowed). `pull-request` (GitHub only; plain
       * Git treats it as `branch`): a branch
       * `gitops-console/rollback-<id>` and a pull request. `branch`: the
       * branch without a pull request. `direct`: a commit on the tracked
       * branch. Default: `pull-request` on GitHub, `branch` elsewhere.
       */
      git?: Array<{
        urlPrefix: string;
        mode: 'pull-request' | 'branch' | 'direct';
      }>;
      /**
       * The author and committer of the console's commits, written
       * `'Name <email>'` or `{ name, email }`. The Backstage user and the
       * action id are trailers of the message. Default:
       * `GitOps Console <gitops-console@noreply>`.
       */
      botIdentity?: string | { name: string; email: string };
      /**
       * A case-insensitive regular expression matched against the messages
       * of the commits a rollback undoes (and those outside its path): a
       * match is warned about, e.g. a database migration a Git rollback
       * cannot undo. Default: `migration|schema`.
       */
      riskyCommitPattern?: string;
      /**
       * How long `POST .../actions` waits for the commit, pull request or
       * patch before answering with the record still `requested` (pages
       * follow it live either way). Default: 30.
       */
      createWaitSeconds?: number;
    };
  };
}

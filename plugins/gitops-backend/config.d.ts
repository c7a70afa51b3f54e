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
    }>;
    /**
     * How long an entity's computed deployments are reused while the
     * clusters report no change to its resources. Git changes show after at
     * most this plus `git.fetchIntervalSeconds`, or at once with the push
     * webhook. Default 15.
     */
    deploymentCacheSeconds?: number;
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
       * `backstage-gitops-git` in `backend.workingDirectory`, or in the
       * system's temporary folder.
       */
      cacheDir?: string;
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
  };
}

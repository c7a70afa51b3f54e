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
    }>;
  };
}

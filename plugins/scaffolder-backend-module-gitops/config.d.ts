export interface Config {
  gitops?: {
    /** The scaffolder actions `gitops:app:render` and `gitops:app:publish`. */
    scaffolder?: {
      /**
       * Where a new app's files go in the GitOps repository. Each value is a
       * path template: `{{name}}` is the app name, `{{environment}}` the
       * environment.
       */
      layout?: {
        /** The app's folder: `base/` and `overlays/<env>/` go under it. Default `apps/{{name}}`. */
        appPath?: string;
        /**
         * The folder of the CD objects of one environment, the folder the
         * environment's root app (Argo CD app-of-apps, Flux cluster
         * Kustomization) reads. Default `clusters/{{environment}}`.
         */
        cdObjectsPath?: string;
      };
      /**
       * The environments a template may choose. Default: the distinct
       * `gitops.clusters[].environment` values; when none is set, any DNS label.
       */
      environments?: string[];
      /** The GitOps repository an app goes to when the template names none. */
      defaultRepoUrl?: string;
      /** Per CD tool, before `defaultRepoUrl`: the demo has one repository for each. */
      defaultRepoUrls?: { argocd?: string; flux?: string };
      /**
       * Where the catalog can read a file of a plain Git repository (GitHub's
       * are known), so that `catalog:register` can read the new
       * catalog-info.yaml. Placeholders: `{{repoUrl}}`, `{{branch}}`, `{{path}}`.
       */
      plainGitFileUrl?: string;
      /** Argo CD defaults for the rendered Applications. */
      argocd?: {
        /** Namespace of the Application objects. Default `argocd`. */
        namespace?: string;
        /** AppProject. Default `default`. */
        project?: string;
        /** Destination API server. Default `https://kubernetes.default.svc`. */
        destinationServer?: string;
      };
      /** Flux defaults for the rendered Kustomizations. */
      flux?: {
        /** Namespace of the Kustomization and GitRepository objects. Default `flux-system`. */
        namespace?: string;
        /**
         * GitRepository objects that exist already, by repository URL: a
         * repository listed here is not given a new GitRepository.
         */
        sources?: Array<{ url: string; name: string; namespace?: string }>;
      };
    };
  };
}

import { CodeSnippet } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

const EXAMPLE = `metadata:
  annotations:
    # Argo CD Applications by name (a comma list) ...
    argocd/app-name: my-service-staging,my-service-production
    # ... or Argo CD / Flux resources labelled backstage.io/kubernetes-id=my-service
    backstage.io/kubernetes-id: my-service
    # Optional: the order in which environments are shown
    gitops.backstage.io/environments: staging,production`;

/** How to annotate an entity so its deployments are found. */
export function AnnotationHelp() {
  return (
    <>
      <Typography variant="body2" paragraph>
        GitOps Console finds an entity's Argo CD Applications and Flux
        Kustomizations or HelmReleases through the annotations the Argo CD and
        Kubernetes plugins already use. Add one of them to the entity's
        catalog-info.yaml:
      </Typography>
      <CodeSnippet language="yaml" text={EXAMPLE} showCopyCodeButton />
      <Typography variant="body2" color="textSecondary">
        Also supported: argocd/app-selector, argocd/app-namespace,
        argocd/project-name, backstage.io/kubernetes-label-selector and
        backstage.io/kubernetes-namespace.
      </Typography>
    </>
  );
}

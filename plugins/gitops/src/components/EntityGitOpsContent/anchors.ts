/** The element id of a deployment's section, for in-page links. */
export function deploymentAnchor(deploymentId: string): string {
  return `gitops-${deploymentId.replace(/[^a-zA-Z0-9_-]+/g, '-')}`;
}

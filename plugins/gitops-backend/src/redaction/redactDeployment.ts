import {
  redactValue,
  type Deployment,
} from '@gitops-console/plugin-gitops-common';

/**
 * A deployment as it may be stored and served: no credential in any URL
 * (`source(s)[].repoURL`, `links.*`, commit and PR URLs, render inputs) or
 * message (drift reasons, problem). Every string is covered, so fields
 * added later are redacted too.
 */
export function redactDeployment<T extends Deployment>(deployment: T): T {
  return redactValue(deployment);
}

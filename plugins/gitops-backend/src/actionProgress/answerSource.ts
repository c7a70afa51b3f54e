import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import type { DeploymentViews } from '../views/DeploymentViews';

/** Where the tracker reads an entity's current deployments answer. */
export interface AnswerSource {
  /** The entity's answer now; undefined while it is built or malformed. */
  answerFor(entityRef: string): EntityDeploymentsResponse | undefined;
  /** Called with the entity ref whenever its answer changed. */
  subscribe(listener: (entityRef: string) => void): () => void;
}

/** The serving model's views as an AnswerSource. */
export function viewsAnswerSource(
  views: Pick<DeploymentViews, 'answer' | 'onAnswerChanged'>,
): AnswerSource {
  return {
    answerFor(entityRef) {
      try {
        return views.answer(entityRef);
      } catch {
        // A malformed annotation: there is no deployment to watch.
        return undefined;
      }
    },
    subscribe: listener =>
      views.onAnswerChanged(entityRef => listener(entityRef)),
  };
}

import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { gitopsApiRef } from '../api/GitOpsApi';
import { GitOpsClient } from '../api/GitOpsClient';

export const gitopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: gitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitOpsClient({ discoveryApi, fetchApi }),
    }),
});

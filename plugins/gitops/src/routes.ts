import { createRouteRef } from '@backstage/core-plugin-api';

/** The GitOps tab of an entity page (legacy frontend system). */
export const entityContentRouteRef = createRouteRef({ id: 'gitops' });

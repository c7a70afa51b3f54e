import { createRouteRef } from '@backstage/core-plugin-api';

/** The GitOps tab of an entity page. */
export const entityContentRouteRef = createRouteRef({ id: 'gitops' });

/** The fleet page, `/gitops` by default. */
export const fleetPageRouteRef = createRouteRef({ id: 'gitops-fleet' });

/*
 * The GitOps Console demo backend: catalog, scaffolder, guest auth,
 * permissions, signals and the GitOps plugin.
 */
import { createBackend } from '@backstage/backend-defaults';
import { gitopsRepositoryWriterServiceFactory } from '@gitops-console/plugin-gitops-backend';
import {
  httpRouterWithoutStacks,
  rootHttpRouterWithoutStacks,
} from './services/errorBodiesWithoutStacks';
import { applyHeapGrowth } from './heapGrowth';

// V8's heap growing factor, before the plugins build their views
// (README, Scale; GITOPS_HEAP_GROWING_PERCENT=0 leaves V8's own).
applyHeapGrowth();

const backend = createBackend();

// API error bodies carry no stack trace, in development mode too.
backend.add(rootHttpRouterWithoutStacks);
backend.add(httpRouterWithoutStacks);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@gitops-console/plugin-scaffolder-backend-module-gitops'));
// The Git write path the scaffolder's gitops:app:publish uses. Imported
// statically: a dynamic import of the transpiled package yields only its
// `default`, so a named export read from it is undefined.
backend.add(gitopsRepositoryWriterServiceFactory);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// Signals reach open pages through the events bus.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// Owner notifications from the GitOps plugin (lasting failures, recoveries,
// finished actions) appear under the bell.
backend.add(import('@backstage/plugin-notifications-backend'));

backend.add(import('@gitops-console/plugin-gitops-backend'));
// Demo only: the demo cluster's 30 days of deployments, failures and a
// revert, seeded into the ledger (docs/demo-history.md).
backend.add(import('./modules/demoDeliveryHistory'));

backend.start();

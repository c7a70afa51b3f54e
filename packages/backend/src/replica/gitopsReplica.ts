/*
 * A minimal backend: the catalog and the GitOps plugin, with Backstage's
 * default services (database, scheduler, auth, permissions) and nothing
 * else. The two-process test of issue 12
 * (plugins/gitops-backend/src/actionProgress/twoProcesses.test.ts) starts
 * it twice on one PostgreSQL, as two replicas of one installation, each
 * with its own --config.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@gitops-console/plugin-gitops-backend'));
backend.start();

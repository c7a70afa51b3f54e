/*
 * The benchmark backend: the catalog, the GitOps Console backend and the
 * Kubernetes plugin's backend, side by side on the same clusters. Started by
 * the benchmark as a child process with a generated config (--config).
 */
import { createBackend } from '@backstage/backend-defaults';
import { benchMemoryPlugin } from './memoryPlugin';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
// The benchmark is the one place that wires plugins together outside packages/backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
backend.add(import('@gitops-console/plugin-gitops-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
// GET /api/bench/memory: the live heap after a collection (bench only).
backend.add(benchMemoryPlugin);
backend.start();

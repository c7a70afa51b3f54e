import express from 'express';
import Router from 'express-promise-router';
import type { GitOpsHealthResponse } from '@gitops-console/plugin-gitops-common';
import type { ClustersFromConfig } from '../config/readClusters';

export interface RouterOptions {
  version: string;
  clusters: ClustersFromConfig;
}

export const NO_CLUSTERS_MESSAGE =
  'No clusters are configured. Add entries under gitops.clusters (or kubernetes.clusterLocatorMethods with type: config) in app-config.yaml.';

export function createRouter(options: RouterOptions): express.Router {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const names = options.clusters.clusters.map(c => c.name);
    const body: GitOpsHealthResponse = {
      status: 'ok',
      version: options.version,
      clusters: names,
      ...(names.length === 0 && { message: NO_CLUSTERS_MESSAGE }),
    };
    res.json(body);
  });

  return router;
}

import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parseAllDocuments } from 'yaml';
import { waitFor } from '../process/waitFor';
import { KubeRestClient } from './kubeRestClient';

/** The folder holding the official Argo CD and Flux CRDs (see its README). */
export const OFFICIAL_CRDS_DIR = resolvePackagePath(
  '@gitops-console/testkit',
  'crds',
);

/** Every CRD file under `dir`, sorted for a stable order. */
export function listCrdFiles(dir = OFFICIAL_CRDS_DIR): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(file => /\.ya?ml$/.test(file))
    .sort()
    .map(file => path.join(dir, file));
}

/** Reads the CustomResourceDefinition documents from YAML files. */
export function loadCrds(files: string[]): any[] {
  return files.flatMap(file =>
    parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map(doc => doc.toJS())
      .filter(doc => doc?.kind === 'CustomResourceDefinition'),
  );
}

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/**
 * Installs the CRDs with server-side apply (idempotent, so a restarted
 * environment can call it again) and waits until each is Established and its
 * resources answer a list request.
 */
export async function installCrds(
  client: KubeRestClient,
  crds: any[],
  timeoutMs = 60_000,
): Promise<void> {
  await Promise.all(
    crds.map(crd =>
      client.request(
        'PATCH',
        `${CRD_PATH}/${crd.metadata.name}?fieldManager=testkit&force=true`,
        crd,
        'application/apply-patch+yaml',
      ),
    ),
  );
  await Promise.all(
    crds.map(async crd => {
      const name = crd.metadata.name;
      await waitFor(
        `CRD ${name} to be Established`,
        async () => {
          const current = await client.request('GET', `${CRD_PATH}/${name}`);
          return (current.status?.conditions ?? []).some(
            (c: any) => c.type === 'Established' && c.status === 'True',
          );
        },
        { timeoutMs, intervalMs: 100 },
      );
      const version = crd.spec.versions.find((v: any) => v.served)?.name;
      const listPath = `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`;
      await waitFor(
        `${name} to be served`,
        async () => (await client.raw('GET', listPath)).statusCode === 200,
        { timeoutMs, intervalMs: 100 },
      );
    }),
  );
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { freePort } from '../process/freePort';
import { ManagedProcess } from '../process/managedProcess';
import { makeTempDir } from '../process/tempDir';
import { startApiserver, writeApiserverSecrets } from './apiserver';
import { KubeBinaries, locateKubeBinaries } from './binaries';
import { installCrds, listCrdFiles, loadCrds } from './crds';
import { compactEtcd, startEtcd } from './etcd';
import { makeKubeConfig, writeKubeconfigFile } from './kubeConfig';
import { KubeRestClient } from './kubeRestClient';
import {
  createCertificateAuthority,
  generateRsaKeyPair,
  issueServingCertificate,
} from './pki';
import { KubeObject, KubeResources, StoredObject } from './resources';
import {
  createServiceAccountToken,
  PolicyRule,
  ServiceAccountIdentity,
  ServiceAccountTokenOptions,
} from './serviceAccounts';

export interface TestEnvironmentOptions {
  /**
   * CRD files to install: true (default) for the official Argo CD and Flux
   * CRDs in packages/testkit/crds, false for none, or a list of YAML files.
   */
  crds?: boolean | string[];
  /** Binaries to use; default: KUBEBUILDER_ASSETS or the per-user cache. */
  binaries?: KubeBinaries;
  /** Upper bound for etcd + apiserver + CRDs to become ready. Default 90 s. */
  startTimeoutMs?: number;
  /**
   * More kube-apiserver flags, e.g. `--watch-cache=false` so watches read
   * etcd directly and an etcd compaction past their version gives `410 Gone`.
   */
  apiserverArgs?: string[];
}

/** A running etcd + kube-apiserver with the CRDs installed. */
export interface TestEnvironment {
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** The CA that signed the serving certificate (PEM). */
  readonly caPem: string;
  /** A static token of a system:masters member. */
  readonly adminToken: string;
  /** An admin KubeConfig for @kubernetes/client-node. */
  readonly kubeConfig: KubeConfig;
  /** The same admin access as a kubeconfig file, for kubectl or KUBECONFIG. */
  readonly kubeconfigPath: string;
  /** etcd's client URL (http://127.0.0.1:<port>), for its HTTP gateway. */
  readonly etcdUrl: string;
  /** Where etcd.log and kube-apiserver.log are written (removed by stop()). */
  readonly logDir: string;
  /** How long start-up took, in milliseconds. */
  readonly startupMs: number;
  /** Creates or updates an object (server-side apply, forced). */
  apply<T extends KubeObject>(obj: T): Promise<StoredObject<T>>;
  /**
   * Writes status like a controller: through the status subresource where
   * the kind has one (Flux), else with the object (Argo CD's Application,
   * including `operation`; `operation: null` removes it).
   */
  setStatus<T extends KubeObject>(obj: T): Promise<StoredObject<T>>;
  /** The stored object, or undefined when it does not exist. */
  get<T extends KubeObject>(obj: KubeObject): Promise<T | undefined>;
  /** Deletes an object; a missing one is not an error. */
  delete(obj: KubeObject): Promise<void>;
  /** Creates a namespace (random name by default) and returns its name. */
  createNamespace(name?: string): Promise<string>;
  createServiceAccountToken(
    rules: PolicyRule[],
    options?: ServiceAccountTokenOptions,
  ): Promise<ServiceAccountIdentity>;
  /** A KubeConfig for any bearer token against this apiserver. */
  kubeConfigForToken(token: string, user?: string): KubeConfig;
  /**
   * Stops and starts kube-apiserver on the same port (etcd too with
   * `{ etcd: true }`); stored objects survive, open watches break. With
   * `{ kill: true }` kube-apiserver gets SIGKILL instead of a graceful stop,
   * as a crashed server: no goodbye on open connections.
   */
  restart(options?: { etcd?: boolean; kill?: boolean }): Promise<void>;
  /**
   * Compacts etcd's history up to its current revision (etcd's HTTP gateway,
   * `POST /v3/kv/compaction`) and answers that revision: a watch from a
   * resourceVersion below it minus one (a watch reads from the next
   * revision) then gets `410 Gone` where it reads etcd.
   */
  compactEtcd(): Promise<number>;
  /**
   * Freezes kube-apiserver with SIGSTOP: it keeps its port, the kernel still
   * accepts connections, but nothing answers — a hung API server. Open
   * watches stay open and silent. Undone by resume(), restart() or stop().
   */
  pause(): void;
  /** Lets a paused kube-apiserver run again (SIGCONT). */
  resume(): void;
  /** Stops every process and removes the temporary files. Idempotent. */
  stop(): Promise<void>;
}

const ADMIN_USER = 'testkit-admin';

function crdFilesFor(crds: TestEnvironmentOptions['crds']): string[] {
  if (crds === false) return [];
  if (Array.isArray(crds)) return crds;
  return listCrdFiles();
}

/**
 * Starts etcd and kube-apiserver on free loopback ports with real TLS, token
 * authentication and RBAC, then installs the CRDs. Each call is independent,
 * so parallel test files each get their own cluster.
 */
export async function startTestEnvironment(
  options: TestEnvironmentOptions = {},
): Promise<TestEnvironment> {
  const started = Date.now();
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const binaries = options.binaries ?? locateKubeBinaries();
  const root = makeTempDir('gitops-testkit-kube');
  const logDir = path.join(root.path, 'logs');
  fs.mkdirSync(logDir);
  const processes: { etcd?: ManagedProcess; apiserver?: ManagedProcess } = {};
  let client: KubeRestClient | undefined;

  const stopAll = async () => {
    processes.apiserver?.signal('SIGCONT');
    await processes.apiserver?.stop();
    await processes.etcd?.stop();
    client?.close();
    root.remove();
  };

  try {
    const ca = createCertificateAuthority('gitops-testkit-ca');
    const serving = issueServingCertificate(ca, {
      commonName: 'kube-apiserver',
      ipAddresses: ['127.0.0.1', '10.96.0.1'],
      dnsNames: [
        'localhost',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
      ],
    });
    const adminToken = randomBytes(24).toString('hex');
    const files = writeApiserverSecrets(path.join(root.path, 'pki'), {
      ca,
      serving,
      serviceAccountKeys: generateRsaKeyPair(),
      tokens: [
        {
          token: adminToken,
          user: ADMIN_USER,
          uid: 'testkit-admin',
          groups: ['system:masters'],
        },
      ],
    });

    const etcdOptions = {
      binary: binaries.etcd,
      dataDir: path.join(root.path, 'etcd'),
      orphanDir: root.path,
      logDir,
    };
    const etcd = await startEtcd(etcdOptions);
    processes.etcd = etcd.process;

    let port = await freePort();
    const launchApiserver = (adminClient: KubeRestClient) =>
      startApiserver({
        binary: binaries.kubeApiserver,
        etcdUrl: etcd.clientUrl,
        port,
        files,
        adminClient,
        logDir,
        timeoutMs,
        extraArgs: options.apiserverArgs,
      });
    for (let attempt = 1; ; attempt++) {
      client = new KubeRestClient(
        `https://127.0.0.1:${port}`,
        ca.certPem,
        adminToken,
      );
      try {
        processes.apiserver = await launchApiserver(client);
        break;
      } catch (error) {
        // Another process may have taken the free port meanwhile; try another.
        if (attempt >= 3 || !/address already in use/.test(String(error)))
          throw error;
        client.close();
        port = await freePort();
      }
    }
    const server = `https://127.0.0.1:${port}`;

    const crdFiles = crdFilesFor(options.crds);
    if (crdFiles.length)
      await installCrds(client!, loadCrds(crdFiles), timeoutMs);

    const kubeconfigPath = path.join(root.path, 'kubeconfig.yaml');
    writeKubeconfigFile(kubeconfigPath, {
      server,
      caPem: ca.certPem,
      token: adminToken,
      user: ADMIN_USER,
    });
    const kubeConfigForToken = (token: string, user = 'testkit-user') =>
      makeKubeConfig({ server, caPem: ca.certPem, token, user });
    const resources = new KubeResources(client!);

    let stopped = false;
    return {
      server,
      caPem: ca.certPem,
      adminToken,
      kubeConfig: kubeConfigForToken(adminToken, ADMIN_USER),
      kubeconfigPath,
      etcdUrl: etcd.clientUrl,
      logDir,
      startupMs: Date.now() - started,
      apply: obj => resources.apply(obj),
      setStatus: obj => resources.setStatus(obj),
      get: obj => resources.get(obj),
      delete: obj => resources.delete(obj),
      async createNamespace(name = `test-${randomBytes(4).toString('hex')}`) {
        await resources.apply({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name },
        });
        return name;
      },
      createServiceAccountToken: (rules, saOptions) =>
        createServiceAccountToken(
          client!,
          resources,
          kubeConfigForToken,
          rules,
          saOptions,
        ),
      kubeConfigForToken,
      pause() {
        processes.apiserver?.signal('SIGSTOP');
      },
      resume() {
        processes.apiserver?.signal('SIGCONT');
      },
      async restart(restartOptions = {}) {
        // A stopped process would not act on SIGTERM until the grace period ends.
        processes.apiserver?.signal('SIGCONT');
        if (restartOptions.kill) {
          processes.apiserver?.signal('SIGKILL');
          await processes.apiserver?.waitForExit();
        }
        await processes.apiserver?.stop();
        if (restartOptions.etcd) {
          await processes.etcd?.stop();
          processes.etcd = (
            await startEtcd({
              ...etcdOptions,
              clientPort: etcd.clientPort,
              peerPort: etcd.peerPort,
            })
          ).process;
        }
        processes.apiserver = await launchApiserver(client!);
      },
      compactEtcd: () => compactEtcd(etcd.clientUrl),
      async stop() {
        if (stopped) return;
        stopped = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

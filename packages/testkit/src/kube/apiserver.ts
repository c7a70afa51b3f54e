import fs from 'node:fs';
import path from 'node:path';
import { ManagedProcess } from '../process/managedProcess';
import { waitFor } from '../process/waitFor';
import { KubeRestClient } from './kubeRestClient';
import { CertificateAndKey, KeyPair } from './pki';

/** The files kube-apiserver reads its identity and trust from. */
export interface ApiserverSecrets {
  ca: CertificateAndKey;
  serving: CertificateAndKey;
  serviceAccountKeys: KeyPair;
  /** Static bearer tokens: token → user and groups. */
  tokens: Array<{ token: string; user: string; uid: string; groups: string[] }>;
}

/** Writes the secrets into `dir` and returns the paths the flags need. */
export function writeApiserverSecrets(dir: string, secrets: ApiserverSecrets) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string, content: string) => {
    const filePath = path.join(dir, name);
    fs.writeFileSync(filePath, content, { mode: 0o600 });
    return filePath;
  };
  return {
    caCert: file('ca.crt', secrets.ca.certPem),
    servingCert: file('apiserver.crt', secrets.serving.certPem),
    servingKey: file('apiserver.key', secrets.serving.keyPem),
    serviceAccountPublicKey: file(
      'sa.pub',
      secrets.serviceAccountKeys.publicKeyPem,
    ),
    serviceAccountPrivateKey: file(
      'sa.key',
      secrets.serviceAccountKeys.privateKeyPem,
    ),
    tokenFile: file(
      'tokens.csv',
      `${secrets.tokens
        .map(t => `${t.token},${t.user},${t.uid},"${t.groups.join(',')}"`)
        .join('\n')}\n`,
    ),
  };
}

/**
 * Starts kube-apiserver on 127.0.0.1:`port` against `etcdUrl` and waits until
 * /readyz answers ok (all post-start hooks, including the RBAC bootstrap
 * roles, have run).
 */
export async function startApiserver(options: {
  binary: string;
  etcdUrl: string;
  port: number;
  files: ReturnType<typeof writeApiserverSecrets>;
  adminClient: KubeRestClient;
  orphanDir?: string;
  logDir: string;
  timeoutMs?: number;
  /** More flags, after the defaults (a repeated flag's last value wins). */
  extraArgs?: string[];
}): Promise<ManagedProcess> {
  const { files } = options;
  const server = `https://127.0.0.1:${options.port}`;
  const apiserver = ManagedProcess.start({
    name: 'kube-apiserver',
    command: options.binary,
    args: [
      `--etcd-servers=${options.etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${options.port}`,
      `--tls-cert-file=${files.servingCert}`,
      `--tls-private-key-file=${files.servingKey}`,
      `--client-ca-file=${files.caCert}`,
      `--token-auth-file=${files.tokenFile}`,
      '--authorization-mode=RBAC',
      `--service-account-issuer=${server}`,
      `--service-account-key-file=${files.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${files.serviceAccountPrivateKey}`,
      '--service-cluster-ip-range=10.96.0.0/24',
      // Nothing here runs pods or a controller manager.
      '--disable-admission-plugins=ServiceAccount',
      '--allow-privileged=true',
      '--profiling=false',
      `--cert-dir=${path.dirname(files.caCert)}`,
      '--v=1',
      ...(options.extraArgs ?? []),
    ],
    orphanDir: options.orphanDir,
    logFile: path.join(options.logDir, 'kube-apiserver.log'),
  });
  await waitFor(
    'kube-apiserver /readyz',
    async () => {
      const response = await options.adminClient.raw('GET', '/readyz');
      return response.statusCode === 200;
    },
    {
      timeoutMs: options.timeoutMs ?? 60_000,
      intervalMs: 200,
      failure: () => (apiserver.running ? undefined : apiserver.exitError()),
    },
  );
  return apiserver;
}

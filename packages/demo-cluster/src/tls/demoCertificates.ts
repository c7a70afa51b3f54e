import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A CA and a server certificate it signed, all PEM. */
export interface DemoCertificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

const DAY = 24 * 3600_000;

function newKeyPair() {
  // Node generates the RSA key natively (fast); forge only signs.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ),
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
  };
}

function baseCertificate(
  publicKey: forge.pki.PublicKey,
  now: Date,
  days: number,
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the high bit clear.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - DAY);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY);
  return cert;
}

/**
 * A throwaway CA and a certificate for the demo API server on loopback.
 * Kubernetes clients send bearer tokens over TLS only (kubectl drops
 * `--token` on plain HTTP), so the demo cluster speaks HTTPS like a real one.
 */
export function createDemoCertificates(
  hosts: string[],
  now = new Date(),
): DemoCertificates {
  const caKeys = newKeyPair();
  const ca = baseCertificate(caKeys.publicKey, now, 365);
  const caName = [{ name: 'commonName', value: 'gitops-console-demo-ca' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = newKeyPair();
  const server = baseCertificate(serverKeys.publicKey, now, 365);
  server.setSubject([{ name: 'commonName', value: 'demo-cluster' }]);
  server.setIssuer(caName);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map(host =>
        /^[\d.]+$|:/.test(host)
          ? { type: 7, ip: host }
          : { type: 2, value: host },
      ),
    },
  ]);
  server.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caCert: forge.pki.certificateToPem(ca),
    serverCert: forge.pki.certificateToPem(server),
    serverKey: forge.pki.privateKeyToPem(serverKeys.privateKey),
  };
}

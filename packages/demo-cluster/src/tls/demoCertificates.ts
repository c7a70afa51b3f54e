import { KeyObject, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

/** A CA and a server certificate it signed, all PEM. */
export interface DemoCertificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

const DAY = 24 * 3600_000;

function newKeyPair() {
  // Node generates the RSA key and signs natively; forge only lays out the
  // certificate. (forge's pure-JS RSA takes seconds per signature under
  // Jest or on a loaded machine.)
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    privateKey,
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
  };
}

/** What forge's `cert.sign` does, with Node's RSA instead of forge's. */
function signCertificate(cert: forge.pki.Certificate, key: KeyObject) {
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  const pki = forge.pki as unknown as {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  };
  cert.tbsCertificate = pki.getTBSCertificate(cert);
  const tbs = Buffer.from(
    forge.asn1.toDer(cert.tbsCertificate).getBytes(),
    'binary',
  );
  cert.signature = sign('sha256', tbs, key).toString('binary');
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
  signCertificate(ca, caKeys.privateKey);

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
  signCertificate(server, caKeys.privateKey);

  return {
    caCert: forge.pki.certificateToPem(ca),
    serverCert: forge.pki.certificateToPem(server),
    serverKey: serverKeys.privateKey
      .export({ type: 'pkcs1', format: 'pem' })
      .toString(),
  };
}

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A PEM certificate with its PEM private key. */
export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
}

/** A PEM key pair, e.g. for signing service-account tokens. */
export interface KeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

// RSA keys come from node:crypto (native, milliseconds) rather than forge's
// pure-JS generator (seconds on a busy machine); forge only signs.
export function generateRsaKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function newCertificate(publicKeyPem: string, validDays: number) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // Positive serial: a leading 0x00..0x7f byte keeps the DER integer positive.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + validDays * 24 * 60 * 60 * 1000);
  return cert;
}

/** A self-signed CA that only this environment trusts. */
export function createCertificateAuthority(
  commonName: string,
): CertificateAndKey {
  const keys = generateRsaKeyPair();
  const cert = newCertificate(keys.publicKeyPem, 30);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
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
  cert.sign(
    forge.pki.privateKeyFromPem(keys.privateKeyPem),
    forge.md.sha256.create(),
  );
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: keys.privateKeyPem,
  };
}

/** A server certificate signed by `ca`, valid for the given IPs and names. */
export function issueServingCertificate(
  ca: CertificateAndKey,
  options: { commonName: string; ipAddresses: string[]; dnsNames: string[] },
): CertificateAndKey {
  const keys = generateRsaKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = newCertificate(keys.publicKeyPem, 30);
  cert.setSubject([{ name: 'commonName', value: options.commonName }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
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
      altNames: [
        ...options.dnsNames.map(value => ({ type: 2, value })),
        ...options.ipAddresses.map(ip => ({ type: 7, ip })),
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: keys.privateKeyPem,
  };
}

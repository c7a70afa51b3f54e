import {
  X509Certificate,
  createPrivateKey,
  createPublicKey,
} from 'node:crypto';
import { createDemoCertificates } from './demoCertificates';

describe('createDemoCertificates', () => {
  it('makes a CA and a server certificate it signed, for the given hosts', () => {
    const started = Date.now();
    const certs = createDemoCertificates(['127.0.0.1', 'localhost']);
    const ca = new X509Certificate(certs.caCert);
    const server = new X509Certificate(certs.serverCert);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    // The key handed to the server is the one the certificate names.
    expect(
      createPublicKey(createPrivateKey(certs.serverKey)).export({
        type: 'spki',
        format: 'pem',
      }),
    ).toBe(server.publicKey.export({ type: 'spki', format: 'pem' }));
    // Native RSA: well under a second even on a loaded machine (forge's
    // pure-JS signatures took 3 s each under Jest).
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

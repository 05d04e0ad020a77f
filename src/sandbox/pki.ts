// The sandbox's PKI: a CA and a serving certificate for the API server, kept in the state
// directory so kubeconfigs and pods keep trusting it across restarts.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

const DAY = 24 * 60 * 60 * 1000;

function newKey(): {
  pem: string;
  forgeKey: forge.pki.rsa.PrivateKey;
  forgePub: forge.pki.rsa.PublicKey;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  const forgePub = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { pem, forgeKey, forgePub };
}

function baseCert(pub: forge.pki.rsa.PublicKey, now: Date, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY);
  return cert;
}

/** Builds a CA and a server certificate for the given hosts (DNS names and IPs). */
export function buildPki(hosts: string[], now: Date): Pki & { caKey: string } {
  const ca = newKey();
  const caCert = baseCert(ca.forgePub, now, 3650);
  const caName = [{ name: 'commonName', value: 'steward-sandbox-ca' }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.forgeKey, forge.md.sha256.create());

  const srv = newKey();
  const cert = baseCert(srv.forgePub, now, 3650);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caName);
  const altNames = hosts.map((h) =>
    /^[\d.]+$/.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h },
  );
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(ca.forgeKey, forge.md.sha256.create());
  return {
    caCert: forge.pki.certificateToPem(caCert),
    caKey: ca.pem,
    serverCert: forge.pki.certificateToPem(cert),
    serverKey: srv.pem,
  };
}

/** Hosts the API server certificate is valid for. */
export const API_SERVER_HOSTS = [
  'localhost',
  '127.0.0.1',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

/** Addresses of one sandbox network the certificate must cover: the `kubernetes` Service IP and
 * every node's relay to the API server (config.ts nodeApiAddress), for up to 32 nodes. */
export function networkHosts(network: number): string[] {
  return [
    `127.${String(100 + network)}.0.1`,
    ...Array.from({ length: 32 }, (_, i) => `127.${String(network)}.${String(i + 1)}.254`),
  ];
}

/** Loads the PKI from `dir/pki`, creating it on first use. */
export function ensurePki(dir: string, extraHosts: string[], now: Date): Pki {
  const pkiDir = join(dir, 'pki');
  const files = { caCert: 'ca.crt', serverCert: 'apiserver.crt', serverKey: 'apiserver.key' };
  if (Object.values(files).every((f) => existsSync(join(pkiDir, f)))) {
    return {
      caCert: readFileSync(join(pkiDir, files.caCert), 'utf8'),
      serverCert: readFileSync(join(pkiDir, files.serverCert), 'utf8'),
      serverKey: readFileSync(join(pkiDir, files.serverKey), 'utf8'),
    };
  }
  const pki = buildPki([...new Set([...API_SERVER_HOSTS, ...extraHosts])], now);
  mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(pkiDir, 'ca.key'), pki.caKey, { mode: 0o600 });
  writeFileSync(join(pkiDir, files.serverKey), pki.serverKey, { mode: 0o600 });
  writeFileSync(join(pkiDir, files.serverCert), pki.serverCert);
  writeFileSync(join(pkiDir, files.caCert), pki.caCert);
  return pki;
}

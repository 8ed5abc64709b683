// Certificates made on the fly, for the demo server's `--tls` and for tests that need a CA,
// a leaf signed by it, or a self-signed server certificate.
import { X509Certificate } from 'node:crypto';
import * as selfsigned from 'selfsigned';

/** A certificate and its private key, in PEM, with the SHA-256 fingerprint of the DER. */
export interface GeneratedCertificate {
  certPem: string;
  keyPem: string;
  /** Lowercase hex, no colons. */
  sha256: string;
}

/** What to put in a generated certificate. */
export interface CertificateOptions {
  /** Default `localhost`. */
  commonName?: string;
  /** DNS names for the SAN; default `['localhost']`. */
  dnsNames?: string[];
  /** IP addresses for the SAN; default `['127.0.0.1', '::1']`. */
  ipAddresses?: string[];
  /** How long it stays valid; default 7 days. Short on purpose: these are throwaway certificates. */
  validDays?: number;
  /** Sign with this CA instead of self-signing. */
  issuer?: GeneratedCertificate;
  /** Make a CA certificate (basicConstraints cA, keyCertSign). */
  isCa?: boolean;
}

/** SHA-256 of a certificate's DER as lowercase hex without colons (the form pins use). */
export function certificateSha256(pem: string | Buffer): string {
  return new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
}

/** Generates an EC P-256 certificate; self-signed unless `issuer` is given. */
export async function generateCertificate(options: CertificateOptions = {}): Promise<GeneratedCertificate> {
  const commonName = options.commonName ?? 'localhost';
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1', '::1'];
  // Backdate a little so a clock that is slightly behind still accepts it.
  const notBeforeDate = new Date(Date.now() - 5 * 60_000);
  const notAfterDate = new Date(Date.now() + (options.validDays ?? 7) * 86_400_000);
  const extensions: NonNullable<Parameters<typeof selfsigned.generate>[1]>['extensions'] = options.isCa
    ? [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ]
    : [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
        {
          name: 'subjectAltName',
          altNames: [...dnsNames.map((value) => ({ type: 2 as const, value })), ...ipAddresses.map((ip) => ({ type: 7 as const, ip }))],
        },
      ];
  const generated = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions,
    ca: options.issuer ? { cert: options.issuer.certPem, key: options.issuer.keyPem } : undefined,
  });
  return { certPem: generated.cert, keyPem: generated.private, sha256: certificateSha256(generated.cert) };
}

/** A self-signed `localhost` server certificate (SAN localhost, 127.0.0.1, ::1), as `serve-demo --tls` uses. */
export function generateSelfSignedCertificate(options: Omit<CertificateOptions, 'issuer' | 'isCa'> = {}): Promise<GeneratedCertificate> {
  return generateCertificate(options);
}

// TLS for every transport (UDS, abstract, pipe, TCP): CA or system roots, mutual TLS, server-name
// override, insecure mode and SHA-256 pins, with the server certificate captured in every mode.
import * as grpc from '@grpc/grpc-js';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import { IpcError } from './errors';
import type { PeerCertificate, TlsOptions } from './types';

/** Credentials and channel options for one connection, plus the certificate its last handshake saw. */
export interface TlsSetup {
  credentials: grpc.ChannelCredentials;
  channelOptions: grpc.ChannelOptions;
  peerCertificate(): PeerCertificate | undefined;
}

/** Marks the text of a refused handshake so explainGrpcError can find it inside grpc-js's status details. */
export const PIN_MISMATCH_TAG = 'certificate pin mismatch';
export const UNVERIFIED_TAG = 'server certificate did not verify';

/** `sha256:AB:cd…` or bare hex → 64 lowercase hex digits. */
export function normalizePin(pin: string): string {
  const hex = pin
    .trim()
    .replace(/^sha256[:/]/i, '')
    .replace(/[:\s]/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new IpcError('usage', `"${pin}" is not a SHA-256 pin.`, 'Write it as sha256: followed by 64 hex digits (colons allowed).');
  return hex;
}

/** Builds credentials that check the chain (unless insecure) and the pin right after the handshake. */
export function createTlsSetup(tls: TlsOptions): TlsSetup {
  const ca = tls.ca ? readPem(tls.ca, 'CA file') : null;
  if (Boolean(tls.cert) !== Boolean(tls.key))
    throw new IpcError('usage', 'A client certificate needs both --cert and --key.', 'Pass both files for mutual TLS, or neither.');
  const cert = tls.cert ? readPem(tls.cert, 'client certificate') : null;
  const key = tls.key ? readPem(tls.key, 'client key') : null;
  if (ca) assertHoldsCertificate(ca, tls.ca!, '{ca}');
  if (cert && key) assertKeyMatches(cert, key, tls.cert!, tls.key!);
  const pin = tls.pin ? normalizePin(tls.pin) : undefined;
  let last: PeerCertificate | undefined;

  // Node never calls checkServerIdentity once the chain has failed, so with --insecure a pin could not be
  // checked there. Instead grpc-js never rejects, and the wrapper below decides on the finished handshake,
  // before grpc-js creates the HTTP/2 session: a refused server receives no request bytes at all.
  const inner = grpc.credentials.createSsl(ca, key, cert, { rejectUnauthorized: false });
  const credentials = new CheckedTlsCredentials(inner, (socket) => {
    last = describePeerCertificate(socket);
    if (!last) throw new Error(`${UNVERIFIED_TAG}: the server sent no certificate`);
    if (pin && last.sha256 !== pin)
      throw new Error(`${PIN_MISMATCH_TAG}: expected sha256:${pin}, the server presented sha256:${last.sha256}`);
    if (!tls.insecure && !last.chainVerified)
      throw new Error(`${UNVERIFIED_TAG}: ${last.chainError ?? 'unknown reason'} [sha256:${last.sha256}]`);
  });

  const channelOptions: grpc.ChannelOptions = {};
  if (tls.serverName) {
    channelOptions['grpc.ssl_target_name_override'] = tls.serverName;
    channelOptions['grpc.default_authority'] = tls.serverName;
  }
  return { credentials, channelOptions, peerCertificate: () => last };
}

/** A CA or certificate file must hold a PEM certificate; otherwise the handshake would blame the server. */
function assertHoldsCertificate(pem: Buffer, file: string, knob: string): void {
  try {
    new X509Certificate(pem);
  } catch {
    throw new IpcError('usage', `${file} holds no PEM certificate.`, `Pass a file with "-----BEGIN CERTIFICATE-----" blocks to ${knob}.`);
  }
}

/** The client key must be the certificate's own, which OpenSSL would report only as a raw error. */
function assertKeyMatches(certPem: Buffer, keyPem: Buffer, certFile: string, keyFile: string): void {
  assertHoldsCertificate(certPem, certFile, '{cert}');
  let matches: boolean;
  try {
    matches = new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    throw new IpcError('usage', `${keyFile} holds no PEM private key.`, 'Pass the private key of the client certificate with {key}.');
  }
  if (!matches)
    throw new IpcError(
      'usage',
      `The client key ${keyFile} does not belong to the certificate ${certFile}.`,
      'Pass the key that was made with that certificate to {key}.',
    );
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new IpcError(
      'usage',
      `Cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      'Check the path and its permissions.',
    );
  }
}

/** The server certificate of a finished handshake, with the chain result Node computed. */
export function describePeerCertificate(socket: TLSSocket): PeerCertificate | undefined {
  const x509 = socket.getPeerX509Certificate();
  if (!x509) return undefined;
  const error = socket.authorizationError as unknown;
  return {
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    subjectAltNames: x509.subjectAltName ? x509.subjectAltName.split(/,\s*/) : [],
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    sha256: x509.fingerprint256.replace(/:/g, '').toLowerCase(),
    chainVerified: socket.authorized,
    ...(socket.authorized
      ? {}
      : { chainError: explainVerifyCode(error instanceof Error ? error.message : String(error ?? 'not verified')) }),
  };
}

/** Node reports OpenSSL's verify result as a bare code; people need words next to it. */
const verifyCodes: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer certificate is not trusted here',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer certificate is missing',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
};

function explainVerifyCode(code: string): string {
  return verifyCodes[code] ? `${verifyCodes[code]} (${code})` : code;
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').filter(Boolean).join(', ');
}

type SecureConnector = ReturnType<grpc.ChannelCredentials['_createSecureConnector']>;

/**
 * Delegates to grpc-js's own TLS credentials and inspects each finished handshake. A throw from `check`
 * closes the socket and fails the connection attempt, which grpc-js reports as UNAVAILABLE with our text.
 */
class CheckedTlsCredentials extends grpc.ChannelCredentials {
  constructor(
    private readonly inner: grpc.ChannelCredentials,
    private readonly check: (socket: TLSSocket) => void,
  ) {
    super();
  }

  _isSecure(): boolean {
    return true;
  }

  _equals(other: grpc.ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(...args: Parameters<grpc.ChannelCredentials['_createSecureConnector']>): SecureConnector {
    const connector = this.inner._createSecureConnector(...args);
    return {
      connect: async (socket) => {
        const result = await connector.connect(socket);
        try {
          this.check(result.socket as TLSSocket);
        } catch (error) {
          result.socket.destroy();
          throw error;
        }
        return result;
      },
      waitForReady: () => connector.waitForReady(),
      getCallCredentials: () => connector.getCallCredentials(),
      destroy: () => connector.destroy(),
    };
  }
}

// Looks at a server's certificate before any call, so the panel can show it, offer to pin it, and
// block a mismatch without sending anything.
import * as tls from 'node:tls';
import { grpcTarget, type Endpoint } from '../endpoint';
import { IpcError } from '../errors';
import type { PeerCertificate, TlsOptions } from '../types';
import { readFileSync } from 'node:fs';

/** Opens a TLS connection (no HTTP/2 traffic), reads the server certificate and closes. */
export function probeCertificate(endpoint: Endpoint, options: TlsOptions, timeoutMs = 5000): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const where: tls.ConnectionOptions =
      endpoint.kind === 'tcp' ? { host: endpoint.host, port: endpoint.port } : { path: grpcTarget(endpoint).slice('unix:'.length) };
    const socket = tls.connect({
      ...where,
      ALPNProtocols: ['h2'],
      // Chain and name are judged below and shown; the pin and the call path enforce them.
      rejectUnauthorized: false,
      servername: options.serverName || (endpoint.kind === 'tcp' && !/^[\d.:]+$/.test(endpoint.host) ? endpoint.host : undefined),
      ca: options.ca ? readFileSync(options.ca) : undefined,
      cert: options.cert ? readFileSync(options.cert) : undefined,
      key: options.key ? readFileSync(options.key) : undefined,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new IpcError('tls', `No TLS handshake within ${timeoutMs} ms.`, 'Check that the server speaks TLS on this endpoint.'));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const peer = socket.getPeerCertificate(false);
      const verified = socket.authorized;
      const error = socket.authorizationError ? String(socket.authorizationError) : undefined;
      socket.end();
      if (!peer || !peer.fingerprint256)
        return reject(new IpcError('tls', 'The server sent no certificate.', 'A TLS server must present one.'));
      const nameOk =
        options.serverName || endpoint.kind === 'tcp'
          ? checkName(peer, options.serverName || (endpoint.kind === 'tcp' ? endpoint.host : ''))
          : undefined;
      resolve({
        subject: formatName(peer.subject),
        issuer: formatName(peer.issuer),
        subjectAltNames: (peer.subjectaltname ?? '').split(', ').filter(Boolean),
        validFrom: new Date(peer.valid_from).toISOString(),
        validTo: new Date(peer.valid_to).toISOString(),
        sha256: peer.fingerprint256.replace(/:/g, '').toLowerCase(),
        chainVerified: verified && nameOk !== false,
        ...(error ? { chainError: error } : nameOk === false ? { chainError: 'the certificate does not name this host' } : {}),
      });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new IpcError('tls', `The TLS handshake failed: ${error.message}.`, 'Check that the server speaks TLS on this endpoint.'));
    });
  });
}

function checkName(peer: tls.PeerCertificate, host: string): boolean {
  return host ? tls.checkServerIdentity(host, peer) === undefined : true;
}

function formatName(name: tls.Certificate | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

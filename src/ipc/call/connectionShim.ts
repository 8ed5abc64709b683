// Temporary stand-in for ../connection until that module is merged; same names and shapes.
import * as fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { assertReachable, grpcTarget, type Endpoint } from '../endpoint';
import { IpcError } from '../errors';
import type { ConnectOptions, PeerCertificate } from '../types';

export interface Connection {
  client: grpc.Client;
  transport: string;
  peerCertificate(): PeerCertificate | undefined;
  close(): void;
}

export function openConnection(options: ConnectOptions): Connection {
  const target = grpcTarget(options.endpoint);
  let peer: PeerCertificate | undefined;
  const channelOptions: grpc.ChannelOptions = { 'grpc.use_local_subchannel_pool': 1 };
  if (options.maxReceiveBytes !== undefined) channelOptions['grpc.max_receive_message_length'] = options.maxReceiveBytes;
  if (options.maxSendBytes !== undefined) channelOptions['grpc.max_send_message_length'] = options.maxSendBytes;
  let credentials = grpc.credentials.createInsecure();
  if (options.tls) {
    const tls = options.tls;
    if (tls.serverName) channelOptions['grpc.ssl_target_name_override'] = tls.serverName;
    credentials = grpc.credentials.createSsl(tls.ca ? fs.readFileSync(tls.ca) : null, null, null, {
      rejectUnauthorized: !tls.insecure,
      checkServerIdentity: (_host, cert) => {
        const x509 = new X509Certificate(cert.raw);
        const sha256 = x509.fingerprint256.replace(/:/g, '').toLowerCase();
        peer = {
          subject: x509.subject,
          issuer: x509.issuer,
          subjectAltNames: [],
          validFrom: x509.validFrom,
          validTo: x509.validTo,
          sha256,
          chainVerified: !tls.insecure,
        };
        const pin = tls.pin
          ?.replace(/^sha256:/, '')
          .replace(/:/g, '')
          .toLowerCase();
        return pin && pin !== sha256 ? new Error(`certificate pin mismatch: got sha256:${sha256}`) : undefined;
      },
    });
  }
  const client = new grpc.Client(target, credentials, channelOptions);
  return { client, transport: target, peerCertificate: () => peer, close: () => client.close() };
}

export async function preflight(endpoint: Endpoint): Promise<void> {
  assertReachable(endpoint);
  if (endpoint.kind !== 'unix') return;
  const stat = await fs.promises.stat(endpoint.path).catch(() => undefined);
  if (!stat) throw new IpcError('socket-missing', `No socket at ${endpoint.path}.`, 'Start the server, or check the path.');
}

export function explainGrpcError(error: unknown, _endpoint: Endpoint): IpcError {
  const details = (error as { details?: string }).details ?? String(error);
  const code = (error as { code?: number }).code;
  if (/pin mismatch/.test(details)) return new IpcError('pin-mismatch', details);
  if (/larger than max/.test(details))
    return new IpcError('message-too-large', `A message was larger than allowed: ${details}.`, 'Raise the maximum message size.');
  if (code === grpc.status.DEADLINE_EXCEEDED)
    return new IpcError('deadline', `No answer before the deadline: ${details}.`, 'Raise the deadline.');
  return new IpcError('not-grpc', details);
}

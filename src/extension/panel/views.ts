// Turns core facts (owner, certificate, transport) into what the panel's indicators show.
// Pure, so the colour rules are unit tested.
import type { CertificateView, OwnerView, TransportView } from '../../shared/protocol';
import type { Endpoint } from '../../ipc/endpoint';
import { PIPE_CLIENT_IMPERSONATION } from '../../ipc/pipes';
import { escapeControls } from '../../ipc/text';
import type { PeerCertificate } from '../../ipc/types';

/** How Node opens named pipes, for the transport indicator. */
export const PIPE_IMPERSONATION = `${PIPE_CLIENT_IMPERSONATION.level}: ${PIPE_CLIENT_IMPERSONATION.reason}`;

/** The core's owner facts (src/ipc/owner.ts), as far as the indicator needs them. */
export interface OwnerFactsLike {
  kind: 'unix' | 'abstract' | 'pipe' | 'tcp';
  fileUid: number | null;
  fileMode: string | null;
  listener: { pid: number; command: string; uid: number } | null;
  unknownReason?: string;
}

/** What to do when the owner is not the expected one. */
export type OwnerPolicy = 'warn' | 'block' | 'off';

export function ownerView(
  facts: OwnerFactsLike,
  check: { ok: true } | { ok: false; message: string },
  expected: string,
  policy: OwnerPolicy,
): OwnerView {
  const details: string[] = [];
  if (facts.fileUid !== null) details.push(`Socket file owner: uid ${facts.fileUid}, mode ${facts.fileMode ?? '?'}`);
  if (facts.listener)
    details.push(`Listening: pid ${facts.listener.pid} (${escapeControls(facts.listener.command)}), uid ${facts.listener.uid}`);
  if (facts.unknownReason) details.push(`Unknown: ${facts.unknownReason}`);
  details.push(`Expected owner: ${expected}; policy: ${policy}`);
  const worldWritable = facts.fileMode !== null && (parseInt(facts.fileMode, 8) & 0o002) !== 0;
  const known = facts.fileUid !== null || facts.listener !== null;
  if (policy === 'off') return { light: worldWritable ? 'amber' : 'grey', summary: 'not checked', details };
  if (check.ok) {
    if (worldWritable)
      return { light: 'amber', summary: 'world-writable', details: [...details, 'Any local user can connect to or replace this socket.'] };
    return { light: 'green', summary: 'expected owner', details };
  }
  details.push(check.message);
  // Under block an owner that cannot be read is refused like a wrong one (fail closed).
  if (!known && policy === 'block')
    return { light: 'red', summary: 'unknown: blocked', details, blockReason: `Owner cannot be checked: ${check.message}` };
  if (!known) return { light: 'amber', summary: 'unknown', details };
  if (policy === 'block') return { light: 'red', summary: 'mismatch', details, blockReason: `Owner check failed: ${check.message}` };
  return { light: 'amber', summary: 'other user', details };
}

/** What the chip says when nothing can be reached: the socket is missing, stale, or nobody listens. */
const DOWN_SUMMARIES: Record<string, string> = {
  'socket-missing': 'no socket',
  'socket-stale': 'nobody listening',
  'not-a-socket': 'not a socket',
  'permission-denied': 'no permission',
};

/** The error codes that mean the endpoint cannot be reached at all. */
export function isDownCode(code: string): boolean {
  return Object.hasOwn(DOWN_SUMMARIES, code);
}

/** The owner indicator for an endpoint nobody can reach now: red, with what is wrong in words. */
export function downView(problem: { code: string; message: string; hint?: string }, expected: string, policy: OwnerPolicy): OwnerView {
  const reason = problem.hint ? `${problem.message} ${problem.hint}` : problem.message;
  return {
    light: 'red',
    summary: DOWN_SUMMARIES[problem.code] ?? 'unreachable',
    details: [problem.message, ...(problem.hint ? [problem.hint] : []), `Expected owner: ${expected}; policy: ${policy}`],
    blockReason: reason,
  };
}

export type PinState = CertificateView['pin'];

/** Pins are `sha256:` plus hex; colons and case do not matter. */
export function normalizeSha256(pin: string): string {
  return pin
    .replace(/^sha256:/i, '')
    .replace(/:/g, '')
    .toLowerCase();
}

export function certificateView(peer: PeerCertificate, pin: string | undefined, now: Date = new Date()): CertificateView {
  const state: PinState = !pin ? 'not-pinned' : normalizeSha256(pin) === peer.sha256 ? 'pinned-match' : 'pinned-mismatch';
  const expired = now > new Date(peer.validTo);
  const early = now < new Date(peer.validFrom);
  const chain = peer.chainVerified ? 'verified' : `not verified${peer.chainError ? ` (${peer.chainError})` : ''}`;
  const view: CertificateView = {
    light: 'green',
    subject: peer.subject,
    issuer: peer.issuer,
    subjectAltNames: peer.subjectAltNames,
    validFrom: peer.validFrom,
    validTo: peer.validTo,
    sha256: peer.sha256,
    chain,
    pin: state,
  };
  if (state === 'pinned-mismatch')
    return {
      ...view,
      light: 'red',
      blockReason: `The certificate (sha256:${peer.sha256}) does not match the pin ${pin}. Nothing will be sent.`,
    };
  if (expired || early) return { ...view, light: 'red', chain: `${chain}; ${expired ? 'expired' : 'not yet valid'}` };
  if (state === 'not-pinned' && !peer.chainVerified) return { ...view, light: 'amber' };
  return view;
}

export function transportView(endpoint: Endpoint, tls: boolean, grpcTargetString: string, pipeImpersonation: string): TransportView {
  const names = { unix: 'Unix socket', abstract: 'abstract socket', pipe: 'named pipe', tcp: 'TCP' };
  const details = [`gRPC target: ${JSON.stringify(grpcTargetString).slice(1, -1)}`, tls ? 'TLS: on' : 'TLS: off (plaintext)'];
  if (endpoint.kind === 'pipe') details.push(`Impersonation the client allows: ${pipeImpersonation}`);
  return { summary: `${names[endpoint.kind]}${tls ? ' + TLS' : ''}`, details };
}

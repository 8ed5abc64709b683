// How an endpoint is shown: its state, one-line description and tooltip text. No vscode import,
// so the wording is tested without an editor.
import * as os from 'node:os';
import { parseTarget } from '../../ipc/endpoint';
import { escapeControls } from '../../ipc/text';
import type { DiscoveredEndpoint } from '../lazyCore';
import type { OwnerPolicy, Settings } from '../settings';

/** The state an endpoint's icon shows. */
export type EndpointState = 'listening' | 'probing' | 'unprobed' | 'stale' | 'not-grpc' | 'error';

/** Whether discovery asked this endpoint if it speaks gRPC. */
export type ProbeStatus = 'off' | 'pending' | 'done';

/** Warnings after which discovery does not probe, so "no gRPC facts" means "not asked". */
const UNPROBED_CODES = new Set(['socket-file-missing', 'abstract-needs-node22', 'relative-bind-path']);

export function endpointState(endpoint: DiscoveredEndpoint, probe: ProbeStatus): EndpointState {
  if (endpoint.stale) return 'stale';
  if (!endpoint.listening || endpoint.warnings.some((warning) => warning.code === 'connect-denied')) return 'error';
  if (endpoint.grpc) return 'listening';
  if (probe === 'off' || endpoint.warnings.some((warning) => UNPROBED_CODES.has(warning.code))) return 'unprobed';
  return probe === 'pending' ? 'probing' : 'not-grpc';
}

/** What the owner check found. */
export type OwnerVerdict = { kind: 'ok' } | { kind: 'unknown' } | { kind: 'mismatch'; message: string };

/** The person we expect to own sockets: a uid, a user name, or (when empty) the user VS Code runs as. */
export interface ExpectedOwner {
  expected: string;
  currentUid: number | null;
  currentUser: string;
}

/** The expected owner as the settings name it, with who VS Code runs as for the empty setting. */
export function expectedOwnerOf(settings: Pick<Settings, 'expectedOwner'>): ExpectedOwner {
  return {
    expected: settings.expectedOwner,
    currentUid: typeof process.getuid === 'function' ? process.getuid() : null,
    currentUser: os.userInfo().username,
  };
}

/** Compares the socket file's owner and the listening process's user with the expected owner. */
export function checkOwner(endpoint: DiscoveredEndpoint, owner: ExpectedOwner): OwnerVerdict {
  const expected = owner.expected.trim();
  const matches = (uid: number | null, user: string | null): boolean | null => {
    if (uid === null && user === null) return null;
    if (expected === '') return owner.currentUid !== null ? uid === owner.currentUid : user === owner.currentUser;
    return /^\d+$/.test(expected) ? uid === Number(expected) : user === expected;
  };
  const who = expected || (owner.currentUid !== null ? `uid ${owner.currentUid} (${owner.currentUser})` : owner.currentUser);
  const file = endpoint.kind === 'unix' ? matches(endpoint.uid, endpoint.user) : null;
  if (file === false)
    return { kind: 'mismatch', message: `The socket file is owned by ${ownerName(endpoint.uid, endpoint.user)}, not ${who}.` };
  const processMatch = endpoint.processUid === null ? null : matches(endpoint.processUid, null);
  if (processMatch === false && (expected === '' || /^\d+$/.test(expected)))
    return { kind: 'mismatch', message: `The listening process runs as uid ${endpoint.processUid}, not ${who}.` };
  return file === null && processMatch === null ? { kind: 'unknown' } : { kind: 'ok' };
}

function ownerName(uid: number | null, user: string | null): string {
  if (user && uid !== null) return `${user} (uid ${uid})`;
  return user ?? (uid !== null ? `uid ${uid}` : 'an unknown user');
}

/** Warnings about who may connect, shown as badges; the rest are in the tooltip only. */
const PERMISSION_CODES = new Set([
  'world-writable',
  'insecure-directory',
  'abstract-no-permissions',
  'connect-denied',
  'other-user-owner',
  'listener-uid-mismatch',
]);
/** Owner warnings, replaced by the expected-owner check when that is on. */
const OWNER_CODES = new Set(['other-user-owner', 'listener-uid-mismatch']);

/**
 * A row's label and where it lives: a socket's file name leads (what tells sockets apart at a glance)
 * and its folder goes first in the description; other targets are their own label.
 */
export function endpointLabel(address: string): { label: string; folder?: string } {
  try {
    const endpoint = parseTarget(address);
    if (endpoint.kind === 'unix') {
      // Escaping never adds or removes a '/', so the cut falls in the same place.
      const path = escapeControls(endpoint.path);
      const cut = path.lastIndexOf('/');
      return cut > 0 ? { label: path.slice(cut + 1), folder: path.slice(0, cut) } : { label: path };
    }
    if (endpoint.kind === 'abstract') return { label: `@${escapeControls(endpoint.name)}` };
    if (endpoint.kind === 'pipe') return { label: escapeControls(endpoint.name) };
  } catch {
    // Shown as written (control characters made visible); the row's tooltip and expansion say what is wrong with it.
  }
  return { label: escapeControls(address) };
}

/** Short badges for the description: owner mismatch and permission warnings. */
export function endpointBadges(endpoint: DiscoveredEndpoint, verdict: OwnerVerdict, policy: OwnerPolicy): string[] {
  const badges: string[] = [];
  if (policy !== 'off' && verdict.kind === 'mismatch') badges.push(policy === 'block' ? '⛔ unexpected owner' : '⚠ unexpected owner');
  for (const warning of endpoint.warnings) {
    if (!PERMISSION_CODES.has(warning.code)) continue;
    if (policy !== 'off' && OWNER_CODES.has(warning.code)) continue;
    badges.push(`⚠ ${warning.code}`);
  }
  return badges;
}

/** "pid 1234 · dotnet Server.dll · alice", plus badges; the file name is the label, its folder goes before this. */
export function endpointDescription(endpoint: DiscoveredEndpoint, badges: string[]): string {
  const parts: string[] = [];
  if (endpoint.stale) parts.push('stale');
  if (endpoint.grpc?.health === 'NOT_SERVING') parts.push('not serving');
  if (endpoint.pid !== null) parts.push(`pid ${endpoint.pid}`);
  if (endpoint.command) parts.push(shorten(escapeControls(endpoint.command.replace(/\s+/g, ' ').trim()), 40));
  if (endpoint.user ?? endpoint.uid !== null) parts.push(endpoint.user ? escapeControls(endpoint.user) : `uid ${endpoint.uid}`);
  return [...parts, ...badges].join(' · ');
}

/** Every fact and warning, as Markdown lines for the tooltip. */
export function endpointTooltipLines(endpoint: DiscoveredEndpoint, state: EndpointState, verdict: OwnerVerdict): string[] {
  const lines = [`**${escape(escapeControls(endpoint.address))}**`, '', `State: ${stateText[state]}`];
  const fact = (label: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== '')
      lines.push(`${label}: \`${escapeControls(String(value)).replace(/`/g, "'")}\``);
  };
  fact('Transport', endpoint.kind);
  fact('Path', endpoint.path);
  fact('Name', endpoint.name);
  fact('Mode', endpoint.mode);
  fact('Owner', endpoint.user ?? endpoint.uid);
  fact('Listener pid', endpoint.pid);
  fact('Command', endpoint.command);
  fact('Process uid', endpoint.processUid);
  if (endpoint.grpc) {
    fact('Reflection', endpoint.grpc.reflection ?? 'not offered');
    fact('Health', endpoint.grpc.health);
    if (endpoint.grpc.services.length) fact('Services', endpoint.grpc.services.join(', '));
  }
  if (verdict.kind === 'mismatch') lines.push('', `⚠ ${escape(verdict.message)}`);
  if (endpoint.warnings.length) {
    lines.push('', '**Warnings**');
    for (const warning of endpoint.warnings) lines.push(`- ⚠ ${escape(escapeControls(warning.message))} (\`${warning.code}\`)`);
  }
  return lines;
}

const stateText: Record<EndpointState, string> = {
  listening: 'listening, speaks gRPC',
  probing: 'listening; asking whether it speaks gRPC…',
  unprobed: 'listening (not probed)',
  stale: 'stale: the socket file exists but nothing listens',
  'not-grpc': 'listening, but did not answer as a gRPC server',
  error: 'not reachable',
};

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes Markdown punctuation that could turn a path into formatting. */
function escape(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+!|<>])/g, '\\$1');
}

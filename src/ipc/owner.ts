// Who owns an endpoint: the socket file's owner and mode, and the process listening on it. Used to refuse
// a call before connecting when the server is not run by the expected user.
import { checkPipeOwner, inspectPipe } from './pipes';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { formatTarget, type Endpoint } from './endpoint';
import { findUnixListener } from './discovery/listeners';

/** What we could learn about who is behind an endpoint. */
export interface OwnerFacts {
  kind: 'unix' | 'abstract' | 'pipe' | 'tcp';
  fileUid: number | null;
  /** Permission bits as four octal digits, e.g. '0755'. */
  fileMode: string | null;
  listener: { pid: number; command: string; uid: number } | null;
  /** Why some fact is missing, when one is. */
  unknownReason?: string;
}

export async function inspectOwner(endpoint: Endpoint): Promise<OwnerFacts> {
  switch (endpoint.kind) {
    case 'unix': {
      const stat = await fs.promises.stat(endpoint.path).catch((error: NodeJS.ErrnoException) => error);
      if (stat instanceof Error)
        return {
          kind: 'unix',
          fileUid: null,
          fileMode: null,
          listener: null,
          unknownReason: `cannot stat ${endpoint.path}: ${stat.code ?? stat.message}`,
        };
      const fileMode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
      const { listener, unknownReason } = await listenerOf(endpoint.path);
      return { kind: 'unix', fileUid: stat.uid, fileMode, listener, ...(unknownReason ? { unknownReason } : {}) };
    }
    case 'abstract': {
      const { listener, unknownReason } = await listenerOf(`@${endpoint.name}`);
      return {
        kind: 'abstract',
        fileUid: null,
        fileMode: null,
        listener,
        unknownReason: unknownReason ?? 'abstract sockets have no file owner',
      };
    }
    case 'pipe':
      return {
        kind: 'pipe',
        fileUid: null,
        fileMode: null,
        listener: null,
        unknownReason: 'named pipes have Windows owners, not uids; verifyOwner checks them by account name',
      };
    case 'tcp':
      return {
        kind: 'tcp',
        fileUid: null,
        fileMode: null,
        listener: null,
        unknownReason: 'TCP ports have no file owner, and the listening process is not looked up',
      };
  }
}

async function listenerOf(pathOrAbstract: string): Promise<{ listener: OwnerFacts['listener']; unknownReason?: string }> {
  const found = await findUnixListener(pathOrAbstract).catch(() => undefined);
  if (!found) return { listener: null, unknownReason: `no listening process found for ${pathOrAbstract}` };
  if (found.pid === null || found.processUid === null)
    return { listener: null, unknownReason: found.unknownReason ?? `the process listening on ${pathOrAbstract} could not be identified` };
  return { listener: { pid: found.pid, command: found.command ?? '?', uid: found.processUid } };
}

/**
 * Checks the owner against an expected uid or user name. Fails closed: when nothing about the owner can be
 * known (TCP, pipes, an abstract socket whose listener is hidden) the check fails and says why.
 */
export function checkExpectedOwner(
  facts: OwnerFacts,
  expected: string,
  where = 'the endpoint',
): { ok: true } | { ok: false; message: string } {
  const users = readUsers();
  const expectedUid = resolveUid(expected.trim(), users);
  if (expectedUid === undefined) return { ok: false, message: `Unknown user "${expected}"; give a uid or a user name from /etc/passwd.` };
  const who = (uid: number) => `${uid}${users.byUid.has(uid) ? ` (${users.byUid.get(uid)})` : ''}`;
  if (facts.fileUid !== null && facts.fileUid !== expectedUid)
    return { ok: false, message: `Socket ${where} is owned by uid ${who(facts.fileUid)}, expected ${who(expectedUid)}.` };
  if (facts.listener && facts.listener.uid !== expectedUid)
    return {
      ok: false,
      message: `Socket ${where} is served by pid ${facts.listener.pid} (${shortCommand(facts.listener.command)}) running as uid ${who(facts.listener.uid)}, expected ${who(expectedUid)}.`,
    };
  if (facts.fileUid === null && !facts.listener)
    return { ok: false, message: `The owner of ${where} cannot be checked: ${facts.unknownReason ?? 'nothing is known about it'}.` };
  return { ok: true };
}

/**
 * Inspects the endpoint and checks it against the expected owner in one step. Named pipes have Windows
 * accounts rather than uids, so they are checked by account name (`DOMAIN\\user` or `user`).
 */
export async function verifyOwner(endpoint: Endpoint, expected: string): Promise<{ ok: true } | { ok: false; message: string }> {
  if (endpoint.kind === 'pipe') return checkPipeOwner(await inspectPipe(endpoint.name), endpoint.name, expected);
  return checkExpectedOwner(await inspectOwner(endpoint), expected, ownerSubject(endpoint));
}

/** A command line short enough for a one-line message: whitespace collapsed, at most 60 characters. */
function shortCommand(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** A readable name for the endpoint in owner messages: the path for sockets, the target otherwise. */
export function ownerSubject(endpoint: Endpoint): string {
  return endpoint.kind === 'unix' ? endpoint.path : formatTarget(endpoint);
}

interface Users {
  byUid: Map<number, string>;
  byName: Map<string, number>;
}

function resolveUid(expected: string, users: Users): number | undefined {
  if (/^\d+$/.test(expected)) return Number(expected);
  return users.byName.get(expected);
}

/** /etc/passwd plus the current user, who may come from elsewhere (LDAP, a container without an entry). */
function readUsers(): Users {
  const users: Users = { byUid: new Map(), byName: new Map() };
  let text = '';
  try {
    text = fs.readFileSync('/etc/passwd', 'utf8');
  } catch {
    // Not every system has one (Windows); the current user still resolves below.
  }
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (!name || !/^\d+$/.test(uid ?? '')) continue;
    if (!users.byUid.has(Number(uid))) users.byUid.set(Number(uid), name);
    users.byName.set(name, Number(uid));
  }
  try {
    const me = os.userInfo();
    if (me.uid >= 0) {
      if (!users.byUid.has(me.uid)) users.byUid.set(me.uid, me.username);
      if (!users.byName.has(me.username)) users.byName.set(me.username, me.uid);
    }
  } catch {
    // os.userInfo throws when the current uid has no name; numbers still work.
  }
  return users;
}

/** Whether `expected` names a user of this system (a uid, or a name in /etc/passwd); pipes take any account name. */
export function isKnownUser(endpoint: Endpoint, expected: string): boolean {
  return endpoint.kind === 'pipe' || resolveUid(expected.trim(), readUsers()) !== undefined;
}

import { resolve as resolvePath } from 'node:path';
import type { Endpoint, TargetDraft } from '../shared/types';
import { IpcError } from './errors';

export type { Endpoint };

export const ACCEPTED_FORMS =
  'unix:/abs/path, unix:///abs/path, unix:relative, unix-abstract:name, npipe:name, \\\\.\\pipe\\name, host:port or dns:host:port';

/** sun_path holds 108 bytes on Linux and 104 on macOS, one of them the terminating NUL. */
export function maxSocketPathBytes(platform: NodeJS.Platform = process.platform): number {
  return platform === 'darwin' ? 103 : 107;
}

/** Parses a target string as typed by a user or found by discovery. */
export function parseTarget(input: string, cwd: string = process.cwd()): Endpoint {
  const target = input.trim();
  if (!target) throw badTarget(input, 'The target is empty.');
  if (target.startsWith('unix-abstract:')) return abstractEndpoint(target.slice('unix-abstract:'.length), input);
  if (target.startsWith('unix:')) {
    let rest = target.slice('unix:'.length);
    if (rest.startsWith('//')) {
      rest = rest.slice(2);
      if (!rest.startsWith('/')) throw badTarget(input, 'unix:// needs an absolute path, as in unix:///run/app.sock.');
    }
    return unixEndpoint(rest, input, cwd);
  }
  if (target.startsWith('npipe:')) return pipeEndpoint(target.slice('npipe:'.length), input);
  const pipe = /^\\\\\.\\pipe\\(.+)$/i.exec(target) ?? /^\/\/\.\/pipe\/(.+)$/i.exec(target);
  if (pipe) return { kind: 'pipe', name: pipe[1] };
  const hostPort = target.startsWith('dns:') ? target.slice(4).replace(/^\/\/[^/]*\//, '') : target;
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(hostPort) ?? /^([^:/\s]+):(\d+)$/.exec(hostPort);
  if (!match) throw badTarget(input, `"${input}" is not a target this tool understands.`);
  return tcpEndpoint(match[1], match[2], input);
}

/**
 * The endpoint for what the user typed in the panel's target bar, with parseTarget's checks and
 * messages; the draft's fields are taken as they are, never joined into a target string first.
 */
export function endpointFromDraft(draft: TargetDraft, cwd: string = process.cwd()): Endpoint {
  switch (draft.kind) {
    case 'unix':
      return unixEndpoint(draft.path.trim(), `unix:${draft.path}`, cwd);
    case 'abstract':
      return abstractEndpoint(draft.name, `unix-abstract:${draft.name}`);
    case 'pipe':
      return pipeEndpoint(draft.name, `npipe:${draft.name}`);
    case 'tcp': {
      const host = draft.host.replace(/^\[(.*)\]$/, '$1');
      const input = `${draft.host}:${draft.port}`;
      const hostOk = host.includes(':') ? !/[\]\s]/.test(host) : /^[^:/\s]+$/.test(host);
      if (!hostOk || !/^\d+$/.test(draft.port)) throw badTarget(input, `"${input}" is not a target this tool understands.`);
      return tcpEndpoint(host, draft.port, input);
    }
  }
}

/** The target bar's fields for an endpoint (the inverse of endpointFromDraft). */
export function draftFromEndpoint(endpoint: Endpoint): TargetDraft {
  switch (endpoint.kind) {
    case 'unix':
      return { kind: 'unix', path: endpoint.path };
    case 'abstract':
      return { kind: 'abstract', name: endpoint.name };
    case 'pipe':
      return { kind: 'pipe', name: endpoint.name };
    case 'tcp':
      return { kind: 'tcp', host: endpoint.host, port: String(endpoint.port) };
  }
}

function unixEndpoint(socketPath: string, input: string, cwd: string): Endpoint {
  if (!socketPath) throw badTarget(input, 'The socket path is empty.');
  return { kind: 'unix', path: resolvePath(cwd, socketPath) };
}

function abstractEndpoint(name: string, input: string): Endpoint {
  if (!name) throw badTarget(input, 'The abstract socket name is empty.');
  return { kind: 'abstract', name };
}

function pipeEndpoint(nameOrPath: string, input: string): Endpoint {
  const name = nameOrPath.replace(/^\\\\\.\\pipe\\/i, '');
  if (!name) throw badTarget(input, 'The pipe name is empty.');
  return { kind: 'pipe', name };
}

function tcpEndpoint(host: string, portDigits: string, input: string): Endpoint {
  const port = Number(portDigits);
  if (port < 1 || port > 65535) throw badTarget(input, `Port ${portDigits} is out of range (1-65535).`);
  return { kind: 'tcp', host, port };
}

function badTarget(input: string, message: string): IpcError {
  return new IpcError('bad-target', message, `Accepted forms: ${ACCEPTED_FORMS}.`);
}

/** The canonical target string, which parseTarget reads back to the same endpoint. */
export function formatTarget(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix:${endpoint.path}`;
    case 'abstract':
      return `unix-abstract:${endpoint.name}`;
    case 'pipe':
      return `npipe:${endpoint.name}`;
    case 'tcp':
      return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
  }
}

/** The full Windows path of a named pipe. */
export function pipePath(name: string): string {
  return `\\\\.\\pipe\\${name}`;
}

/** Node's major version, or that of the runtime we are told about. */
export function nodeMajor(version: string = process.versions.node): number {
  return Number(version.split('.')[0]);
}

/**
 * Checks what the runtime can reach before any connect, because Node fails late and obscurely:
 * it truncates long socket paths and pads abstract names to 108 bytes.
 */
export function assertReachable(
  endpoint: Endpoint,
  platform: NodeJS.Platform = process.platform,
  nodeVersion: string = process.versions.node,
): void {
  switch (endpoint.kind) {
    case 'unix': {
      if (platform === 'win32')
        throw new IpcError(
          'bad-target',
          'Node on Windows cannot reach Unix domain sockets: it opens every socket path as a named pipe.',
          'Have the server listen on a named pipe (npipe:NAME) or on TCP instead.',
        );
      const limit = maxSocketPathBytes(platform);
      const bytes = Buffer.byteLength(endpoint.path);
      if (bytes > limit)
        throw new IpcError(
          'path-too-long',
          `The socket path is ${bytes} bytes long; ${platform === 'darwin' ? 'macOS' : 'Linux'} allows at most ${limit}.`,
          'Use a shorter path, for example under $XDG_RUNTIME_DIR or /tmp.',
        );
      return;
    }
    case 'abstract':
      if (platform !== 'linux')
        throw new IpcError('bad-target', 'Abstract sockets exist only on Linux.', 'Use a unix: socket path instead.');
      // sun_path is 108 bytes and the leading NUL takes one; the kernel would bind a truncated name.
      if (Buffer.byteLength(endpoint.name) > 107)
        throw new IpcError(
          'path-too-long',
          `The abstract socket name is ${Buffer.byteLength(endpoint.name)} bytes long; Linux allows at most 107.`,
          'Use a shorter name.',
        );
      if (nodeMajor(nodeVersion) < 22)
        throw new IpcError(
          'abstract-needs-node22',
          `Abstract sockets need Node ≥ 22 (VS Code ≥ 1.101); this runtime is Node ${nodeVersion}.`,
          'Node 20 pads abstract names to 108 bytes, so it cannot reach a server that bound the exact name. Upgrade, or use a socket file.',
        );
      return;
    case 'pipe':
      if (platform !== 'win32')
        throw new IpcError(
          'pipe-not-supported',
          'Named pipes are a Windows transport.',
          'On this system use unix:/path/to/socket instead.',
        );
      return;
    case 'tcp':
      return;
  }
}

/** The target string grpc-js understands for this endpoint. */
export function grpcTarget(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix:${endpoint.path}`;
    case 'abstract':
      // grpc-js has no unix-abstract: scheme, but a leading NUL reaches Node's abstract namespace.
      return `unix:\0${endpoint.name}`;
    case 'pipe':
      return `unix:${pipePath(endpoint.name)}`;
    case 'tcp':
      return endpoint.host.includes(':') ? `ipv6:[${endpoint.host}]:${endpoint.port}` : `dns:${endpoint.host}:${endpoint.port}`;
  }
}

// Flags shared by the commands that talk to a server: the target, TLS, the schema source, limits
// and the deadline. Each command spreads `commonFlags` into its own util.parseArgs options.
import { parseArgs } from 'node:util';
import { parseTarget } from '../ipc/endpoint';
import { MAX_DEADLINE_MS } from '../ipc/deadline';
import { IpcError } from '../ipc/errors';
import type { SchemaSource } from '../shared/types';
import type { ConnectOptions, TlsOptions } from '../ipc/types';

/** TLS and transport limits. */
export const connectionFlags = {
  tls: { type: 'boolean' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'server-name': { type: 'string' },
  pin: { type: 'string' },
  insecure: { type: 'boolean' },
  'max-receive-bytes': { type: 'string' },
  'max-send-bytes': { type: 'string' },
} as const;

/** Where the schema comes from when not from reflection. */
export const schemaFlags = {
  proto: { type: 'string', multiple: true },
  'import-path': { type: 'string', short: 'I', multiple: true },
  protoset: { type: 'string' },
} as const;

/** Everything `describe` and `call` have in common. */
export const commonFlags = {
  ...connectionFlags,
  ...schemaFlags,
  deadline: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The text the shared flags add to a command's usage. */
export const COMMON_USAGE = `TLS:    --tls  --ca FILE  --cert FILE --key FILE  --server-name NAME  --pin sha256:HEX  --insecure
Schema: --proto FILE ... [-I DIR ...] | --protoset FILE   (default: server reflection)
Limits: --deadline 5s (500ms, 5s, 1m)  --max-receive-bytes 4MiB  --max-send-bytes N`;

type FlagConfig = Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer O } ? NonNullable<O> : never) : never;

/** util.parseArgs with positionals, where a bad flag becomes a usage error carrying the usage text. */
export function parseCommandLine<T extends FlagConfig>(argv: string[], flags: T, usage: string) {
  try {
    return parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new IpcError('usage', (error as Error).message.split('\n')[0], `\n${usage}`);
  }
}

/** The values parseArgs returns for `commonFlags`. */
export interface CommonValues {
  tls?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  'server-name'?: string;
  pin?: string;
  insecure?: boolean;
  'max-receive-bytes'?: string;
  'max-send-bytes'?: string;
  proto?: string[];
  'import-path'?: string[];
  protoset?: string;
  deadline?: string;
  json?: boolean;
}

/** What the shared flags mean, ready for the core. */
export interface CommonOptions {
  connect: ConnectOptions;
  schema: SchemaSource;
  deadlineMs: number;
  json: boolean;
}

/** Reads the target and the shared flags; `defaultDeadlineMs` applies when --deadline is absent. */
export function readCommonOptions(
  target: string | undefined,
  values: CommonValues,
  defaultDeadlineMs: number,
  usage: string,
): CommonOptions {
  if (!target) throw new IpcError('usage', 'The target is missing.', `\n${usage}`);
  const connect: ConnectOptions = { endpoint: parseTarget(target) };
  const tls = readTls(values);
  if (tls) connect.tls = tls;
  if (values['max-receive-bytes'] !== undefined)
    connect.maxReceiveBytes = parseByteSize(values['max-receive-bytes'], '--max-receive-bytes');
  if (values['max-send-bytes'] !== undefined) connect.maxSendBytes = parseByteSize(values['max-send-bytes'], '--max-send-bytes');
  return {
    connect,
    schema: readSchemaSource(values),
    deadlineMs: values.deadline !== undefined ? parseDuration(values.deadline, '--deadline') : defaultDeadlineMs,
    json: values.json ?? false,
  };
}

/** TLS is on with --tls or any TLS flag; off otherwise. */
export function readTls(values: CommonValues): TlsOptions | undefined {
  const any = values.tls || values.ca || values.cert || values.key || values['server-name'] || values.pin || values.insecure;
  if (!any) return undefined;
  const tls: TlsOptions = {};
  if (values.ca) tls.ca = values.ca;
  if (values.cert) tls.cert = values.cert;
  if (values.key) tls.key = values.key;
  if (values['server-name']) tls.serverName = values['server-name'];
  if (values.pin) tls.pin = values.pin;
  if (values.insecure) tls.insecure = true;
  return tls;
}

export function readSchemaSource(values: CommonValues): SchemaSource {
  const protos = values.proto ?? [];
  if (protos.length && values.protoset) throw new IpcError('usage', 'Pass either --proto or --protoset, not both.');
  if (values.protoset) return { kind: 'protoset', file: values.protoset };
  if (protos.length) return { kind: 'proto', files: protos, importPaths: values['import-path'] ?? [] };
  if (values['import-path']?.length) throw new IpcError('usage', '-I only makes sense with --proto.', 'Add --proto FILE.');
  return { kind: 'reflection' };
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `5s`, `1.5s`, `1m`, `1h`; a bare number means seconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  const ms = match ? Math.round(Number(match[1]) * durationUnits[match[2] ?? 's']) : NaN;
  if (!match || !(ms > 0)) throw new IpcError('usage', `${flag} "${text}" is not a duration.`, 'Write it like 500ms, 5s or 1m.');
  if (ms > MAX_DEADLINE_MS)
    throw new IpcError(
      'usage',
      `${flag} "${text}" is too long: the longest is ${Math.floor(MAX_DEADLINE_MS / 3_600_000)}h (about 24 days).`,
      'Write a shorter duration, like 1h or 500h.',
    );
  return ms;
}

const sizeUnits: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/** `4194304`, `4MiB`, `16MB`, `512k`. */
export function parseByteSize(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? sizeUnits[match[2].toLowerCase()] : undefined;
  const bytes = match && unit ? Math.round(Number(match[1]) * unit) : NaN;
  if (!(bytes > 0) || bytes > 2 ** 31 - 1)
    throw new IpcError('usage', `${flag} "${text}" is not a size.`, 'Write it like 4194304, 4MiB or 16MB (at most 2 GiB).');
  return bytes;
}

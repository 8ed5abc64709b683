// grpc-ipc call: one RPC of any kind. Responses go to stdout as NDJSON, the status to stderr.
import * as readline from 'node:readline';
import { startCall, type CallHandle } from '../ipc/call/invoke';
import { parseTarget } from '../ipc/endpoint';
import { IpcError, isIpcError } from '../ipc/errors';
import { checkExpectedOwner, inspectOwner, ownerSubject } from '../ipc/owner';
import type { ConnectOptions, MetadataEntry, MethodInfo } from '../ipc/types';
import { parseHeader, parseRequestLine, parseRequestText, requestSource } from './callInput';
import { findMethod, loadSchema, parseSharedOptions, type Schema } from './callDepsShim';
import { EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE, exitForError, exitForStatus } from './exitCodes';

export const CALL_HELP = `Usage: grpc-ipc call TARGET SERVICE/METHOD [options]

Calls one method. SERVICE/METHOD may also be written pkg.Service.Method.
Each response message is printed to stdout as one line of JSON (NDJSON); the final status
(OK, or CODE: message) goes to stderr.

Request:
  -d JSON            the request message (default {}); several messages as NDJSON for streaming calls
  -d @FILE           read it from a file
  -d @-              read standard input; client-streaming and bidi calls send each line as it arrives
  -H 'key: value'    request metadata, repeatable; keys ending in -bin take base64 values
  --emit-defaults    print fields that hold default values too (grpcurl omits them, and so do we)

Connection and schema:
  --deadline 5s      give up after this long (default 10s; also covers streaming calls)
  --proto F -I DIR   use .proto files instead of server reflection; --protoset F for a descriptor set
  --tls --ca F --cert F --key F --server-name NAME --pin sha256:HEX --insecure
  --max-receive-bytes N, --max-send-bytes N
  --expect-owner UID|NAME   refuse before connecting unless this user owns the socket and its server

${EXIT_CODES_HELP}`;

/** What the call command was asked to do, before anything is read or opened. */
interface CallArgs {
  target: string;
  method: string;
  data?: string;
  headers: MetadataEntry[];
  expectOwner?: string;
  emitDefaults: boolean;
  shared: string[];
}

export async function callCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(CALL_HELP);
    return EXIT_OK;
  }
  try {
    return await runCall(parseCallArgs(argv));
  } catch (error) {
    console.error(`grpc-ipc: ${isIpcError(error) ? error.describe() : error instanceof Error ? error.message : String(error)}`);
    return exitForError(error);
  }
}

function parseCallArgs(argv: string[]): CallArgs {
  const positionals: string[] = [];
  const args: Omit<CallArgs, 'target' | 'method'> = { headers: [], emitDefaults: false, shared: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new IpcError('usage', `${arg} needs a value.`, 'See grpc-ipc call --help.');
      return next;
    };
    if (arg === '-d' || arg === '--data') args.data = value();
    else if (arg === '-H' || arg === '--header') args.headers.push(parseHeader(value()));
    else if (arg === '--expect-owner') args.expectOwner = value();
    else if (arg === '--emit-defaults') args.emitDefaults = true;
    else if (arg.startsWith('-') && arg !== '-') args.shared.push(arg, ...(takesValue(arg) ? [value()] : []));
    else positionals.push(arg);
  }
  if (positionals.length !== 2)
    throw new IpcError(
      'usage',
      `call needs TARGET and SERVICE/METHOD${positionals.length ? `, got ${positionals.map((p) => JSON.stringify(p)).join(' ')}` : ''}.`,
      'See grpc-ipc call --help.',
    );
  return { target: positionals[0], method: positionals[1], ...args };
}

/** Shared flags that take a value, so their value is not mistaken for a positional argument. */
function takesValue(flag: string): boolean {
  return !['--tls', '--insecure'].includes(flag);
}

async function runCall(args: CallArgs): Promise<number> {
  const shared = parseSharedOptions(args.shared);
  const endpoint = parseTarget(args.target);
  const connect: ConnectOptions = { endpoint, tls: shared.tls, maxReceiveBytes: shared.maxReceiveBytes, maxSendBytes: shared.maxSendBytes };
  if (args.expectOwner !== undefined) {
    const check = checkExpectedOwner(await inspectOwner(endpoint), args.expectOwner, ownerSubject(endpoint));
    if (!check.ok)
      throw new IpcError(
        'owner-mismatch',
        `${check.message} Nothing was sent.`,
        'Make sure the expected server owns this socket, or change --expect-owner.',
      );
  }
  const source = await requestSource(args.data);
  const schema = await loadSchema(shared.schema, connect, shared.deadlineMs);
  const method = findMethod(schema, args.method);
  const streamStdin = source.kind === 'stdin' && method.clientStreaming;
  let requests: unknown[];
  if (source.kind === 'none') requests = [{}];
  else if (source.kind === 'text')
    requests = parseRequestText(schema, method.requestType, source.text, source.origin, method.clientStreaming);
  else if (streamStdin) requests = [];
  else requests = parseRequestText(schema, method.requestType, await readAll(process.stdin), 'stdin', false);

  const handle = startCall(
    {
      connect,
      schema,
      method,
      requests,
      metadata: args.headers,
      deadlineMs: shared.deadlineMs,
      retainResponses: 0,
      emitDefaults: args.emitDefaults,
      keepOpen: streamStdin,
    },
    { onMessage: (json) => process.stdout.write(`${JSON.stringify(json)}\n`) },
  );
  const input = streamStdin ? pumpStdin(handle, schema, method) : undefined;
  const result = await handle.result.finally(() => input?.stop());
  const inputError = await input?.failure;
  if (inputError) {
    console.error(`grpc-ipc: ${inputError.describe()}`);
    return EXIT_USAGE;
  }
  console.error(result.code === 0 ? 'OK' : `${result.codeName}: ${result.message}`);
  return exitForStatus(result.code);
}

/**
 * Sends each NDJSON line of stdin as it arrives and ends the stream at EOF. A bad line cancels the call,
 * so nothing after it is sent; `failure` then holds the reason.
 */
function pumpStdin(handle: CallHandle, schema: Schema, method: MethodInfo): { stop(): void; failure: Promise<IpcError | undefined> } {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let number = 0;
  let failed: IpcError | undefined;
  let stopped = false;
  const failure = new Promise<IpcError | undefined>((resolve) => {
    lines.on('line', (line) => {
      number++;
      if (stopped || failed || line.trim() === '') return;
      let message: unknown;
      try {
        message = parseRequestLine(schema, method.requestType, line, number);
      } catch (error) {
        failed = isIpcError(error) ? error : new IpcError('bad-request-json', String(error));
        handle.cancel();
        lines.close();
        return;
      }
      try {
        handle.write(message);
      } catch {
        lines.close(); // the call already ended; its status says why
      }
    });
    lines.on('close', () => {
      if (!failed && !stopped) handle.end();
      resolve(failed);
    });
  });
  return {
    stop() {
      stopped = true;
      lines.close();
      process.stdin.destroy(); // the server may finish first; do not wait for more input
    },
    failure,
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

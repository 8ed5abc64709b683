// grpc-ipc call: one RPC of any kind. Responses go to stdout as NDJSON, the status to stderr.
import * as readline from 'node:readline';
import { DEFAULT_DEADLINE_MS, startCall, type CallHandle } from '../ipc/call/invoke';
import { IpcError, isIpcError } from '../ipc/errors';
import { FLAG_WORDS, wordHint } from '../ipc/remedy';
import { preflight } from '../ipc/connection';
import { isKnownUser, verifyOwner } from '../ipc/owner';
import { detailLines } from '../shared/errorDetails';
import { findMethod, loadSchema, type Schema } from '../ipc/schema/schema';
import type { MethodInfo } from '../ipc/types';
import { escapeControls } from '../ipc/text';
import { endQuietlyWhenStdoutCloses, printError } from './output';
import { decodeUtf8, parseHeader, parseRequestLine, parseRequestText, requestSource, type RequestSource } from './callInput';
import { resolveJsonText, resolveMetadata, resolveText, type VariableScope } from '../ipc/variables/resolve';
import { cliVariableScope } from './variables';
import { EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE, exitForError, exitForStatus } from './exitCodes';
import { COMMON_USAGE, commonFlags, parseCommandLine, readCommonOptions, type CommonValues } from './options';

export const CALL_HELP = `Usage: grpc-ipc call TARGET SERVICE/METHOD [options]

Calls one method. SERVICE/METHOD may also be written pkg.Service.Method.
Each response message is printed to stdout as one line of JSON (NDJSON); the final status
(OK, or CODE: message) goes to stderr.

Request:
  -d JSON            the request message (default {}); streaming calls take several, as NDJSON
                     or as a JSON array
  -d @FILE           read it from a file
  -d @-              read standard input; client-streaming and bidi calls send each line as it arrives
  -H 'key: value'    request metadata, repeatable; keys ending in -bin take base64 values
  --emit-defaults    print fields that hold default values too (grpcurl omits them, and so do we)
  --json             print the status to stderr as one JSON object, with headers, trailers, timing
                     (ms: connect, first byte, total), transport, the TLS peer certificate and the
                     server's error details (google.rpc.Status from grpc-status-details-bin), decoded

Variables:
  --env NAME         resolve {{name}} in the target, -d and -H from .vscode/grpc-ipc/environments/NAME.json
                     (in the current folder); its secret variables from GRPC_IPC_SECRET_<NAME>.
                     \${env:NAME} and \${workspaceFolder} (the current folder) resolve without --env.
                     A variable without a value stops the call before anything is sent.

Owner:
  --expect-owner UID|NAME   refuse before connecting unless this user owns the socket and its server
                            (named pipes: the Windows account, DOMAIN\\user or user)

${COMMON_USAGE}
The deadline defaults to 10s and covers streaming calls too; raise it for long sessions.

${EXIT_CODES_HELP}`;

const callFlags = {
  ...commonFlags,
  data: { type: 'string', short: 'd' },
  header: { type: 'string', short: 'H', multiple: true },
  'expect-owner': { type: 'string' },
  'emit-defaults': { type: 'boolean' },
  env: { type: 'string' },
} as const;

export async function callCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(argv, callFlags, CALL_HELP);
    if (values.help) {
      console.log(CALL_HELP);
      return EXIT_OK;
    }
    if (positionals.length !== 2)
      throw new IpcError(
        'usage',
        `call needs TARGET and SERVICE/METHOD${positionals.length ? `, got ${positionals.map((p) => JSON.stringify(p)).join(' ')}` : ''}.`,
        'See grpc-ipc call --help.',
      );
    return await runCall(positionals[0], positionals[1], values);
  } catch (error) {
    printError(`grpc-ipc: ${isIpcError(error) ? error.describe() : error instanceof Error ? error.message : String(error)}`);
    return exitForError(error);
  }
}

type CallValues = CommonValues & { data?: string; header?: string[]; 'expect-owner'?: string; 'emit-defaults'?: boolean; env?: string };

async function runCall(rawTarget: string, methodName: string, values: CallValues): Promise<number> {
  const scope = await cliVariableScope(values.env);
  const target = resolveText(rawTarget, 'the target', scope);
  const { connect, schema: schemaRequest, deadlineMs, json } = readCommonOptions(target, values, DEFAULT_DEADLINE_MS, CALL_HELP);
  const metadata = resolveMetadata((values.header ?? []).map(parseHeader), scope, 'header');
  const expectOwner = values['expect-owner'];
  if (expectOwner !== undefined) {
    if (!isKnownUser(connect.endpoint, expectOwner))
      throw new IpcError(
        'usage',
        `--expect-owner "${expectOwner}" is not a user of this system.`,
        'Give a uid or a user name from /etc/passwd.',
      );
    await preflight(connect.endpoint); // a missing or stale socket gets its own message, not an owner mismatch
    const check = await verifyOwner(connect.endpoint, expectOwner);
    if (!check.ok)
      throw new IpcError(
        'owner-mismatch',
        `${check.message} Nothing was sent.`,
        'Make sure the expected server owns this socket, or change --expect-owner.',
      );
  }
  const source = withVariables(await requestSource(values.data), scope);
  const schema = await loadSchema(schemaRequest, connect, deadlineMs);
  const method = findMethod(schema, methodName);
  const streamStdin = source.kind === 'stdin' && method.clientStreaming;
  let requests: unknown[];
  if (source.kind === 'none') requests = [{}];
  else if (source.kind === 'text')
    requests = parseRequestText(schema, method.requestType, source.text, source.origin, method.clientStreaming);
  else if (streamStdin) requests = [];
  else
    requests = parseRequestText(schema, method.requestType, resolveJsonText(await readAll(process.stdin), 'stdin', scope), 'stdin', false);

  endQuietlyWhenStdoutCloses(); // `grpc-ipc call … | head` ends the call when head has enough
  let paused = false;
  const handle = startCall(
    {
      connect,
      schema,
      method,
      requests,
      metadata,
      deadlineMs,
      retainResponses: 0,
      emitDefaults: values['emit-defaults'] ?? false,
      keepOpen: streamStdin,
    },
    {
      onMessage: (json) => {
        // Honour backpressure: a slow reader pauses the call instead of letting stdout's buffer grow without bound.
        if (!process.stdout.write(`${JSON.stringify(json)}\n`) && !paused) {
          paused = true;
          handle.pause();
          process.stdout.once('drain', () => {
            paused = false;
            handle.resume();
          });
        }
      },
    },
  );
  const input = streamStdin ? pumpStdin(handle, schema, method, scope) : undefined;
  // Ctrl+C cancels the call, so the server hears about it and the status (CANCELLED) is still printed.
  const cancel = () => handle.cancel();
  process.once('SIGINT', cancel);
  const result = await handle.result.finally(() => {
    process.off('SIGINT', cancel);
    input?.stop();
  });
  const inputError = await input?.failure;
  if (inputError) {
    printError(`grpc-ipc: ${inputError.describe()}`);
    return EXIT_USAGE;
  }
  if (json) {
    const { responses: _responses, ...rest } = result;
    const status = rest.hint ? { ...rest, hint: wordHint(rest.hint, FLAG_WORDS) } : rest;
    console.error(JSON.stringify(status));
  } else {
    // The server wrote the message and the details: control characters are shown, not obeyed.
    console.error(
      result.code === 0
        ? 'OK'
        : `${result.codeName}: ${escapeControls(result.message)}${result.hint ? ` ${wordHint(result.hint, FLAG_WORDS)}` : ''}`,
    );
    if (result.statusDetails) console.error(detailLines(result.statusDetails).map(escapeControls).join('\n'));
  }
  return exitForStatus(result.code);
}

/**
 * Sends each NDJSON line of stdin as it arrives and ends the stream at EOF. A bad line cancels the call,
 * so nothing after it is sent; `failure` then holds the reason.
 */
function pumpStdin(
  handle: CallHandle,
  schema: Schema,
  method: MethodInfo,
  scope: VariableScope,
): { stop(): void; failure: Promise<IpcError | undefined> } {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let number = 0;
  let sent = 0;
  let failed: IpcError | undefined;
  let stopped = false;
  const failure = new Promise<IpcError | undefined>((resolve) => {
    lines.on('line', (line) => {
      number++;
      if (stopped || failed || line.trim() === '') return;
      let message: unknown;
      try {
        message = parseRequestLine(schema, method.requestType, resolveJsonText(line, `stdin line ${number}`, scope), number);
      } catch (error) {
        failed = afterSent(isIpcError(error) ? error : new IpcError('bad-request-json', String(error)), sent);
        handle.cancel();
        lines.close();
        return;
      }
      try {
        handle.write(message);
        sent++;
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

/** A bad line after others were sent says so, instead of the "Nothing was sent" a first bad line earns. */
function afterSent(error: IpcError, sent: number): IpcError {
  if (sent === 0) return error;
  const strip = (text: string) => text.replace(/\s*Nothing was sent\.$/, '');
  const note = `${sent} earlier message${sent === 1 ? ' was' : 's were'} sent; the call was cancelled at this line.`;
  return new IpcError(error.code, `${strip(error.message)} ${note}`, error.hint === undefined ? undefined : strip(error.hint));
}

/** Request text with its variables resolved; stdin is resolved line by line as it arrives. */
function withVariables(source: RequestSource, scope: VariableScope): RequestSource {
  if (source.kind !== 'text') return source;
  return { ...source, text: resolveJsonText(source.text, source.origin === '-d' ? 'the -d request' : source.origin, scope) };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return decodeUtf8(Buffer.concat(chunks), 'stdin');
}

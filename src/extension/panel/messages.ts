// Validates every message from the webview before the host looks at it. No vscode import, so
// the checks run in plain unit tests.
import type { FromWebview, MetadataRow, PanelState, ParamsOf, RequestName, TargetDraft, TlsDraft } from '../../shared/protocol';
import type { SchemaSource } from '../../shared/types';
import {
  array,
  boolean,
  callId,
  chosenPath,
  type Check,
  integer,
  literal,
  object,
  Rejected,
  short,
  targetId,
  text,
  type ValidationContext,
  variants,
} from './validate';

export { Rejected, type ValidationContext } from './validate';

const targetDraft: Check<TargetDraft> = variants<TargetDraft>({
  unix: object({ kind: literal('unix'), path: short }),
  abstract: object({ kind: literal('abstract'), name: short }),
  pipe: object({ kind: literal('pipe'), name: short }),
  tcp: object({ kind: literal('tcp'), host: short, port: short }),
});

const tlsDraft: Check<TlsDraft> = variants<TlsDraft>({
  off: object({ kind: literal('off') }),
  on: object({ kind: literal('on'), ca: chosenPath, cert: chosenPath, key: chosenPath, serverName: short, insecure: boolean }),
});

const sourceDraft: Check<SchemaSource> = variants<SchemaSource>({
  reflection: object({ kind: literal('reflection') }),
  proto: object({ kind: literal('proto'), files: array(chosenPath, 200), importPaths: array(chosenPath, 200) }),
  protoset: object({ kind: literal('protoset'), file: chosenPath }),
});

const metadataRow: Check<MetadataRow> = object({ key: short, value: text, secret: boolean });
const metadata = array(metadataRow, 200);
const methodName = short;
const deadlineMs = integer(1, 24 * 3600 * 1000);
const maxMessageBytes = integer(1, 2 ** 31 - 1);
const requestTexts = array(text, 10_000);
const emptyParams: Check<Record<string, never>> = object({});

const panelState: Check<PanelState> = object({
  target: targetDraft,
  tls: tlsDraft,
  source: sourceDraft,
  method: methodName,
  requests: requestTexts,
  metadata,
  deadlineMs,
  maxMessageBytes,
});

/** One check per request; the mapped type makes a missing request a compile error. */
const requestParams: { [N in RequestName]: Check<ParamsOf<N>> } = {
  checkTarget: object({ target: targetDraft }),
  selectTarget: object({ target: targetDraft, tls: tlsDraft }),
  pickFile: object({ purpose: literal('ca', 'cert', 'key', 'proto', 'importPath', 'protoset', 'socket') }),
  listSockets: emptyParams,
  loadSchema: object({ targetId, source: sourceDraft }),
  describeMethod: object({ targetId, method: methodName }),
  validateRequest: object({ targetId, method: methodName, text }),
  startCall: object({ targetId, method: methodName, requests: requestTexts, interactive: boolean, metadata, deadlineMs, maxMessageBytes }),
  pinCertificate: object({
    targetId,
    sha256: (value, path, ctx) => {
      const hex = short(value, path, ctx);
      if (!/^[0-9a-f]{64}$/.test(hex)) throw new Rejected(path, 'expected 64 lowercase hex digits');
      return hex;
    },
  }),
  copyGrpcurl: object({ targetId, method: methodName, requests: requestTexts, metadata, deadlineMs }),
  saveRequest: object({ name: short, state: panelState }),
  saveResponses: object({ callId }),
  history: object({ targetId }),
  chooseEnvironment: emptyParams,
};

const requestId = integer(0, Number.MAX_SAFE_INTEGER);

const messages: { [T in FromWebview['type']]: Check<Extract<FromWebview, { type: T }>> } = {
  ready: object({ type: literal('ready') }),
  request: (value, path, ctx) => {
    const name = (value as { name?: unknown }).name;
    if (typeof name !== 'string' || !Object.hasOwn(requestParams, name)) throw new Rejected(`${path}.name`, 'unknown request');
    const check = object({ type: literal('request'), id: requestId, name: literal(name), params: requestParams[name as RequestName] });
    return check(value, path, ctx) as Extract<FromWebview, { type: 'request' }>;
  },
  callWrite: object({ type: literal('callWrite'), callId, text }),
  callEnd: object({ type: literal('callEnd'), callId }),
  callCancel: object({ type: literal('callCancel'), callId }),
  copyText: object({ type: literal('copyText'), text }),
};

/** The message as a FromWebview, or the reason it was refused. */
export function parseFromWebview(
  value: unknown,
  ctx: ValidationContext,
): { ok: true; message: FromWebview } | { ok: false; reason: string } {
  try {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Rejected('$', 'expected an object');
    const type = (value as { type?: unknown }).type;
    if (typeof type !== 'string' || !Object.hasOwn(messages, type)) throw new Rejected('$.type', 'unknown message type');
    const check = messages[type as FromWebview['type']] as Check<FromWebview>;
    return { ok: true, message: check(value, '$', ctx) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The id of a request message, if it has a usable one, so a refusal can still be answered. */
export function requestIdOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, id } = value as { type?: unknown; id?: unknown };
  return type === 'request' && typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

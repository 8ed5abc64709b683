// The host's validator for webview messages, fed hostile input. It lives in src/extension/panel
// but imports no vscode, so it runs here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseFromWebview, requestIdOf, type ValidationContext } from '../../src/extension/panel/messages';

const ctx: ValidationContext = {
  chosenPaths: new Set(['/home/me/ca.pem', '/home/me/protos/demo.proto', '/home/me/protos']),
  targetIds: new Set(['t1']),
  callIds: new Set(['c1']),
};

function refused(message: unknown, pattern: RegExp): void {
  const result = parseFromWebview(message, ctx);
  assert.equal(result.ok, false, `accepted ${JSON.stringify(message)}`);
  if (!result.ok) assert.match(result.reason, pattern);
}

const goodCall = {
  type: 'request',
  id: 7,
  name: 'startCall',
  params: {
    targetId: 't1',
    method: 'a.B/C',
    requests: ['{}'],
    interactive: false,
    metadata: [{ key: 'k', value: 'v', secret: true }],
    deadlineMs: 5000,
    maxMessageBytes: 4194304,
  },
};

test('well-formed messages pass and come back as fresh copies', () => {
  const ready = parseFromWebview({ type: 'ready' }, ctx);
  assert.deepEqual(ready, { ok: true, message: { type: 'ready' } });
  const call = parseFromWebview(goodCall, ctx);
  assert.equal(call.ok, true);
  if (call.ok) {
    assert.deepEqual(call.message, goodCall);
    assert.notEqual(call.message, goodCall);
  }
  const select = parseFromWebview(
    {
      type: 'request',
      id: 1,
      name: 'selectTarget',
      params: {
        target: { kind: 'unix', path: '/tmp/x.sock' },
        tls: { kind: 'on', ca: '/home/me/ca.pem', cert: '', key: '', serverName: '', insecure: false },
      },
    },
    ctx,
  );
  assert.equal(select.ok, true);
});

test('unknown message types and unknown requests are refused', () => {
  refused({ type: 'runShell', command: 'rm -rf ~' }, /unknown message type/);
  refused({ type: 'request', id: 1, name: 'eval', params: {} }, /unknown request/);
  refused({ type: 'request', id: 1, name: 'toString', params: {} }, /unknown request/);
  refused({ type: 'hasOwnProperty' }, /unknown message type/);
  refused(null, /expected an object/);
  refused('ready', /expected an object/);
  refused([{ type: 'ready' }], /expected an object/);
});

test('prototype-pollution keys are refused wherever they appear', () => {
  refused(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'), /__proto__: forbidden key/);
  refused(
    JSON.parse('{"type":"request","id":1,"name":"history","params":{"targetId":"t1","constructor":{"prototype":{}}}}'),
    /constructor: forbidden key/,
  );
  const deep = structuredClone(goodCall) as typeof goodCall;
  (deep.params.metadata as unknown[]).push(JSON.parse('{"key":"k","value":"v","secret":false,"__proto__":{"x":1}}'));
  refused(deep, /__proto__: forbidden key/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('wrong field types and extra fields are refused', () => {
  refused({ ...goodCall, id: '7' }, /\$\.id: expected an integer/);
  refused({ ...goodCall, params: { ...goodCall.params, interactive: 'yes' } }, /interactive: expected a boolean/);
  refused({ ...goodCall, params: { ...goodCall.params, deadlineMs: -1 } }, /deadlineMs: expected an integer/);
  refused({ ...goodCall, params: { ...goodCall.params, requests: '{}' } }, /requests: expected an array/);
  refused({ ...goodCall, params: { ...goodCall.params, extra: 1 } }, /extra: unknown field/);
  refused({ type: 'request', id: 1, name: 'checkTarget', params: { target: { kind: 'smb', path: 'x' } } }, /kind: unknown kind/);
  refused(
    { type: 'request', id: 1, name: 'checkTarget', params: { target: { kind: 'tcp', host: 'h', port: 80 } } },
    /port: expected a string/,
  );
  refused({ type: 'request', id: 1, name: 'pinCertificate', params: { targetId: 't1', sha256: 'AB' } }, /64 lowercase hex/);
  refused({ type: 'copyText', text: new String('x') }, /expected a string/);
});

test('oversize strings and lists are refused', () => {
  refused({ type: 'request', id: 1, name: 'describeMethod', params: { targetId: 't1', method: 'x'.repeat(5000) } }, /longer than 4096/);
  refused({ type: 'copyText', text: 'x'.repeat(4 * 1024 * 1024 + 1) }, /longer than/);
  refused(
    { ...goodCall, params: { ...goodCall.params, metadata: Array.from({ length: 201 }, () => ({ key: 'k', value: 'v', secret: false })) } },
    /more than 200 items/,
  );
});

test('paths the user never chose in a file picker are refused', () => {
  const tls = (ca: string) => ({ kind: 'on', ca, cert: '', key: '', serverName: '', insecure: false });
  refused(
    { type: 'request', id: 1, name: 'selectTarget', params: { target: { kind: 'tcp', host: 'h', port: '1' }, tls: tls('/etc/shadow') } },
    /ca: path was not chosen/,
  );
  refused(
    {
      type: 'request',
      id: 1,
      name: 'loadSchema',
      params: { targetId: 't1', source: { kind: 'proto', files: ['/home/me/protos/../../../etc/passwd'], importPaths: [] } },
    },
    /path was not chosen/,
  );
  refused(
    { type: 'request', id: 1, name: 'loadSchema', params: { targetId: 't1', source: { kind: 'protoset', file: '/tmp/evil.pb' } } },
    /path was not chosen/,
  );
});

test('targets and calls that were never selected or started are refused', () => {
  refused({ ...goodCall, params: { ...goodCall.params, targetId: 't2' } }, /target was never selected/);
  refused({ type: 'request', id: 1, name: 'history', params: { targetId: '__proto__' } }, /target was never selected/);
  refused({ type: 'callCancel', callId: 'c9' }, /no such call/);
  assert.equal(parseFromWebview({ type: 'callCancel', callId: 'c1' }, ctx).ok, true);
});

test('a refused request still yields its id so the webview gets an answer', () => {
  assert.equal(requestIdOf({ type: 'request', id: 3, name: 'nope' }), 3);
  assert.equal(requestIdOf({ type: 'request', id: 'x' }), undefined);
  assert.equal(requestIdOf({ type: 'ready' }), undefined);
});

test('chooseEnvironment takes no parameters: the webview cannot name an environment file or a secret', () => {
  assert.equal(parseFromWebview({ type: 'request', id: 1, name: 'chooseEnvironment', params: {} }, ctx).ok, true);
  refused({ type: 'request', id: 1, name: 'chooseEnvironment', params: { name: '../../../etc/passwd' } }, /unknown field/);
  refused({ type: 'request', id: 1, name: 'chooseEnvironment', params: { secret: 'token', value: 'x' } }, /unknown field/);
  refused(
    { type: 'request', id: 1, name: 'chooseEnvironment', params: { ['__proto__']: { polluted: true } } },
    /forbidden key|unknown field/,
  );
  refused({ type: 'request', id: 1, name: 'chooseEnvironment' }, /expected an object/);
});

test('a saved request name is only a suggestion, but a state with a hostile path is refused', () => {
  const state = {
    target: { kind: 'unix', path: '${workspaceFolder}/.s/demo.sock' },
    tls: { kind: 'off' },
    source: { kind: 'reflection' },
    method: 'a.B.C',
    requests: ['{"message": "{{greeting}}"}'],
    metadata: [],
    deadlineMs: 1000,
    maxMessageBytes: 1024,
  };
  assert.equal(parseFromWebview({ type: 'request', id: 1, name: 'saveRequest', params: { name: 'Echo', state } }, ctx).ok, true);
  refused(
    {
      type: 'request',
      id: 1,
      name: 'saveRequest',
      params: { name: 'Echo', state: { ...state, source: { kind: 'protoset', file: '/etc/shadow' } } },
    },
    /path was not chosen/,
  );
});

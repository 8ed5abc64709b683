// Pure parts of the panel host: indicator colours, saved request files, the HTML's CSP and target drafts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { panelHtml } from '../../src/extension/panel/html';
import { readSavedRequest, requestFileName, savedRequestText } from '../../src/extension/panel/savedRequest';
import { tlsOptions } from '../../src/extension/panel/targets';
import { certificateView, downView, ownerView, transportView } from '../../src/extension/panel/views';
import { PANEL_INIT_ID, type PanelInit, type PanelState } from '../../src/shared/protocol';
import type { PeerCertificate } from '../../src/ipc/types';

const mine = { kind: 'unix' as const, fileUid: 1000, fileMode: '0600', listener: { pid: 42, command: 'demo', uid: 1000 } };

test('owner: expected owner is green, world-writable amber, mismatch and unknown red only under block', () => {
  assert.equal(ownerView(mine, { ok: true }, 'me', 'block').light, 'green');
  assert.equal(ownerView({ ...mine, fileMode: '0777' }, { ok: true }, 'me', 'block').light, 'amber');
  const mismatch = { ok: false as const, message: 'Socket is owned by uid 0, expected 1000.' };
  assert.equal(ownerView(mine, mismatch, 'me', 'warn').light, 'amber');
  const blocked = ownerView(mine, mismatch, 'me', 'block');
  assert.equal(blocked.light, 'red');
  assert.match(blocked.blockReason!, /uid 0/);
  const unknownFacts = { kind: 'tcp' as const, fileUid: null, fileMode: null, listener: null, unknownReason: 'TCP' };
  // Under block an owner that cannot be read is refused (fail closed); under warn it is amber.
  const unknown = ownerView(unknownFacts, mismatch, 'me', 'block');
  assert.equal(unknown.light, 'red');
  assert.match(unknown.blockReason!, /cannot be checked/);
  assert.equal(ownerView(unknownFacts, mismatch, 'me', 'warn').light, 'amber');
  assert.equal(ownerView(unknownFacts, mismatch, 'me', 'warn').blockReason, undefined);
  assert.equal(ownerView(mine, mismatch, 'me', 'off').light, 'grey');
});

const peer: PeerCertificate = {
  subject: 'CN=demo',
  issuer: 'CN=demo',
  subjectAltNames: ['DNS:localhost'],
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
  sha256: 'ab'.repeat(32),
  chainVerified: false,
};
const now = new Date('2026-06-01T00:00:00Z');

test('certificate: pin states, expiry and the block on a mismatch', () => {
  assert.equal(certificateView(peer, undefined, now).pin, 'not-pinned');
  assert.equal(certificateView(peer, undefined, now).light, 'amber');
  const pinned = certificateView(peer, `sha256:${'AB:'.repeat(31)}AB`, now);
  assert.equal(pinned.pin, 'pinned-match');
  assert.equal(pinned.light, 'green');
  const mismatch = certificateView(peer, `sha256:${'cd'.repeat(32)}`, now);
  assert.equal(mismatch.pin, 'pinned-mismatch');
  assert.equal(mismatch.light, 'red');
  assert.match(mismatch.blockReason!, /does not match the pin/);
  assert.equal(certificateView(peer, undefined, new Date('2028-01-01')).light, 'red');
  assert.match(certificateView(peer, undefined, new Date('2025-01-01')).chain, /not yet valid/);
});

test('owner: a missing socket, a stale one or nobody listening is red and says so in words', () => {
  const missing = downView({ code: 'socket-missing', message: 'Socket /s does not exist.', hint: 'Start the server.' }, 'me', 'off');
  assert.equal(missing.light, 'red');
  assert.equal(missing.summary, 'no socket');
  assert.match(missing.blockReason!, /does not exist/);
  assert.equal(downView({ code: 'socket-stale', message: 'stale' }, 'me', 'warn').summary, 'nobody listening');
});

test('transport: names the transport and, for pipes, the impersonation level', () => {
  const pipe = transportView({ kind: 'pipe', name: 'demo' }, false, 'unix:\\\\.\\pipe\\demo', 'Impersonation');
  assert.equal(pipe.summary, 'named pipe');
  assert.ok(pipe.details.some((line) => line.includes('Impersonation')));
  assert.equal(transportView({ kind: 'unix', path: '/s' }, true, 'unix:/s', '').summary, 'Unix socket + TLS');
});

const state: PanelState = {
  target: { kind: 'unix', path: '/run/demo.sock' },
  tls: { kind: 'off' },
  source: { kind: 'reflection' },
  method: 'grpcipc.demo.v1.Demo.Echo',
  requests: ['{\n  "text": "hi",\n  "count": 1\n}'],
  metadata: [
    { key: 'authorization', value: 'Bearer s3cret', secret: true },
    { key: 'x-trace', value: 'abc', secret: false },
  ],
  deadlineMs: 5000,
  maxMessageBytes: 4194304,
};

test('saved requests have sorted keys, no secret values, and read back', () => {
  const text = savedRequestText(state);
  assert.ok(!text.includes('s3cret'), 'secret values are not written to disk');
  const keys = Object.keys(JSON.parse(text));
  assert.deepEqual(keys, [...keys].sort());
  assert.ok(text.indexOf('"count"') < text.indexOf('"text"'), 'keys inside requests are sorted too');
  assert.equal(savedRequestText(state), text, 'the same state always gives the same bytes');
  const back = readSavedRequest(text);
  assert.equal(back.method, state.method);
  assert.deepEqual(JSON.parse(back.requests[0]), { count: 1, text: 'hi' });
  assert.deepEqual(back.metadata[0], { key: 'authorization', value: '', secret: true });
  assert.throws(() => readSavedRequest('{"hello":1}'), /not a saved gRPC request/);
  assert.equal(requestFileName('../../etc/passwd'), 'etc-passwd.json');
  assert.equal(requestFileName('Echo'), 'Echo.json');
});

const INIT: PanelInit = { transports: ['unix', 'tcp'], defaultTransport: 'unix', pipeImpersonation: 'anonymous', expectedOwner: 'me' };
const RESOURCES = { cspSource: 'vscode-resource:', script: 'S.js', style: 'S.css', codicons: 'C.css' };

test('the page has a strict CSP: nothing by default, scripts only by nonce', () => {
  const html = panelHtml(RESOURCES, INIT, 'NONCE123');
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
  assert.match(csp, /^default-src 'none'/);
  assert.match(csp, /script-src 'nonce-NONCE123'(;|$)/);
  assert.match(csp, /style-src vscode-resource: 'nonce-NONCE123'(;|$)/, 'the editor adds its styles only by nonce');
  assert.ok(!/unsafe-(inline|eval)/.test(csp));
  assert.match(html, /<script nonce="NONCE123" src="S.js"><\/script>/);
  assert.ok(!/\son[a-z]+=/.test(html), 'no inline event handlers');
  assert.notEqual(panelHtml(RESOURCES, INIT), panelHtml(RESOURCES, INIT));
});

test('the page carries what the panel starts from, and a saved text cannot end its element', () => {
  const hostile = '</script><script>alert(1)</script><!-- & \u2028';
  const init: PanelInit = {
    ...INIT,
    preset: {
      method: 'grpcipc.demo.v1.Demo.Echo',
      state: {
        target: { kind: 'unix', path: '/tmp/demo.sock' },
        tls: { kind: 'off' },
        source: { kind: 'reflection' },
        method: 'grpcipc.demo.v1.Demo.Echo',
        requests: [`{"message": "${hostile}"}`],
        metadata: [],
        deadlineMs: 10_000,
        maxMessageBytes: 4 * 1024 * 1024,
      },
    },
  };
  const html = panelHtml(RESOURCES, init, 'N');
  const data = new RegExp(`<script type="application/json" id="${PANEL_INIT_ID}">([^<]*)</script>`).exec(html);
  assert.ok(data, 'one data element, whole');
  assert.deepEqual(JSON.parse(data[1]), init);
  assert.equal(html.match(/<script/g)?.length, 2, "no element but the data and the nonce'd script");
  assert.ok(!/\balert\(1\)<\/script>/.test(html));
});

test('TLS drafts become the TLS options of the core', () => {
  assert.deepEqual(tlsOptions({ kind: 'on', ca: '/ca.pem', cert: '', key: '', serverName: 'demo', insecure: false }), {
    ca: '/ca.pem',
    serverName: 'demo',
  });
  assert.equal(tlsOptions({ kind: 'off' }), undefined);
});

// The rich error model: google.rpc.Status from grpc-status-details-bin, every standard detail type,
// details of the call's own types, unknown ones and malformed trailers; then through a real demo call.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { startCall } from '../../src/ipc/call/invoke';
import {
  decodeStatusDetails,
  encodeStatusDetails,
  statusDetailsFromTrailers,
  STATUS_DETAILS_TRAILER,
} from '../../src/ipc/call/statusDetails';
import { DEMO_DETAILS } from '../../src/ipc/demo/details';
import { startDemoServer } from '../../src/ipc/demo/server';
import { protosDir } from '../../src/ipc/protos';
import { findMethod, loadSchemaByReflection, loadSchemaFromProtos } from '../../src/ipc/schema/schema';
import { detailLines, detailView } from '../../src/shared/errorDetails';
import { SHOP_PROTO, FIXTURES } from '../helpers/servers';

const TYPE = 'type.googleapis.com/';

/** Builds a Status with protobufjs, a different encoder from the one under test. */
function statusBytes(details: Array<{ type: string; fields: Record<string, unknown> }>): Uint8Array {
  const root = protobuf.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'].map((file) => path.join(protosDir(), file)));
  const Status = root.lookupType('google.rpc.Status');
  const packed = details.map(({ type, fields }) => {
    const Type = root.lookupType(type);
    return { type_url: `${TYPE}${type}`, value: Type.encode(Type.fromObject(fields)).finish() };
  });
  return Status.encode(Status.fromObject({ code: 3, message: 'bad', details: packed })).finish();
}

test('every standard detail type decodes to canonical JSON and reads as rows', () => {
  const bytes = statusBytes([
    { type: 'google.rpc.BadRequest', fields: { fieldViolations: [{ field: 'a.b', description: 'too long', reason: 'LENGTH' }] } },
    { type: 'google.rpc.ErrorInfo', fields: { reason: 'R', domain: 'd.example', metadata: { k: 'v' } } },
    { type: 'google.rpc.RetryInfo', fields: { retryDelay: { seconds: 2, nanos: 500_000_000 } } },
    { type: 'google.rpc.DebugInfo', fields: { stackEntries: ['f1', 'f2'], detail: 'oops' } },
    { type: 'google.rpc.QuotaFailure', fields: { violations: [{ subject: 'client:1', description: 'over', quotaValue: 10 }] } },
    { type: 'google.rpc.PreconditionFailure', fields: { violations: [{ type: 'TOS', subject: 's', description: 'not accepted' }] } },
    { type: 'google.rpc.ResourceInfo', fields: { resourceType: 'book', resourceName: 'b/1', owner: 'o', description: 'gone' } },
    { type: 'google.rpc.Help', fields: { links: [{ description: 'docs', url: 'https://example.com/d' }] } },
    { type: 'google.rpc.LocalizedMessage', fields: { locale: 'fr-FR', message: 'mauvais' } },
    { type: 'google.rpc.RequestInfo', fields: { requestId: 'r-1', servingData: 'x' } },
  ]);
  const decoded = decodeStatusDetails(bytes);
  assert.equal(decoded.code, 3);
  assert.equal(decoded.message, 'bad');
  assert.equal(decoded.problem, undefined);
  assert.deepEqual(
    decoded.details.map((detail) => [detail.type, detail.json]),
    [
      ['google.rpc.BadRequest', { fieldViolations: [{ field: 'a.b', description: 'too long', reason: 'LENGTH' }] }],
      ['google.rpc.ErrorInfo', { reason: 'R', domain: 'd.example', metadata: { k: 'v' } }],
      ['google.rpc.RetryInfo', { retryDelay: '2.500s' }],
      ['google.rpc.DebugInfo', { stackEntries: ['f1', 'f2'], detail: 'oops' }],
      ['google.rpc.QuotaFailure', { violations: [{ subject: 'client:1', description: 'over', quotaValue: '10' }] }],
      ['google.rpc.PreconditionFailure', { violations: [{ type: 'TOS', subject: 's', description: 'not accepted' }] }],
      ['google.rpc.ResourceInfo', { resourceType: 'book', resourceName: 'b/1', owner: 'o', description: 'gone' }],
      ['google.rpc.Help', { links: [{ description: 'docs', url: 'https://example.com/d' }] }],
      ['google.rpc.LocalizedMessage', { locale: 'fr-FR', message: 'mauvais' }],
      ['google.rpc.RequestInfo', { requestId: 'r-1', servingData: 'x' }],
    ],
  );
  assert.deepEqual(
    decoded.details.map((detail) => detailView(detail)),
    [
      { title: 'Bad request', rows: [{ label: 'a.b', value: 'too long (LENGTH)' }] },
      {
        title: 'Error info',
        rows: [
          { label: 'reason', value: 'R' },
          { label: 'domain', value: 'd.example' },
          { label: 'k', value: 'v' },
        ],
      },
      { title: 'Retry info', rows: [{ label: 'retry after', value: '2.500s' }] },
      {
        title: 'Debug info',
        rows: [
          { label: 'detail', value: 'oops' },
          { label: 'stack 1', value: 'f1' },
          { label: 'stack 2', value: 'f2' },
        ],
      },
      { title: 'Quota failure', rows: [{ label: 'client:1', value: 'over' }] },
      { title: 'Precondition failure', rows: [{ label: 'TOS s', value: 'not accepted' }] },
      {
        title: 'Resource',
        rows: [
          { label: 'type', value: 'book' },
          { label: 'name', value: 'b/1' },
          { label: 'owner', value: 'o' },
          { label: 'description', value: 'gone' },
        ],
      },
      { title: 'Help', rows: [{ label: 'docs', value: 'https://example.com/d' }] },
      { title: 'Message (fr-FR)', rows: [{ label: 'message', value: 'mauvais' }] },
      {
        title: 'Request info',
        rows: [
          { label: 'request id', value: 'r-1' },
          { label: 'serving data', value: 'x' },
        ],
      },
    ],
  );
});

test('a detail of a type the call schema defines is decoded from it; an unknown one stays bytes', async () => {
  const schema = await loadSchemaFromProtos([SHOP_PROTO], [FIXTURES]);
  const shop = schema.registry.getMessage('shop.v1.Item');
  assert.ok(shop);
  const root = protobuf.loadSync(path.join(protosDir(), 'google/rpc/status.proto'));
  const Status = root.lookupType('google.rpc.Status');
  const bytes = Status.encode(
    Status.fromObject({
      code: 9,
      message: 'x',
      details: [
        { type_url: `${TYPE}${shop.typeName}`, value: new Uint8Array() },
        { type_url: `${TYPE}acme.Secret`, value: Uint8Array.from([8, 1]) },
      ],
    }),
  ).finish();
  const withSchema = decodeStatusDetails(bytes, schema.registry);
  assert.deepEqual(withSchema.details[0], { type: shop.typeName, json: {} });
  assert.deepEqual(withSchema.details[1], { type: 'acme.Secret', base64: 'CAE=' });
  assert.match(detailView(withSchema.details[1]).rows[0].value, /^CAE= \(not decoded/);
  // Without the schema the shop type is unknown too.
  assert.equal(decodeStatusDetails(bytes).details[0].json, undefined);
});

test('a malformed trailer is reported, not thrown; no trailer means no details', () => {
  const broken = statusDetailsFromTrailers({ [STATUS_DETAILS_TRAILER]: [Buffer.from([0x0a, 0xff]).toString('base64')] });
  assert.ok(broken?.problem, 'a problem is reported');
  assert.deepEqual(detailLines(broken!).length, 1);
  assert.equal(statusDetailsFromTrailers({ other: ['x'] }), undefined);
});

test('encodeStatusDetails round-trips the demo details', () => {
  const decoded = decodeStatusDetails(encodeStatusDetails({ code: 3, message: 'm', details: DEMO_DETAILS }));
  assert.deepEqual(
    decoded.details.map((detail) => ({ '@type': `${TYPE}${detail.type}`, ...detail.json })),
    DEMO_DETAILS,
  );
});

test('the demo Echo fails with details on request, and the call result carries them decoded', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
  t.after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const connect = { endpoint: server.endpoint };
  const schema = await loadSchemaByReflection(connect, 5000);
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Echo');
  const failed = await startCall({ connect, schema, method, requests: [{ failWithDetails: true, failWithCode: 9 }], deadlineMs: 5000 })
    .result;
  assert.equal(failed.codeName, 'FAILED_PRECONDITION');
  assert.equal(failed.statusDetails?.code, 9);
  assert.deepEqual(
    failed.statusDetails?.details.map((detail) => detail.type),
    DEMO_DETAILS.map((detail) => String((detail as { '@type': string })['@type']).slice(TYPE.length)),
  );
  const plain = await startCall({ connect, schema, method, requests: [{ failWithCode: 9 }], deadlineMs: 5000 }).result;
  assert.equal(plain.statusDetails, undefined);
});

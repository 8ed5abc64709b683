// Variables in requests: {{name}} from an environment, ${env:NAME}, ${workspaceFolder}; JSON escaping
// inside strings; unresolved and secret cases; environment files on disk.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isIpcError } from '../../../src/ipc/errors';
import {
  ENVIRONMENTS_DIR,
  listEnvironments,
  parseEnvironment,
  readEnvironment,
  secretEnvName,
} from '../../../src/ipc/variables/environment';
import {
  hasVariables,
  hideSecretValues,
  resolveJsonText,
  resolveText,
  type Substitution,
  type VariableScope,
  withSecretsHidden,
} from '../../../src/ipc/variables/resolve';

const scope = (extra: Partial<VariableScope> = {}): VariableScope => ({
  environment: 'dev',
  variables: { host: 'localhost', count: '5', quote: 'say "hi"\\' },
  secretValues: {},
  secrets: [],
  env: { HOME_DIR: '/home/u' },
  workspaceFolder: '/ws',
  ...extra,
});

function throwsUnresolved(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isIpcError(error), 'an IpcError');
    assert.equal(error.code, 'unresolved-variable');
    assert.match(error.message, pattern);
    return true;
  });
}

test('plain text: environment variables, ${env:X} and ${workspaceFolder}; other ${...} stay', () => {
  assert.equal(resolveText('unix:${workspaceFolder}/.s/{{ host }}.sock', 'the address', scope()), 'unix:/ws/.s/localhost.sock');
  assert.equal(resolveText('${env:HOME_DIR}/x ${other}', 'metadata "a"', scope()), '/home/u/x ${other}');
  assert.equal(hasVariables('no vars ${other}'), false);
  assert.equal(hasVariables('{{a}}'), true);
});

test('JSON text: values are escaped inside strings and inserted as written outside', () => {
  const text = '{"message": "{{quote}} on {{host}}", "count": {{count}}}';
  const resolved = resolveJsonText(text, 'the request body', scope());
  assert.deepEqual(JSON.parse(resolved), { message: 'say "hi"\\ on localhost', count: 5 });
  // An escaped quote before the variable does not end the string.
  assert.deepEqual(JSON.parse(resolveJsonText('{"a": "x\\" {{quote}}"}', 'the request body', scope())), { a: 'x" say "hi"\\' });
});

test('JSON text: each substitution says where it sits in the typed and in the resolved text, and which are secrets', () => {
  const text = '{"a": "{{quote}}", "n": {{token}}}';
  const substitutions: Substitution[] = [];
  const resolved = resolveJsonText(text, 'the request body', scope({ secrets: ['token'], secretValues: { token: '42' } }), substitutions);
  assert.equal(resolved, '{"a": "say \\"hi\\"\\\\", "n": 42}');
  assert.deepEqual(
    substitutions.map((sub) => [resolved.slice(sub.from, sub.to), text.slice(sub.typedFrom, sub.typedTo), sub.secret]),
    [
      ['say \\"hi\\"\\\\', '{{quote}}', undefined],
      ['42', '{{token}}', 'token'],
    ],
  );
});

test('secret values are hidden behind their names, as written and as escaped in JSON, the longest first', () => {
  const secrets: Array<[string, string]> = [
    ['short', 'abc'],
    ['long', 'xabc"y'],
  ];
  assert.equal(hideSecretValues('got xabc"y and "xabc\\"y" and abc', secrets), 'got {{long}} and "{{long}}" and {{short}}');
  assert.equal(hideSecretValues('nothing here', [['empty', '']]), 'nothing here');
});

test('an unresolved variable names itself and where it is used', () => {
  throwsUnresolved(
    () => resolveJsonText('{"a": "{{missing}}"}', 'request message 2', scope()),
    /\{\{missing\}\} in request message 2 has no value in environment "dev"/,
  );
  throwsUnresolved(
    () => resolveText('{{host}}', 'the address', scope({ environment: undefined, variables: {} })),
    /no environment is chosen/,
  );
  throwsUnresolved(() => resolveText('${env:NOPE_X}', 'metadata "x"', scope()), /environment variable NOPE_X is not set/);
  throwsUnresolved(() => resolveText('${workspaceFolder}', 'the address', scope({ workspaceFolder: undefined })), /no folder is open/);
});

test('in Restricted Mode only ${workspaceFolder} resolves, and the message says why', () => {
  const restricted = scope({ restricted: true, env: {}, variables: {} });
  assert.equal(resolveText('${workspaceFolder}/a.sock', 'the address', restricted), '/ws/a.sock');
  throwsUnresolved(
    () => resolveText('${env:HOME}', 'the request body', restricted),
    /\$\{env:HOME\} in the request body is not resolved in Restricted Mode/,
  );
  throwsUnresolved(() => resolveText('{{host}}', 'the address', restricted), /not resolved in Restricted Mode/);
});

test('secrets: resolved from secret values, never from the file, and a missing one names no value', () => {
  const withSecret = scope({ secrets: ['token'], secretValues: { token: 's3cr3t' } });
  assert.equal(resolveText('Bearer {{token}}', 'metadata "authorization"', withSecret), 'Bearer s3cr3t');
  const missing = scope({ secrets: ['token'], variables: { host: 'h', token: 'from-file' } });
  throwsUnresolved(
    () => resolveText('Bearer {{token}}', 'metadata "authorization"', missing),
    /\{\{token\}\} in metadata "authorization" is a secret of environment "dev" with no value set/,
  );
  assert.equal(secretEnvName('api.key-2'), 'GRPC_IPC_SECRET_API_KEY_2');
  // Text that leaves the call (a copied grpcurl command) keeps secrets as written, set or not.
  assert.equal(resolveText('Bearer {{token}} {{host}}', 'metadata "a"', withSecretsHidden(withSecret)), 'Bearer {{token}} localhost');
  assert.equal(resolveText('{{token}}', 'metadata "a"', withSecretsHidden(missing)), '{{token}}');
});

test('environment files: parsed, listed and refused with a reason', async (t) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-env-'));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const dir = path.join(folder, ENVIRONMENTS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'dev.json'), JSON.stringify({ variables: { host: 'h', port: 50051, on: true }, secrets: ['token'] }));
  fs.writeFileSync(path.join(dir, 'bad.json'), '{"variables": {"x": {"y": 1}}}');
  assert.deepEqual(await listEnvironments(folder), ['bad', 'dev']);
  assert.deepEqual(await readEnvironment(folder, 'dev'), {
    name: 'dev',
    variables: { host: 'h', port: '50051', on: 'true' },
    secrets: ['token'],
  });
  await assert.rejects(readEnvironment(folder, 'bad'), /gives "x" an object/);
  await assert.rejects(
    readEnvironment(folder, 'prod'),
    (error: unknown) => isIpcError(error) && /no environment "prod"/.test(error.message) && /bad, dev/.test(error.hint ?? ''),
  );
  await assert.rejects(readEnvironment(folder, '../x'), /is not an environment name/);
  assert.throws(() => parseEnvironment('e', '[1]', 'e.json'), /is not a JSON object/);
});

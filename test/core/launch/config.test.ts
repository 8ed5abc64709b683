import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_READY_TIMEOUT_MS, mergeServerConfigs, resolveServerConfig, validateServerConfigs } from '../../../src/ipc/launch/config';
import { IpcError } from '../../../src/ipc/errors';

const scope = { workspaceFolder: '/w', userHome: '/home/me', env: { TOKEN: 't' }, pid: 7 };

test('accepts a full configuration and fills defaults', () => {
  const report = validateServerConfigs(
    [
      { name: 'api', command: 'dotnet', args: ['run'], listen: 'unix:${workspaceFolder}/.sockets/api.sock' },
      {
        name: 'tls',
        command: './srv',
        cwd: 'server',
        env: { A: '${env:TOKEN}' },
        listen: 'localhost:7443',
        readyTimeout: 5000,
        protoFiles: ['protos/a.proto'],
        importPaths: ['protos'],
        tls: { ca: 'ca.pem', serverName: 'localhost' },
      },
    ],
    'workspace settings',
  );
  assert.deepEqual(report.problems, []);
  assert.equal(report.servers.length, 2);
  assert.equal(report.servers[0].readyTimeout, DEFAULT_READY_TIMEOUT_MS);
  assert.deepEqual(report.servers[0].env, {});
  assert.equal(report.servers[1].origin, 'workspace settings');
});

test('reports each bad entry with its index and keeps the good ones', () => {
  const report = validateServerConfigs(
    [
      { name: 'ok', command: 'x', listen: 'unix:/tmp/a.sock' },
      { command: 'x', listen: 'unix:/a' },
      { name: 'b', command: 'x', listen: 'unix:/a', args: 'run' },
      { name: 'c', command: 'x', listen: 'unix:/a', env: { N: 1 } },
      { name: 'd', command: 'x', listen: 'unix:/a', readyTimeout: -1 },
      { name: 'e', command: 'x', listen: 'unix:/a', tls: { cert: 'c.pem' } },
      { name: 'f', command: 'x', listen: 'unix:/a', tls: { password: 'x' } },
      'nope',
    ],
    '.vscode/grpc-ipc.json',
  );
  assert.deepEqual(
    report.servers.map((s) => s.name),
    ['ok'],
  );
  assert.equal(report.problems.length, 7);
  assert.match(report.problems[0], /^\.vscode\/grpc-ipc\.json: servers\[1\]: "name"/);
  assert.match(report.problems[1], /"args" must be an array/);
  assert.match(report.problems[2], /"env" must map/);
  assert.match(report.problems[3], /readyTimeout/);
  assert.match(report.problems[4], /go together/);
  assert.match(report.problems[5], /tls\.password/);
  assert.deepEqual(validateServerConfigs({ name: 'x' }, 'user settings').problems, [
    'user settings: "servers" must be an array of launch configurations.',
  ]);
});

test('later sources override earlier ones by name, and say so', () => {
  const user = validateServerConfigs(
    [
      { name: 'api', command: 'old', listen: 'unix:/a' },
      { name: 'mine', command: 'm', listen: 'unix:/m' },
    ],
    'user settings',
  );
  const file = validateServerConfigs([{ name: 'api', command: 'new', listen: 'unix:/b' }], '.vscode/grpc-ipc.json');
  const merged = mergeServerConfigs(user, file);
  assert.deepEqual(
    merged.servers.map((s) => [s.name, s.command]),
    [
      ['mine', 'm'],
      ['api', 'new'],
    ],
  );
  assert.deepEqual(merged.problems, ['"api" from .vscode/grpc-ipc.json overrides the one in user settings.']);
});

test('resolves variables, relative paths and the target', () => {
  const [config] = validateServerConfigs(
    [
      {
        name: 's',
        command: '${workspaceFolder}/bin/srv',
        args: ['--sock', '${workspaceFolder}/s.sock'],
        cwd: 'sub',
        env: { T: '${env:TOKEN}' },
        listen: 'unix:rel.sock',
        protoFiles: ['a.proto'],
        tls: { ca: 'ca.pem' },
      },
    ],
    'user settings',
  ).servers;
  const resolved = resolveServerConfig(config, scope);
  assert.equal(resolved.command, '/w/bin/srv');
  assert.deepEqual(resolved.args, ['--sock', '/w/s.sock']);
  assert.equal(resolved.cwd, '/w/sub');
  assert.deepEqual(resolved.env, { T: 't' });
  assert.deepEqual(resolved.endpoint, { kind: 'unix', path: '/w/sub/rel.sock' });
  assert.deepEqual(resolved.protoFiles, ['/w/sub/a.proto']);
  assert.equal(resolved.tls?.ca, '/w/sub/ca.pem');
});

test('a bad target names the server', () => {
  const [config] = validateServerConfigs([{ name: 'broken', command: 'x', listen: 'http://nope' }], 'user settings').servers;
  assert.throws(
    () => resolveServerConfig(config, scope),
    (e: unknown) => e instanceof IpcError && e.code === 'bad-target' && /^Server "broken"/.test(e.message),
  );
});

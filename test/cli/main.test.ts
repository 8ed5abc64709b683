// The command's own flags, before any subcommand: --version, --help, and no command at all.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageVersion } from '../../src/cli/version';
import { ROOT, runCli, useCliBundle } from '../helpers/cliRunner';

const bundle = useCliBundle();
const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('--version, -V and version print the package version to stdout and exit 0', async () => {
  for (const flag of ['--version', '-V', 'version']) {
    const run = await runCli(bundle.path(), [flag]);
    assert.equal(run.code, 0, `${flag}: ${run.stderr}`);
    assert.equal(run.stdout, `grpc-ipc ${version}\n`, flag);
    assert.equal(run.stderr, '', flag);
  }
});

test('--help names every command and how to get the rest; no command is a usage error on stderr', async () => {
  const help = await runCli(bundle.path(), ['--help']);
  assert.equal(help.code, 0);
  for (const command of ['serve-demo', 'describe', 'call', 'discover', '--env NAME', '--version'])
    assert.ok(help.stdout.includes(command), `--help does not mention ${command}:\n${help.stdout}`);
  const none = await runCli(bundle.path(), []);
  assert.equal(none.code, 2);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /^Usage:/);
});

test('the version comes from the grpc-ipc package.json above the command, not from another package', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-version-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const inner = path.join(dir, 'other', 'dist');
  fs.mkdirSync(inner, { recursive: true });
  fs.writeFileSync(path.join(dir, 'other', 'package.json'), JSON.stringify({ name: 'other', version: '9.9.9' }));
  assert.match(packageVersion(inner), /^unknown/);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'grpc-ipc', version: '1.2.3' }));
  assert.equal(packageVersion(inner), '1.2.3');
});

// Well-known sockets that never speak gRPC are neither probed nor listed by default.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover, isKnownSystemSocket, visibleEndpoints } from '../../../src/ipc/discovery/discover';
import { shortTempDir, startListenerProcess } from '../../helpers/listenerProcess';

test('the .NET runtime diagnostics socket is a known system socket; an ASP.NET Core socket.tmp is not', () => {
  assert.equal(isKnownSystemSocket('/tmp/dotnet-diagnostic-4242-123456-socket'), true);
  assert.equal(isKnownSystemSocket('/run/user/1000/dotnet-diagnostic-1-2-socket'), true);
  assert.equal(isKnownSystemSocket('/tmp/socket.tmp'), false);
  assert.equal(isKnownSystemSocket('/tmp/dotnet-diagnostic.sock'), false);
});

test(
  'a listening diagnostics socket is found but shown only with --all',
  { skip: process.platform !== 'linux' && 'needs /proc' },
  async (t) => {
    const dir = shortTempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const diagnostics = path.join(dir, `dotnet-diagnostic-${process.pid}-98765-socket`);
    const app = path.join(dir, 'socket.tmp');
    const child = await startListenerProcess({ paths: [diagnostics, app] });
    t.after(() => child.close());

    const found = await discover({ defaultDirs: false, dirs: [dir], probe: false });
    const shown = (all: boolean) =>
      visibleEndpoints(found, { all, probed: false })
        .map((e) => e.path)
        .filter((p) => p.startsWith(dir))
        .sort();
    assert.deepEqual(shown(false), [app]);
    assert.deepEqual(shown(true), [diagnostics, app].sort());
  },
);

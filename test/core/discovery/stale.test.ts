// removeStaleSocket's last guard: a stale file replaced while it was being checked is left alone.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { removeStaleSocket } from '../../../src/ipc/discovery/stale';
import { isIpcError } from '../../../src/ipc/errors';
import { makeStaleSocket } from '../../helpers/servers';
import { shortTempDir } from '../../helpers/listenerProcess';

test(
  'a stale socket replaced by a live one during the check is not removed',
  { skip: process.platform === 'win32' && 'Unix sockets' },
  async (t) => {
    const dir = shortTempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const socket = path.join(dir, 'app.sock');
    await makeStaleSocket(socket);
    const replaced = fs.lstatSync(socket).ino;

    // removeStaleSocket looks at the file and dials it before it yields; the new server binds the path
    // right after, before the dial's answer (refused: the old file was stale) is read.
    const removal = removeStaleSocket(socket);
    fs.renameSync(socket, path.join(dir, 'old.sock')); // kept, so the new file cannot reuse its inode number
    const server = net.createServer().listen(socket);
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    assert.notEqual(fs.lstatSync(socket).ino, replaced, 'the path now holds another socket');

    await assert.rejects(
      removal,
      (error) => isIpcError(error) && /was replaced while it was being checked\. Nothing was removed\./.test(error.message),
    );
    assert.ok(fs.lstatSync(socket).isSocket(), 'the new server keeps its socket');
  },
);

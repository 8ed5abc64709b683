// /proc/net/unix read while other processes bind and close sockets: the kernel hands the table over a
// page at a time, so a page can start a row early (a row printed twice) and closing sockets print inode 0.
// Neither may bend a listener's name, list it twice, or make its owner unknown.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findUnixListener, listUnixListeners } from '../../../src/ipc/discovery/listeners';
import { nativeDiscovery } from '../../../src/ipc/discovery/native';
import { shortTempDir, startListenerProcess, uniqueAbstractName } from '../../helpers/listenerProcess';

const linuxOnly = process.platform !== 'linux' && 'reads /proc/net/unix (Linux)';
const LISTENINGS = Number(process.env.N ?? 120);

/** Binds, connects to and closes sockets in `dir` until killed, enough to fill several pages of the table. */
const churnScript = `
const net = require('node:net');
const dir = process.argv[1];
let next = 0;
setInterval(() => {
  for (let k = 0; k < 20; k++) {
    const file = dir + '/c' + (next++ % 1000);
    const server = net.createServer((s) => s.destroy()).listen(file, () => {
      const client = net.connect(file, () => { client.destroy(); server.close(); });
      client.on('error', () => server.close());
    });
    server.on('error', () => {});
  }
}, 1);
process.stdout.write('ready\\n');
`;

async function busyTable(t: test.TestContext) {
  const dir = shortTempDir();
  const paths = Array.from({ length: 200 }, (_, i) => path.join(dir, `s${i}`));
  const abstract = uniqueAbstractName('churn');
  const listener = await startListenerProcess({ paths, abstract: [abstract] });
  const churn = spawn(process.execPath, ['-e', churnScript, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => churn.once('exit', resolve));
  // One hook, in this order: the folder can go only once nothing binds in it any more.
  t.after(async () => {
    churn.kill('SIGKILL');
    await exited;
    await listener.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await new Promise((resolve) => churn.stdout.once('data', resolve));
  return { dir, paths, abstract, listener };
}

const readers = [
  { name: 'JavaScript', native: null, skip: linuxOnly },
  { name: 'native', native: nativeDiscovery(), skip: linuxOnly || (!nativeDiscovery() && 'the native helpers are not built here') },
];

for (const reader of readers) {
  test(
    `${reader.name}: listings taken while sockets come and go keep every name whole and each listener once`,
    { skip: reader.skip },
    async (t) => {
      const { dir, listener } = await busyTable(t);
      let bent = '';
      let twice = 0;
      for (let i = 0; i < LISTENINGS; i++) {
        const mine = (await listUnixListeners(reader.native)).filter((l) => l.path.startsWith(dir) || l.pid === listener.pid);
        bent ||= mine.find((l) => l.path.includes('\n'))?.path ?? '';
        if (new Set(mine.map((l) => l.inode)).size < mine.length) twice++;
      }
      assert.equal(bent, '', 'a name took in a row that followed it');
      assert.equal(twice, 0, 'a listener was listed twice');
    },
  );
}

test('the owner of a listener is found at every look while sockets come and go', { skip: linuxOnly }, async (t) => {
  const { paths, abstract, listener } = await busyTable(t);
  const misses: string[] = [];
  for (let i = 0; i < LISTENINGS; i++) {
    for (const name of ['@' + abstract, paths[i % paths.length]]) {
      const found = await findUnixListener(name);
      if (found?.pid !== listener.pid) misses.push(`${name}: ${found ? (found.unknownReason ?? `pid ${found.pid}`) : 'not found'}`);
    }
  }
  assert.deepEqual(misses, []);
});

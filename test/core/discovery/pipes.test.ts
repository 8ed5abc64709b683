import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { collectEndpoints } from '../../../src/ipc/discovery/collect';
import { listNamedPipes } from '../../../src/ipc/discovery/pipes';

test(
  'where named pipes cannot be listed, the failure is a result, not an exception',
  { skip: process.platform === 'win32' && 'lists real pipes on Windows' },
  async () => {
    const listing = listNamedPipes();
    assert.equal(listing.ok, false);
    assert.match(!listing.ok ? listing.reason : '', /^pipe listing unavailable/);
    // The Windows code path, run here, turns it into a run-level warning.
    const report = await collectEndpoints({ platform: 'win32' });
    assert.deepEqual(report.endpoints, []);
    assert.equal(report.warnings[0].code, 'pipe-listing-unavailable');
  },
);

test('on Windows the pipe list becomes npipe: endpoints', { skip: process.platform !== 'win32' && 'Windows only' }, async () => {
  const report = await collectEndpoints({});
  for (const endpoint of report.endpoints) {
    assert.equal(endpoint.kind, 'pipe');
    assert.ok(endpoint.address.startsWith('npipe:'));
  }
});

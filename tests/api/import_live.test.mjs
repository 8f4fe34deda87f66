// A bulk import on the command line while `anju serve` runs on the same
// database: the import cannot switch to the rollback journal (the server
// holds a connection) and loads in WAL instead, rather than failing with
// "database is locked"; the server sees the households at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, runAnju, serveDuringTests } from './helpers.mjs';

const server = serveDuringTests();

test('a bulk household import runs while the server is serving the same database', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'anju-live-'));
  try {
    const csv = join(dir, 'households.csv');
    const gen = await runAnju(['demo', '--households', '300', '--seed', '11', '--csv', csv]);
    assert.equal(gen.code, 0, gen.stderr);
    const before = await api(server, 'GET', '/api/v1/households?page_size=1');
    assert.equal(before.status, 200, before.text);
    // 300 households into an empty registry: the bulk path
    const imp = await runAnju(['import', 'households', csv, '--db', server.db]);
    assert.equal(imp.code, 0, `${imp.stdout}\n${imp.stderr}`);
    assert.match(imp.stdout, /imported 300 households/);
    const after = await api(server, 'GET', '/api/v1/households?page_size=1');
    assert.equal(after.status, 200, after.text);
    assert.equal(after.json.total, before.json.total + 300);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// The housing stock over HTTP and at the command line: projects with their
// buildings and unit counts, units in new and existing buildings, rent or
// price by programme, the status table with versions (409 stale, 428
// missing, 422 refused), filters and paging, scope, the audit trail, and
// `anju stock import | export | list | show | set-status` on the server's
// database (docs/stock.md).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { api, assertProblem, runAnju, serveDuringTests } from './helpers.mjs';

const SAMPLE = new URL('../data/stock/sample.csv', import.meta.url).pathname;
const server = serveDuringTests();

let counter = 0;
const project = (overrides = {}) => ({
  code: `ST-${process.pid}-${++counter}`,
  name: '垡头测试家园',
  programme: 'public_rental',
  region_code: '110105019',
  address: '北京市朝阳区垡头街道垡头西里 8 号',
  longitude: '116.5123',
  latitude: '39.8587',
  operator: '测试运营公司',
  ...overrides,
});
const unit = (overrides = {}) => ({
  building: '1号楼',
  unit_no: `1-${++counter}`,
  layout: 'studio',
  area: '35.20',
  floor: 1,
  rent: '1584.00',
  ...overrides,
});

async function created(path, body, session) {
  const res = await api(server, 'POST', path, { body, session });
  assert.equal(res.status, 201, res.text);
  return res;
}

describe('projects', () => {
  test('a new project: 201 with Location, ETag, no buildings and zero counts', async () => {
    const res = await created('/api/v1/projects', project());
    const p = res.json;
    assert.equal(res.headers.get('location'), `/api/v1/projects/${p.id}`);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.equal(p.district_code, '110105');
    assert.equal(p.longitude, '116.512300');
    assert.equal(p.status, 'active');
    assert.deepEqual(p.buildings, []);
    assert.deepEqual(p.unit_counts, { total: 0, vacant: 0, reserved: 0, offered: 0, let: 0, sold: 0, maintenance: 0 });
  });

  test('every wrong field is named, in both languages', async () => {
    const res = await api(server, 'POST', '/api/v1/projects', {
      body: project({ code: ' bad code', programme: 'market_rent_subsidy', region_code: '110105999', longitude: '200', latitude: '95', extra: 1 }),
    });
    const p = assertProblem(res, 422);
    for (const field of ['code', 'programme', 'region_code', 'longitude', 'latitude', 'extra'])
      assert.ok(p.errors.some((e) => e.field === field), `${field}: ${res.text}`);
    assertProblem(await api(server, 'POST', '/api/v1/projects', { body: project({ programme: 'talent', name: '' }) }), 422, 'name');
  });

  test('a taken code is 409; outside the caller\'s region is 403 naming region_code', async () => {
    const p = (await created('/api/v1/projects', project())).json;
    assertProblem(await api(server, 'POST', '/api/v1/projects', { body: project({ code: p.code }) }), 409, 'code');
    const haidian = await server.as('district_officer', '110108');
    assertProblem(await api(server, 'POST', '/api/v1/projects', { body: project(), session: haidian }), 403, 'region_code');
    assertProblem(await api(server, 'POST', '/api/v1/projects', { body: project(), session: await server.as('street_officer', '110105019') }), 403);
  });

  test('lists filter by programme, district and status, with counts by status', async () => {
    const a = (await created('/api/v1/projects', project({ programme: 'shared_ownership', region_code: '110114011', address: '北京市昌平区回龙观街道 1 号' }))).json;
    await created(`/api/v1/projects/${a.id}/units`, unit({ floors: 15, rent: undefined, price: '2826000.00', layout: 'two_room', area: '78.50', status: 'sold' }));
    await created('/api/v1/projects', project({ programme: 'shared_ownership', region_code: '110114011', status: 'construction', address: '北京市昌平区 2 号' }));
    const res = await api(server, 'GET', '/api/v1/projects?programme=shared_ownership&district=110114&status=active');
    assert.equal(res.status, 200, res.text);
    const mine = res.json.items.find((x) => x.id === a.id);
    assert.ok(mine, res.text);
    assert.ok(res.json.items.every((x) => x.programme === 'shared_ownership' && x.status === 'active' && x.district_code === '110114'));
    assert.equal(mine.building_count, 1);
    assert.equal(mine.unit_counts.sold, 1);
    assert.equal(mine.unit_counts.total, 1);
    const page = await api(server, 'GET', '/api/v1/projects?page=1&page_size=1');
    assert.equal(page.json.items.length, 1);
    assert.ok(page.json.total >= 3);
    assertProblem(await api(server, 'GET', '/api/v1/projects?status=vacant'), 400, 'status');
    // another district's officer: the same 404 as a project that does not exist
    const haidian = await server.as('district_officer', '110108');
    const hidden = await api(server, 'GET', `/api/v1/projects/${a.id}`, { session: haidian });
    const missing = await api(server, 'GET', '/api/v1/projects/987654321', { session: haidian });
    assertProblem(hidden, 404);
    assert.equal(hidden.json.detail_en.replace(String(a.id), 'N'), missing.json.detail_en.replace('987654321', 'N'));
    const empty = await api(server, 'GET', '/api/v1/projects?district=110114', { session: haidian });
    assert.deepEqual([empty.status, empty.json.total], [200, 0]);
  });

  test('q finds a code by its start or a name by any part of it; wildcards are plain text', async () => {
    const tag = `Q${process.pid}`;
    const a = (await created('/api/v1/projects', project({ code: `${tag}-ALPHA`, name: `望京${tag}青年公寓` }))).json;
    const b = (await created('/api/v1/projects', project({ code: `X${tag}-BETA`, name: '酒仙桥100%家园' }))).json;
    const ids = async (q, extra = '') => {
      const res = await api(server, 'GET', `/api/v1/projects?q=${encodeURIComponent(q)}${extra}`);
      assert.equal(res.status, 200, res.text);
      return res.json.items.map((x) => x.id).sort((x, y) => x - y);
    };
    assert.deepEqual(await ids(`${tag}-AL`), [a.id]); // the start of a code
    assert.deepEqual(await ids(`${tag}青年`), [a.id]); // words in a name
    assert.deepEqual(await ids(`X${tag}`), [b.id]);
    assert.deepEqual(await ids('100%家'), [b.id]);
    assert.deepEqual(await ids('100_家'), []); // _ is not a wildcard
    assert.deepEqual(await ids(`${tag}青年`, '&programme=talent'), []); // with the other filters
    assertProblem(await api(server, 'GET', `/api/v1/projects?q=${'x'.repeat(121)}`), 400, 'q');
    const haidian = await server.as('district_officer', '110108');
    const res = await api(server, 'GET', `/api/v1/projects?q=${tag}`, { session: haidian });
    assert.deepEqual([res.status, res.json.total], [200, 0]); // narrowed to the scope
  });
});

describe('units', () => {
  test('a unit creates its building; a new building needs floors, an existing one must match', async () => {
    const p = (await created('/api/v1/projects', project())).json;
    const path = `/api/v1/projects/${p.id}/units`;
    assertProblem(await api(server, 'POST', path, { body: unit() }), 422, 'floors');
    const res = await created(path, unit({ floors: 18, accessible: true }));
    assert.equal(res.headers.get('location'), `/api/v1/units/${res.json.id}`);
    assert.equal(res.json.building, '1号楼');
    assert.equal(res.json.status, 'vacant');
    assert.equal(res.json.price, null);
    assert.equal(res.json.accessible, true);
    await created(path, unit({ floor: 18 }));
    assertProblem(await api(server, 'POST', path, { body: unit({ floors: 12 }) }), 422, 'floors');
    assertProblem(await api(server, 'POST', path, { body: unit({ floor: 19 }) }), 422, 'floor');
    assertProblem(await api(server, 'POST', path, { body: unit({ unit_no: res.json.unit_no }) }), 409, 'unit_no');
    // a rental programme takes a rent and no price; area above 0
    const bad = assertProblem(await api(server, 'POST', path, { body: unit({ price: '100.00', area: '0' }) }), 422);
    assert.ok(['price', 'area'].every((f) => bad.errors.some((e) => e.field === f)), JSON.stringify(bad.errors));
    const detail = await api(server, 'GET', `/api/v1/projects/${p.id}`);
    assert.equal(detail.json.unit_counts.total, 2);
    assert.deepEqual(
      detail.json.buildings.map((b) => [b.name, b.floors, b.unit_counts.vacant]),
      [['1号楼', 18, 2]],
    );
    // filters and paging
    const acc = await api(server, 'GET', `${path}?accessible=1`);
    assert.deepEqual(acc.json.items.map((u) => u.id), [res.json.id]);
    const paged = await api(server, 'GET', `${path}?layout=studio&status=vacant&page=2&page_size=1`);
    assert.deepEqual([paged.json.total, paged.json.items.length, paged.json.items[0].floor], [2, 1, 18]);
    assertProblem(await api(server, 'GET', `${path}?layout=loft`), 400, 'layout');
  });

  test('the status moves along the table with the version read', async () => {
    const p = (await created('/api/v1/projects', project())).json;
    let u = (await created(`/api/v1/projects/${p.id}/units`, unit({ floors: 6 }))).json;
    const patch = (body) => api(server, 'PATCH', `/api/v1/units/${u.id}`, { body });
    assertProblem(await patch({ status: 'reserved' }), 428, 'version');
    const refused = assertProblem(await patch({ version: 1, status: 'let' }), 422, 'status');
    assert.match(refused.message_en, /cannot go from vacant to let/);
    assert.match(refused.message_zh, /空置待配/);
    for (const status of ['reserved', 'offered', 'let']) {
      const res = await patch({ version: u.version, status });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('etag'), `"${res.json.version}"`);
      u = res.json;
    }
    assert.deepEqual([u.status, u.version], ['let', 4]);
    assertProblem(await patch({ version: 3, status: 'vacant' }), 409, 'version');
    assertProblem(await patch({ version: 4, status: 'sold' }), 422, 'status'); // a rental unit is never sold
    // fields: a change bumps the version, none leaves it; read-only keys are refused
    const same = await patch({ version: 4, status: 'let' });
    assert.deepEqual([same.status, same.json.version], [200, 4]);
    const rent = await patch({ version: 4, rent: '1700.00', accessible: true });
    assert.deepEqual([rent.status, rent.json.rent, rent.json.accessible, rent.json.version], [200, '1700.00', true, 5]);
    assertProblem(await patch({ version: 5, building: '2号楼' }), 422, 'building');
    assertProblem(await patch({ version: 5, rent: null }), 422, 'rent');
    // who may: writers in scope; readers may not write
    const street = await server.as('street_officer', '110105019');
    assertProblem(await api(server, 'PATCH', `/api/v1/units/${u.id}`, { body: { version: 5 }, session: street }), 403);
    const read = await api(server, 'GET', `/api/v1/units/${u.id}`, { session: street });
    assert.equal(read.json.version, 5);
    const operator = await server.as('operator', '110000');
    const moved = await api(server, 'PATCH', `/api/v1/units/${u.id}`, { body: { version: 5, status: 'vacant' }, session: operator });
    assert.equal(moved.status, 200, moved.text);
    const haidian = await server.as('district_officer', '110108');
    assertProblem(await api(server, 'PATCH', `/api/v1/units/${u.id}`, { body: { version: 6, status: 'maintenance' }, session: haidian }), 404);
    // every change is in the audit log, with who did it
    const log = await api(server, 'GET', `/api/v1/audit?entity=unit:${u.id}`, { session: await server.as('auditor') });
    assert.equal(log.status, 200, log.text);
    assert.deepEqual(
      log.json.items.map((e) => e.action).reverse(),
      ['unit.create', 'unit.status', 'unit.status', 'unit.status', 'unit.update', 'unit.status'],
    );
    assert.equal(log.json.items[0].role, 'operator');
  });
});

describe('the command line', () => {
  test('import, export, list, show and set-status on the server\'s database', async () => {
    const db = ['--db', server.db];
    const imported = await runAnju(['stock', 'import', SAMPLE, ...db]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported 8 rows/);
    assert.match(imported.stdout, /projects +新增 new 3/);
    const exported = await runAnju(['stock', 'export', ...db]);
    assert.equal(exported.code, 0, exported.stderr);
    const sample = (await readFile(SAMPLE, 'utf8')).split('\n').slice(1).join('\n');
    assert.ok(exported.stdout.includes(sample), 'the sample round-trips (its projects sort together)');
    // what the command line imported, the API serves
    const res = await api(server, 'GET', '/api/v1/projects?programme=affordable_rental');
    assert.ok(res.json.items.some((p) => p.code === 'BZL-110108-001' && p.unit_counts.total === 2), res.text);
    const list = await runAnju(['stock', 'list', '--programme', 'shared_ownership', '--district', '110114', ...db]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /GYF-110114-001 +shared_ownership +110114 +active +1 +2 +0 +0 +1 +0 +1 +0 +回龙观共有产权住房/);
    const show = await runAnju(['stock', 'show', 'GZF-110105-001', ...db]);
    assert.equal(show.code, 0, show.stderr);
    const line = show.stdout.split('\n').find((l) => / 1-0101 /.test(l));
    const id = line.trim().split(/\s+/)[0];
    const moved = await runAnju(['stock', 'set-status', id, 'reserved', '--version', '1', ...db]);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout, /is now reserved, version 2/);
    const stale = await runAnju(['stock', 'set-status', id, 'offered', '--version', '1', ...db]);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /version: unit \d+ was changed by someone else/);
    const usage = await runAnju(['stock', 'set-status', id, 'gone', '--version', '2', ...db]);
    assert.equal(usage.code, 2);
    const missing = await runAnju(['stock', 'show', 'NO-SUCH', ...db]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /project NO-SUCH does not exist/);
  });

  test('a wrong file names every line and column and changes nothing', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'anju-stock-'));
    const sample = (await readFile(SAMPLE, 'utf8')).split('\n');
    const bad = [sample[0], sample[1].replace('22.40', '0'), sample[2].replace(',vacant', ',gone'), ''].join('\n');
    const file = join(dir, 'bad.csv');
    await writeFile(file, bad);
    const before = await runAnju(['stock', 'export', '--db', server.db]);
    const r = await runAnju(['stock', 'import', file, '--db', server.db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /第 2 行，area：/);
    assert.match(r.stderr, /line 3, status: invalid value "gone"/);
    assert.match(r.stderr, /nothing was imported, the database is unchanged/);
    const after = await runAnju(['stock', 'export', '--db', server.db]);
    assert.equal(after.stdout, before.stdout);
    const help = await runAnju(['stock', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /anju stock set-status UNIT_ID STATUS --version V/);
  });
});

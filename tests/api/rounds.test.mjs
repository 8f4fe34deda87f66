// A whole round (配租批次) over HTTP against a real server and SQLite file
// (docs/rounds.md, docs/api.md): a district officer creates it, adds the
// units, opens it; an applicant registers their own filed application with
// preferences and the officer registers every other filed family; shortlist,
// re-check; the entrant list is published (its SHA-256 fixed) before the
// randomness exists; the draw on the public numbers, whose files hash to the
// manifest and whose seed is recomputed here with HMAC-SHA256 (docs/lottery.md);
// offers, one accepted and one declined by the applicants themselves; the
// other two expire on a second server whose today is after the deadline
// (a late answer is a 409); allocate again; publish; the public pages with
// names masked. Wrong states are 409s, out of scope is the same 404 as a
// missing round, and writes need the CSRF header.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import {
  TEST_CITY,
  addTestCity,
  api,
  applicant,
  assertProblem,
  checkSchema,
  createHousehold,
  runAnju,
  serveDuringTests,
  sqlite,
  startServer,
} from './helpers.mjs';

let doc;
const server = serveDuringTests({
  beforeServe: addTestCity,
  onStart: async (s) => {
    const presets = await runAnju(['policy', 'import', '--presets', '--db', s.db]);
    assert.equal(presets.code, 0, presets.stderr);
    doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
  },
});

const district = () => server.as('district_officer', '110105');
const operator = () => server.as('operator', '110000');
const auditor = () => server.as('auditor');
const otherCity = () => server.as('city_officer', TEST_CITY.city);

function fits(name, value) {
  assert.deepEqual(checkSchema(doc, { $ref: `#/components/schemas/${name}` }, value), [], name);
}

/** `anju application ...` on the server's database as of `today`; its JSON. */
async function cli(today, ...args) {
  const r = await runAnju(['application', ...args, '--json', '--db', server.db], { ANJU_TODAY: today });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A 公租房 application of household hid reviewed on 2026-10-01 and filed on 2026-10-16. */
async function file(hid) {
  let a = await cli('2026-10-01', 'create', String(hid), '--programme', 'public_rental');
  for (const action of ['submit', 'accept', 'approve', 'approve', 'approve'])
    a = await cli('2026-10-01', 'act', String(a.id), action, '--version', String(a.version));
  a = await cli('2026-10-16', 'act', String(a.id), 'file', '--version', String(a.version));
  assert.equal(a.state, 'filed');
  return a;
}

/** A household of 110105001 with a filed application, and (bound) an applicant account. */
async function family(withAccount) {
  const h = await createHousehold(server, { priority_categories: [] });
  const f = { household: h, application: await file(h.id) };
  if (withAccount) {
    f.session = await applicant(server, { name: h.members[0].name });
    const bound = await api(server, 'POST', '/api/v1/me/household', {
      body: { id_number: h.members[0].id_number, name: h.members[0].name },
      session: f.session,
    });
    assert.equal(bound.status, 200, bound.text);
  }
  return f;
}

const act = (id, body, session) => api(server, 'POST', `/api/v1/rounds/${id}/actions`, { body, session });

async function step(id, action, extra = {}, on = server) {
  const res = await api(on, 'POST', `/api/v1/rounds/${id}/actions`, {
    body: { action, ...extra },
    session: await district(),
  });
  assert.equal(res.status, 200, `${action}: ${res.text}`);
  fits('RoundActionResult', res.json);
  return res.json;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// shared through the steps
const fam = {};
const ctx = {};

describe('a whole round over HTTP', () => {
  test('create, add units, open', async () => {
    const d = await district();
    const project = await api(server, 'POST', '/api/v1/projects', {
      body: {
        code: `RD-${process.pid}`,
        name: '建外轮候家园',
        programme: 'public_rental',
        region_code: '110105001',
        address: '北京市朝阳区建外街道光华路 9 号',
        operator: '测试运营公司',
      },
      session: d,
    });
    assert.equal(project.status, 201, project.text);
    for (const [no, layout] of [
      ['1-0101', 'studio'],
      ['1-0102', 'one_room'],
      ['1-0103', 'two_room'],
      ['1-0104', 'studio'],
    ]) {
      const u = await api(server, 'POST', `/api/v1/projects/${project.json.id}/units`, {
        body: { building: '1号楼', floors: 6, unit_no: no, layout, area: '45.00', floor: 1, rent: '1800.00' },
        session: d,
      });
      assert.equal(u.status, 201, u.text);
    }
    for (const k of ['A', 'B']) fam[k] = await family(true);
    for (const k of ['C', 'D']) fam[k] = await family(false);

    const body = { code: `2026-GZF-CY-${process.pid}`, name: '2026年第一批公租房配租（朝阳）', programme: 'public_rental', district_code: '110105' };
    // CSRF: a write without the header is refused
    const noCsrf = await api(server, 'POST', '/api/v1/rounds', { body, session: d, headers: { 'x-csrf-token': '' } });
    assert.equal(noCsrf.status, 403, noCsrf.text);
    const created = await api(server, 'POST', '/api/v1/rounds', { body, session: d });
    assert.equal(created.status, 201, created.text);
    fits('Round', created.json);
    assert.equal(created.headers.get('location'), `/api/v1/rounds/${created.json.id}`);
    assert.equal(created.json.state, 'draft');
    assert.equal(created.json.list_sha256, null);
    assert.equal(created.json.list_published_at, '');
    ctx.id = created.json.id;
    assertProblem(await api(server, 'POST', '/api/v1/rounds', { body, session: d }), 409, 'code');
    // another city's district: forbidden to this officer
    assertProblem(await api(server, 'POST', '/api/v1/rounds', { body: { ...body, code: 'X-1', district_code: TEST_CITY.district }, session: d }), 403);

    // opening with no units is a 409; then the units
    assertProblem(await act(ctx.id, { action: 'open' }, d), 409, 'units');
    const added = await step(ctx.id, 'add_units');
    assert.equal(added.result.added, 4);
    assert.equal(added.round.counts.units, 4);
    assert.equal(added.round.counts.units_by_status.reserved, 4);
    const units = await api(server, 'GET', `/api/v1/rounds/${ctx.id}/units`, { session: d });
    assert.equal(units.status, 200);
    fits('RoundUnitList', units.json);
    ctx.units = units.json.items;
    // a stale version is a 409
    assertProblem(await act(ctx.id, { action: 'open', version: 1 }, d), 409, 'version');
    const opened = await step(ctx.id, 'open', { version: added.round.version });
    assert.equal(opened.round.state, 'open');
    assertProblem(await act(ctx.id, { action: 'open' }, d), 409, 'state');
  });

  test('an applicant sees the round and registers their own application with preferences; the officer registers the rest', async () => {
    let mine = await api(server, 'GET', '/api/v1/me/rounds', { session: fam.A.session });
    assert.equal(mine.status, 200, mine.text);
    fits('MyRounds', mine.json);
    assert.equal(mine.json.items.length, 1);
    assert.equal(mine.json.items[0].round.id, ctx.id);
    assert.equal(mine.json.items[0].application_id, fam.A.application.id);
    assert.equal(mine.json.items[0].entrant, null);
    // while the round is open its units come along, for the family's preferences
    assert.deepEqual(mine.json.items[0].units.map((u) => u.unit_id).sort((a, b) => a - b),
      ctx.units.map((u) => u.unit_id).sort((a, b) => a - b));

    const prefs = [ctx.units[3].unit_id, ctx.units[2].unit_id];
    const path = `/api/v1/rounds/${ctx.id}/entrants`;
    const reg = await api(server, 'POST', path, { body: { application_id: fam.A.application.id, preferences: prefs }, session: fam.A.session });
    assert.equal(reg.status, 201, reg.text);
    fits('RoundEntrant', reg.json);
    assert.deepEqual(reg.json.preferences, prefs);
    assert.equal(reg.json.applicant_name, fam.A.household.members[0].name, 'their own name, unmasked');
    const again = await api(server, 'POST', path, { body: { application_id: fam.A.application.id }, session: fam.A.session });
    assert.equal(again.status, 200, again.text);
    // somebody else's application: the same 404 as none; a unit not of the round: 422
    assertProblem(await api(server, 'POST', path, { body: { application_id: fam.C.application.id }, session: fam.A.session }), 404, 'application_id');
    assertProblem(await api(server, 'POST', path, { body: { application_id: fam.B.application.id, preferences: [987654] }, session: fam.B.session }), 422, 'preferences');
    // the CSRF header is needed
    const noCsrf = await api(server, 'POST', path, { body: { application_id: fam.B.application.id }, session: fam.B.session, headers: { 'x-csrf-token': 'x' } });
    assert.equal(noCsrf.status, 403);

    const all = await step(ctx.id, 'register_all');
    assert.equal(all.result.registered, 3);
    assert.equal(all.round.counts.entrants, 4);
    mine = await api(server, 'GET', '/api/v1/me/rounds', { session: fam.A.session });
    assert.equal(mine.json.items[0].entrant.application_no, fam.A.application.application_no);
  });

  test('shortlist, re-check, the list published before the draw, and the draw on exactly its bytes', async () => {
    const d = await district();
    // drawing before the list is published: 409 (wrong state first, then no list)
    assertProblem(await act(ctx.id, { action: 'draw', lottery_id: `L-${process.pid}`, randomness: '9319;2,5,12,8,10' }, d), 409, 'state');
    assert.equal((await step(ctx.id, 'shortlist')).result.shortlisted, 4);
    const rechecked = await step(ctx.id, 'recheck');
    assert.deepEqual(rechecked.result, { eligible: 4, ineligible: 0 });
    assertProblem(await act(ctx.id, { action: 'draw', lottery_id: `L-${process.pid}`, randomness: '9319;2,5,12,8,10' }, d), 409, 'list');
    // no file before it exists
    assertProblem(await api(server, 'GET', `/api/v1/rounds/${ctx.id}/files/entrants.csv`, { session: d }), 404, 'name');
    assertProblem(await api(server, 'GET', `/api/public/rounds/${ctx.id}/files/entrants.csv`, { session: null }), 404, 'name');

    const published = await step(ctx.id, 'publish_list');
    assert.equal(published.result.entrants, 4);
    assert.match(published.result.list_sha256, /^[0-9a-f]{64}$/);
    assert.equal(published.round.list_sha256, published.result.list_sha256);
    assert.match(published.round.list_published_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(published.round.state, 'rechecked');
    ctx.listSha = published.result.list_sha256;
    assertProblem(await act(ctx.id, { action: 'publish_list' }, d), 409, 'state');

    // the published list: the public sees it, hashing to list_sha256; no names, no ID numbers
    const list = await fetch(`${server.base}/api/public/rounds/${ctx.id}/files/entrants.csv`);
    assert.equal(list.status, 200);
    assert.match(list.headers.get('content-type'), /^text\/csv/);
    const listBytes = Buffer.from(await list.arrayBuffer());
    assert.equal(sha256(listBytes), ctx.listSha);
    const text = listBytes.toString('utf8');
    assert.match(text, /^entrant_id,bucket,tickets\n/);
    for (const f of Object.values(fam)) {
      assert.ok(text.includes(`${f.application.application_no},`), 'application numbers are the entrant ids');
      for (const m of f.household.members) assert.ok(!text.includes(m.id_number) && !text.includes(m.name));
    }
    const pub = await api(server, 'GET', '/api/public/rounds', { session: null });
    assert.equal(pub.status, 200);
    fits('PublicRoundList', pub.json);
    const item = pub.json.items.find((r) => r.id === ctx.id);
    assert.equal(item.list_sha256, ctx.listSha);
    assert.equal(item.randomness, null);
    assert.equal(item.entrants, 4);

    // the draw: bad randomness is a 422 naming it; then the public numbers
    assertProblem(await act(ctx.id, { action: 'draw', lottery_id: `L-${process.pid}`, randomness: 'x' }, d), 422, 'randomness');
    assertProblem(await act(ctx.id, { action: 'draw', randomness: '9319' }, d), 422, 'lottery_id');
    const drawn = await step(ctx.id, 'draw', { lottery_id: `2026-GZF-CY-${process.pid}-L1`, randomness: '9319;2,5,12,8,10' });
    assert.equal(drawn.round.state, 'drawn');
    const manifest = drawn.result.manifest;
    assert.equal(manifest.algorithm, 'anju-lottery-v1');
    assert.equal(manifest.list_sha256, ctx.listSha, 'the draw used exactly the published list');
    assert.equal(manifest.entrants, 4);
    assert.equal(drawn.round.counts.drawn, 4);

    // the three files, staff and public the same bytes
    const files = {};
    for (const name of ['entrants.csv', 'result.csv', 'manifest.json']) {
      const staff = await fetch(`${server.base}/api/v1/rounds/${ctx.id}/files/${name}`, { headers: { cookie: d.cookie } });
      const open = await fetch(`${server.base}/api/public/rounds/${ctx.id}/files/${name}`);
      assert.equal(staff.status, 200, name);
      assert.equal(open.status, 200, name);
      files[name] = Buffer.from(await staff.arrayBuffer());
      assert.deepEqual(Buffer.from(await open.arrayBuffer()), files[name], `${name}: the same bytes`);
    }
    assert.deepEqual(files['entrants.csv'], listBytes);
    assert.deepEqual(JSON.parse(files['manifest.json']), manifest);
    assert.equal(sha256(files['result.csv']), manifest.result_sha256);
    // seed = HMAC-SHA256(key = the 32 raw bytes of list_sha256, message = the canonical randomness)
    assert.equal(manifest.randomness, '9319./2.5.8.10.12./');
    const seed = createHmac('sha256', Buffer.from(ctx.listSha, 'hex')).update(manifest.randomness).digest('hex');
    assert.equal(manifest.seed, seed);
    // each entrant's key = HMAC-SHA256(seed, lottery_id|entrant|0) (one ticket each)
    const rows = files['result.csv'].toString('utf8').trim().split('\n');
    const header = rows.shift().split(',');
    const [idCol, keyCol] = [header.indexOf('entrant_id'), header.indexOf('key')];
    for (const row of rows) {
      const cols = row.split(',');
      const key = createHmac('sha256', Buffer.from(seed, 'hex')).update(`${manifest.lottery_id}|${cols[idCol]}|0`).digest('hex');
      assert.equal(cols[keyCol], key);
    }
    const verified = await runAnju(['round', 'show', '--round', String(ctx.id), '--db', server.db]);
    assert.equal(verified.code, 0, verified.stderr);
  });

  test('entrants: full names for officers in scope, masked for operators; never ID numbers', async () => {
    const path = `/api/v1/rounds/${ctx.id}/entrants`;
    const full = await api(server, 'GET', path, { session: await district() });
    assert.equal(full.status, 200);
    fits('RoundEntrantList', full.json);
    assert.equal(full.json.items.length, 4);
    assert.ok(full.json.items.every((x) => x.applicant_name === '张三' && x.sequence > 0));
    const masked = await api(server, 'GET', path, { session: await operator() });
    assert.equal(masked.status, 200);
    assert.ok(masked.json.items.every((x) => x.applicant_name === '张*'));
    for (const res of [full, masked])
      for (const f of Object.values(fam)) for (const m of f.household.members) assert.ok(!res.text.includes(m.id_number));
  });

  test('allocate; one applicant accepts, another declines', async () => {
    const d = await district();
    const allocated = await step(ctx.id, 'allocate');
    assert.deepEqual(allocated.result, { offered: 4, unassigned: 0 });
    assert.equal(allocated.round.state, 'choosing');
    assert.equal(allocated.round.counts.offers.offered, 4);
    const offers = await api(server, 'GET', `/api/v1/rounds/${ctx.id}/offers`, { session: await auditor() });
    assert.equal(offers.status, 200);
    fits('RoundOfferList', offers.json);
    const of = (f) => offers.json.items.find((o) => o.application_id === f.application.id);
    for (const k of Object.keys(fam)) ctx[`offer${k}`] = of(fam[k]);
    // the others (no preferences: any unit) take the units in order, so A always gets the last one
    assert.equal(ctx.offerA.unit_id, ctx.units[3].unit_id, "A's first preference");
    assert.equal(ctx.offerA.deadline, '2026-11-22');

    // the applicant's own offers in /me/rounds; not somebody else's
    const mine = await api(server, 'GET', '/api/v1/me/rounds', { session: fam.A.session });
    assert.deepEqual(mine.json.items[0].offers.map((o) => o.id), [ctx.offerA.id]);
    assertProblem(await api(server, 'POST', `/api/v1/offers/${ctx.offerB.id}/answer`, { body: { answer: 'accept' }, session: fam.A.session }), 404);
    assertProblem(await api(server, 'POST', `/api/v1/offers/${ctx.offerA.id}/answer`, { body: { answer: 'maybe' }, session: fam.A.session }), 422, 'answer');

    const accepted = await api(server, 'POST', `/api/v1/offers/${ctx.offerA.id}/answer`, { body: { answer: 'accept' }, session: fam.A.session });
    assert.equal(accepted.status, 200, accepted.text);
    fits('RoundOffer', accepted.json);
    assert.equal(accepted.json.state, 'accepted');
    assertProblem(await api(server, 'POST', `/api/v1/offers/${ctx.offerA.id}/answer`, { body: { answer: 'decline' }, session: fam.A.session }), 409, 'state');
    const declined = await api(server, 'POST', `/api/v1/offers/${ctx.offerB.id}/answer`, { body: { answer: 'decline' }, session: fam.B.session });
    assert.equal(declined.status, 200, declined.text);
    assert.equal(declined.json.state, 'declined');
    assert.equal(declined.json.decline_counted, true);
    const round = await api(server, 'GET', `/api/v1/rounds/${ctx.id}`, { session: d });
    fits('Round', round.json);
    assert.deepEqual(round.json.counts.offers, { offered: 2, accepted: 1, declined: 1, expired: 0 });
    assert.equal(round.json.counts.units_by_status.let, 1);
    // publishing is for later: allocating again is allowed, opening is not
    assertProblem(await act(ctx.id, { action: 'open' }, d), 409, 'state');
  });
});

// The second server, after the offers' deadline, on a copy of the first one's database.
let later;
let copyDir;
after(async () => {
  if (later) assert.deepEqual(await later.stop(), { code: 0, signal: null });
  if (copyDir) await rm(copyDir, { recursive: true, force: true });
});

describe('after the deadline (a second server, today 2026-11-30)', () => {
  test('offers past their deadline expire: counted as declines, a late answer is a 409; allocate again; publish', async () => {
    copyDir = await mkdtemp(join(tmpdir(), 'anju-rounds-'));
    const copy = join(copyDir, 'copy.db');
    await sqlite(server.db, `.backup '${copy}'`);
    later = await startServer({
      env: { ANJU_TODAY: '2026-11-30' },
      beforeServe: async (db) => {
        for (const ext of ['-wal', '-shm']) await rm(db + ext, { force: true });
        await copyFile(copy, db);
      },
    });
    const d = await later.as('district_officer', '110105');
    const expired = await api(later, 'POST', `/api/v1/rounds/${ctx.id}/actions`, { body: { action: 'expire' }, session: d });
    assert.equal(expired.status, 200, expired.text);
    assert.deepEqual(expired.json.result, { expired: 2 });
    assert.deepEqual(expired.json.round.counts.offers, { offered: 0, accepted: 1, declined: 1, expired: 2 });
    // a late answer (the officer's here; the applicants' sessions are in the copy too)
    const late = await api(later, 'POST', `/api/v1/offers/${ctx.offerC.id}/answer`, { body: { answer: 'accept' }, session: d });
    assertProblem(late, 409, 'deadline');
    const entrants = (await api(later, 'GET', `/api/v1/rounds/${ctx.id}/entrants`, { session: d })).json.items;
    const c = entrants.find((x) => x.application_id === fam.C.application.id);
    assert.equal(c.declines, 1);
    assert.equal(c.outcome, 'declined');

    // allocate again: B (declined once), C and D (expired) are offered the three units that came back
    const again = await api(later, 'POST', `/api/v1/rounds/${ctx.id}/actions`, { body: { action: 'allocate' }, session: d });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.result.offered + again.json.result.unassigned, 3);
    assert.ok(again.json.result.offered >= 2, again.text);
    const open = (await api(later, 'GET', `/api/v1/rounds/${ctx.id}/offers`, { session: d })).json.items.filter((o) => o.state === 'offered');
    assert.equal(open.length, again.json.result.offered);
    assert.ok(open.every((o) => o.deadline === '2026-12-07'));
    // an officer who runs the round answers on a family's behalf
    const ok = await api(later, 'POST', `/api/v1/offers/${open[0].id}/answer`, { body: { answer: 'accept' }, session: d });
    assert.equal(ok.status, 200, ok.text);
    ctx.acceptedLate = open[0].application_no;

    // before publishing, the results are not public
    assertProblem(await api(later, 'GET', `/api/public/rounds/${ctx.id}/results`, { session: null }), 404);
    const published = await api(later, 'POST', `/api/v1/rounds/${ctx.id}/actions`, { body: { action: 'publish' }, session: d });
    assert.equal(published.status, 200, published.text);
    assert.equal(published.json.round.state, 'published');
    assertProblem(await api(later, 'POST', `/api/v1/rounds/${ctx.id}/actions`, { body: { action: 'publish' }, session: d }), 409, 'state');
    assertProblem(await api(later, 'POST', `/api/v1/rounds/${ctx.id}/actions`, { body: { action: 'expire' }, session: d }), 409, 'state');

    const results = await api(later, 'GET', `/api/public/rounds/${ctx.id}/results`, { session: null });
    assert.equal(results.status, 200, results.text);
    fits('RoundResults', results.json);
    assert.equal(results.json.manifest.list_sha256, ctx.listSha);
    assert.ok(results.json.entrants.every((x) => x.name === '张*'));
    const outcomes = Object.fromEntries(results.json.entrants.map((x) => [x.application_no, x.outcome]));
    assert.equal(outcomes[fam.A.application.application_no], 'accepted');
    assert.equal(outcomes[ctx.acceptedLate], 'accepted');
    for (const f of Object.values(fam)) for (const m of f.household.members) assert.ok(!results.text.includes(m.id_number));
    const pub = (await api(later, 'GET', '/api/public/rounds', { session: null })).json.items.find((r) => r.id === ctx.id);
    assert.equal(pub.state, 'published');
    assert.equal(pub.randomness, '9319./2.5.8.10.12./');
  });
});

describe('scope and roles', () => {
  test('out of scope is the same 404 as a missing round; readers may not run it', async () => {
    const other = await otherCity();
    const missing = await api(server, 'GET', '/api/v1/rounds/987654321', { session: other });
    const hidden = await api(server, 'GET', `/api/v1/rounds/${ctx.id}`, { session: other });
    assertProblem(missing, 404, 'id');
    assertProblem(hidden, 404, 'id');
    assert.equal(hidden.json.detail, missing.json.detail.replace('987654321', String(ctx.id)));
    assert.equal(hidden.json.detail_en, missing.json.detail_en.replace('987654321', String(ctx.id)));
    for (const sub of ['units', 'entrants', 'offers', 'files/entrants.csv'])
      assertProblem(await api(server, 'GET', `/api/v1/rounds/${ctx.id}/${sub}`, { session: other }), 404);
    assertProblem(await act(ctx.id, { action: 'allocate' }, other), 404);
    const list = await api(server, 'GET', '/api/v1/rounds', { session: other });
    assert.deepEqual(list.json.items, []);
    const mine = await api(server, 'GET', '/api/v1/rounds?state=choosing&programme=public_rental', { session: await district() });
    assert.deepEqual(mine.json.items.map((r) => r.id), [ctx.id]);
    fits('RoundList', mine.json);
    assertProblem(await api(server, 'GET', '/api/v1/rounds?state=sleeping', { session: await district() }), 400, 'state');

    // auditors read, may not run; applicants use /me/rounds
    assert.equal((await api(server, 'GET', `/api/v1/rounds/${ctx.id}`, { session: await auditor() })).status, 200);
    assertProblem(await act(ctx.id, { action: 'allocate' }, await auditor()), 403);
    assertProblem(await api(server, 'GET', `/api/v1/rounds/${ctx.id}`, { session: fam.A.session }), 403);
    assertProblem(await api(server, 'GET', '/api/v1/me/rounds', { session: await district() }), 403);
    // GET /api/v1/me lists the round permissions of the role
    const me = await api(server, 'GET', '/api/v1/me', { session: await district() });
    assert.ok(me.json.permissions.includes('round.run') && me.json.permissions.includes('round.read'));
    const au = await api(server, 'GET', '/api/v1/me', { session: await auditor() });
    assert.ok(au.json.permissions.includes('round.read') && !au.json.permissions.includes('round.run'));
  });
});

// The dashboard's counts over HTTP (docs/api.md "Summaries"): households by
// district, applications by district, programme and state, waiting families
// by programme and class — each narrowed to the caller's scope, each number
// checked against the records this file makes, and the queue's classes
// against the waiting list itself.
//
// The records (public rental, filed at the command line on chosen days):
//   110105001 建外  A1, A2 (低保, filed), D1 (draft)
//   110105002 朝外  A3 (no category, filed)
//   110108001 海淀  B1 (no category, filed), B2 (低收入, filed), D2 (submitted)
//   990100001 the made-up test city: one household, no application
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  TEST_CITY,
  addTestCity,
  api,
  applicant,
  assertProblem,
  checkSchema,
  createHousehold,
  household,
  runAnju,
  serveDuringTests,
  staff,
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

const city = () => server.session;
const district = () => staff(server, 'district_officer', '110105');
const street = () => staff(server, 'street_officer', '110105001');
const auditor = () => staff(server, 'auditor');

async function cli(today, ...args) {
  const r = await runAnju(['application', ...args, '--json', '--db', server.db], { ANJU_TODAY: today });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A public-rental application of household hid taken to `until` (draft, submitted or filed). */
async function apply(hid, until, opened = '2026-09-01') {
  let a = await cli(opened, 'create', String(hid), '--programme', 'public_rental');
  if (until === 'draft') return a;
  const steps = until === 'submitted' ? ['submit'] : ['submit', 'accept', 'approve', 'approve', 'approve'];
  for (const action of steps) a = await cli(opened, 'act', String(a.id), action, '--version', String(a.version));
  if (until === 'filed') a = await cli('2026-09-20', 'act', String(a.id), 'file', '--version', String(a.version));
  assert.equal(a.state, until);
  return a;
}

const at = (region, categories) => ({ region_code: region, priority_categories: categories });

let made = null;
async function data() {
  if (made) return made;
  const h = {
    A1: await createHousehold(server, at('110105001', ['dibao'])),
    A2: await createHousehold(server, at('110105001', ['dibao'])),
    D1: await createHousehold(server, at('110105001', [])),
    A3: await createHousehold(server, at('110105002', [])),
    B1: await createHousehold(server, at('110108001', [])),
    B2: await createHousehold(server, at('110108001', ['low_income'])),
    D2: await createHousehold(server, at('110108001', [])),
  };
  const testCity = await staff(server, 'city_officer', TEST_CITY.city);
  const out = await api(server, 'POST', '/api/v1/households', {
    body: household(at(TEST_CITY.street, [])),
    session: testCity,
  });
  assert.equal(out.status, 201, out.text);
  for (const k of ['A1', 'A2', 'A3', 'B1', 'B2']) await apply(h[k].id, 'filed');
  await apply(h.D1.id, 'draft');
  await apply(h.D2.id, 'submitted');
  made = h;
  return h;
}

async function get(path, session) {
  const res = await api(server, 'GET', path, { session });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

function fits(name, body) {
  assert.deepEqual(checkSchema(doc, { $ref: `#/components/schemas/${name}` }, body), []);
}

const zeroStates = {
  draft: 0, submitted: 0, street_review: 0, district_review: 0, city_filing: 0,
  publicity: 0, filed: 0, returned: 0, rejected: 0, withdrawn: 0,
};
const states = (o) => ({ ...zeroStates, ...o });

describe('GET /api/v1/households/summary', () => {
  test('counts the households of each district the caller may see', async () => {
    await data();
    const c = await get('/api/v1/households/summary', await city());
    fits('HouseholdSummaryCounts', c);
    assert.deepEqual(c, {
      district: null,
      households: 7,
      districts: [
        { district_code: '110105', households: 4 },
        { district_code: '110108', households: 3 },
      ],
    });
    // the auditor sees everything, the made-up city too
    const u = await get('/api/v1/households/summary', await auditor());
    assert.equal(u.households, 8);
    assert.deepEqual(u.districts.at(-1), { district_code: TEST_CITY.district, households: 1 });
    // a district officer their district, a street officer their street
    assert.deepEqual((await get('/api/v1/households/summary', await district())).districts, [
      { district_code: '110105', households: 4 },
    ]);
    const s = await get('/api/v1/households/summary', await street());
    assert.deepEqual([s.households, s.districts], [3, [{ district_code: '110105', households: 3 }]]);
  });

  test('?district= narrows; a district outside the scope counts nothing; the total agrees with the list', async () => {
    await data();
    const only = await get('/api/v1/households/summary?district=110108', await city());
    assert.deepEqual(only, { district: '110108', households: 3, districts: [{ district_code: '110108', households: 3 }] });
    const outside = await get('/api/v1/households/summary?district=110108', await district());
    assert.deepEqual(outside, { district: '110108', households: 0, districts: [] });
    const list = await get('/api/v1/households?page_size=1', await city());
    assert.equal(list.total, 7);
  });

  test('refusals: applicants 403, a malformed district 400, no session 401', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/households/summary', { session: await applicant(server) }), 403);
    assertProblem(await api(server, 'GET', '/api/v1/households/summary?district=1101'), 400, 'district');
    assertProblem(await api(server, 'GET', '/api/v1/households/summary?page=1'), 400, 'page');
    assertProblem(await api(server, 'GET', '/api/v1/households/summary', { session: null }), 401);
  });
});

describe('GET /api/v1/applications/summary', () => {
  test('counts by state, district and programme, by scope', async () => {
    await data();
    const c = await get('/api/v1/applications/summary', await city());
    fits('ApplicationSummary', c);
    assert.equal(c.applications, 7);
    assert.deepEqual(c.by_state, states({ filed: 5, draft: 1, submitted: 1 }));
    assert.deepEqual(c.districts, [
      { district_code: '110105', applications: 4, by_state: states({ filed: 3, draft: 1 }) },
      { district_code: '110108', applications: 3, by_state: states({ filed: 2, submitted: 1 }) },
    ]);
    assert.equal(c.programmes.length, 7, 'every programme');
    assert.deepEqual(c.programmes[0], { programme: 'public_rental', applications: 7, by_state: c.by_state });
    assert.ok(c.programmes.slice(1).every((p) => p.applications === 0));

    const s = await get('/api/v1/applications/summary', await street());
    assert.deepEqual([s.applications, s.by_state], [3, states({ filed: 2, draft: 1 })]);
    const d = await get('/api/v1/applications/summary?district=110108', await district());
    assert.deepEqual([d.district, d.applications, d.districts], ['110108', 0, []]);
  });

  test('each count agrees with the application list', async () => {
    await data();
    const c = await get('/api/v1/applications/summary?district=110105', await city());
    for (const [state, n] of Object.entries(c.by_state)) {
      const list = await get(`/api/v1/applications?district=110105&state=${state}&page_size=1`, await city());
      assert.equal(list.total, n, state);
    }
  });

  test('refusals: applicants 403 (they see their own applications), no session 401', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/applications/summary', { session: await applicant(server) }), 403);
    assertProblem(await api(server, 'GET', '/api/v1/applications/summary', { session: await staff(server, 'operator', '110000') }), 403);
    assertProblem(await api(server, 'GET', '/api/v1/applications/summary', { session: null }), 401);
  });
});

describe('GET /api/v1/queues/summary', () => {
  /** class_code → families, of the classes that have any. */
  function classes(summary, programme = 'public_rental') {
    const p = summary.programmes.find((x) => x.programme === programme);
    const out = {};
    for (const q of p.queues) for (const c of q.classes) if (c.families) out[c.class_code] = (out[c.class_code] ?? 0) + c.families;
    return out;
  }

  test('waiting families by programme and class, the same as the lists say', async () => {
    await data();
    const c = await get('/api/v1/queues/summary', await city());
    fits('QueueSummary', c);
    assert.equal(c.as_of, '2026-11-15');
    assert.equal(c.families, 5);
    assert.deepEqual(classes(c), { dibao: 2, low_income: 1, none: 2 });
    const pr = c.programmes.find((x) => x.programme === 'public_rental');
    assert.equal(pr.queues.length, 1);
    assert.equal(pr.queues[0].policy, 'beijing@2026.1');
    // every class of the policy, in precedence, numbered from 1 as a place's class is
    assert.deepEqual(pr.queues[0].classes.map((k) => k.class), pr.queues[0].classes.map((_, i) => i + 1));
    assert.equal(pr.queues[0].classes.at(-1).class_code, 'none');

    // the list, tallied by class, gives the same numbers
    for (const session of [await city(), await district(), await street()]) {
      const list = await get('/api/v1/queues/public_rental?page_size=100', session);
      const tally = {};
      for (const it of list.items) tally[it.class_code] = (tally[it.class_code] ?? 0) + 1;
      const s = await get('/api/v1/queues/summary', session);
      assert.deepEqual(classes(s), tally);
      assert.equal(s.families, list.total);
      const dibao = list.items.find((it) => it.class_code === 'dibao');
      const row = s.programmes[0].queues[0].classes.find((k) => k.class_code === 'dibao');
      assert.deepEqual([row.class, row.class_name_zh], [dibao.class, dibao.class_name_zh]);
    }
    assert.deepEqual(classes(await get('/api/v1/queues/summary', await district())), { dibao: 2, none: 1 });
    assert.deepEqual(classes(await get('/api/v1/queues/summary', await street())), { dibao: 2 });
  });

  test('?district= narrows; outside the scope nothing; programmes without families are listed empty', async () => {
    await data();
    const h = await get('/api/v1/queues/summary?district=110108', await city());
    assert.deepEqual([h.district, h.families, classes(h)], ['110108', 2, { low_income: 1, none: 1 }]);
    const outside = await get('/api/v1/queues/summary?district=110108', await district());
    assert.equal(outside.families, 0);
    assert.ok(outside.programmes.every((p) => p.families === 0 && p.queues.length === 0));
    assert.equal(outside.programmes.length, 7);
  });

  test('refusals: applicants, operators 403; no session 401; nothing but ?district=', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/queues/summary', { session: await applicant(server) }), 403);
    assertProblem(await api(server, 'GET', '/api/v1/queues/summary', { session: await staff(server, 'admin') }), 403);
    assertProblem(await api(server, 'GET', '/api/v1/queues/summary', { session: null }), 401);
    assertProblem(await api(server, 'GET', '/api/v1/queues/summary?programme=public_rental'), 400, 'programme');
    // "summary" is never taken for a programme, under any method
    const post = await api(server, 'POST', '/api/v1/queues/summary', { body: {} });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });
});

// The review workflow over HTTP (docs/workflow.md): an application from the
// applicant's draft through the street, district and city to 公示 and 备案,
// each step by the right role; refusals (403 role, 404 scope, 409 stale
// version and the race of two approvals, 422 rules); 补正 answered by the
// applicant; withdrawal; objections; and the public notice, which needs no
// sign-in and shows masked names and ID numbers and nothing else.
//
// 公示 lasts 15 days under the Beijing preset (2026-11-15 to 2026-11-29 for
// the server's fixed today). Filing needs a later day, so the database is
// copied to a second server whose today is 2026-11-30; the sessions travel
// with it.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import {
  api,
  applicant,
  assertProblem,
  createHousehold,
  member,
  runAnju,
  serveDuringTests,
  sqlite,
  startServer,
} from './helpers.mjs';

const server = serveDuringTests({
  onStart: async (s) => {
    const presets = await runAnju(['policy', 'import', '--presets', '--db', s.db]);
    assert.equal(presets.code, 0, presets.stderr);
  },
});

const street = () => server.as('street_officer', '110105001');
const otherStreet = () => server.as('street_officer', '110105002');
const district = () => server.as('district_officer', '110105');
const city = () => server.session; // the default city officer of 110000

/** An applicant account bound to a new household of 110105001 (overrides: the household's). */
async function boundApplicant(overrides = {}) {
  const h = await createHousehold(server, overrides);
  const a = await applicant(server, { name: h.members[0].name });
  const bound = await api(server, 'POST', '/api/v1/me/household', {
    body: { id_number: h.members[0].id_number, name: h.members[0].name },
    session: a,
  });
  assert.equal(bound.status, 200, bound.text);
  return { session: a, household: h };
}

async function open(session, householdId, programme = 'public_rental') {
  const res = await api(server, 'POST', '/api/v1/applications', { body: { household_id: householdId, programme }, session });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** One action with the application's current version; returns the response. */
function act(session, app, action, extra = {}, on = server) {
  return api(on, 'POST', `/api/v1/applications/${app.id}/actions`, {
    body: { action, version: app.version, ...extra },
    session,
  });
}

async function step(session, app, action, extra = {}, on = server) {
  const res = await act(session, app, action, extra, on);
  assert.equal(res.status, 200, `${action}: ${res.text}`);
  return res.json;
}

/** An application by the street officer, taken up to `state`. */
async function upTo(state, householdId) {
  const hid = householdId ?? (await createHousehold(server)).id;
  let a = await open(await street(), hid);
  const path = [
    ['submitted', await street(), 'submit'],
    ['street_review', await street(), 'accept'],
    ['district_review', await street(), 'approve'],
    ['city_filing', await district(), 'approve'],
    ['publicity', city(), 'approve'],
  ];
  for (const [reached, who, action] of path) {
    if (a.state === state) break;
    a = await step(who, a, action);
    assert.equal(a.state, reached);
  }
  assert.equal(a.state, state);
  return a;
}

async function get(session, app, on = server) {
  const res = await api(on, 'GET', `/api/v1/applications/${app.id}`, { session });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// The second server, 2026-11-30, on a copy of the first one's database.
let later;
let copyDir;
async function laterServer() {
  if (later) return later;
  copyDir = await mkdtemp(join(tmpdir(), 'anju-workflow-'));
  const copy = join(copyDir, 'copy.db');
  await sqlite(server.db, `.backup '${copy}'`);
  later = await startServer({
    env: { ANJU_TODAY: '2026-11-30' },
    beforeServe: async (db) => {
      for (const ext of ['-wal', '-shm']) await rm(db + ext, { force: true });
      await copyFile(copy, db);
    },
  });
  return later;
}
after(async () => {
  if (later) assert.deepEqual(await later.stop(), { code: 0, signal: null });
  if (copyDir) await rm(copyDir, { recursive: true, force: true });
});

// The keys of a public-notice item: nothing else may be published.
const KEYS = [
  'applicant_id_number',
  'applicant_name',
  'district_name',
  'filed_date',
  'household_size',
  'programme',
  'publicity_end',
  'publicity_start',
  'state',
  'street_name',
];

// Applications the later tests file on the second server.
const forLater = {};

describe('an application through every level', () => {
  test('the applicant opens and submits; street, district and city approve into 公示', async () => {
    const { session: me, household: h } = await boundApplicant();
    const res = await api(server, 'POST', '/api/v1/applications', {
      body: { household_id: h.id, programme: 'public_rental' },
      session: me,
    });
    assert.equal(res.status, 201, res.text);
    let a = res.json;
    assert.equal(res.headers.get('location'), `/api/v1/applications/${a.id}`);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.match(a.application_no, /^SQ2026-\d{6}$/);
    assert.equal(a.state, 'draft');
    assert.equal(a.household_id, h.id);
    assert.deepEqual(a.actions, ['submit', 'withdraw']);
    assert.equal(a.eligible, null);

    a = await step(me, a, 'submit');
    assert.equal(a.state, 'submitted');
    assert.equal(a.eligible, true);
    assert.deepEqual(a.policy, { id: a.policy.id, code: 'beijing', version: '2026.1' });
    a = await step(await street(), a, 'accept', { reason: '材料齐全，予以受理' });
    assert.equal(a.state, 'street_review');
    a = await step(await street(), a, 'approve');
    assert.equal(a.state, 'district_review');
    a = await step(await district(), a, 'approve');
    assert.equal(a.state, 'city_filing');
    a = await step(city(), a, 'approve');
    assert.equal(a.state, 'publicity');
    assert.equal(a.publicity_start, '2026-11-15');
    assert.equal(a.publicity_end, '2026-11-29'); // 15 days
    assert.equal(a.filed_date, null);
    assert.deepEqual(a.actions, ['reject', 'file']);

    // filing before the end of publicity is refused, and changes nothing
    const early = await act(city(), a, 'file');
    const e = assertProblem(early, 422, 'publicity_end');
    assert.equal(e.message_zh, '公示期至 2026-11-29 结束，2026-11-30 起方可备案');
    assert.equal((await get(city(), a)).version, a.version);
    forLater.full = { app: a, applicant: me };
  });

});

describe('refusals', () => {
  test('a role that may not take the step is 403', async () => {
    const a = await upTo('submitted');
    for (const session of [await district(), city()]) {
      const p = assertProblem(await act(session, a, 'accept'), 403, 'action');
      assert.match(p.message_en, /^the (district|city) officer role may not accept/);
    }
    const auditor = await server.as('auditor');
    assertProblem(await act(auditor, a, 'reject', { reason: 'x' }), 403);
    const operator = await server.as('operator', '110000');
    assertProblem(await api(server, 'GET', `/api/v1/applications/${a.id}`, { session: operator }), 403);
    assertProblem(await api(server, 'POST', '/api/v1/applications', {
      body: { household_id: a.household_id, programme: 'talent' },
      session: city(),
    }), 403);
    assert.equal((await get(city(), a)).version, a.version);
  });

  test('out of scope is the same 404 as an id that does not exist', async () => {
    const a = await upTo('street_review');
    const other = await otherStreet();
    const outside = await api(server, 'GET', `/api/v1/applications/${a.id}`, { session: other });
    const missing = await api(server, 'GET', '/api/v1/applications/987654321', { session: other });
    assertProblem(outside, 404, 'id');
    assertProblem(missing, 404, 'id');
    const strip = (p) => JSON.stringify(p).replace(/(application |申请 )\d+/g, '$1N');
    assert.equal(strip(outside.json), strip(missing.json));
    assertProblem(await act(other, a, 'approve'), 404);
    const list = await api(server, 'GET', '/api/v1/applications', { session: other });
    assert.equal(list.status, 200);
    assert.ok(!list.json.items.some((x) => x.id === a.id));
    // another applicant neither
    const { session: stranger } = await boundApplicant();
    assertProblem(await api(server, 'GET', `/api/v1/applications/${a.id}`, { session: stranger }), 404);
  });

  test('two approvals fired at once with the same version: exactly one 200 and one 409', async () => {
    const a = await upTo('street_review');
    const s = await street();
    const results = await Promise.all([act(s, a, 'approve'), act(s, a, 'approve')]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409], results.map((r) => r.text).join('\n'));
    const conflict = results.find((r) => r.status === 409);
    assertProblem(conflict, 409, 'version');
    const now = await get(s, a);
    assert.equal(now.state, 'district_review');
    assert.equal(now.version, a.version + 1);
    assert.equal(now.history.filter((ev) => ev.action === 'approve').length, 1);
  });

  test('the rules: not in this state, a missing reason, list or version, an ineligible household', async () => {
    const a = await upTo('street_review');
    const s = await street();
    const p = assertProblem(await act(s, a, 'accept'), 422, 'action');
    assert.equal(p.message_zh, '“受理”不适用于“街道审核”状态');
    assert.equal(p.message_en, 'accept is not allowed in state street_review');
    assertProblem(await act(s, a, 'reject'), 422, 'reason');
    assertProblem(await act(s, a, 'reject', { reason: '   ' }), 422, 'reason');
    assertProblem(await act(s, a, 'return', { missing: [] }), 422, 'missing');
    assertProblem(await act(s, a, 'return', { missing: ['户口簿', ''] }), 422, 'missing[1]');
    assertProblem(await act(s, a, 'bless'), 422, 'action');
    const noVersion = await api(server, 'POST', `/api/v1/applications/${a.id}/actions`, { body: { action: 'approve' }, session: s });
    assertProblem(noVersion, 428, 'version');
    assert.equal((await get(s, a)).version, a.version);

    // 9,000.00 a month each: 216,000.00 a year, over the 100,000.00 limit
    const rich = await createHousehold(server, {
      members: [
        member({ monthly_income: Array(12).fill('9000.00') }),
        member({ name: '李四', relation: 'spouse', monthly_income: Array(12).fill('9000.00') }),
      ],
    });
    const r = await upTo('street_review', rich.id);
    assert.equal(r.eligible, false);
    const refused = await act(s, r, 'approve');
    assertProblem(refused, 422, 'eligibility');
    const crit = assertProblem(refused, 422, 'eligibility.criteria.annual_income_max');
    assert.match(crit.message_en, /216,000\.00/);
    // so the street officer rejects, and the rejection cites the failed criteria
    const rejected = await step(s, r, 'reject', { reason: '家庭年收入超过公租房标准' });
    assert.equal(rejected.state, 'rejected');
    const last = rejected.history.at(-1);
    assert.equal(last.reason, '家庭年收入超过公租房标准');
    assert.equal(last.detail.cited_criteria[0].criterion, 'annual_income_max');
    assert.match(last.detail.cited_criteria[0].message_zh, /216,000\.00/);
  });

  test('one live application per household and programme is 409', async () => {
    const a = await upTo('draft');
    const res = await api(server, 'POST', '/api/v1/applications', {
      body: { household_id: a.household_id, programme: 'public_rental' },
      session: await street(),
    });
    const p = assertProblem(res, 409, 'programme');
    assert.match(p.message_en, new RegExp(a.application_no));
  });
});

describe('补正, withdrawal and objections', () => {
  test('the district asks for a correction; the applicant answers it and it goes back to the district', async () => {
    const { session: me, household: h } = await boundApplicant();
    let a = await open(me, h.id);
    a = await step(me, a, 'submit');
    a = await step(await street(), a, 'accept');
    a = await step(await street(), a, 'approve');
    a = await step(await district(), a, 'return', { reason: '收入材料不全', missing: ['近 12 个月收入证明', '户口簿复印件'] });
    assert.equal(a.state, 'returned');
    assert.equal(a.returned_from, 'district_review');
    assert.deepEqual(a.correction_request, ['近 12 个月收入证明', '户口簿复印件']);

    // it waits in the applicant's inbox, not in the district's
    const mine = await api(server, 'GET', '/api/v1/applications?inbox=1', { session: me });
    assert.deepEqual(mine.json.items.map((x) => x.id), [a.id]);
    assert.deepEqual(mine.json.items[0].actions, ['resubmit', 'withdraw']);
    const theirs = await api(server, 'GET', '/api/v1/applications?inbox=1', { session: await district() });
    assert.ok(!theirs.json.items.some((x) => x.id === a.id));

    assertProblem(await act(me, a, 'resubmit'), 422, 'answer');
    a = await step(me, a, 'resubmit', { answer: '已补交收入证明和户口簿复印件' });
    assert.equal(a.state, 'district_review');
    assert.equal(a.returned_from, null);
    assert.deepEqual(a.correction_request, []);
    const [ret, ans] = a.history.slice(-2);
    assert.equal(ret.action, 'return');
    assert.equal(ret.role, 'district_officer');
    assert.equal(ret.reason, '收入材料不全');
    assert.deepEqual(ret.detail.missing, ['近 12 个月收入证明', '户口簿复印件']);
    assert.equal(ans.action, 'resubmit');
    assert.equal(ans.actor, me.phone);
    assert.equal(ans.detail.answer, '已补交收入证明和户口簿复印件');
  });

  test('the applicant withdraws; nobody else may; a new application may then be opened', async () => {
    const { session: me, household: h } = await boundApplicant();
    let a = await open(me, h.id);
    a = await step(me, a, 'submit');
    a = await step(await street(), a, 'accept');
    assertProblem(await act(await street(), a, 'withdraw'), 403);
    a = await step(me, a, 'withdraw', { reason: '已另行租房' });
    assert.equal(a.state, 'withdrawn');
    assert.deepEqual(a.actions, []);
    assertProblem(await act(me, a, 'submit'), 422, 'action');
    const again = await open(me, h.id);
    assert.equal(again.state, 'draft');
  });

  test('objections: recorded and resolved by the city; open or upheld ones hold back filing', async () => {
    const { session: me, household: h } = await boundApplicant();
    const a = await upTo('publicity', h.id);
    const upheldOne = await upTo('publicity');
    const path = `/api/v1/applications/${a.id}/objections`;
    const body = { objector: '王五', content: '该户在通州区另有一套住房' };
    assertProblem(await api(server, 'POST', path, { body, session: await street() }), 403);
    assertProblem(await api(server, 'POST', path, { body: { objector: '王五', content: '' }, session: city() }), 422, 'content');
    const made = await api(server, 'POST', path, { body, session: city() });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.upheld, null);
    assert.equal(made.json.objector, '王五');
    const draft = await upTo('draft');
    assertProblem(await api(server, 'POST', `/api/v1/applications/${draft.id}/objections`, { body, session: city() }), 422, 'state');

    // the applicant sees the objection, not who made it
    const seen = await get(me, a);
    assert.equal(seen.objections.length, 1);
    assert.equal(seen.objections[0].objector, null);
    assert.equal(seen.objections[0].content, '该户在通州区另有一套住房');
    assert.equal(seen.version, a.version + 1); // an objection changes the application

    const other = await api(server, 'POST', `/api/v1/applications/${upheldOne.id}/objections`, {
      body: { objector: '匿名', content: '实际不在本市居住' },
      session: city(),
    });
    assert.equal(other.status, 201);
    const upheld = await api(server, 'POST', `/api/v1/applications/${upheldOne.id}/objections/${other.json.id}/resolution`, {
      body: { upheld: true, resolution: '经核实，异议成立' },
      session: city(),
    });
    assert.equal(upheld.status, 200, upheld.text);
    assert.equal(upheld.json.upheld, true);
    forLater.objection = { app: seen, oid: made.json.id, upheld: await get(city(), upheldOne) };
  });

});

describe('the public notice', () => {

  test('needs no sign-in and shows masked names and ID numbers, and nothing else', async () => {
    const h = await createHousehold(server, {
      members: [member({ name: '欧阳娜娜' }), member({ name: '李四', relation: 'spouse' })],
    });
    const a = await upTo('publicity', h.id);
    const res = await api(server, 'GET', '/api/public/notices?programme=public_rental&district=110105&page_size=100', { session: null });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.total >= 1);
    for (const item of res.json.items) {
      assert.deepEqual(Object.keys(item).sort(), KEYS);
      assert.match(item.applicant_name, /^.\*+$/u);
      assert.match(item.applicant_id_number, /^\d{6}\*{8}\d{3}[\dX]$/);
      assert.equal(item.state, 'publicity');
      assert.equal(item.district_name, '朝阳区');
      assert.equal(item.street_name, '建外街道');
    }
    const mine = res.json.items.find((x) => x.applicant_name === '欧***');
    assert.ok(mine, JSON.stringify(res.json.items));
    assert.equal(mine.applicant_id_number, h.members[0].id_number.slice(0, 6) + '********' + h.members[0].id_number.slice(14));
    assert.equal(mine.household_size, 2);
    assert.equal(mine.publicity_start, '2026-11-15');
    assert.equal(mine.publicity_end, '2026-11-29');
    // nothing identifying leaks: not the name, the numbers, the household or the application
    for (const secret of ['欧阳娜娜', h.members[0].id_number, h.members[1].id_number, h.household_no, a.application_no, h.contact_phone])
      assert.ok(!res.text.includes(secret), `${secret} must not be in the notice`);

    const none = await api(server, 'GET', '/api/public/notices?district=110108', { session: null });
    assert.equal(none.json.total, 0);
    assertProblem(await api(server, 'GET', '/api/public/notices?programme=palace', { session: null }), 400, 'programme');
    assertProblem(await api(server, 'GET', '/api/public/notices?surname=1', { session: null }), 400, 'surname');
  });
});

describe('after publicity (the second server, 2026-11-30)', () => {
  test('after publicity the city officer files it: the filing date is the waiting-list date', async () => {
    const { app, applicant: me } = forLater.full;
    const on = await laterServer();
    const a = await step(city(), app, 'file', {}, on);
    assert.equal(a.state, 'filed');
    assert.equal(a.filed_date, '2026-11-30');
    assert.deepEqual(a.actions, []);

    // the applicant follows the whole history: who, in which role, when, why
    const seen = await get(me, a, on);
    const steps = seen.history.map((ev) => [ev.action, ev.role, ev.from_state, ev.to_state]);
    assert.deepEqual(steps, [
      ['create', 'applicant', null, 'draft'],
      ['submit', 'applicant', 'draft', 'submitted'],
      ['accept', 'street_officer', 'submitted', 'street_review'],
      ['approve', 'street_officer', 'street_review', 'district_review'],
      ['approve', 'district_officer', 'district_review', 'city_filing'],
      ['approve', 'city_officer', 'city_filing', 'publicity'],
      ['file', 'city_officer', 'publicity', 'filed'],
    ]);
    assert.equal(seen.history[0].actor, me.phone);
    assert.equal(seen.history[6].actor, 'city');
    assert.equal(seen.history[2].reason, '材料齐全，予以受理');
    for (const ev of seen.history) assert.match(ev.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const ev of seen.history.slice(1)) {
      assert.equal(ev.detail.eligibility.eligible, true);
      assert.equal(ev.detail.eligibility.policy, 'beijing@2026.1');
    }
    assert.deepEqual(seen.history[5].detail.publicity, { start: '2026-11-15', end: '2026-11-29' });
    assert.equal(seen.history[6].detail.filed_date, '2026-11-30');
    assert.equal(seen.eligibility.eligible, true);

    // one audit entry per change, in the same database
    const rows = await sqlite(on.db, `SELECT action FROM audit_log WHERE entity_type = 'application' AND entity_id = '${a.id}' ORDER BY seq;`);
    assert.deepEqual(rows.trim().split('\n'), [
      'application.create',
      'application.submit',
      'application.accept',
      'application.approve',
      'application.approve',
      'application.approve',
      'application.file',
    ]);
  });

  test('after publicity: an open objection holds back filing until resolved; an upheld one means rejection', async () => {
    const on = await laterServer();
    const { app, oid, upheld } = forLater.objection;
    assertProblem(await act(city(), app, 'file', {}, on), 422, 'objections');
    const res = await api(on, 'POST', `/api/v1/applications/${app.id}/objections/${oid}/resolution`, {
      body: { upheld: false, resolution: '经核查，该房屋已于 2020 年出售' },
      session: city(),
    });
    assert.equal(res.status, 200, res.text);
    assertProblem(
      await api(on, 'POST', `/api/v1/applications/${app.id}/objections/${oid}/resolution`, {
        body: { upheld: true, resolution: '再次处理' },
        session: city(),
      }),
      409,
    );
    const now = await get(city(), app, on);
    const filed = await step(city(), now, 'file', {}, on);
    assert.equal(filed.state, 'filed');
    assert.deepEqual(
      filed.history.slice(-3).map((ev) => ev.action),
      ['objection', 'objection_resolved', 'file'],
    );

    const p = assertProblem(await act(city(), upheld, 'file', {}, on), 422, 'objections');
    assert.match(p.message_en, /upheld/);
    const rejected = await step(city(), upheld, 'reject', { reason: '公示期间异议成立' }, on);
    assert.equal(rejected.state, 'rejected');
  });

  test('filed applications appear only when asked for, with their filing date', async () => {
    const on = await laterServer();
    const plain = await api(on, 'GET', '/api/public/notices?page_size=100', { session: null });
    assert.ok(plain.json.items.every((x) => x.state === 'publicity'));
    const res = await api(on, 'GET', '/api/public/notices?include_filed=1&page_size=100', { session: null });
    const filed = res.json.items.filter((x) => x.state === 'filed');
    assert.ok(filed.length >= 1);
    for (const item of filed) {
      assert.equal(item.filed_date, '2026-11-30');
      assert.deepEqual(Object.keys(item).sort(), KEYS);
    }
  });
});

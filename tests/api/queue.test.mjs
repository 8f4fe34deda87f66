// The waiting lists over HTTP (docs/queue.md): an applicant with a filed
// application sees their place, how many are ahead in their class and why;
// officers see their region's families with city-wide places, ID numbers
// masked; families who did not re-report in time are marked (at the command
// line) and stay listed; a re-report — by the applicant or an officer on
// their behalf — is recorded, re-verified, and clears the mark.
//
// Applications are filed at the command line on chosen days (the server's
// today is 2026-11-15); the overdue part runs on a second server whose
// today is 2028-03-17, on a copy of the first one's database.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import {
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
  onStart: async (s) => {
    const presets = await runAnju(['policy', 'import', '--presets', '--db', s.db]);
    assert.equal(presets.code, 0, presets.stderr);
    doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
  },
});

const street = () => server.as('street_officer', '110105001');
const otherStreet = () => server.as('street_officer', '110105002');
const district = () => server.as('district_officer', '110105');

/** `anju application ...` on the server's database as of `today`; its JSON. */
async function cli(today, ...args) {
  const r = await runAnju(['application', ...args, '--json', '--db', server.db], { ANJU_TODAY: today });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A 公租房 application of household hid reviewed on `opened` and filed 15 days later. */
async function file(hid, opened) {
  let a = await cli(opened, 'create', String(hid), '--programme', 'public_rental');
  for (const action of ['submit', 'accept', 'approve', 'approve', 'approve'])
    a = await cli(opened, 'act', String(a.id), action, '--version', String(a.version));
  const day = new Date(`${opened}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 15);
  a = await cli(day.toISOString().slice(0, 10), 'act', String(a.id), 'file', '--version', String(a.version));
  assert.equal(a.state, 'filed');
  return a;
}

function assertEntry(entry) {
  assert.deepEqual(checkSchema(doc, { $ref: '#/components/schemas/QueueEntry' }, entry), []);
  for (const [k, v] of Object.entries(entry)) assert.ok(v === null || typeof v !== 'object', `${k} is a scalar (CSV)`);
}

// The families: A (the applicant's, no category), B (低保), C (another
// street, no category), D (no category, filed the same day as A, later number).
const fam = {};

describe('places and why', () => {
  test('an applicant with a filed application sees their place, who is ahead and why', async () => {
    const hA = await createHousehold(server, { priority_categories: [] });
    const me = await applicant(server, { name: hA.members[0].name });
    const bound = await api(server, 'POST', '/api/v1/me/household', {
      body: { id_number: hA.members[0].id_number, name: hA.members[0].name },
      session: me,
    });
    assert.equal(bound.status, 200, bound.text);

    // before anything is filed: no places
    let mine = await api(server, 'GET', '/api/v1/me/queue', { session: me });
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.json, { as_of: '2026-11-15', items: [] });

    fam.A = { app: await file(hA.id, '2026-03-01'), session: me };
    const hB = await createHousehold(server, { priority_categories: ['dibao'] });
    fam.B = { app: await file(hB.id, '2026-05-01') };
    const hC = await createHousehold(server, { priority_categories: [], region_code: '110105002' });
    fam.C = { app: await file(hC.id, '2026-02-01') };
    const hD = await createHousehold(server, { priority_categories: [] });
    fam.D = { app: await file(hD.id, '2026-03-01') };

    mine = await api(server, 'GET', '/api/v1/me/queue', { session: me });
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.json.items.length, 1);
    const a = mine.json.items[0];
    assertEntry(a);
    assert.equal(a.application_no, fam.A.app.application_no);
    assert.equal(a.filed_date, '2026-03-16');
    assert.equal(a.policy, 'beijing@2026.1');
    // 低保 (B) first; then the families with no category by filing date: C, A, D
    assert.equal(a.position, 3);
    assert.equal(a.queue_size, 4);
    assert.equal(a.class_code, 'none');
    assert.equal(a.class, 14); // long wait, the 12 categories, then none
    assert.equal(a.position_in_class, 2);
    assert.equal(a.ahead_in_class, 1);
    assert.equal(a.ahead_filed_earlier, 1);
    assert.equal(a.ahead_filed_same_day, 0);
    assert.equal(a.ahead_in_higher_classes, 1);
    assert.equal(a.why_zh,
      '您排在第 3 位（共 4 户）。前面有 1 户属于更优先的类别。您不属于任何优先类别，排在各优先类别之后（第 14 类），' +
        '该类别中有 1 户排在您前面：1 户的备案日期早于您的 2026-03-16。');
    assert.equal(a.why_en,
      'You are number 3 of 4. 1 family ahead of you is in classes served before yours. You are in no priority ' +
        'class: yours (class 14) comes after all of them; 1 family in it is ahead of you: 1 filed before your ' +
        'filing date (2026-03-16).');
    assert.equal(a.re_report_months, 24);
    assert.equal(a.next_re_report_due, '2028-03-16');
    assert.equal(a.last_re_report, null);
    assert.equal(a.overdue, false);
    assert.equal(a.applicant_id_number, undefined, 'the applicant is not shown who they are');

    // the 低保 family's reason names its category
    const b = await api(server, 'GET', '/api/v1/queues/public_rental', { session: await street() });
    const first = b.json.items[0];
    assert.equal(first.application_no, fam.B.app.application_no);
    assert.equal(first.class_code, 'dibao');
    assert.match(first.why_zh, /您属于“低保家庭”优先类别（第 2 类），该类别中没有家庭排在您前面。$/);
  });

  test('officers see their region’s families with city-wide places; ID numbers masked', async () => {
    const list = async (session, query = '') => {
      const res = await api(server, 'GET', `/api/v1/queues/public_rental${query}`, { session });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(checkSchema(doc, { $ref: '#/components/schemas/QueueList' }, res.json), []);
      return res.json;
    };
    const mine = await list(await street());
    assert.deepEqual(mine.items.map((x) => [x.application_no, x.position]), [
      [fam.B.app.application_no, 1],
      [fam.A.app.application_no, 3],
      [fam.D.app.application_no, 4],
    ]);
    assert.equal(mine.total, 3);
    for (const x of mine.items) {
      assertEntry(x);
      assert.match(x.applicant_id_number, /^\d{6}\*{8}\d{3}[\dX]$/);
      assert.equal(x.household_size, 2);
    }
    const other = await list(await otherStreet());
    assert.deepEqual(other.items.map((x) => [x.application_no, x.position, x.queue_size]), [[fam.C.app.application_no, 2, 4]]);
    assert.equal((await list(await district())).total, 4);
    assert.equal((await list(await district(), '?district=110102')).total, 0); // outside: empty
    assert.equal((await list(server.session, '?district=110105&page=2&page_size=3')).items.length, 1);
    // applicants use /api/v1/me/queue; an unknown programme has no list
    assertProblem(await api(server, 'GET', '/api/v1/queues/public_rental', { session: fam.A.session }), 403);
    assertProblem(await api(server, 'GET', '/api/v1/queues/palace'), 404, 'programme');
    assertProblem(await api(server, 'GET', '/api/v1/me/queue', { session: await street() }), 403);
  });
});

// The second server, 2028-03-17, on a copy of the first one's database.
let later;
let copyDir;
async function laterServer() {
  if (later) return later;
  copyDir = await mkdtemp(join(tmpdir(), 'anju-queue-'));
  const copy = join(copyDir, 'copy.db');
  await sqlite(server.db, `.backup '${copy}'`);
  later = await startServer({
    env: { ANJU_TODAY: '2028-03-17' },
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

describe('re-reporting (the second server, 2028-03-17)', () => {
  test('families who did not re-report are marked and stay listed; a re-report clears the mark', async () => {
    const on = await laterServer();
    const marked = await runAnju(['queue', 'mark-overdue', '--db', on.db], { ANJU_TODAY: '2028-03-17' });
    assert.equal(marked.code, 0, marked.stderr);
    // A and D (due 2028-03-16) and C (due 2028-02-16); B is due 2028-05-16
    assert.match(marked.stdout, /4 checked, 4 with re-reporting, 3 newly marked overdue, 0 marked before/);

    let mine = await api(on, 'GET', '/api/v1/me/queue', { session: fam.A.session });
    let a = mine.json.items[0];
    assert.equal(a.overdue, true);
    assert.equal(a.overdue_due, '2028-03-16');
    assert.equal(a.position, 3, 'still listed, in the same place');

    // someone else's application: the same 404 as none
    assertProblem(
      await api(on, 'POST', '/api/v1/me/queue/re-report', { body: { application_id: fam.B.app.id }, session: fam.A.session }),
      404,
    );
    const res = await api(on, 'POST', '/api/v1/me/queue/re-report', {
      body: { application_id: fam.A.app.id },
      session: fam.A.session,
    });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(checkSchema(doc, { $ref: '#/components/schemas/ReReport' }, res.json), []);
    assert.equal(res.json.reported_on, '2028-03-17');
    assert.equal(res.json.role, 'applicant');
    assert.equal(res.json.eligible, true);
    assert.equal(res.json.cleared_overdue, '2028-03-16');
    assert.equal(res.json.next_re_report_due, '2030-03-16'); // late: it caught up
    assert.equal(res.json.place.overdue, false);

    mine = await api(on, 'GET', '/api/v1/me/queue', { session: fam.A.session });
    a = mine.json.items[0];
    assert.equal(a.overdue, false);
    assert.equal(a.overdue_due, null);
    assert.equal(a.last_re_report, '2028-03-17');

    // the street officer records B's on the family's behalf (not due yet: nothing to clear)
    const s = await api(on, 'POST', `/api/v1/applications/${fam.B.app.id}/re-report`, { session: await street() });
    assert.equal(s.status, 201, s.text);
    assert.equal(s.json.role, 'street_officer');
    assert.equal(s.json.cleared_overdue, null);
    assert.equal(s.json.next_re_report_due, '2030-05-16');
    // ... but not C's, in another street
    assertProblem(await api(on, 'POST', `/api/v1/applications/${fam.C.app.id}/re-report`, { session: await street() }), 404);

    // the officer's list still shows D flagged
    const list = await api(on, 'GET', '/api/v1/queues/public_rental', { session: await street() });
    const d = list.json.items.find((x) => x.application_no === fam.D.app.application_no);
    assert.equal(d.overdue, true);

    // the application's history tells the applicant
    const seen = await api(on, 'GET', `/api/v1/applications/${fam.A.app.id}`, { session: fam.A.session });
    assert.deepEqual(seen.json.history.slice(-2).map((ev) => [ev.action, ev.role]), [
      ['re_report_overdue', 'local'],
      ['re_report', 'applicant'],
    ]);
    // and the audit log has the entry on the list, the mark and the report
    const rows = await sqlite(on.db,
      `SELECT action FROM audit_log WHERE entity_type = 'queue_entry' AND entity_id = '${fam.A.app.id}' ORDER BY seq;`);
    assert.deepEqual(rows.trim().split('\n'), ['queue.enter', 'queue.overdue', 'queue.re_report']);
  });

  test('a family waiting 5 years moves to the long-wait class on the day, not before', async () => {
    const on = await laterServer();
    const place = async (filed) => {
      await sqlite(on.db, `UPDATE queue_entry SET filed_date = '${filed}' WHERE application_id = ${fam.C.app.id};`);
      const res = await api(on, 'GET', '/api/v1/queues/public_rental', { session: await otherStreet() });
      return res.json.items[0];
    };
    const before = await place('2023-03-18'); // 5 years on 2028-03-18: tomorrow
    assert.equal(before.class_code, 'none');
    assert.equal(before.long_wait, false);
    const on5 = await place('2023-03-17');
    assert.equal(on5.class_code, 'long_wait');
    assert.equal(on5.class, 1);
    assert.equal(on5.position, 1);
    assert.equal(on5.long_wait, true);
    assert.match(on5.why_zh, /您于 2023-03-17 备案，已轮候满 5 年，属于“轮候满 5 年”优先类别（第 1 类）/);
  });
});

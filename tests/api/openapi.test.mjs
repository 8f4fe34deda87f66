// Keeps docs/openapi.json true: the document the server serves is walked,
// every operation is called (success and each documented failure), and
// every answer must have a documented status, the documented headers and a
// body that fits the documented schema. The reverse holds too: what is not
// documented under /api/v1 does not exist (404) or is not allowed (405).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import {
  PASSWORD,
  addUser,
  api,
  applicant,
  checkSchema,
  createHousehold,
  freshPhone,
  household,
  login,
  runAnju,
  serveDuringTests,
} from './helpers.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let doc;
const server = serveDuringTests({
  onStart: async (started) => {
    const res = await api(started, 'GET', '/api/v1/openapi.json');
    assert.equal(res.status, 200);
    doc = res.json;
    const presets = await runAnju(['policy', 'import', '--presets', '--db', started.db]);
    assert.equal(presets.code, 0, presets.stderr);
  },
});

const HUGE = ' '.repeat((1 << 20) + 1);
const WRONG_CSRF = { 'x-csrf-token': '0'.repeat(64) };
const admin = () => server.as('admin');
const auditor = () => server.as('auditor');

/**
 * The requests made for each operation; each gives {path params, query,
 * body, headers, session} (session: whose; null = none; absent = the
 * default city officer).
 */
const cases = {
  getHealth: async () => [{}],
  getOpenApi: async () => [{}],
  listHouseholds: async () => {
    await createHousehold(server);
    return [
      {},
      { query: '?district=110105&q=%E5%BC%A0&page=1&page_size=5' },
      { query: '?page=0' },
      { session: null },
      { session: await admin() },
    ];
  },
  createHousehold: async () => {
    const taken = await createHousehold(server);
    return [
      { body: household() },
      { body: household({ household_no: undefined, needs_accessible: true }) },
      { body: { ...household(), members: [] } },
      { body: household({ needs_accessible: 'yes' }) },
      { body: '{"household_no":' },
      { body: '{}', headers: { 'content-type': 'text/plain' } },
      { body: household({ household_no: taken.household_no }) },
      { body: HUGE },
      { body: household(), session: null },
      { body: household(), headers: WRONG_CSRF },
      { body: household(), session: await auditor() },
    ];
  },
  getHousehold: async () => {
    const h = await createHousehold(server);
    return [
      { params: { id: h.id } },
      { params: { id: 987654321 } },
      { params: { id: h.id }, session: null },
      { params: { id: h.id }, session: await admin() },
    ];
  },
  patchHousehold: async () => {
    const h = await createHousehold(server);
    const stale = await createHousehold(server);
    await api(server, 'PATCH', `/api/v1/households/${stale.id}`, { body: { version: 1, contact_phone: '13911112222' } });
    const p = { id: h.id };
    return [
      { params: p, body: { version: 1, contact_phone: '13800000000' } },
      { params: { id: stale.id }, body: { version: 1 } },
      { params: p, body: { contact_phone: '13800000000' } },
      { params: p, body: { version: 2, housing: { area: 'x' } } },
      { params: p, body: { version: 2, needs_accessible: true } },
      { params: p, body: '{"version":' },
      { params: p, body: '{"version":2}', headers: { 'content-type': 'text/plain' } },
      { params: p, body: ' '.repeat((1 << 20) + 1) },
      { params: { id: 987654321 }, body: { version: 1 } },
      { params: p, body: { version: 2 }, session: null },
      { params: p, body: { version: 2 }, session: await auditor() },
    ];
  },
  checkEligibility: async () => {
    const p = { id: (await createHousehold(server)).id };
    return [
      { params: p, body: { programme: 'public_rental' } },
      { params: p, body: '{"programme":' },
      { params: { id: 987654321 }, body: { programme: 'public_rental' } },
      { params: p, body: ' '.repeat((1 << 20) + 1) },
      { params: p, body: '{}', headers: { 'content-type': 'text/plain' } },
      { params: p, body: { programme: 'palace' } },
      { params: p, body: { programme: 'public_rental' }, session: null },
      { params: p, body: { programme: 'public_rental' }, session: await auditor() },
    ];
  },
  getEligibilitySummary: async () => {
    const run = await runAnju(['eligibility', 'run', '--programme', 'public_rental', '--as-of', '2026-11-15', '--db', server.db]);
    assert.equal(run.code, 0, run.stderr);
    return [
      { query: '?programme=public_rental' },
      { query: '?programme=talent' },
      { query: '?programme=palace' },
      { query: '?programme=public_rental', session: null },
      { query: '?programme=public_rental', session: await server.as('street_officer', '110105001') },
    ];
  },
  listPolicies: async () => [{}, { session: null }],
  getPolicy: async () => [
    { params: { ref: 'beijing@2026.1' } },
    { params: { ref: '1' } },
    { params: { ref: 'nowhere@1' } },
    { params: { ref: '1' }, session: null },
  ],
  importPolicy: async () => {
    const preset = JSON.parse(await readFile(new URL('../../policy/beitun.json', import.meta.url), 'utf8'));
    const version = (v) => ({ ...preset, version: v });
    return [
      { body: version(`oa.${process.pid}`) },
      { body: preset },
      { body: { ...version('oa.bad'), effective: '2026-02-30' } },
      { body: '{"code":' },
      { body: '{}', headers: { 'content-type': 'text/plain' } },
      { body: HUGE },
      { body: version('oa.anon'), session: null },
      { body: version('oa.csrf'), headers: WRONG_CSRF },
      { body: version('oa.auditor'), session: await auditor() },
    ];
  },
  diffPolicy: async () => [
    { params: { ref: 'beitun@2026.1' }, query: '?against=beijing@2026.1' },
    { params: { ref: '1' }, query: '?against=1' },
    { params: { ref: 'beijing@2026.1' } },
    { params: { ref: 'nowhere@1' }, query: '?against=beijing@2026.1' },
    { params: { ref: '1' }, query: '?against=1', session: null },
  ],
  getVerification: async () => {
    const h = await createHousehold(server);
    await api(server, 'POST', `/api/v1/households/${h.id}/verification`);
    const never = await createHousehold(server);
    return [
      { params: { id: h.id } },
      { params: { id: never.id } },
      { params: { id: h.id }, session: null },
      { params: { id: h.id }, session: await admin() },
    ];
  },
  listAudit: async () => {
    await createHousehold(server);
    const session = await auditor();
    return [
      { session },
      { session, query: '?entity=household&actor=nobody&page=1&page_size=5' },
      { session, query: '?page=0' },
      { session, query: '?entity=Household' },
      {},
      { session: null },
    ];
  },
  getAuditVerification: async () => {
    const session = await auditor();
    const head = await api(server, 'GET', '/api/v1/audit/verification', { session });
    return [
      { session },
      { session, query: `?head=${head.json.head_seq}:${head.json.head_hash}` },
      { session, query: '?head=1:abc' },
      {},
      { session: null },
    ];
  },
  runVerification: async () => {
    const p = { id: (await createHousehold(server)).id };
    return [
      { params: p },
      { params: p, body: 'x', headers: { 'content-type': 'text/plain' } },
      { params: { id: 987654321 } },
      { params: p, body: ' '.repeat((1 << 20) + 1) },
      { params: p, session: null },
      { params: p, headers: WRONG_CSRF },
      { params: p, session: await auditor() },
    ];
  },

  // --- accounts and sessions ---
  createSession: async () => {
    await addUser(server.db, 'oa-disabled', 'auditor');
    assert.equal((await runAnju(['user', 'disable', 'oa-disabled', '--db', server.db])).code, 0);
    await addUser(server.db, 'oa-locked', 'auditor');
    for (let i = 0; i < 5; i++)
      await api(server, 'POST', '/api/v1/session', { body: { username: 'oa-locked', password: 'wrong-password-x' }, session: null });
    const anon = { session: null };
    return [
      { ...anon, body: { username: 'city', password: PASSWORD } },
      { ...anon, body: { username: 'nobody-here', password: PASSWORD } },
      { ...anon, body: { username: 'oa-disabled', password: PASSWORD } },
      { ...anon, body: { username: 'oa-locked', password: PASSWORD } },
      { ...anon, body: '{"username":' },
      { ...anon, body: { username: 'city' } },
      { ...anon, body: '{}', headers: { 'content-type': 'text/plain' } },
      { ...anon, body: HUGE },
    ];
  },
  getSession: async () => [{}, { session: null }],
  deleteSession: async () => {
    const s = await login(server, 'city');
    return [{ session: s, headers: WRONG_CSRF }, { session: s }, { session: s }];
  },
  registerAccount: async () => {
    const phone = freshPhone();
    const body = { phone, password: PASSWORD, display_name: '赵六' };
    const anon = { session: null };
    return [
      { ...anon, body },
      { ...anon, body },
      { ...anon, body: { ...body, phone: '12345' } },
      { ...anon, body: '{"phone":' },
      { ...anon, body: '{}', headers: { 'content-type': 'text/plain' } },
      { ...anon, body: HUGE },
    ];
  },
  getMe: async () => [{}, { session: null }],
  bindHousehold: async () => {
    const h = await createHousehold(server);
    const who = { id_number: h.members[0].id_number, name: h.members[0].name };
    const [first, second, third] = [await applicant(server), await applicant(server), await applicant(server)];
    return [
      { session: first, body: who },
      { session: second, body: who },
      { session: third, body: { ...who, name: '无此人' } },
      { session: third, body: { ...who, id_number: 'x' } },
      { body: who },
      { session: null, body: who },
      { session: third, body: '{"id_number":' },
      { session: third, body: '{}', headers: { 'content-type': 'text/plain' } },
      { session: third, body: HUGE },
    ];
  },
  listUsers: async () => {
    const a = await admin();
    return [{ session: a }, { session: a, query: '?role=admin' }, {}, { session: null }];
  },
  createUser: async () => {
    const a = await admin();
    const body = { username: `oa-user-${process.pid}`, role: 'street_officer', scope: '110105001', password: PASSWORD };
    return [
      { session: a, body },
      { session: a, body },
      { session: a, body: { ...body, username: 'oa-other', scope: '110105999' } },
      { session: a, body: '{"username":' },
      { session: a, body: '{}', headers: { 'content-type': 'text/plain' } },
      { session: a, body: HUGE },
      { body },
      { session: null, body },
    ];
  },
  patchUser: async () => {
    const a = await admin();
    const made = await api(server, 'POST', '/api/v1/users', {
      session: a,
      body: { username: `oa-patch-${process.pid}`, role: 'district_officer', scope: '110105', password: PASSWORD },
    });
    assert.equal(made.status, 201, made.text);
    const p = { id: made.json.id };
    return [
      { session: a, params: p, body: { version: 1, display_name: '区审核员' } },
      { session: a, params: p, body: { version: 1, display_name: 'stale' } },
      { session: a, params: p, body: { display_name: 'no version' } },
      { session: a, params: { id: 987654321 }, body: { version: 1 } },
      { session: a, params: p, body: { version: 2, scope: '110000' } },
      { session: a, params: p, body: '{"version":' },
      { session: a, params: p, body: '{}', headers: { 'content-type': 'text/plain' } },
      { session: a, params: p, body: HUGE },
      { params: p, body: { version: 2 } },
      { session: null, params: p, body: { version: 2 } },
    ];
  },

  // --- applications and public notices ---
  listApplications: async () => {
    await newApplication();
    return [
      {},
      { query: '?state=draft&programme=public_rental&district=110105&inbox=1&page=1&page_size=5' },
      { query: '?state=limbo' },
      { session: null },
      { session: await admin() },
    ];
  },
  createApplication: async () => {
    const street = await streetOfficer();
    const h = await createHousehold(server);
    const taken = (await newApplication()).household_id;
    const body = { household_id: h.id, programme: 'public_rental' };
    return [
      { session: street, body },
      { session: street, body: { household_id: taken, programme: 'public_rental' } },
      { session: street, body: { household_id: 987654321, programme: 'public_rental' } },
      { session: street, body: { household_id: h.id, programme: 'palace' } },
      { session: street, body: '{"household_id":' },
      { session: street, body: '{}', headers: { 'content-type': 'text/plain' } },
      { session: street, body: HUGE },
      { session: street, body, headers: WRONG_CSRF },
      { session: null, body },
      { body }, // a city officer does not open applications
    ];
  },
  getApplication: async () => {
    const p = { id: (await newApplication()).id };
    return [{ params: p }, { params: { id: 987654321 } }, { params: p, session: null }, { params: p, session: await admin() }];
  },
  actOnApplication: async () => {
    const street = await streetOfficer();
    const p = { id: (await newApplication()).id };
    return [
      { session: street, params: p, body: { action: 'submit', version: 1 } },
      { session: street, params: p, body: { action: 'submit', version: 1 } }, // stale
      { session: street, params: p, body: { action: 'approve', version: 2 } }, // not in "submitted"
      { params: p, body: { action: 'accept', version: 2 } }, // not the city's step
      { session: street, params: p, body: { action: 'accept' } },
      { session: street, params: { id: 987654321 }, body: { action: 'accept', version: 2 } },
      { session: street, params: p, body: '{"action":' },
      { session: street, params: p, body: '{}', headers: { 'content-type': 'text/plain' } },
      { session: street, params: p, body: HUGE },
      { session: null, params: p, body: { action: 'accept', version: 2 } },
    ];
  },
  createObjection: async () => {
    const p = { id: (await inPublicity()).id };
    const draft = { id: (await newApplication()).id };
    const body = { objector: '王五', content: '该户在外区有房' };
    return [
      { params: p, body },
      { params: draft, body }, // not in publicity
      { params: p, body: { objector: '王五' } },
      { params: { id: 987654321 }, body },
      { params: p, body, session: await streetOfficer() },
      { params: p, body: '{"objector":' },
      { params: p, body: '{}', headers: { 'content-type': 'text/plain' } },
      { params: p, body: HUGE },
      { params: p, body, session: null },
    ];
  },
  resolveObjection: async () => {
    const a = await inPublicity();
    const made = await api(server, 'POST', `/api/v1/applications/${a.id}/objections`, {
      body: { objector: '匿名', content: '实际不在本市居住' },
    });
    assert.equal(made.status, 201, made.text);
    const p = { id: a.id, oid: made.json.id };
    const body = { upheld: false, resolution: '经核实，异议不成立' };
    return [
      { params: p, body },
      { params: p, body }, // resolved already
      { params: { id: a.id, oid: 987654321 }, body },
      { params: p, body: { upheld: 'no', resolution: 'x' } },
      { params: p, body, session: await streetOfficer() },
      { params: p, body: '{"upheld":' },
      { params: p, body: '{}', headers: { 'content-type': 'text/plain' } },
      { params: p, body: HUGE },
      { params: p, body, session: null },
    ];
  },

  // --- the housing stock ---
  listProjects: async () => {
    await newProject();
    return [
      {},
      { query: '?programme=public_rental&district=110105&status=active&page=1&page_size=5' },
      { query: '?q=%E5%9E%A1%E5%A4%B4&page=1' },
      { query: '?status=ruined' },
      { session: null },
      { session: await admin() },
    ];
  },
  createProject: async () => {
    const taken = await newProject();
    return [
      { body: projectBody() },
      { body: { ...projectBody(), code: taken.code } },
      { body: { ...projectBody(), programme: 'market_rent_subsidy', region_code: '110105999' } },
      { body: '{"code":' },
      { body: '{}', headers: { 'content-type': 'text/plain' } },
      { body: HUGE },
      { body: projectBody(), headers: WRONG_CSRF },
      { body: projectBody(), session: null },
      { body: projectBody(), session: await auditor() },
    ];
  },
  getProject: async () => {
    const p = { id: (await newProject()).id };
    return [{ params: p }, { params: { id: 987654321 } }, { params: p, session: null }, { params: p, session: await admin() }];
  },
  listUnits: async () => {
    const project = await newProject();
    await newUnit(project.id);
    const p = { id: project.id };
    return [
      { params: p },
      { params: p, query: '?layout=studio&status=vacant&accessible=0&page=1&page_size=5' },
      { params: p, query: '?layout=castle' },
      { params: { id: 987654321 } },
      { params: p, session: null },
      { params: p, session: await admin() },
    ];
  },
  createUnit: async () => {
    const project = await newProject();
    const p = { id: project.id };
    const taken = await newUnit(project.id);
    return [
      { params: p, body: unitBody() },
      { params: p, body: { ...unitBody(), unit_no: taken.unit_no } },
      { params: p, body: { ...unitBody(), area: '0', price: '100.00' } },
      { params: { id: 987654321 }, body: unitBody() },
      { params: p, body: '{"building":' },
      { params: p, body: '{}', headers: { 'content-type': 'text/plain' } },
      { params: p, body: HUGE },
      { params: p, body: unitBody(), session: null },
      { params: p, body: unitBody(), session: await auditor() },
    ];
  },
  getUnit: async () => {
    const p = { id: (await newUnit((await newProject()).id)).id };
    return [{ params: p }, { params: { id: 987654321 } }, { params: p, session: null }, { params: p, session: await admin() }];
  },
  patchUnit: async () => {
    const u = await newUnit((await newProject()).id);
    const p = { id: u.id };
    return [
      { params: p, body: { version: 1, status: 'reserved' } },
      { params: p, body: { version: 1, status: 'offered' } }, // stale
      { params: p, body: { version: 2, status: 'sold' } }, // not from reserved, and not rental
      { params: p, body: { status: 'vacant' } },
      { params: { id: 987654321 }, body: { version: 1 } },
      { params: p, body: '{"version":' },
      { params: p, body: '{"version":2}', headers: { 'content-type': 'text/plain' } },
      { params: p, body: HUGE },
      { params: p, body: { version: 2 }, session: null },
      { params: p, body: { version: 2 }, session: await auditor() },
    ];
  },

  // --- waiting lists ---
  getMyQueue: async () => {
    const { session } = await filedWithApplicant();
    return [{ session }, { session, query: '?x=1' }, { session: null }, {}];
  },
  reReportMine: async () => {
    const { session, application } = await filedWithApplicant();
    const other = await filedApplication();
    const body = { application_id: application.id };
    return [
      { session, body },
      { session, body: '{"application_id":' },
      { session: null, body },
      { body }, // staff re-report at /api/v1/applications/{id}/re-report
      { session, body: { application_id: other.id } },
      { session, body: HUGE },
      { session, body: '{}', headers: { 'content-type': 'text/plain' } },
      { session, body: {} },
    ];
  },
  reReportApplication: async () => {
    const filed = await filedApplication();
    const draft = await newApplication();
    return [
      { params: { id: filed.id } },
      { params: { id: filed.id }, session: null },
      { params: { id: filed.id }, session: await auditor() },
      { params: { id: 987654321 } },
      { params: { id: draft.id } }, // not on a waiting list
    ];
  },
  listQueue: async () => {
    await filedApplication();
    const p = { programme: 'public_rental' };
    return [
      { params: p },
      { params: p, query: '?district=110105&page=1&page_size=5' },
      { params: p, query: '?page=0' },
      { params: p, session: null },
      { params: p, session: await admin() },
      { params: { programme: 'palace' } },
    ];
  },
  getHouseholdSummary: async () => {
    await createHousehold(server);
    return [
      {},
      { query: '?district=110105' },
      { query: '?district=11' },
      { session: null },
      { session: await admin() },
    ];
  },
  getApplicationSummary: async () => {
    await newApplication();
    return [
      {},
      { query: '?district=110105' },
      { query: '?state=draft' },
      { session: null },
      { session: await admin() },
    ];
  },
  getQueueSummary: async () => {
    await filedApplication();
    return [
      {},
      { query: '?district=110105' },
      { query: '?district=1101050' },
      { session: null },
      { session: await admin() },
    ];
  },
  listPublicNotices: async () => {
    await inPublicity();
    return [
      { session: null },
      { session: null, query: '?programme=public_rental&district=110105&include_filed=1&page=1&page_size=5' },
      { session: null, query: '?programme=palace' },
      {},
    ];
  },
  // --- rounds ---
  listRounds: async () => {
    await roundAt('draft');
    return [
      {},
      { query: '?state=draft&programme=public_rental' },
      { query: '?state=sleeping' },
      { session: null },
      { session: await admin() },
    ];
  },
  createRound: async () => {
    const body = roundBody();
    return [
      { body },
      { body }, // the code is taken
      { body: { ...roundBody(), kind: 'castle', declines_max: 0 } },
      { body: '{"code":' },
      { body: '{}', headers: { 'content-type': 'text/plain' } },
      { body: HUGE },
      { body: roundBody(), headers: WRONG_CSRF },
      { body: roundBody(), session: null },
      { body: roundBody(), session: await auditor() },
    ];
  },
  getRound: async () => {
    const p = { id: (await roundAt('draft')).id };
    return [{ params: p }, { params: { id: 987654321 } }, { params: p, session: null }, { params: p, session: await admin() }];
  },
  actOnRound: async () => {
    const draft = await roundAt('draft', { units: true });
    const open = await roundAt('open');
    return [
      { params: { id: draft.id }, body: { action: 'open', version: draft.version } },
      { params: { id: open.id }, body: { action: 'open' } }, // not a draft
      { params: { id: open.id }, body: { action: 'fly' } },
      { params: { id: 987654321 }, body: { action: 'open' } },
      { params: { id: open.id }, body: '{"action":' },
      { params: { id: open.id }, body: '{}', headers: { 'content-type': 'text/plain' } },
      { params: { id: open.id }, body: HUGE },
      { params: { id: open.id }, body: { action: 'open' }, session: null },
      { params: { id: open.id }, body: { action: 'open' }, session: await auditor() },
    ];
  },
  listRoundUnits: async () => roundReads((await roundAt('open')).id),
  listRoundEntrants: async () => roundReads((await roundAt('choosing')).id),
  listRoundOffers: async () => roundReads((await roundAt('choosing')).id),
  registerRoundEntrant: async () => {
    const open = await roundAt('open');
    const draft = await roundAt('draft');
    const filed = await filedApplication();
    const body = { application_id: filed.id, preferences: [] };
    const p = { id: open.id };
    return [
      { params: p, body },
      { params: p, body }, // registered before
      { params: { id: draft.id }, body }, // not open
      { params: p, body: { application_id: (await newApplication()).id } }, // not filed
      { params: { id: 987654321 }, body },
      { params: p, body: '{"application_id":' },
      { params: p, body: '{}', headers: { 'content-type': 'text/plain' } },
      { params: p, body: HUGE },
      { params: p, body, session: null },
      { params: p, body, session: await auditor() },
    ];
  },
  getRoundFile: async () => {
    const drawn = await roundAt('choosing');
    const listed = await roundAt('listed');
    return [
      { params: { id: listed.id, name: 'entrants.csv' } },
      { params: { id: drawn.id, name: 'manifest.json' } },
      { params: { id: listed.id, name: 'result.csv' } }, // not drawn yet
      { params: { id: listed.id, name: 'entrants.csv' }, session: null },
      { params: { id: listed.id, name: 'entrants.csv' }, session: await admin() },
    ];
  },
  getMyRounds: async () => {
    const { session } = await filedWithApplicant();
    await roundAt('open');
    return [{ session }, { session, query: '?x=1' }, { session: null }, {}];
  },
  answerOffer: async () => {
    const choosing = await roundAt('choosing');
    const offers = (await api(server, 'GET', `/api/v1/rounds/${choosing.id}/offers`)).json.items;
    const open = offers.filter((o) => o.state === 'offered');
    assert.ok(open.length >= 1, 'an open offer');
    const p = { id: open[0].id };
    return [
      { params: p, body: { answer: 'decline' } },
      { params: p, body: { answer: 'accept' } }, // answered already
      { params: p, body: { answer: 'maybe' } },
      { params: { id: 987654321 }, body: { answer: 'accept' } },
      { params: p, body: '{"answer":' },
      { params: p, body: '{}', headers: { 'content-type': 'text/plain' } },
      { params: p, body: HUGE },
      { params: p, body: { answer: 'accept' }, headers: WRONG_CSRF },
      { params: p, body: { answer: 'accept' }, session: null },
      { params: p, body: { answer: 'accept' }, session: await auditor() },
    ];
  },
  listPublicRounds: async () => {
    await roundAt('choosing');
    return [{ session: null }, { session: null, query: '?x=1' }];
  },
  getPublicRoundResults: async () => {
    const published = await roundAt('published');
    return [{ session: null, params: { id: published.id } }, { session: null, params: { id: (await roundAt('open')).id } }];
  },
  getPublicRoundFile: async () => {
    const drawn = await roundAt('choosing');
    return [
      { session: null, params: { id: drawn.id, name: 'result.csv' } },
      { session: null, params: { id: drawn.id, name: 'manifest.json' } },
      { session: null, params: { id: drawn.id, name: 'nothing.txt' } },
    ];
  },
};

/** The cases of a read of round id: 200, 404, 401, 403. */
async function roundReads(id) {
  return [{ params: { id } }, { params: { id: 987654321 } }, { params: { id }, session: null }, { params: { id }, session: await admin() }];
}

let roundCounter = 0;
/** A round body in district 110105 with a fresh code. */
function roundBody() {
  return { code: `OA-R-${process.pid}-${++roundCounter}`, name: '测试批次', programme: 'public_rental', district_code: '110105' };
}

const roundCache = new Map();
/**
 * A round of district 110105 run by the city officer, taken to `state`:
 * draft (fresh each time; with units: its own project's two units added),
 * open, listed (rechecked, the list published), choosing (drawn and
 * allocated) or published. Filed families are added for the later states.
 */
async function roundAt(state, { units = false } = {}) {
  if (state !== 'draft' && roundCache.has(state)) return roundCache.get(state);
  const created = await api(server, 'POST', '/api/v1/rounds', { body: roundBody() });
  assert.equal(created.status, 201, created.text);
  let r = created.json;
  const act = async (action, extra = {}) => {
    const res = await api(server, 'POST', `/api/v1/rounds/${r.id}/actions`, { body: { action, ...extra } });
    assert.equal(res.status, 200, `${action}: ${res.text}`);
    r = res.json.round;
  };
  if (state !== 'draft' || units) {
    const project = await newProject();
    await newUnit(project.id);
    await newUnit(project.id);
    await act('add_units', { project_code: project.code });
  }
  if (state === 'draft') return r;
  await act('open');
  if (state !== 'open') {
    await filedApplication();
    await filedApplication();
    for (const action of ['register_all', 'shortlist', 'recheck', 'publish_list']) await act(action);
  }
  if (state === 'choosing' || state === 'published') {
    await act('draw', { lottery_id: `OA-L-${process.pid}-${++roundCounter}`, randomness: '9319;2,5,12,8,10' });
    await act('allocate');
  }
  if (state === 'published') await act('publish');
  roundCache.set(state, r);
  return r;
}

const streetOfficer = () => server.as('street_officer', '110105001');

/** A new draft application (by the street officer) of a new household of 110105001. */
async function newApplication() {
  const h = await createHousehold(server);
  const res = await api(server, 'POST', '/api/v1/applications', {
    body: { household_id: h.id, programme: 'public_rental' },
    session: await streetOfficer(),
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** A new application taken through the three reviews into publicity. */
async function inPublicity() {
  let a = await newApplication();
  const street = await streetOfficer();
  const steps = [
    [street, 'submit'],
    [street, 'accept'],
    [street, 'approve'],
    [await server.as('district_officer', '110105'), 'approve'],
    [server.session, 'approve'],
  ];
  for (const [session, action] of steps) {
    const res = await api(server, 'POST', `/api/v1/applications/${a.id}/actions`, {
      body: { action, version: a.version },
      session,
    });
    assert.equal(res.status, 200, res.text);
    a = res.json;
  }
  assert.equal(a.state, 'publicity');
  return a;
}

let stockCounter = 0;
/** A project body (public rental in 垡头街道) with a fresh code. */
function projectBody() {
  return {
    code: `OA-${process.pid}-${++stockCounter}`,
    name: '垡头测试家园',
    programme: 'public_rental',
    region_code: '110105019',
    address: '北京市朝阳区垡头街道垡头西里 8 号',
    longitude: '116.512300',
    latitude: '39.858700',
    operator: '测试运营公司',
  };
}

/** A unit body for a public-rental project, in building 1号楼 of 18 floors. */
function unitBody() {
  return { building: '1号楼', floors: 18, unit_no: `1-${++stockCounter}`, layout: 'studio', area: '35.20', floor: 1, rent: '1584.00' };
}

async function newProject() {
  const res = await api(server, 'POST', '/api/v1/projects', { body: projectBody() });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function newUnit(projectId) {
  const res = await api(server, 'POST', `/api/v1/projects/${projectId}/units`, { body: unitBody() });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** Runs `anju application` on the server's database as of `today`; the JSON it prints. */
async function cli(today, ...args) {
  const r = await runAnju(['application', ...args, '--json', '--db', server.db], { ANJU_TODAY: today });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/**
 * A new household of 110105001 with a 公租房 application filed on
 * 2026-10-16 (reviewed on 2026-10-01 at the command line, 公示 until
 * 2026-10-15), so that it is on the waiting list on the server's today.
 */
async function filedApplication(householdId) {
  const hid = householdId ?? (await createHousehold(server)).id;
  let a = await cli('2026-10-01', 'create', String(hid), '--programme', 'public_rental');
  for (const action of ['submit', 'accept', 'approve', 'approve', 'approve'])
    a = await cli('2026-10-01', 'act', String(a.id), action, '--version', String(a.version));
  a = await cli('2026-10-16', 'act', String(a.id), 'file', '--version', String(a.version));
  assert.equal(a.state, 'filed');
  return a;
}

/** An applicant account bound to a household with a filed application. */
async function filedWithApplicant() {
  const h = await createHousehold(server);
  const session = await applicant(server, { name: h.members[0].name });
  const bound = await api(server, 'POST', '/api/v1/me/household', {
    body: { id_number: h.members[0].id_number, name: h.members[0].name },
    session,
  });
  assert.equal(bound.status, 200, bound.text);
  const application = await filedApplication(h.id);
  return { session, household: h, application };
}

function resolve(node) {
  while (node && node.$ref) node = node.$ref.replace(/^#\//, '').split('/').reduce((n, k) => n?.[k], doc);
  return node;
}

function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS) if (item[method]) ops.push({ path, method, op: item[method] });
  return ops;
}

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 and the same bytes as docs/openapi.json in the binary', async () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, '0.1.0');
    for (const name of ['Household', 'Member', 'HouseholdSummary', 'Problem', 'Health', 'Account', 'Session'])
      assert.ok(doc.components.schemas[name], `schema ${name}`);
    const res = await fetch(`${server.base}/api/v1/openapi.json`);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const onDisk = await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    assert.equal(await res.text(), onDisk, 'the binary serves the current docs/openapi.json (rebuild?)');
  });

  test('every operation has an operationId and a conformance case', () => {
    for (const { path, method, op } of operations()) {
      assert.ok(op.operationId, `${method} ${path} has an operationId`);
      assert.ok(cases[op.operationId], `tests/api/openapi.test.mjs has cases for ${op.operationId}`);
    }
  });

  test('every answer has a documented status, headers and body schema', async () => {
    for (const { path, method, op } of operations()) {
      const seen = new Set();
      for (const c of await cases[op.operationId]()) {
        const url = path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(c.params[k])) + (c.query ?? '');
        const res = await api(server, method.toUpperCase(), url, { body: c.body, headers: c.headers, session: c.session });
        const what = `${method.toUpperCase()} ${url} → ${res.status}`;
        const documented = op.responses[String(res.status)] ?? op.responses.default;
        assert.ok(documented, `${what}: status not documented (${Object.keys(op.responses)}): ${res.text.slice(0, 300)}`);
        seen.add(String(res.status));
        const response = resolve(documented);
        for (const name of Object.keys(response.headers ?? {}))
          assert.ok(res.headers.get(name) !== null, `${what}: documented header ${name} is missing`);
        if (res.status === 204) {
          assert.equal(res.text, '', `${what}: 204 has no body`);
          assert.ok(!response.content, `${what}: 204 documents no content`);
          continue;
        }
        const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
        const media = response.content?.[type];
        assert.ok(media, `${what}: content type ${type} not documented (${Object.keys(response.content ?? {})})`);
        const problems = checkSchema(doc, media.schema, res.json);
        assert.deepEqual(problems, [], `${what}: body does not fit the schema`);
      }
      for (const status of Object.keys(op.responses))
        if (status !== '500' && status !== 'default')
          assert.ok(seen.has(status), `${op.operationId}: documented status ${status} was never produced by a case`);
    }
  });

  test('the schema checker accepts a valid household and catches a wrong one', () => {
    const schema = { $ref: '#/components/schemas/HouseholdInput' };
    assert.deepEqual(checkSchema(doc, schema, household()), []);
    const bad = household();
    delete bad.members[0].name;
    bad.members[0].hukou_urban = 'yes';
    bad.surprise = 1;
    const found = checkSchema(doc, schema, bad);
    assert.ok(found.some((p) => p.includes('$.members[0]: required property name')));
    assert.ok(found.some((p) => p.includes('$.members[0].hukou_urban: type string')));
    assert.ok(found.some((p) => p.includes('property surprise is not in the schema')));
  });
});

describe('nothing exists that is not documented', () => {
  test('undocumented paths under /api/v1 are 404', async () => {
    for (const path of [
      '/api/v1',
      '/api/v1/',
      '/api/v1/household',
      '/api/v1/households/1/members',
      '/api/v1/households/1/',
      '/api/v1/regions',
      '/api/v1/openapi.yaml',
      '/api/v1/HEALTH',
    ]) {
      assert.ok(!doc.paths[path], `${path} is not documented`);
      const res = await api(server, 'GET', path);
      assert.equal(res.status, 404, `${path}: ${res.status}`);
      assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
      assert.deepEqual(checkSchema(doc, { $ref: '#/components/schemas/Problem' }, res.json), []);
    }
  });

  test('undocumented methods on documented paths are 405 with Allow listing the documented ones', async () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const url = path.replace('{id}', '1');
      const documented = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
      const allow = documented.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        if (documented.includes(method)) continue;
        const res = await api(server, method, url);
        assert.equal(res.status, 405, `${method} ${url}`);
        assert.deepEqual(res.headers.get('allow').split(', ').sort(), allow.sort(), `${method} ${url} Allow`);
      }
    }
  });
});

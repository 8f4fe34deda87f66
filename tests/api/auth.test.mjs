// Accounts, sessions and CSRF over HTTP, and what each region's officers
// and an applicant may see (docs/security.md).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  PASSWORD,
  addUser,
  api,
  applicant,
  assertProblem,
  createHousehold,
  freshPhone,
  household,
  login,
  runAnju,
  serveDuringTests,
  sqlite,
  startServer,
  staff,
} from './helpers.mjs';

const server = serveDuringTests();

const cookieOf = (res) => res.headers.get('set-cookie') ?? '';

describe('sign-in and the session cookie', () => {
  test('the cookie is HttpOnly, SameSite=Strict, Path=/, and not Secure unless ANJU_COOKIE_SECURE=1', async () => {
    const s = await login(server, 'city');
    const c = cookieOf(s.res);
    assert.match(c, /^anju_session=[A-Za-z0-9_-]{43};/);
    assert.match(c, /; HttpOnly/);
    assert.match(c, /; SameSite=Strict/);
    assert.match(c, /; Path=\//);
    assert.match(c, /; Max-Age=43200/);
    assert.doesNotMatch(c, /Secure/);
    assert.match(s.csrf, /^[0-9a-f]{64}$/);
    assert.equal(s.account.username, 'city');
    assert.equal(s.account.role, 'city_officer');
    assert.equal(s.account.scope, '110000');
    assert.equal(s.account.password_hash, undefined);
  });

  test('GET /api/v1/session gives the same CSRF token again (after a page reload)', async () => {
    const s = await login(server, 'city');
    const res = await api(server, 'GET', '/api/v1/session', { session: s });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.csrf_token, s.csrf);
    assert.equal(res.json.account.id, s.account.id);
  });

  test('without a cookie every session route is 401 "sign in first"', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/households'],
      ['GET', '/api/v1/me'],
      ['POST', '/api/v1/households'],
      ['GET', '/api/v1/policies'],
    ]) {
      const res = await api(server, method, path, { session: null, body: method === 'POST' ? household() : undefined });
      const p = assertProblem(res, 401);
      assert.match(p.detail, /请先登录/);
      assert.match(p.detail_en, /sign in first/);
    }
  });

  test('a forged or malformed cookie is 401 and the cookie is cleared', async () => {
    for (const value of ['x', 'A'.repeat(43), 'A'.repeat(44), '']) {
      const res = await api(server, 'GET', '/api/v1/me', { session: { cookie: `anju_session=${value}` } });
      assertProblem(res, 401);
      if (value) assert.match(cookieOf(res), /^anju_session=; .*Max-Age=0/);
    }
  });

  test('a state-changing request without the X-CSRF-Token header, or with a wrong one, is 403 naming it', async () => {
    const s = await login(server, 'city');
    const other = await login(server, 'city');
    for (const headers of [{ 'x-csrf-token': '' }, { 'x-csrf-token': 'nonsense' }, { 'x-csrf-token': other.csrf }]) {
      const res = await api(server, 'POST', '/api/v1/households', { body: household(), headers, session: s });
      const e = assertProblem(res, 403, 'X-CSRF-Token');
      assert.match(e.message_en, /X-CSRF-Token/);
    }
    const bare = await fetch(`${server.base}/api/v1/households`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(household()),
    });
    assert.equal(bare.status, 403);
    assert.match((await bare.json()).detail_en, /missing/);
    // the right one passes; GET needs none
    assert.equal((await api(server, 'POST', '/api/v1/households', { body: household(), session: s })).status, 201);
    assert.equal(
      (await api(server, 'GET', '/api/v1/households', { session: s, headers: { 'x-csrf-token': 'bad' } })).status,
      200,
    );
  });

  test('logout revokes the session: its cookie no longer works, and the cookie is cleared', async () => {
    const s = await login(server, 'city');
    const out = await api(server, 'DELETE', '/api/v1/session', { session: s });
    assert.equal(out.status, 204);
    assert.equal(out.text, '');
    assert.match(cookieOf(out), /^anju_session=; .*Max-Age=0/);
    assertProblem(await api(server, 'GET', '/api/v1/session', { session: s }), 401);
    assertProblem(await api(server, 'GET', '/api/v1/households', { session: s }), 401);
    assertProblem(await api(server, 'DELETE', '/api/v1/session', { session: s }), 401);
    // other sessions of the same account live on
    assert.equal((await api(server, 'GET', '/api/v1/session')).status, 200);
  });

  test('an unknown username and a wrong password get the very same 401', async () => {
    await addUser(server.db, 'same-error', 'auditor');
    const unknown = await api(server, 'POST', '/api/v1/session', {
      body: { username: 'no-such-user', password: PASSWORD },
      session: null,
    });
    const wrong = await api(server, 'POST', '/api/v1/session', {
      body: { username: 'same-error', password: 'not-the-password' },
      session: null,
    });
    assertProblem(unknown, 401);
    assert.deepEqual(unknown.json, wrong.json);
    assert.equal(cookieOf(unknown), '');
  });

  test('five failures lock the account: 429 with Retry-After, even with the right password; anju user enable unlocks', async () => {
    await addUser(server.db, 'lock-me', 'auditor');
    const attempt = (password) =>
      api(server, 'POST', '/api/v1/session', { body: { username: 'lock-me', password }, session: null });
    for (let i = 1; i <= 4; i++) assertProblem(await attempt(`wrong-password-${i}`), 401);
    const fifth = await attempt('wrong-password-5');
    assertProblem(fifth, 429);
    const wait = Number(fifth.headers.get('retry-after'));
    assert.ok(wait > 890 && wait <= 900, `Retry-After ${wait} ≈ 15 minutes`);
    assert.match(fifth.json.detail_en, /locked until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    const right = await attempt(PASSWORD);
    assertProblem(right, 429);
    assert.ok(Number(right.headers.get('retry-after')) > 0);
    const listed = await runAnju(['user', 'list', '--db', server.db]);
    assert.match(listed.stdout, /lock-me .* locked until \d{4}-/);
    assert.equal((await runAnju(['user', 'enable', 'lock-me', '--db', server.db])).code, 0);
    assert.equal((await attempt(PASSWORD)).status, 201);
  });

  test('a success resets the failure count', async () => {
    await addUser(server.db, 'reset-me', 'auditor');
    const attempt = (password) =>
      api(server, 'POST', '/api/v1/session', { body: { username: 'reset-me', password }, session: null });
    for (let i = 0; i < 4; i++) assertProblem(await attempt('wrong-password'), 401);
    assert.equal((await attempt(PASSWORD)).status, 201);
    for (let i = 0; i < 4; i++) assertProblem(await attempt('wrong-password'), 401);
    assert.equal((await attempt(PASSWORD)).status, 201, 'four more failures do not lock');
  });

  test("disabling an account ends its sessions at once; enabling lets it sign in again", async () => {
    const admin = await staff(server, 'admin');
    const made = await api(server, 'POST', '/api/v1/users', {
      session: admin,
      body: { username: 'to-disable', role: 'auditor', password: PASSWORD },
    });
    assert.equal(made.status, 201, made.text);
    const s = await login(server, 'to-disable');
    assert.equal((await api(server, 'GET', '/api/v1/me', { session: s })).status, 200);
    const off = await api(server, 'PATCH', `/api/v1/users/${made.json.id}`, {
      session: admin,
      body: { version: made.json.version, disabled: true },
    });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.state, 'disabled');
    assertProblem(await api(server, 'GET', '/api/v1/me', { session: s }), 401);
    const again = await api(server, 'POST', '/api/v1/session', {
      body: { username: 'to-disable', password: PASSWORD },
      session: null,
    });
    assertProblem(again, 403);
    const on = await api(server, 'PATCH', `/api/v1/users/${made.json.id}`, {
      session: admin,
      body: { version: off.json.version, disabled: false },
    });
    assert.equal(on.json.state, 'active');
    await login(server, 'to-disable');
  });

  test('an administrator cannot disable their own account; non-administrators may not manage accounts', async () => {
    const admin = await staff(server, 'admin');
    const self = await api(server, 'PATCH', `/api/v1/users/${admin.account.id}`, {
      session: admin,
      body: { version: 1, disabled: true },
    });
    assertProblem(self, 422, 'disabled');
    for (const role of ['city_officer', 'auditor']) {
      const s = await staff(server, role, role === 'city_officer' ? '110000' : '');
      const e = assertProblem(await api(server, 'GET', '/api/v1/users', { session: s }), 403, '');
      assert.match(e.message_en, /^the .* role may not manage accounts$/);
    }
  });

  test('scopes are checked against the region table', async () => {
    const admin = await staff(server, 'admin');
    const add = (role, scope) =>
      api(server, 'POST', '/api/v1/users', {
        session: admin,
        body: { username: `scope-${role}-${scope}`, role, scope, password: PASSWORD },
      });
    assert.equal((await add('street_officer', '110105002')).status, 201);
    assert.equal((await add('district_officer', '110108')).status, 201);
    assertProblem(await add('street_officer', '110105999'), 422, 'scope');
    assertProblem(await add('district_officer', '110199'), 422, 'scope');
    assertProblem(await add('district_officer', '110105001'), 422, 'scope');
    assertProblem(await add('city_officer', '120000'), 422, 'scope');
    assertProblem(await add('auditor', '110000'), 422, 'scope');
  });
});

describe('applicants: register, bind, their own household only', () => {
  test('registering: 201, then 409 for the same phone; the phone is checked; the password may not contain it', async () => {
    const phone = freshPhone();
    const reg = (body) => api(server, 'POST', '/api/v1/accounts', { body, session: null });
    const ok = await reg({ phone, password: PASSWORD, display_name: '钱七' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.username, phone);
    assert.equal(ok.json.role, 'applicant');
    assert.equal(ok.json.household_id, null);
    assertProblem(await reg({ phone, password: PASSWORD, display_name: '钱七' }), 409, 'phone');
    assertProblem(await reg({ phone: '1380013800', password: PASSWORD, display_name: '钱七' }), 422, 'phone');
    assertProblem(await reg({ phone: '12800138000', password: PASSWORD, display_name: '钱七' }), 422, 'phone');
    const p2 = freshPhone();
    assertProblem(await reg({ phone: p2, password: `x${p2}`, display_name: '钱七' }), 422, 'password');
    assertProblem(await reg({ phone: p2, password: 'short', display_name: '钱七' }), 422, 'password');
    assertProblem(await reg({ phone: p2, password: PASSWORD }), 422, 'display_name');
  });

  test('binding by ID number and name: one neutral 404 for no match, 409 when taken', async () => {
    const h = await createHousehold(server);
    const m = h.members[0];
    const a = await applicant(server);
    const bind = (s, body) => api(server, 'POST', '/api/v1/me/household', { session: s, body });
    const wrongName = await bind(a, { id_number: m.id_number, name: '别人' });
    const spouse = await bind(a, { id_number: h.members[1].id_number, name: h.members[1].name });
    assertProblem(wrongName, 404);
    assert.deepEqual(spouse.json, wrongName.json, 'the spouse is not the applicant: the same neutral answer');
    const ok = await bind(a, { id_number: m.id_number, name: m.name });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.household_id, h.id);
    const b = await applicant(server);
    assertProblem(await bind(b, { id_number: m.id_number, name: m.name }), 409);
    assertProblem(await bind(a, { id_number: m.id_number, name: m.name }), 409, 'household_id');
    // the session now carries the household
    const s = await api(server, 'GET', '/api/v1/session', { session: a });
    assert.equal(s.json.account.household_id, h.id);
  });

  test('an applicant without a household creates one (bound to it), and then no second', async () => {
    const a = await applicant(server);
    const res = await api(server, 'POST', '/api/v1/households', { session: a, body: household() });
    assert.equal(res.status, 201, res.text);
    const me = await api(server, 'GET', '/api/v1/me', { session: a });
    assert.equal(me.json.household_id, res.json.id);
    assertProblem(await api(server, 'POST', '/api/v1/households', { session: a, body: household() }), 409);
    // and may change it
    const patched = await api(server, 'PATCH', `/api/v1/households/${res.json.id}`, {
      session: a,
      body: { version: res.json.version, contact_phone: '13911110000' },
    });
    assert.equal(patched.status, 200, patched.text);
  });

  test("an applicant sees only its own household: another's is the same 404 as a missing id", async () => {
    const a = await applicant(server);
    const mine = (await api(server, 'POST', '/api/v1/households', { session: a, body: household() })).json;
    const other = await createHousehold(server);
    assert.equal((await api(server, 'GET', `/api/v1/households/${mine.id}`, { session: a })).status, 200);
    const hidden = await api(server, 'GET', `/api/v1/households/${other.id}`, { session: a });
    const missing = await api(server, 'GET', '/api/v1/households/987654321', { session: a });
    assertProblem(hidden, 404);
    assert.deepEqual(hidden.json, JSON.parse(missing.text.replaceAll('987654321', String(other.id))));
    assertProblem(
      await api(server, 'PATCH', `/api/v1/households/${other.id}`, { session: a, body: { version: 1 } }),
      404,
    );
    const list = await api(server, 'GET', '/api/v1/households', { session: a });
    assert.deepEqual(
      list.json.items.map((x) => x.id),
      [mine.id],
    );
    assert.equal(list.json.total, 1);
    const none = await applicant(server);
    const empty = await api(server, 'GET', '/api/v1/households', { session: none });
    assert.equal(empty.json.total, 0);
  });
});

describe('officers see their own region only', () => {
  let inStreet, sameDistrict, otherDistrict;
  before(async () => {
    inStreet = await createHousehold(server, { region_code: '110105001' });
    sameDistrict = await createHousehold(server, { region_code: '110105002' });
    otherDistrict = await createHousehold(server, { region_code: '110108001' });
  });

  const get = (s, id) => api(server, 'GET', `/api/v1/households/${id}`, { session: s });
  const ids = async (s, query = '') =>
    (await api(server, 'GET', `/api/v1/households?page_size=100${query}`, { session: s })).json;

  async function assertHidden(s, id) {
    const hidden = await get(s, id);
    const missing = await get(s, 987654321);
    assertProblem(hidden, 404);
    assert.deepEqual(hidden.json, JSON.parse(missing.text.replaceAll('987654321', String(id))));
    assert.equal(hidden.headers.get('etag'), null);
  }

  test('a street officer: only that street', async () => {
    const s = await staff(server, 'street_officer', '110105001');
    assert.equal((await get(s, inStreet.id)).status, 200);
    await assertHidden(s, sameDistrict.id);
    await assertHidden(s, otherDistrict.id);
    const list = await ids(s);
    assert.ok(list.items.length > 0);
    assert.ok(list.items.every((x) => x.region_code === '110105001'), JSON.stringify(list.items));
    assert.equal((await ids(s, '&district=110108')).total, 0, 'another district: an empty page');
    assert.ok((await ids(s, '&district=110105')).total > 0);
  });

  test('a district officer: only that district', async () => {
    const s = await staff(server, 'district_officer', '110105');
    assert.equal((await get(s, inStreet.id)).status, 200);
    assert.equal((await get(s, sameDistrict.id)).status, 200);
    await assertHidden(s, otherDistrict.id);
    const list = await ids(s);
    assert.ok(list.items.every((x) => x.district_code === '110105'));
    assert.ok(list.items.some((x) => x.id === sameDistrict.id));
    assert.equal((await ids(s, '&district=110108')).total, 0);
  });

  test('a district officer may not move a household out of the district, nor create one outside it', async () => {
    const s = await staff(server, 'district_officer', '110105');
    const res = await api(server, 'PATCH', `/api/v1/households/${sameDistrict.id}`, {
      session: s,
      body: { version: sameDistrict.version, region_code: '110108001' },
    });
    assertProblem(res, 403, 'region_code');
    const made = await api(server, 'POST', '/api/v1/households', {
      session: s,
      body: household({ region_code: '110108001' }),
    });
    assertProblem(made, 403, 'region_code');
  });

  test('a city officer sees every district of the city; an auditor sees all but changes nothing', async () => {
    const c = await ids(server.session);
    for (const h of [inStreet, sameDistrict, otherDistrict]) assert.ok(c.total >= 3 && (await get(server.session, h.id)).status === 200);
    const u = await staff(server, 'auditor');
    assert.equal((await get(u, otherDistrict.id)).status, 200);
    assertProblem(await api(server, 'POST', '/api/v1/households', { session: u, body: household() }), 403);
  });

  test('out-of-scope eligibility checks and verification reports are the same 404', async () => {
    const s = await staff(server, 'street_officer', '110105001');
    for (const [method, path, body] of [
      ['POST', `/api/v1/households/${otherDistrict.id}/eligibility`, { programme: 'public_rental' }],
      ['POST', `/api/v1/households/${otherDistrict.id}/verification`, undefined],
      ['GET', `/api/v1/households/${otherDistrict.id}/verification`, undefined],
    ])
      assertProblem(await api(server, method, path, { session: s, body }), 404);
  });

  test('the eligibility summary of a district officer covers only that district', async () => {
    const presets = await runAnju(['policy', 'import', '--presets', '--db', server.db]);
    assert.equal(presets.code, 0, presets.stderr);
    const run = await runAnju(['eligibility', 'run', '--programme', 'public_rental', '--as-of', '2026-11-15', '--db', server.db]);
    assert.equal(run.code, 0, run.stderr);
    const d = await staff(server, 'district_officer', '110105');
    const mine = await api(server, 'GET', '/api/v1/eligibility/summary?programme=public_rental', { session: d });
    assert.equal(mine.status, 200, mine.text);
    assert.ok(mine.json.districts.length >= 1);
    assert.ok(mine.json.districts.every((x) => x.district_code === '110105'), mine.text);
    const other = await api(server, 'GET', '/api/v1/eligibility/summary?programme=public_rental&district=110108', {
      session: d,
    });
    assert.equal(other.status, 200);
    assert.deepEqual(other.json.districts, []);
    const city = await api(server, 'GET', '/api/v1/eligibility/summary?programme=public_rental');
    assert.ok(city.json.districts.some((x) => x.district_code === '110108'));
  });
});

describe('password hashing cost', () => {
  let s;
  before(async () => {
    s = await startServer({ pwhash: 'default', env: { ANJU_COOKIE_SECURE: '1' } });
  });
  after(async () => {
    assert.deepEqual(await s.stop(), { code: 0, signal: null });
  });

  test('a hash made at a lower cost is replaced at the next sign-in', async () => {
    await addUser(s.db, 'rehash-me', 'auditor'); // the CLI hashes cheaply in tests
    const hashOf = async () => (await sqlite(s.db, "SELECT password_hash FROM account WHERE username = 'rehash-me';")).trim();
    const before_ = await hashOf();
    assert.match(before_, /^\$argon2id\$v=19\$m=8,t=1,/);
    await login(s, 'rehash-me');
    const after_ = await hashOf();
    assert.notEqual(after_, before_);
    assert.match(after_, /^\$argon2id\$v=19\$m=65536,t=2,/, 'libsodium interactive: 64 MiB, 2 passes');
    await login(s, 'rehash-me'); // and the new hash verifies
    assert.equal(await hashOf(), after_, 'no rehash when the cost is current');
  });

  test('with ANJU_COOKIE_SECURE=1 the cookie is Secure', async () => {
    const r = await login(s, 'city');
    assert.match(cookieOf(r.res), /; Secure/);
  });
});

describe('anju user', () => {
  const user = (args, input) => runAnju(['user', ...args, '--db', server.db], {}, input);

  test('add: usage errors exit 2, rule errors 1, both languages', async () => {
    let r = await user(['add', 'u-bad', '--role', 'mayor'], `${PASSWORD}\n`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /角色“mayor”无效/);
    assert.match(r.stderr, /unknown role "mayor"/);
    r = await user(['add', 'u-bad'], `${PASSWORD}\n`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--role ROLE is missing/);
    r = await user(['add', 'u-bad', '--role', 'street_officer', '--scope', '110105999'], `${PASSWORD}\n`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /区划表中没有代码为 110105999 的街道\/乡镇/);
    assert.match(r.stderr, /the region table has no street\/township with code 110105999/);
    r = await user(['add', 'u-bad', '--role', 'auditor'], 'short\n');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /at least 10 characters/);
    r = await user(['add', 'u-bad', '--role', 'auditor'], '');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot read the password/);
    assert.equal((await user(['--help'])).code, 0);
  });

  test('passwd sets a new password; disable ends the sessions; list shows the state', async () => {
    await addUser(server.db, 'cli-user', 'street_officer', '110105001', { name: '建外街道经办人' });
    const s = await login(server, 'cli-user');
    const r = await user(['passwd', 'cli-user', '--password-stdin'], 'a brand new secret\n');
    assert.equal(r.code, 0, r.stderr);
    await login(server, 'cli-user', 'a brand new secret');
    assert.equal((await user(['disable', 'cli-user'])).code, 0);
    assertProblem(await api(server, 'GET', '/api/v1/me', { session: s }), 401);
    const list = await user(['list']);
    assert.match(list.stdout, /^id +username +name +role +scope +state +created$/m);
    assert.match(list.stdout, /cli-user +建外街道经办人 +street_officer +110105001 +disabled +\d{4}-\d\d-\d\dT/);
    assert.equal((await user(['disable', 'no-such-user'])).code, 1);
    assert.equal((await user(['disable'])).code, 2);
  });
});

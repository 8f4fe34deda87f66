// The authorization matrix: every endpoint × every role × a target inside
// and one outside the caller's region, each asserting the exact status.
// The rows are in tests/api/matrix/*.rows.mjs (one module per area; see the
// README there); every route of docs/openapi.json must have one.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import {
  PASSWORD,
  TEST_CITY,
  addTestCity,
  api,
  applicant,
  household,
  login,
  runAnju,
  serveDuringTests,
  staff,
} from './helpers.mjs';

export const ROLES = [
  'anonymous',
  'applicant',
  'street_officer',
  'district_officer',
  'city_officer',
  'operator',
  'auditor',
  'admin',
];
const SCOPE = { street: '110105001', district: '110105', city: '110000' };
const ROLE_SCOPE = {
  street_officer: SCOPE.street,
  district_officer: SCOPE.district,
  city_officer: SCOPE.city,
  operator: SCOPE.city,
};

const modules = [];
for (const f of (await readdir(new URL('./matrix/', import.meta.url))).sort())
  if (f.endsWith('.rows.mjs')) modules.push({ file: f, ...(await import(`./matrix/${f}`)) });
const rows = modules.flatMap((m) => m.rows.map((r) => ({ ...r, file: m.file })));

const ctx = { scope: SCOPE, household: {}, sessions: new Map() };

const server = serveDuringTests({
  beforeServe: addTestCity,
  onStart: async (s) => {
    ctx.server = s;
    const presets = await runAnju(['policy', 'import', '--presets', '--db', s.db]);
    assert.equal(presets.code, 0, presets.stderr);
    for (const role of ROLES.slice(2)) ctx.sessions.set(role, await staff(s, role, ROLE_SCOPE[role] ?? ''));
    ctx.city = s.session;
    ctx.admin = ctx.sessions.get('admin');
    ctx.auditor = ctx.sessions.get('auditor');
    ctx.testCity = await staff(s, 'city_officer', TEST_CITY.city);

    // the two targets: "in" (every scope's, bound to the applicant), "out" (the test city's)
    const make = async (session, where) => {
      const res = await api(s, 'POST', '/api/v1/households', { body: ctx.newHousehold(where), session });
      assert.equal(res.status, 201, res.text);
      return res.json;
    };
    ctx.household.in = await make(ctx.city, 'in');
    ctx.household.out = await make(ctx.testCity, 'out');
    const a = await applicant(s);
    const m = ctx.household.in.members[0];
    const bound = await api(s, 'POST', '/api/v1/me/household', {
      body: { id_number: m.id_number, name: m.name },
      session: a,
    });
    assert.equal(bound.status, 200, bound.text);
    ctx.sessions.set('applicant', a);
    const verified = await runAnju(['verify', 'run', '--db', s.db]);
    assert.equal(verified.code, 0, verified.stderr);
    for (const mod of modules) if (mod.setup) await mod.setup(ctx);
  },
});

/** A household body in the target's street ("in": 110105001, "out": the test city). */
ctx.newHousehold = (where) => household({ region_code: where === 'in' ? SCOPE.street : TEST_CITY.street });
ctx.session = (role) => (role === 'anonymous' ? null : ctx.sessions.get(role));
ctx.freshSession = async (role) => {
  if (role === 'anonymous') return null;
  const s = ctx.session(role);
  return login(server, s.account.username, PASSWORD);
};
ctx.api = (role, method, path, opts = {}) => api(server, method, path, { ...opts, session: ctx.session(role) });

function expected(row, role, where) {
  const e = row.expect[role];
  return Array.isArray(e) ? e[where === 'in' ? 0 : 1] : e;
}

describe('authorization matrix', () => {
  test('every row names every role, and every route of docs/openapi.json has a row', async () => {
    for (const row of rows)
      for (const role of ROLES)
        assert.ok(row.expect[role] !== undefined, `${row.file}: ${row.method} ${row.path} has no status for ${role}`);
    const doc = JSON.parse(await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    for (const [path, item] of Object.entries(doc.paths))
      for (const method of Object.keys(item)) {
        if (method === 'parameters') continue;
        const m = method.toUpperCase();
        assert.ok(
          rows.some((r) => r.method === m && r.path === path),
          `tests/api/matrix/*.rows.mjs has no row for ${m} ${path}`,
        );
      }
  });

  for (const row of rows)
    test(`${row.method} ${row.path}`, async () => {
      const wrong = [];
      for (const role of ROLES)
        for (const where of ['in', 'out']) {
          const params = row.params ? row.params(ctx, where, role) : {};
          const url =
            row.path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(params[k])) +
            (row.query ? row.query(ctx, where, role) : '');
          const session = row.fresh ? await ctx.freshSession(role) : ctx.session(role);
          const body = row.body ? await row.body(ctx, where, role) : undefined;
          const res = await api(server, row.method, url, { body, session });
          const want = expected(row, role, where);
          if (res.status !== want) wrong.push(`${role} ${where}: ${res.status} (want ${want}) ${res.text.slice(0, 160)}`);
        }
      assert.deepEqual(wrong, [], `${row.method} ${row.path}:\n${wrong.join('\n')}`);
    });
});

// Matrix rows: applications, their actions and objections, and the public
// notices (see README.md here). The probes change nothing once the role
// and the scope have been passed: a rejection without a reason (422), an
// objection to an application not in publicity (422), resolving a resolved
// objection (409) — so every role × in/out sees the same targets.
import assert from 'node:assert/strict';

import { TEST_CITY, api, staff } from '../helpers.mjs';

const everyone = (status) => ({
  anonymous: status,
  applicant: status,
  street_officer: status,
  district_officer: status,
  city_officer: status,
  operator: status,
  auditor: status,
  admin: status,
});

async function open(ctx, session, householdId, programme = 'public_rental') {
  const res = await api(ctx.server, 'POST', '/api/v1/applications', {
    body: { household_id: householdId, programme },
    session,
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function step(ctx, session, app, action, extra = {}) {
  const res = await api(ctx.server, 'POST', `/api/v1/applications/${app.id}/actions`, {
    body: { action, version: app.version, ...extra },
    session,
  });
  assert.equal(res.status, 200, `${action}: ${res.text}`);
  return res.json;
}

export async function setup(ctx) {
  const street = ctx.session('street_officer');
  const district = ctx.session('district_officer');
  const city = ctx.session('city_officer');
  const outStreet = await staff(ctx.server, 'street_officer', TEST_CITY.street);

  // the targets: "in" (the matrix applicant's household) and "out" (the test
  // city's), both in street review
  let a = await open(ctx, street, ctx.household.in.id);
  a = await step(ctx, street, a, 'submit');
  a = await step(ctx, street, a, 'accept');
  let b = await open(ctx, outStreet, ctx.household.out.id);
  b = await step(ctx, outStreet, b, 'submit');
  b = await step(ctx, outStreet, b, 'accept');
  ctx.application = { in: a, out: b };

  // an application in publicity with an objection already resolved
  const made = await api(ctx.server, 'POST', '/api/v1/households', { body: ctx.newHousehold('in'), session: ctx.city });
  assert.equal(made.status, 201, made.text);
  let c = await open(ctx, street, made.json.id);
  for (const [who, action] of [
    [street, 'submit'],
    [street, 'accept'],
    [street, 'approve'],
    [district, 'approve'],
    [city, 'approve'],
  ])
    c = await step(ctx, who, c, action);
  assert.equal(c.state, 'publicity');
  const o = await api(ctx.server, 'POST', `/api/v1/applications/${c.id}/objections`, {
    body: { objector: '王五', content: '该户在外区有房' },
    session: city,
  });
  assert.equal(o.status, 201, o.text);
  const r = await api(ctx.server, 'POST', `/api/v1/applications/${c.id}/objections/${o.json.id}/resolution`, {
    body: { upheld: false, resolution: '经核实，异议不成立' },
    session: city,
  });
  assert.equal(r.status, 200, r.text);
  ctx.objection = { in: { id: c.id, oid: o.json.id }, out: { id: b.id, oid: o.json.id } };
}

async function currentVersion(ctx, where) {
  const res = await ctx.api('auditor', 'GET', `/api/v1/applications/${ctx.application[where].id}`);
  assert.equal(res.status, 200, res.text);
  return res.json.version;
}

// Readers of an application: its household's applicant and the officers
// whose region holds it (out of it: the same 404 as a missing id), auditors
// everywhere; operators and administrators read no applications.
const reader = (ok) => ({
  anonymous: 401,
  applicant: [ok, 404],
  street_officer: [ok, 404],
  district_officer: [ok, 404],
  city_officer: [ok, 404],
  operator: 403,
  auditor: ok,
  admin: 403,
});

// Objections are the city officers' alone.
const cityOnly = (inScope) => ({
  anonymous: 401,
  applicant: 403,
  street_officer: 403,
  district_officer: 403,
  city_officer: [inScope, 404],
  operator: 403,
  auditor: 403,
  admin: 403,
});

export const rows = [
  {
    method: 'GET',
    path: '/api/v1/applications',
    // a district outside the scope is an empty page, not an error
    query: (ctx, where) => (where === 'in' ? '?district=110105' : `?district=${TEST_CITY.district}`),
    expect: { ...reader(200), applicant: 200, street_officer: 200, district_officer: 200, city_officer: 200 },
  },
  {
    method: 'POST',
    path: '/api/v1/applications',
    // one programme per role, so that each opens a new live application
    body: (ctx, where, role) => ({
      household_id: ctx.household[where].id,
      programme: role === 'applicant' ? 'public_rental_subsidy' : role === 'street_officer' ? 'market_rent_subsidy' : 'talent',
    }),
    expect: {
      anonymous: 401,
      applicant: [201, 404],
      street_officer: [201, 404],
      district_officer: 403,
      city_officer: 403,
      operator: 403,
      auditor: 403,
      admin: 403,
    },
  },
  {
    method: 'GET',
    path: '/api/v1/applications/{id}',
    params: (ctx, where) => ({ id: ctx.application[where].id }),
    expect: reader(200),
  },
  {
    method: 'POST',
    path: '/api/v1/applications/{id}/actions',
    params: (ctx, where) => ({ id: ctx.application[where].id }),
    // in street review only the street officer rejects: it gets as far as
    // the missing reason; everyone else in scope is refused by the table
    body: async (ctx, where) => ({ action: 'reject', version: await currentVersion(ctx, where) }),
    expect: {
      anonymous: 401,
      applicant: [403, 404],
      street_officer: [422, 404],
      district_officer: [403, 404],
      city_officer: [403, 404],
      operator: 403,
      auditor: 403,
      admin: 403,
    },
  },
  {
    method: 'POST',
    path: '/api/v1/applications/{id}/objections',
    params: (ctx, where) => ({ id: ctx.application[where].id }),
    body: () => ({ objector: '匿名', content: '不是公示期间' }), // street review: 422 in scope
    expect: cityOnly(422),
  },
  {
    method: 'POST',
    path: '/api/v1/applications/{id}/objections/{oid}/resolution',
    params: (ctx, where) => ctx.objection[where],
    body: () => ({ upheld: true, resolution: '再次处理' }), // resolved already: 409 in scope
    expect: cityOnly(409),
  },
  { method: 'GET', path: '/api/public/notices', expect: everyone(200) },
];

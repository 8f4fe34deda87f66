// Matrix rows: rounds (see README.md here). Readers (round.read): district
// and city officers and operators within their region, auditors everywhere;
// runners (round.run): district and city officers within their region.
// The targets, set up here: "in" rounds of district 110105 (run by the city
// officer: one choosing, with its list published, drawn and an offer
// already answered; one open for registration; one published) and an "out"
// round of the test city, open, with a list and an answered offer written
// in with SQL (the test city has no policy, so its families cannot be
// filed). The probes change nothing once role and scope have been passed:
// expire on a choosing round ({"expired": 0}), answering an answered offer
// (409), registering an application already registered (200 after the first).
import assert from 'node:assert/strict';

import { TEST_CITY, api, runAnju, sqlite } from '../helpers.mjs';

let counter = 0;

/** `anju application ...` on the matrix server's database as of `today`; its JSON. */
async function cli(ctx, today, ...args) {
  const r = await runAnju(['application', ...args, '--json', '--db', ctx.server.db], { ANJU_TODAY: today });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A household of street 110105001 with a 公租房 application filed on 2026-10-16. */
async function filed(ctx) {
  const h = await api(ctx.server, 'POST', '/api/v1/households', { body: ctx.newHousehold('in'), session: ctx.city });
  assert.equal(h.status, 201, h.text);
  let a = await cli(ctx, '2026-10-01', 'create', String(h.json.id), '--programme', 'public_rental');
  for (const action of ['submit', 'accept', 'approve', 'approve', 'approve'])
    a = await cli(ctx, '2026-10-01', 'act', String(a.id), action, '--version', String(a.version));
  return cli(ctx, '2026-10-16', 'act', String(a.id), 'file', '--version', String(a.version));
}

/** A project with two studios in the target's street; returns its code and units. */
async function project(ctx, where, session) {
  const code = `MXR-${where}-${process.pid}-${++counter}`;
  const p = await api(ctx.server, 'POST', '/api/v1/projects', {
    body: {
      code,
      name: where === 'in' ? '建外配租家园' : '测试市配租家园',
      programme: 'public_rental',
      region_code: where === 'in' ? '110105001' : TEST_CITY.street,
      address: where === 'in' ? '北京市朝阳区建外街道光华路 3 号' : '测试市测试街道 3 号',
      operator: '测试运营公司',
    },
    session,
  });
  assert.equal(p.status, 201, p.text);
  const units = [];
  for (let i = 0; i < 2; i++) {
    const u = await api(ctx.server, 'POST', `/api/v1/projects/${p.json.id}/units`, {
      body: { building: '1号楼', floors: 6, unit_no: `1-${++counter}`, layout: 'studio', area: '35.20', floor: 1, rent: '1584.00' },
      session,
    });
    assert.equal(u.status, 201, u.text);
    units.push(u.json);
  }
  return { code, units };
}

function roundBody(where) {
  return {
    code: `MXR-${where}-${process.pid}-${++counter}`,
    name: '矩阵测试批次',
    programme: 'public_rental',
    district_code: where === 'in' ? '110105' : TEST_CITY.district,
  };
}

/** A round of the target's district run by session, taken through steps. */
async function round(ctx, where, session, steps) {
  const made = await api(ctx.server, 'POST', '/api/v1/rounds', { body: roundBody(where), session });
  assert.equal(made.status, 201, made.text);
  const { code, units } = await project(ctx, where, session);
  const r = { id: made.json.id, units };
  for (const [action, extra] of [['add_units', { project_code: code }], ...steps.map((s) => (Array.isArray(s) ? s : [s, {}]))]) {
    const res = await api(ctx.server, 'POST', `/api/v1/rounds/${r.id}/actions`, { body: { action, ...extra }, session });
    assert.equal(res.status, 200, `${action}: ${res.text}`);
  }
  return r;
}

export async function setup(ctx) {
  ctx.roundApp = await filed(ctx);
  const draw = () => ['draw', { lottery_id: `MXR-L-${process.pid}-${++counter}`, randomness: '9319;2,5,12,8,10' }];
  const toChoosing = () => ['open', 'register_all', 'shortlist', 'recheck', 'publish_list', draw(), 'allocate'];
  const choosing = await round(ctx, 'in', ctx.city, toChoosing());
  const published = await round(ctx, 'in', ctx.city, [...toChoosing(), 'publish']);
  const open = await round(ctx, 'in', ctx.city, ['open']);
  const out = await round(ctx, 'out', ctx.testCity, ['open']);

  // the in offer: answered (declined) already
  const offers = await api(ctx.server, 'GET', `/api/v1/rounds/${choosing.id}/offers`, { session: ctx.city });
  assert.equal(offers.status, 200, offers.text);
  const offerIn = offers.json.items[0];
  const declined = await api(ctx.server, 'POST', `/api/v1/offers/${offerIn.id}/answer`, { body: { answer: 'decline' }, session: ctx.city });
  assert.equal(declined.status, 200, declined.text);

  // the out round: a published list and an answered offer to the test city's family
  const outApp = ctx.application.out.id;
  const unit = out.units[0].id;
  await sqlite(
    ctx.server.db,
    `UPDATE round SET entrants_csv = 'entrant_id,bucket,tickets' || char(10) || 'MXR-OUT-1,1,1' || char(10),
       list_published_at = '2026-11-15T00:00:00Z' WHERE id = ${out.id};
     INSERT INTO round_entrant (round_id, application_id, application_no, registered_at)
       VALUES (${out.id}, ${outApp}, 'MXR-OUT-1', '2026-11-15T00:00:00Z');
     INSERT INTO round_offer (round_id, unit_id, application_id, state, offered_at, deadline, answered_at, decline_counted)
       VALUES (${out.id}, ${unit}, ${outApp}, 'declined', '2026-11-15T00:00:00Z', '2026-11-22', '2026-11-16T00:00:00Z', 1);`,
  );
  const outOffer = Number(await sqlite(ctx.server.db, `SELECT max(id) FROM round_offer WHERE round_id = ${out.id};`));

  ctx.round = { in: choosing, out };
  ctx.roundOpen = { in: open, out };
  ctx.roundPublished = { in: published, out };
  ctx.roundOffer = { in: offerIn.id, out: outOffer };
}

const reader = {
  anonymous: 401,
  applicant: 403,
  street_officer: 403,
  district_officer: [200, 404],
  city_officer: [200, 404],
  operator: [200, 404],
  auditor: 200,
  admin: 403,
};

const runner = (ok) => ({
  anonymous: 401,
  applicant: 403,
  street_officer: 403,
  district_officer: [ok, 404],
  city_officer: [ok, 404],
  operator: 403,
  auditor: 403,
  admin: 403,
});

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

const byId = (key) => (ctx, where) => ({ id: ctx[key][where].id });

export const rows = [
  {
    method: 'GET',
    path: '/api/v1/rounds',
    // out of scope: an empty list, not an error
    query: (ctx, where) => (where === 'in' ? '?programme=public_rental' : '?state=open'),
    expect: { ...reader, district_officer: 200, city_officer: 200, operator: 200 },
  },
  {
    method: 'POST',
    path: '/api/v1/rounds',
    // outside the region: 403 naming district_code (it is not an existing target)
    body: (ctx, where) => roundBody(where),
    expect: { ...runner(201), district_officer: [201, 403], city_officer: [201, 403] },
  },
  { method: 'GET', path: '/api/v1/rounds/{id}', params: byId('round'), expect: reader },
  {
    method: 'POST',
    path: '/api/v1/rounds/{id}/actions',
    params: byId('round'),
    body: () => ({ action: 'expire' }),
    expect: runner(200),
  },
  { method: 'GET', path: '/api/v1/rounds/{id}/units', params: byId('round'), expect: reader },
  { method: 'GET', path: '/api/v1/rounds/{id}/entrants', params: byId('round'), expect: reader },
  {
    method: 'POST',
    path: '/api/v1/rounds/{id}/entrants',
    params: byId('roundOpen'),
    body: (ctx) => ({ application_id: ctx.roundApp.id }),
    // the applicant: somebody else's application (404); the district officer registers it, the city officer finds it registered
    expect: { ...runner(200), applicant: 404, district_officer: [201, 404] },
  },
  { method: 'GET', path: '/api/v1/rounds/{id}/offers', params: byId('round'), expect: reader },
  {
    method: 'GET',
    path: '/api/v1/rounds/{id}/files/{name}',
    params: (ctx, where) => ({ id: ctx.round[where].id, name: 'entrants.csv' }),
    expect: reader,
  },
  {
    method: 'GET',
    path: '/api/v1/me/rounds',
    expect: { ...everyone(403), anonymous: 401, applicant: 200 },
  },
  {
    method: 'POST',
    path: '/api/v1/offers/{id}/answer',
    params: (ctx, where) => ({ id: ctx.roundOffer[where] }),
    body: () => ({ answer: 'accept' }),
    // answered already: 409 for those who may answer it; the applicant: not theirs
    expect: { ...runner(409), applicant: 404 },
  },
  { method: 'GET', path: '/api/public/rounds', expect: everyone(200) },
  {
    method: 'GET',
    path: '/api/public/rounds/{id}/results',
    params: byId('roundPublished'), // out: not published
    expect: everyone([200, 404]),
  },
  {
    method: 'GET',
    path: '/api/public/rounds/{id}/files/{name}',
    params: (ctx, where) => ({ id: ctx.round[where].id, name: 'entrants.csv' }),
    expect: everyone(200),
  },
];

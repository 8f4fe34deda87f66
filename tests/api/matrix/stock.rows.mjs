// Matrix rows: the housing stock (see README.md here). Readers (stock.read):
// street, district and city officers and operators within their region,
// auditors everywhere; writers (stock.write): district and city officers
// and operators within their region. The targets: a project with one unit
// in street 110105001 ("in", inside every scope) and one in the test city
// ("out"). The unit patch toggles vacant ↔ maintenance with the version
// read, so that every allowed call succeeds whatever ran before.
import assert from 'node:assert/strict';

import { TEST_CITY, api } from '../helpers.mjs';

let counter = 0;

function projectBody(where) {
  return {
    code: `MX-${where}-${process.pid}-${++counter}`,
    name: where === 'in' ? '建外测试家园' : '测试市家园',
    programme: 'public_rental',
    region_code: where === 'in' ? '110105001' : TEST_CITY.street,
    address: where === 'in' ? '北京市朝阳区建外街道光华路 1 号' : '测试市测试街道 1 号',
    operator: '测试运营公司',
  };
}

function unitBody() {
  return { building: '1号楼', floors: 18, unit_no: `1-${++counter}`, layout: 'studio', area: '35.20', floor: 1, rent: '1584.00' };
}

export async function setup(ctx) {
  ctx.project = {};
  ctx.unit = {};
  for (const [where, session] of [
    ['in', ctx.city],
    ['out', ctx.testCity],
  ]) {
    const p = await api(ctx.server, 'POST', '/api/v1/projects', { body: projectBody(where), session });
    assert.equal(p.status, 201, p.text);
    ctx.project[where] = p.json;
    const u = await api(ctx.server, 'POST', `/api/v1/projects/${p.json.id}/units`, { body: unitBody(), session });
    assert.equal(u.status, 201, u.text);
    ctx.unit[where] = u.json;
  }
}

const reader = {
  anonymous: 401,
  applicant: 403,
  street_officer: [200, 404],
  district_officer: [200, 404],
  city_officer: [200, 404],
  operator: [200, 404],
  auditor: 200,
  admin: 403,
};

const writer = (ok) => ({
  anonymous: 401,
  applicant: 403,
  street_officer: 403,
  district_officer: [ok, 404],
  city_officer: [ok, 404],
  operator: [ok, 404],
  auditor: 403,
  admin: 403,
});

async function currentUnit(ctx, where) {
  const res = await ctx.api('auditor', 'GET', `/api/v1/units/${ctx.unit[where].id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

export const rows = [
  {
    method: 'GET',
    path: '/api/v1/projects',
    // a district outside the scope is an empty page, not an error
    query: (ctx, where) => (where === 'in' ? '?district=110105' : `?district=${TEST_CITY.district}`),
    expect: { ...reader, street_officer: 200, district_officer: 200, city_officer: 200, operator: 200 },
  },
  {
    method: 'POST',
    path: '/api/v1/projects',
    // outside the region: 403 naming region_code (it is not an existing target)
    body: (ctx, where) => projectBody(where),
    expect: { ...writer(201), district_officer: [201, 403], city_officer: [201, 403], operator: [201, 403] },
  },
  {
    method: 'GET',
    path: '/api/v1/projects/{id}',
    params: (ctx, where) => ({ id: ctx.project[where].id }),
    expect: reader,
  },
  {
    method: 'GET',
    path: '/api/v1/projects/{id}/units',
    params: (ctx, where) => ({ id: ctx.project[where].id }),
    expect: reader,
  },
  {
    method: 'POST',
    path: '/api/v1/projects/{id}/units',
    params: (ctx, where) => ({ id: ctx.project[where].id }),
    body: () => unitBody(),
    expect: writer(201),
  },
  {
    method: 'GET',
    path: '/api/v1/units/{id}',
    params: (ctx, where) => ({ id: ctx.unit[where].id }),
    expect: reader,
  },
  {
    method: 'PATCH',
    path: '/api/v1/units/{id}',
    params: (ctx, where) => ({ id: ctx.unit[where].id }),
    body: async (ctx, where) => {
      const u = await currentUnit(ctx, where);
      return { version: u.version, status: u.status === 'vacant' ? 'maintenance' : 'vacant' };
    },
    expect: writer(200),
  },
];

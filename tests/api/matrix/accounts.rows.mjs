// Matrix rows: the system, households, eligibility, verification, policies,
// sessions and accounts (see README.md here).
import assert from 'node:assert/strict';

import { PASSWORD, freshPhone } from '../helpers.mjs';

const hh = (ctx, where) => ({ id: ctx.household[where].id });
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
// Readers of a household: its applicant and the officers whose region holds
// it (out of it: the same 404 as a missing id), auditors everywhere.
const householdRead = (ok) => ({
  anonymous: 401,
  applicant: [ok, 404],
  street_officer: [ok, 404],
  district_officer: [ok, 404],
  city_officer: [ok, 404],
  operator: 403,
  auditor: ok,
  admin: 403,
});

let seq = 0;
export async function setup(ctx) {
  const made = await ctx.api('admin', 'POST', '/api/v1/users', {
    body: { username: `matrix-target-${process.pid}`, role: 'auditor', password: PASSWORD },
  });
  assert.equal(made.status, 201, made.text);
  ctx.targetAccount = made.json;
}

async function currentVersion(ctx, where) {
  const res = await ctx.api('auditor', 'GET', `/api/v1/households/${ctx.household[where].id}`);
  assert.equal(res.status, 200, res.text);
  return res.json.version;
}

export const rows = [
  { method: 'GET', path: '/api/v1/health', expect: everyone(200) },
  { method: 'GET', path: '/api/v1/openapi.json', expect: everyone(200) },

  // --- households
  {
    method: 'GET',
    path: '/api/v1/households',
    // a district outside the scope is an empty page, not an error
    query: (ctx, where) => (where === 'in' ? '?district=110105' : '?district=990100'),
    expect: { ...householdRead(200), applicant: 200, street_officer: 200, district_officer: 200, city_officer: 200 },
  },
  {
    method: 'POST',
    path: '/api/v1/households',
    body: (ctx, where) => ctx.newHousehold(where),
    expect: {
      anonymous: 401,
      applicant: 409, // bound already: it may only change its own household
      street_officer: [201, 403],
      district_officer: [201, 403],
      city_officer: [201, 403],
      operator: 403,
      auditor: 403,
      admin: 403,
    },
  },
  { method: 'GET', path: '/api/v1/households/{id}', params: hh, expect: householdRead(200) },
  {
    method: 'PATCH',
    path: '/api/v1/households/{id}',
    params: hh,
    body: async (ctx, where) => ({ version: await currentVersion(ctx, where), contact_phone: '13912345678' }),
    expect: { ...householdRead(200), auditor: 403 },
  },

  // --- eligibility, verification, policies
  {
    method: 'POST',
    path: '/api/v1/households/{id}/eligibility',
    params: hh,
    body: () => ({ programme: 'public_rental' }),
    expect: { ...householdRead(200), auditor: 403 },
  },
  {
    method: 'GET',
    path: '/api/v1/households/{id}/verification',
    params: hh,
    expect: { ...householdRead(200), applicant: 403 },
  },
  {
    method: 'POST',
    path: '/api/v1/households/{id}/verification',
    params: hh,
    expect: { ...householdRead(201), applicant: 403, auditor: 403 },
  },
  {
    method: 'GET',
    path: '/api/v1/eligibility/summary',
    query: (ctx, where) => `?programme=public_rental&district=${where === 'in' ? '110105' : '990100'}`,
    expect: {
      anonymous: 401,
      applicant: 403,
      street_officer: 403,
      district_officer: 200, // outside its district: empty counts
      city_officer: 200,
      operator: 403,
      auditor: 200,
      admin: 403,
    },
  },
  { method: 'GET', path: '/api/v1/policies', expect: { ...everyone(200), anonymous: 401 } },
  {
    method: 'GET',
    path: '/api/v1/policies/{ref}',
    params: () => ({ ref: 'beijing@2026.1' }),
    expect: { ...everyone(200), anonymous: 401 },
  },

  // --- sessions and accounts
  {
    method: 'POST',
    path: '/api/v1/session',
    body: () => ({ username: 'city', password: PASSWORD }),
    expect: everyone(201), // public: a cookie neither helps nor hinders
  },
  { method: 'GET', path: '/api/v1/session', expect: { ...everyone(200), anonymous: 401 } },
  { method: 'DELETE', path: '/api/v1/session', fresh: true, expect: { ...everyone(204), anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/accounts',
    body: () => ({ phone: freshPhone(), password: PASSWORD, display_name: '矩阵' }),
    expect: everyone(201),
  },
  { method: 'GET', path: '/api/v1/me', expect: { ...everyone(200), anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/me/household',
    body: (ctx, where) => {
      const m = ctx.household[where].members[0];
      return { id_number: m.id_number, name: m.name };
    },
    expect: { ...everyone(403), anonymous: 401, applicant: 409 /* bound already */ },
  },
  { method: 'GET', path: '/api/v1/users', expect: { ...everyone(403), anonymous: 401, admin: 200 } },
  {
    method: 'POST',
    path: '/api/v1/users',
    body: () => ({ username: `matrix-${process.pid}-${++seq}`, role: 'auditor', password: PASSWORD }),
    expect: { ...everyone(403), anonymous: 401, admin: 201 },
  },
  {
    method: 'PATCH',
    path: '/api/v1/users/{id}',
    params: (ctx) => ({ id: ctx.targetAccount.id }),
    body: async (ctx) => {
      const list = await ctx.api('admin', 'GET', '/api/v1/users');
      const me = list.json.items.find((a) => a.id === ctx.targetAccount.id);
      return { version: me.version, display_name: `审计 ${++seq}` };
    },
    expect: { ...everyone(403), anonymous: 401, admin: 200 },
  },
];

// Matrix rows: the waiting lists (see README.md here). The re-report probes
// change nothing once the role and the scope have been passed: their
// targets are drafts, which are on no waiting list (422) — so every role ×
// in/out sees the same targets.
import assert from 'node:assert/strict';

import { TEST_CITY, api, staff } from '../helpers.mjs';

async function draft(ctx, session, householdId) {
  const res = await api(ctx.server, 'POST', '/api/v1/applications', {
    body: { household_id: householdId, programme: 'affordable_rental' },
    session,
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

export async function setup(ctx) {
  const outStreet = await staff(ctx.server, 'street_officer', TEST_CITY.street);
  ctx.queueDraft = {
    in: await draft(ctx, ctx.session('applicant'), ctx.household.in.id), // the applicant's own
    out: await draft(ctx, outStreet, ctx.household.out.id),
  };
}

export const rows = [
  {
    method: 'GET',
    path: '/api/v1/me/queue',
    // an applicant's own places (none filed here: an empty list); nobody else has any
    expect: {
      anonymous: 401,
      applicant: 200,
      street_officer: 403,
      district_officer: 403,
      city_officer: 403,
      operator: 403,
      auditor: 403,
      admin: 403,
    },
  },
  {
    method: 'POST',
    path: '/api/v1/me/queue/re-report',
    body: (ctx, where) => ({ application_id: ctx.queueDraft[where].id }),
    expect: {
      anonymous: 401,
      applicant: [422, 404],
      street_officer: 403,
      district_officer: 403,
      city_officer: 403,
      operator: 403,
      auditor: 403,
      admin: 403,
    },
  },
  {
    method: 'POST',
    path: '/api/v1/applications/{id}/re-report',
    params: (ctx, where) => ({ id: ctx.queueDraft[where].id }),
    expect: {
      anonymous: 401,
      applicant: [422, 404],
      street_officer: [422, 404],
      district_officer: [422, 404],
      city_officer: [422, 404],
      operator: 403,
      auditor: 403,
      admin: 403,
    },
  },
  {
    method: 'GET',
    path: '/api/v1/queues/{programme}',
    params: () => ({ programme: 'public_rental' }),
    // a district outside the scope is an empty page, not an error
    query: (ctx, where) => (where === 'in' ? '?district=110105' : `?district=${TEST_CITY.district}`),
    expect: {
      anonymous: 401,
      applicant: 403,
      street_officer: 200,
      district_officer: 200,
      city_officer: 200,
      operator: 403,
      auditor: 200,
      admin: 403,
    },
  },
];

// Matrix rows: importing a policy version and comparing two (see README.md
// here; reading the list and one version is in accounts.rows.mjs). Policy
// versions have no region: "in" and "out" are the same request. Only city
// officers import (policy.write); everyone signed in compares (policy.read).
import { readFileSync } from 'node:fs';

const preset = JSON.parse(readFileSync(new URL('../../../policy/beitun.json', import.meta.url), 'utf8'));
let counter = 0;

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

export const rows = [
  {
    method: 'POST',
    path: '/api/v1/policies',
    // a new version on every call, so that each allowed call stores one
    body: () => ({ ...preset, version: `mx.${process.pid}.${++counter}` }),
    expect: { ...everyone(403), anonymous: 401, city_officer: 201 },
  },
  {
    method: 'GET',
    path: '/api/v1/policies/{ref}/diff',
    params: () => ({ ref: 'beitun@2026.1' }),
    query: () => '?against=beijing@2026.1',
    expect: { ...everyone(200), anonymous: 401 },
  },
];

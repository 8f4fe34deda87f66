// Matrix rows: the dashboard's counts (see README.md here). Counts only:
// every staff role that may read the records gets 200 in and out of its
// scope (a district outside it counts nothing — tests/api/summary.test.mjs
// checks the numbers); applicants, who see their own records, are refused.
import { TEST_CITY } from '../helpers.mjs';

const district = (ctx, where) => (where === 'in' ? '?district=110105' : `?district=${TEST_CITY.district}`);
const staffOnly = {
  anonymous: 401,
  applicant: 403,
  street_officer: 200,
  district_officer: 200,
  city_officer: 200,
  operator: 403,
  auditor: 200,
  admin: 403,
};

export const rows = [
  { method: 'GET', path: '/api/v1/households/summary', query: district, expect: staffOnly },
  { method: 'GET', path: '/api/v1/applications/summary', query: district, expect: staffOnly },
  { method: 'GET', path: '/api/v1/queues/summary', query: district, expect: staffOnly },
];

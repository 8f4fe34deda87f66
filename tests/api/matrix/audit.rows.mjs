// Matrix rows: the audit log (auditors only, no region scope: in and out alike).
const auditorsOnly = {
  anonymous: 401,
  applicant: 403,
  street_officer: 403,
  district_officer: 403,
  city_officer: 403,
  operator: 403,
  auditor: 200,
  admin: 403,
};

export const rows = [
  { method: 'GET', path: '/api/v1/audit', expect: auditorsOnly },
  { method: 'GET', path: '/api/v1/audit/verification', expect: auditorsOnly },
];

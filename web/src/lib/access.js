// What each role may do, mirroring src/core/access.c (the server decides;
// this only keeps the menu and the buttons honest). 'local' is the local
// operator of a server without accounts, who may do everything.
const S = 'street_officer', D = 'district_officer', C = 'city_officer', O = 'operator', U = 'auditor', M = 'admin', A = 'applicant'

const allowed = {
  'household.read': [A, S, D, C, U],
  'household.write': [A, S, D, C],
  'eligibility.check': [A, S, D, C],
  'eligibility.report': [D, C, U],
  'verification.read': [S, D, C, U],
  'verification.run': [S, D, C],
  'policy.read': [A, S, D, C, O, U, M],
  'policy.write': [C],
  'application.read': [A, S, D, C, U],
  'review': [S, D, C],
  'objection': [C],
  'stock': [C, O],
  'queue.list': [S, D, C, U],
  'audit.read': [U],
  'account.admin': [M],
}

export const STAFF_ROLES = [S, D, C, O, U, M]

export function may(role, permission) {
  if (role === 'local') return true
  return (allowed[permission] || []).includes(role)
}

// Street-level units (街道/镇/乡/地区) of Beijing, from migrations/0002 at build
// time (scripts/repo-data-plugin.js): names for the 9-digit region codes the
// API gives, and the street choice of the applicant's household form.
import STREETS from 'virtual:anju-streets'
import { districtName } from './regions.js'

const byCode = new Map(STREETS)

/* "110105001" → "建外街道"; an unknown code is given back as it is. */
export function streetName(code) {
  return byCode.get(code) || code || ''
}

/* "朝阳区 建外街道" for a 9-digit code. */
export function placeName(code) {
  if (!code) return ''
  const street = byCode.get(code)
  return street ? `${districtName(code.slice(0, 6))} ${street}` : code
}

export function streetOptions(district) {
  return STREETS.filter(([c]) => c.startsWith(district)).map(([value, label]) => ({ value, label }))
}

// The region scope an account of each role needs (docs/security.md):
// street officers a 9-digit street, district officers a 6-digit district,
// city officers and operators a city code ending 0000; the others none.
import { DISTRICTS, districtName } from './regions.js'
import { streetOptions, placeName } from './streets.js'
import { t } from './i18n.js'

export const SCOPE_KIND = { street_officer: 'street', district_officer: 'district', city_officer: 'city', operator: 'city' }

export function scopeOptions(role) {
  const kind = SCOPE_KIND[role]
  if (kind === 'street') return streetOptions('').map((s) => ({ value: s.value, label: `${districtName(s.value.slice(0, 6))} ${s.label} · ${s.value}` }))
  if (kind === 'district') return DISTRICTS.map(([c]) => ({ value: c, label: `${districtName(c)} · ${c}` }))
  if (kind === 'city') return [{ value: '110000', label: `${t('scope.beijing')} · 110000` }]
  return []
}

export function scopeName(code) {
  if (!code) return ''
  if (code.length === 9) return placeName(code)
  if (code.endsWith('0000')) return code === '110000' ? t('scope.beijing') : code
  return districtName(code)
}

// The districts a list filter offers: those of the signed-in account's
// scope (a street's or a district's own district; every district for a city
// scope, an auditor or the local operator). The server narrows lists anyway.
import { computed } from 'vue'
import { session } from './session.js'
import { districtOptions } from './regions.js'

export const scopeDistricts = computed(() => {
  const scope = session.account?.scope || ''
  const all = districtOptions()
  if (/^\d{9}$/.test(scope) || (/^\d{6}$/.test(scope) && !scope.endsWith('0000'))) {
    const d = scope.slice(0, 6)
    return all.filter((o) => o.value === d)
  }
  if (/^\d{2}0000$/.test(scope)) return all.filter((o) => o.value.startsWith(scope.slice(0, 2)))
  return all
})

/* The street of a street officer's scope, or ''. */
export const scopeStreet = computed(() => {
  const scope = session.account?.scope || ''
  return /^\d{9}$/.test(scope) ? scope : ''
})

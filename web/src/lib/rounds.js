// Rounds (配租/配售批次, docs/rounds.md) on the web: the steps a round goes
// through, the action of each step, the public randomness of a draw in the
// canonical form of anju-lottery-v1 (docs/lottery.md), and the whole
// verification of a draw in the browser with WebCrypto (SHA-256 and
// HMAC-SHA256), step by step.

/* The step bar: the round's state, with "list published" between rechecked and drawn. */
export const STEPS = ['draft', 'open', 'shortlisted', 'rechecked', 'listed', 'drawn', 'choosing', 'published']
export const ROUND_STATES = ['draft', 'open', 'shortlisted', 'rechecked', 'drawn', 'choosing', 'closed', 'published']
export const KINDS = ['general', 'targeted', 'direct']
export const OUTCOMES = ['offered', 'accepted', 'declined', 'lost_place', 'unassigned']

/* The step a round is at (index into STEPS). */
export function stepOf(round) {
  if (!round) return 0
  if (round.state === 'rechecked' && round.list_sha256) return STEPS.indexOf('listed')
  if (round.state === 'closed') return STEPS.indexOf('choosing')
  const i = STEPS.indexOf(round.state)
  return i < 0 ? 0 : i
}

/* The actions the round's state allows, the main one first (docs/rounds.md). */
export function actionsOf(round) {
  if (!round) return []
  switch (round.state) {
    case 'draft':
      return ['add_units', 'open']
    case 'open':
      return ['register_all', 'shortlist', 'add_units']
    case 'shortlisted':
      return ['recheck']
    case 'rechecked':
      return round.list_sha256 ? ['draw'] : ['publish_list']
    case 'drawn':
      return ['allocate']
    case 'choosing':
    case 'closed':
      return ['allocate', 'expire', 'publish']
    default:
      return []
  }
}

export const stateTagType = (s) =>
  ({ draft: 'info', open: 'primary', shortlisted: 'warning', rechecked: 'warning', drawn: 'success', choosing: 'success', closed: 'info', published: 'success' })[s] || 'info'

export const outcomeTagType = (s) =>
  ({ offered: 'primary', accepted: 'success', declined: 'warning', lost_place: 'danger', unassigned: 'info' })[s] || 'info'

/* "2 5 12，8、10" → ['2','5','12','8','10'] (null when something is not a number of at most 18 digits). */
export function parseNumbers(text) {
  const parts = String(text ?? '').split(/[\s,，、;；.]+/).filter(Boolean)
  if (!parts.length) return null
  if (parts.some((p) => !/^\d{1,18}$/.test(p))) return null
  return parts.map((p) => p.replace(/^0+(?=\d)/, ''))
}

const byValue = (a, b) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0)

/* sources [['9319'], ['2','5','12','8','10']] → "9319./2.5.8.10.12./" (RFC 3797 §4). */
export function canonical(sources) {
  return sources.map((s) => [...s].sort(byValue).map((n) => `${n}.`).join('') + '/').join('')
}

/* The API's (and the CLI's) form: "9319;2,5,12,8,10". */
export const randomnessParam = (sources) => sources.map((s) => s.join(',')).join(';')

/* A canonical string back into its sources (null when it is not one). */
export function parseCanonical(s) {
  if (!/^(?:(?:\d{1,18}\.)+\/)+$/.test(s || '')) return null
  return s.slice(0, -1).split('/').map((src) => src.slice(0, -1).split('.'))
}

// ---------------------------------------------------------------- crypto

const enc = new TextEncoder()

export function hex(buf) {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')
}

export function fromHex(h) {
  const out = new Uint8Array(h.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16)
  return out
}

const asBytes = (x) => (typeof x === 'string' ? enc.encode(x) : x)

export async function sha256(data) {
  return hex(await crypto.subtle.digest('SHA-256', asBytes(data)))
}

export async function hmacKey(rawKey) {
  return crypto.subtle.importKey('raw', rawKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

export async function hmac(key, message) {
  return hex(await crypto.subtle.sign('HMAC', key, asBytes(message)))
}

/* entrants.csv text → [{id, bucket, tickets}] or throws with the line. */
export function parseEntrants(text) {
  const lines = text.split('\n')
  if (lines[0] !== 'entrant_id,bucket,tickets') throw new Error('header')
  if (lines[lines.length - 1] !== '') throw new Error('last line')
  return lines.slice(1, -1).map((l, i) => {
    const m = /^([^,]+),(\d+),(\d+)$/.exec(l)
    if (!m) throw new Error(`line ${i + 2}`)
    return { id: m[1], bucket: Number(m[2]), tickets: Number(m[3]) }
  })
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

/* The result file anju-lottery-v1 gives for these entrants and keys. */
export function resultCsv(rows) {
  const sorted = [...rows].sort((a, b) => a.bucket - b.bucket || cmp(a.key, b.key) || cmp(a.id, b.id))
  let out = 'sequence,entrant_id,bucket,rank_in_bucket,key\n'
  let bucket = 0
  let rank = 0
  sorted.forEach((r, i) => {
    rank = r.bucket === bucket ? rank + 1 : 1
    bucket = r.bucket
    out += `${i + 1},${r.id},${r.bucket},${rank},${r.key}\n`
  })
  return out
}

/**
 * Verifies a draw: files = {entrants, result, manifest} as text; published =
 * the list_sha256 published before the draw. Returns the steps, each
 * {key, ok, expected, actual}, in order; onStep(step) is called as each
 * completes. A step that cannot run (an earlier one failed to parse) is ok:false.
 */
export async function verifyDraw(files, published, onStep = () => {}) {
  const steps = []
  const add = (key, ok, expected, actual, extra = {}) => {
    const s = { key, ok: !!ok, expected, actual, ...extra }
    steps.push(s)
    onStep(s)
    return s.ok
  }
  let manifest = null
  try {
    manifest = JSON.parse(files.manifest)
  } catch {
    add('manifest', false, 'JSON', '')
    return steps
  }
  add('manifest', manifest.algorithm === 'anju-lottery-v1', 'anju-lottery-v1', manifest.algorithm)

  // 1. the entrant list is the one published before the draw
  const listSha = await sha256(files.entrants)
  add('listHash', listSha === published && listSha === manifest.list_sha256, published, listSha)

  // 2. the randomness in its canonical form
  const sources = parseCanonical(manifest.randomness)
  const canon = sources ? canonical(sources) : ''
  add('canonical', !!sources && canon === manifest.randomness, manifest.randomness, canon)

  // 3. seed = HMAC(list_sha256 raw bytes, canonical string)
  const seed = await hmac(await hmacKey(fromHex(listSha)), manifest.randomness || '')
  add('seed', seed === manifest.seed, manifest.seed, seed)

  // 4. each entrant's key: the smallest HMAC(seed, lottery_id|entrant_id|j)
  let entrants = []
  try {
    entrants = parseEntrants(files.entrants)
  } catch (e) {
    add('keys', false, '', e.message)
    return steps
  }
  const seedKey = await hmacKey(fromHex(seed))
  const rows = []
  let tickets = 0
  for (const x of entrants) {
    let best = null
    for (let j = 0; j < x.tickets; j++) {
      const h = await hmac(seedKey, `${manifest.lottery_id}|${x.id}|${j}`)
      if (best === null || h < best) best = h
    }
    tickets += x.tickets
    rows.push({ ...x, key: best })
  }
  const fileKeys = new Map()
  for (const l of files.result.split('\n').slice(1)) {
    const p = l.split(',')
    if (p.length === 5) fileKeys.set(p[1], p[4])
  }
  const badKeys = rows.filter((r) => fileKeys.get(r.id) !== r.key).length
  add('keys', badKeys === 0 && fileKeys.size === rows.length && manifest.entrants === rows.length,
    `${rows.length}`, `${rows.length - badKeys}`, { entrants: rows.length, tickets })

  // 5. the order: bucket, key, entrant id — byte for byte the result file
  const recomputed = resultCsv(rows)
  let line = 0
  if (recomputed !== files.result) {
    const a = recomputed.split('\n')
    const b = files.result.split('\n')
    while (line < Math.max(a.length, b.length) && a[line] === b[line]) line++
    line += 1
  }
  add('order', recomputed === files.result, '', line ? `result.csv line ${line}` : '', { line })

  // 6. SHA-256 of result.csv = result_sha256
  const resultSha = await sha256(files.result)
  add('resultHash', resultSha === manifest.result_sha256, manifest.result_sha256, resultSha)
  return steps
}

// Formatting for China: money from the API's decimal strings ("3850.00") as
// ¥3,850.00 without ever going through a float; areas in ㎡; dates as
// YYYY-MM-DD (GB/T 7408); times in Beijing time (UTC+8), whatever the
// browser's own zone.
import { locale } from './i18n.js'

function groupDigits(intPart) {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/* "1234567.5" → "1,234,567.50"; anything that is not a plain decimal is given back as it is. */
export function decimal(s, places = 2) {
  if (s == null || s === '') return ''
  const str = String(s)
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(str)
  if (!m) return str
  const frac = (m[3] || '').padEnd(places, '0').slice(0, places)
  return `${m[1]}${groupDigits(m[2].replace(/^0+(?=\d)/, ''))}${places ? '.' + frac : ''}`
}

export function money(s) {
  if (s == null || s === '') return ''
  const d = decimal(s)
  if (d === String(s) && !/^-?\d/.test(d)) return d
  return d.startsWith('-') ? `-¥${d.slice(1)}` : `¥${d}`
}

export function area(s) {
  if (s == null || s === '') return ''
  return `${decimal(s)} ㎡`
}

/* Decimal string → integer fen (exact for any amount this system holds). */
export function toFen(s) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(s ?? '').trim())
  if (!m) return 0
  const v = Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0'))
  return m[1] ? -v : v
}

/* Integer fen → "1234.50". */
export function fromFen(fen) {
  const neg = fen < 0
  const a = Math.abs(Math.trunc(fen))
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`
}

export function integer(n) {
  if (n == null || n === '') return ''
  return groupDigits(String(n))
}

export function percent(part, whole) {
  if (!whole) return '–'
  return `${((part * 100) / whole).toFixed(1)}%`
}

export function date(s) {
  return s ? String(s).slice(0, 10) : ''
}

const beijing = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
})

/* "2026-11-23T12:57:10Z" → "2026-11-23 20:57:10" (Beijing time). */
export function dateTime(s) {
  if (!s) return ''
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) return String(s)
  const p = Object.fromEntries(beijing.formatToParts(d).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/* "2026-10" → "2026年10月" / "Oct 2026". */
export function month(s) {
  const m = /^(\d{4})-(\d{2})$/.exec(s || '')
  if (!m) return s || ''
  if (locale.value === 'zh-CN') return `${m[1]}年${Number(m[2])}月`
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  return `${names[Number(m[2]) - 1]} ${m[1]}`
}

/* The 12 months that end with end ("2026-10"), oldest first. */
export function monthsEnding(end) {
  const m = /^(\d{4})-(\d{2})$/.exec(end || '')
  if (!m) return Array.from({ length: 12 }, (_, i) => String(i + 1))
  let y = Number(m[1])
  let mo = Number(m[2])
  const out = []
  for (let i = 0; i < 12; i++) {
    out.unshift(`${y}-${String(mo).padStart(2, '0')}`)
    mo -= 1
    if (mo === 0) {
      mo = 12
      y -= 1
    }
  }
  return out
}

/* Today in Beijing, YYYY-MM-DD. */
export function todayBeijing() {
  return dateTime(new Date().toISOString()).slice(0, 10)
}

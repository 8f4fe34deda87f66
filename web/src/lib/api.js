// The JSON API client. Every call goes to the same origin (/api/v1/...);
// the session is the HttpOnly cookie the browser sends by itself. A
// state-changing request carries the X-CSRF-Token the session gave us.
// Errors are RFC 9457 problems; ApiError keeps the problem so that a form
// can show each errors[i] next to the field it names.
import { locale } from './i18n.js'

let csrfToken = null
let onUnauthorized = null

export function setCsrfToken(token) {
  csrfToken = token || null
}
/* Called with the ApiError of any 401 not asked to be left alone. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail_en || problem?.detail || `HTTP ${status}`)
    this.status = status
    this.problem = problem || null
  }

  /* The sentence to show, in the current locale. */
  get text() {
    const p = this.problem
    if (this.status === 0) return locale.value === 'zh-CN' ? '无法连接服务器，请检查网络后重试' : 'Cannot reach the server; check the network and try again'
    if (!p) return locale.value === 'zh-CN' ? `请求失败（${this.status}）` : `The request failed (${this.status})`
    return locale.value === 'zh-CN' ? p.detail || p.detail_en || p.title : p.detail_en || p.detail || p.title
  }

  /* The sentence without the field name the detail starts with, when there is one error. */
  get summary() {
    const list = this.fieldList()
    return list.length === 1 && list[0].message ? list[0].message : this.text
  }

  /* {field: message} of errors[] in the current locale (first message per field). */
  fieldErrors() {
    const out = {}
    for (const e of this.problem?.errors || []) {
      if (!e.field || out[e.field]) continue
      out[e.field] = locale.value === 'zh-CN' ? e.message_zh || e.message_en : e.message_en || e.message_zh
    }
    return out
  }

  /* errors[] as [{field, message}] in the current locale, every one of them. */
  fieldList() {
    return (this.problem?.errors || []).map((e) => ({
      field: e.field || '',
      message: locale.value === 'zh-CN' ? e.message_zh || e.message_en : e.message_en || e.message_zh,
    }))
  }
}

function buildUrl(path, query) {
  const u = new URL(path, window.location.origin)
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v))
  }
  return u.pathname + u.search
}

/* api('GET', '/api/v1/households', {query: {page: 1}}) → the parsed body
 * (null for 204). Throws ApiError. opts.quiet401: do not call the
 * unauthorized handler (the session calls themselves). */
export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json, application/problem+json' }
  let body
  if (opts.body !== undefined) {
    headers['Content-Type'] = opts.contentType || 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (!['GET', 'HEAD'].includes(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method, headers, body, credentials: 'same-origin', signal: opts.signal,
    })
  } catch (e) {
    if (e.name === 'AbortError') throw e
    throw new ApiError(0, null)
  }
  let data = null
  const type = res.headers.get('Content-Type') || ''
  if (res.status !== 204 && /json/.test(type)) {
    try {
      data = await res.json()
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data)
    if (res.status === 401 && !opts.quiet401 && onUnauthorized) onUnauthorized(err)
    throw err
  }
  return data
}

export const get = (path, query, opts) => api('GET', path, { ...opts, query })
export const post = (path, body, opts) => api('POST', path, { ...opts, body })
export const patch = (path, body, opts) => api('PATCH', path, { ...opts, body })

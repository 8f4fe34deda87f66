// The signed-in account. The server keeps the session in an HttpOnly cookie;
// here we keep what GET/POST /api/v1/session told us (the account and the
// CSRF token), never the cookie.
//
// state: 'unknown' (not asked yet) | 'anonymous' (must sign in) |
//        'signed-in' | 'open' (the server has no accounts yet: /api/v1/session
//        answers 404, and every request acts as the local operator).
import { reactive, computed } from 'vue'
import { api, ApiError, setCsrfToken } from './api.js'

export const session = reactive({ state: 'unknown', account: null, expiresAt: null })

function accept(data) {
  session.state = 'signed-in'
  session.account = data.account
  session.expiresAt = data.expires_at || null
  setCsrfToken(data.csrf_token)
}

function clear(state) {
  session.state = state
  session.account = null
  session.expiresAt = null
  setCsrfToken(null)
}

export const role = computed(() => (session.state === 'open' ? 'local' : session.account?.role || null))
export const isSignedIn = computed(() => session.state === 'signed-in' || session.state === 'open')

export async function loadSession() {
  try {
    accept(await api('GET', '/api/v1/session', { quiet401: true }))
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) clear('open')
    else clear('anonymous')
  }
  return session.state
}

/* Resolves to the new state; throws ApiError with the server's problem. */
export async function signIn(username, password) {
  try {
    accept(await api('POST', '/api/v1/session', { body: { username, password }, quiet401: true }))
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) clear('open')
    else throw e
  }
  return session.state
}

/* An applicant registers (POST /api/v1/accounts: phone, password, display
 * name), then signs in with the phone. Throws ApiError with the server's
 * problem (errors[].field phone / password / display_name). */
export async function register(phone, password, displayName) {
  await api('POST', '/api/v1/accounts', { body: { phone, password, display_name: displayName }, quiet401: true })
  return signIn(phone, password)
}

/* The account again (after binding or creating the household). */
export const reloadSession = loadSession

export async function signOut() {
  if (session.state === 'signed-in') {
    try {
      await api('DELETE', '/api/v1/session', { quiet401: true })
    } catch {
      /* the session is gone either way */
    }
  }
  clear('anonymous')
}

/* A 401 from any call: the session ended on the server. */
export function sessionExpired() {
  if (session.state === 'signed-in') clear('anonymous')
}

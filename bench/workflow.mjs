// bench/workflow.mjs — sign-in throughput and the review workflow end to end
// over HTTP on loopback, against a running `anju serve`.
//
//   node bench/workflow.mjs BASE_URL ACCOUNTS.json HOUSEHOLDS.json OUT.json
//
// ACCOUNTS.json: {password, city: username, districts: {code: username},
//                 streets: {code: username}, login: [usernames]}
// HOUSEHOLDS.json: [{id, region_code, district_code}] — households eligible
//                  for the programme, in streets that have an officer.
// env: BENCH_CLIENTS (32), BENCH_LOGIN_SECONDS (10), BENCH_PROGRAMME
//      (market_rent_subsidy: no 公示, so city approval files at once).
//
// Phase 1: BENCH_CLIENTS clients sign in again and again (POST
// /api/v1/session then DELETE it) for BENCH_LOGIN_SECONDS; logins/s.
// Phase 2: BENCH_CLIENTS clients take households off a shared list; for
// each: create the application (street officer), submit, accept, approve
// (street), approve (district), approve (city) → filed. Every request's
// latency is recorded; reported: applications/s, requests/s, p50/p99/max per
// request and per application.
import { readFileSync, writeFileSync } from 'node:fs';

const [base, accountsFile, householdsFile, outFile] = process.argv.slice(2);
const clients = Number(process.env.BENCH_CLIENTS ?? 32);
const loginSeconds = Number(process.env.BENCH_LOGIN_SECONDS ?? 10);
const programme = process.env.BENCH_PROGRAMME ?? 'market_rent_subsidy';
const accounts = JSON.parse(readFileSync(accountsFile, 'utf8'));
const households = JSON.parse(readFileSync(householdsFile, 'utf8'));

async function call(session, method, path, body) {
  const headers = {};
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const t0 = process.hrtime.bigint();
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined, ms, res };
}

async function login(username) {
  const r = await call(null, 'POST', '/api/v1/session', { username, password: accounts.password });
  if (r.status !== 201) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  const cookie = r.res.headers.get('set-cookie').split(';')[0];
  return { cookie, csrf: r.json.csrf_token, ms: r.ms };
}

function pct(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
function stats(list) {
  const s = [...list].sort((a, b) => a - b);
  const r3 = (x) => Math.round(x * 1000) / 1000;
  return { n: s.length, p50_ms: r3(pct(s, 50)), p99_ms: r3(pct(s, 99)), max_ms: r3(s[s.length - 1] ?? 0) };
}

// --- phase 1: logins ------------------------------------------------------
const loginLat = [];
let logins = 0;
{
  const end = Date.now() + loginSeconds * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const user = accounts.login[i % accounts.login.length];
      while (Date.now() < end) {
        const s = await login(user);
        loginLat.push(s.ms);
        logins++;
        const out = await call(s, 'DELETE', '/api/v1/session');
        if (out.status !== 204) throw new Error(`logout: ${out.status} ${out.text}`);
      }
    }),
  );
  var loginWall = (Date.now() - t0) / 1000;
}

// --- phase 2: submit + approve ---------------------------------------------
const sessions = { street: {}, district: {} };
for (const [code, u] of Object.entries(accounts.streets)) sessions.street[code] = await login(u);
for (const [code, u] of Object.entries(accounts.districts)) sessions.district[code] = await login(u);
const city = await login(accounts.city);

const reqLat = [];
const appLat = [];
let next = 0;
let filed = 0;
async function step(session, method, path, body, want) {
  const r = await call(session, method, path, body);
  if (r.status !== want) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  reqLat.push(r.ms);
  return r.json;
}
const t0 = Date.now();
await Promise.all(
  Array.from({ length: clients }, async () => {
    for (;;) {
      const h = households[next++];
      if (!h) return;
      const street = sessions.street[h.region_code];
      const district = sessions.district[h.district_code];
      const a0 = process.hrtime.bigint();
      let app = await step(street, 'POST', '/api/v1/applications', { household_id: h.id, programme }, 201);
      const act = async (s, action) => {
        app = await step(s, 'POST', `/api/v1/applications/${app.id}/actions`, { action, version: app.version }, 200);
      };
      await act(street, 'submit');
      await act(street, 'accept');
      await act(street, 'approve');
      await act(district, 'approve');
      await act(city, 'approve');
      if (app.state !== 'filed') throw new Error(`application ${app.id} ended in ${app.state}`);
      filed++;
      appLat.push(Number(process.hrtime.bigint() - a0) / 1e6);
    }
  }),
);
const wall = (Date.now() - t0) / 1000;

const result = {
  clients,
  logins: { count: logins, seconds: loginWall, per_second: Math.round((logins / loginWall) * 10) / 10, latency: stats(loginLat) },
  workflow: {
    programme,
    applications: filed,
    requests: reqLat.length,
    seconds: wall,
    applications_per_second: Math.round((filed / wall) * 10) / 10,
    requests_per_second: Math.round((reqLat.length / wall) * 10) / 10,
    request_latency: stats(reqLat),
    application_latency: stats(appLat),
  },
};
writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));

// Helpers for the API tests: start a real `anju serve`, create accounts and
// sign in, build valid households, call the API, and check JSON against the
// OpenAPI schemas. Node 20 built-ins only (global fetch, node:test).
//
// Accounts: startServer() creates, with `anju user add` on the fresh
// database, a city officer of 110000 ("city") and signs it in as
// server.session; api() acts as that session unless given another
// ({session}) or none ({session: null}). staff(server, role, scope) (or
// server.as(role, scope)) creates and signs in an account of any role once
// per server and caches it. Tests hash passwords cheaply (TEST_PWHASH_ENV).
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(process.env.ANJU_BIN ?? 'build/test/anju');
// Fixed "today" for the server (income months, birth dates): see base/date.h.
export const TODAY = '2026-11-15';
export const INCOME_END_MONTH = '2026-10';
// The password of every account the helpers create.
export const PASSWORD = 'test-password-2026';
// argon2id at its lowest cost, so that creating accounts and signing in
// stay fast; tests of the real cost start the server with pwhash: 'default'.
export const TEST_PWHASH_ENV = { ANJU_PWHASH_OPSLIMIT: '1', ANJU_PWHASH_MEMLIMIT: '8192' };

// --- the server ------------------------------------------------------------

/** A free TCP port on 127.0.0.1: listen on port 0, read it, close. */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * Starts `anju serve` on a fresh database in os.tmpdir() and a free port,
 * serving the web app from `web` when given (else --no-web).
 * Resolves once it prints its URL and the default city officer (110000) is
 * signed in as server.session. stop() sends SIGTERM and resolves to
 * {code, signal} when it has exited (and removes the database).
 * Options: env (more environment for the server), pwhash: 'default' (the
 * server hashes at libsodium's interactive cost; the CLI stays cheap),
 * beforeServe(db) (runs on the migrated database before the server starts).
 */
export async function startServer({ bodyLimit, threads = 2, env = {}, pwhash, beforeServe, web } = {}) {
  if (!existsSync(BIN)) throw new Error(`anju binary not found at ${BIN}: build it or set ANJU_BIN`);
  const dir = await mkdtemp(join(tmpdir(), 'anju-api-'));
  const db = join(dir, 'anju.db');
  const port = await freePort();
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(threads)];
  if (bodyLimit) args.push('--body-limit', String(bodyLimit));
  await addUser(db, 'city', 'city_officer', '110000');
  if (beforeServe) await beforeServe(db);
  const serverEnv = { ...process.env, ANJU_TODAY: TODAY, ...env };
  if (pwhash !== 'default') Object.assign(serverEnv, TEST_PWHASH_ENV);
  else for (const k of Object.keys(TEST_PWHASH_ENV)) delete serverEnv[k];
  // the web app only when a test asks for it (web/dist may exist in the tree)
  if (web) args.push('--web', web);
  else args.push('--no-web');
  const proc = spawn(BIN, args, {
    env: serverEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = {
    base: `http://127.0.0.1:${port}`,
    port,
    db,
    proc,
    stdout: '',
    stderr: '',
    exited: null,
    session: undefined, // the default city officer's, once signed in
    accounts: new Map(), // staff() cache: "role scope" -> session
    as(role, scope) {
      return staff(this, role, scope);
    },
    get logLines() {
      return this.stderr.split('\n').filter((l) => l.length > 0);
    },
    async stop() {
      if (!this.exited) {
        proc.kill('SIGTERM');
        await this.exitPromise;
      }
      await rm(dir, { recursive: true, force: true });
      return this.exited;
    },
  };
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => (server.stderr += d));
  server.exitPromise = new Promise((ok) =>
    proc.on('exit', (code, signal) => {
      server.exited = { code, signal };
      ok(server.exited);
    }),
  );
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`anju serve did not start:\n${server.stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      server.stdout += d;
      if (server.stdout.includes('listening on')) {
        clearTimeout(timer);
        ok();
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`anju serve exited with ${code} before listening:\n${server.stderr}`));
    });
  });
  server.session = await login(server, 'city', PASSWORD);
  server.accounts.set('city_officer 110000', server.session);
  return server;
}

/** Waits until a stderr line matches re (access-log lines follow the response). */
export async function waitForLog(server, re, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const line = server.logLines.find((l) => re.test(l));
    if (line) return line;
    if (Date.now() > end) throw new Error(`no log line matches ${re}:\n${server.stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs the anju binary; resolves to {code, stdout, stderr}. input (a
 * string) is written to its standard input. */
export function runAnju(args, env = {}, input) {
  return new Promise((ok) => {
    const child = execFile(
      BIN,
      args,
      { env: { ...process.env, ANJU_TODAY: TODAY, ...TEST_PWHASH_ENV, ...env } },
      (err, stdout, stderr) => ok({ code: err ? err.code : 0, stdout, stderr }),
    );
    child.stdin.end(input ?? '');
  });
}

/** Runs SQL on a database with the sqlite3 shell (scripts/deps.sh installs it). */
export function sqlite(db, sql) {
  return new Promise((ok, fail) => {
    const child = execFile('sqlite3', [db], (err, stdout, stderr) =>
      err ? fail(new Error(`sqlite3: ${stderr || err.message}`)) : ok(stdout),
    );
    child.stdin.end(sql);
  });
}

/**
 * A second, made-up city for out-of-scope tests (the shipped region table
 * has only Beijing): 测试市 990000, district 990100, street 990100001.
 * Call from beforeServe: the server reads the street table when it opens.
 */
export const TEST_CITY = { city: '990000', district: '990100', street: '990100001' };
export function addTestCity(db) {
  return sqlite(
    db,
    `INSERT INTO region (code, parent_code, level, name, kind) VALUES
       ('990000', NULL, 'city', '测试市', '市'),
       ('990100', '990000', 'district', '测试区', '区'),
       ('990100001', '990100', 'street', '测试街道', '街道');`,
  );
}

// --- accounts and sessions ---------------------------------------------------

/** `anju user add` on database db with PASSWORD (or password); asserts success. */
export async function addUser(db, username, role, scope, { password = PASSWORD, phone, name, env } = {}) {
  const args = ['user', 'add', username, '--role', role, '--db', db, '--password-stdin'];
  if (scope) args.push('--scope', scope);
  if (phone) args.push('--phone', phone);
  if (name) args.push('--name', name);
  const r = await runAnju(args, env, `${password}\n`);
  assert.equal(r.code, 0, `anju user add ${username}: ${r.stderr}`);
  return r;
}

/**
 * Signs in; asserts 201 and returns the session {cookie, csrf, account,
 * res} (cookie = "anju_session=..." for a Cookie header).
 */
export async function login(server, username, password = PASSWORD) {
  const res = await api(server, 'POST', '/api/v1/session', { body: { username, password }, session: null });
  assert.equal(res.status, 201, `sign-in of ${username}: ${res.text}`);
  const set = res.headers.get('set-cookie') ?? '';
  const m = /^anju_session=([A-Za-z0-9_-]+);/.exec(set);
  assert.ok(m, `a session cookie: ${set}`);
  return { cookie: `anju_session=${m[1]}`, csrf: res.json.csrf_token, account: res.json.account, res };
}

let staffCounter = 0;
/**
 * An account of this role (and scope) on this server, created once and
 * signed in; later calls return the cached session.
 */
export async function staff(server, role, scope = '') {
  const key = `${role} ${scope}`;
  if (server.accounts.has(key)) return server.accounts.get(key);
  const username = `${role.replace(/_/g, '')}${scope}-${++staffCounter}`;
  await addUser(server.db, username, role, scope || undefined);
  const session = await login(server, username);
  server.accounts.set(key, session);
  return session;
}

let phoneCounter = 0;
/** A fresh 11-digit mobile number (unique within this process). */
export function freshPhone() {
  phoneCounter++;
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(phoneCounter).padStart(4, '0')}`;
}

/**
 * Registers an applicant over the API (POST /api/v1/accounts) and signs it
 * in; returns the session with .phone.
 */
export async function applicant(server, { name = '王五' } = {}) {
  const phone = freshPhone();
  const res = await api(server, 'POST', '/api/v1/accounts', {
    body: { phone, password: PASSWORD, display_name: name },
    session: null,
  });
  assert.equal(res.status, 201, res.text);
  const s = await login(server, phone);
  s.phone = phone;
  return s;
}

// --- requests --------------------------------------------------------------

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One request. body: an object (sent as JSON) or a string (sent as is).
 * session: whose (default server.session; null = none): sends its cookie
 * and, for a state-changing method, its X-CSRF-Token (unless headers
 * already has one). Resolves to {status, headers, text, json} (json when
 * the body parses).
 */
export async function api(server, method, path, { body, headers = {}, session } = {}) {
  const init = { method, headers: { ...headers } };
  const s = session === undefined ? server.session : session;
  const has = (name) => Object.keys(init.headers).some((h) => h.toLowerCase() === name);
  if (s) {
    if (!has('cookie')) init.headers.cookie = s.cookie;
    if (!SAFE_METHODS.has(method) && !has('x-csrf-token')) init.headers['x-csrf-token'] = s.csrf;
  }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type'))
      init.headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  }
  const res = await fetch(server.base + path, init);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Asserts an RFC 9457 problem with this status; when field is given, that
 * errors[] has an entry for it (with Chinese and English messages).
 * Returns the entry (or the problem).
 */
export function assertProblem(res, status, field) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const p = res.json;
  assert.ok(p, 'problem body is JSON');
  assert.match(p.type, /^https:\/\/anju\.example\/problems\/[a-z-]+$/);
  assert.equal(typeof p.title, 'string');
  assert.equal(p.status, status);
  assert.ok(p.detail.length > 0 && p.detail_en.length > 0, 'detail in both languages');
  assert.ok(Array.isArray(p.errors));
  if (field === undefined) return p;
  const e = p.errors.find((x) => x.field === field);
  assert.ok(e, `errors[] names ${field}: ${JSON.stringify(p.errors)}`);
  assert.match(e.message_zh, /[\u4e00-\u9fff]/, 'message_zh is Chinese');
  assert.ok(e.message_en.length > 0 && !/[\u4e00-\u9fff]/.test(e.message_en), 'message_en is English');
  return e;
}

// --- test data -------------------------------------------------------------

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 11643 check character of 17 digits. */
export function checkChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return '10X98765432'[sum % 11];
}

/** A valid ID number: 6-digit region, YYYYMMDD, 3-digit sequence. */
export function idNumber(region, birth, seq) {
  const first17 = region + birth + String(seq).padStart(3, '0');
  return first17 + checkChar(first17);
}

let counter = 0;
/** A fresh, valid ID number (unique within this process). */
export function freshId(birth = '19900307', region = '110101') {
  counter++;
  const year = Number(birth.slice(0, 4)) - Math.floor(counter / 1000);
  return idNumber(region, String(year) + birth.slice(4), counter % 1000);
}

/** A fresh household number. */
export function freshNo(prefix = 'T') {
  counter++;
  return `${prefix}${process.pid}-${counter}`;
}

export function member(overrides = {}) {
  return {
    name: '张三',
    id_number: freshId(),
    relation: 'applicant',
    hukou_region_code: '110105',
    hukou_urban: true,
    marital_status: 'married',
    disability_grade: 0,
    serious_illness: false,
    veteran: false,
    youfu: false,
    employer: '',
    work_region_code: '',
    social_insurance_months: 36,
    monthly_income: Array(12).fill('3850.00'),
    assets: {
      home_count: 0,
      home_area: '0.00',
      home_value: '0.00',
      vehicle_count: 0,
      vehicle_value: '0.00',
      deposits: '12000.00',
      securities: '0.00',
      insurance: '0.00',
    },
    ...overrides,
  };
}

/** A valid household (applicant + spouse) that the server accepts. */
export function household(overrides = {}) {
  return {
    household_no: freshNo(),
    region_code: '110105001',
    contact_phone: '13800138000',
    housing: { address: '北京市朝阳区建外街道光华路 1 号', area: '45.50', tenure: 'private_rental' },
    priority_categories: ['dibao', 'elderly'],
    income_end_month: INCOME_END_MONTH,
    members: [member(), member({ name: '李四', id_number: freshId('19910512'), relation: 'spouse' })],
    ...overrides,
  };
}

/** Creates a household; asserts 201 and returns the created record. */
export async function createHousehold(server, overrides = {}) {
  const res = await api(server, 'POST', '/api/v1/households', { body: household(overrides) });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

// --- a tiny JSON Schema checker (the part of it the OpenAPI document uses) --

function resolveRef(doc, schema) {
  while (schema && schema.$ref) {
    const parts = schema.$ref.replace(/^#\//, '').split('/');
    schema = parts.reduce((node, key) => node?.[key], doc);
    if (!schema) throw new Error(`unresolvable $ref`);
  }
  return schema;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // string, boolean, object
}

/**
 * Checks value against schema: $ref, type, required, properties,
 * additionalProperties: false, items, enum, oneOf/anyOf/allOf. Returns a
 * list of problems ([] when it conforms), each naming the JSON path.
 */
export function checkSchema(doc, schema, value, path = '$') {
  schema = resolveRef(doc, schema);
  if (!schema || schema === true) return [];
  const out = [];
  if (schema.allOf) for (const s of schema.allOf) out.push(...checkSchema(doc, s, value, path));
  for (const key of ['oneOf', 'anyOf']) {
    if (schema[key] && !schema[key].some((s) => checkSchema(doc, s, value, path).length === 0))
      out.push(`${path}: matches none of ${key}`);
  }
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
      out.push(`${path}: type ${t}, expected ${types.join('|')}`);
      return out;
    }
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    out.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeOf(value) === 'object') {
    for (const k of schema.required ?? []) if (!(k in value)) out.push(`${path}: required property ${k} is missing`);
    const props = schema.properties ?? {};
    for (const [k, v] of Object.entries(value)) {
      if (k in props) out.push(...checkSchema(doc, props[k], v, `${path}.${k}`));
      else if (schema.additionalProperties === false) out.push(`${path}: property ${k} is not in the schema`);
    }
  }
  if (typeOf(value) === 'array' && schema.items) {
    value.forEach((v, i) => out.push(...checkSchema(doc, schema.items, v, `${path}[${i}]`)));
  }
  return out;
}

/**
 * Starts one server for the calling test file (before its tests) and stops
 * it after them, asserting that it exits 0 on SIGTERM. onStart(server) runs
 * right after the start (node runs a file's own before() hooks in no order
 * this could rely on). Returns a stand-in that forwards every property to
 * that server once it is running.
 */
export function serveDuringTests({ onStart, ...options } = {}) {
  let real;
  before(async () => {
    real = await startServer(options);
    if (onStart) await onStart(real);
  });
  after(async () => {
    const exit = await real.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, `anju serve exits 0 on SIGTERM:\n${real.stderr}`);
  });
  return new Proxy({}, { get: (_, key) => real[key] });
}

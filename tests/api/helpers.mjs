// Helpers for the API tests: start a real `anju serve`, build valid
// households, call the API, and check JSON against the OpenAPI schemas.
// Node 20 built-ins only (global fetch, node:test); no npm packages.
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
 * Resolves once it prints its URL. stop() sends SIGTERM and resolves to
 * {code, signal} when it has exited (and removes the database).
 */
export async function startServer({ bodyLimit, threads = 2, web } = {}) {
  if (!existsSync(BIN)) throw new Error(`anju binary not found at ${BIN}: build it or set ANJU_BIN`);
  const dir = await mkdtemp(join(tmpdir(), 'anju-api-'));
  const db = join(dir, 'anju.db');
  const port = await freePort();
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(threads)];
  if (bodyLimit) args.push('--body-limit', String(bodyLimit));
  // the web app only when a test asks for it (web/dist may exist in the tree)
  if (web) args.push('--web', web);
  else args.push('--no-web');
  const proc = spawn(BIN, args, {
    env: { ...process.env, ANJU_TODAY: TODAY },
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

/** Runs the anju binary; resolves to {code, stdout, stderr}. */
export function runAnju(args, env = {}) {
  return new Promise((ok) => {
    execFile(BIN, args, { env: { ...process.env, ANJU_TODAY: TODAY, ...env } }, (err, stdout, stderr) =>
      ok({ code: err ? err.code : 0, stdout, stderr }),
    );
  });
}

// --- requests --------------------------------------------------------------

/**
 * One request. body: an object (sent as JSON) or a string (sent as is).
 * Resolves to {status, headers, text, json} (json when the body parses).
 */
export async function api(server, method, path, { body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
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

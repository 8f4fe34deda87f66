// Helpers for the browser tests: a demo database, a real `anju serve --web
// web/dist`, and Debian's chromium driven by playwright-core (installed with
// the web app's devDependencies; it never downloads a browser).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');
export const BIN = resolve(process.env.ANJU_BIN ?? join(ROOT, 'build/test/anju'));
export const WEB_DIR = resolve(process.env.ANJU_WEB_DIR ?? join(ROOT, 'web/dist'));
export const CHROMIUM = process.env.ANJU_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(here, 'screenshots');
export const TODAY = '2026-11-15';
const SEED = '2026';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
const requireFromWeb = createRequire(join(ROOT, 'web/package.json'));

/** playwright-core from web/node_modules (make web installs it). */
export function playwright() {
  try {
    return requireFromWeb('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core is not installed: run make web (${e.message})`);
  }
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: run scripts/deps.sh`);
  return playwright().chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--no-first-run'],
  });
}

/** Runs the anju binary; resolves to {code, stdout, stderr}. */
export function runAnju(args, { env = {}, input } = {}) {
  return new Promise((ok) => {
    const child = execFile(BIN, args, { env: { ...process.env, ANJU_TODAY: TODAY, ...env }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => ok({ code: err ? err.code ?? 1 : 0, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}

async function must(args) {
  const r = await runAnju(args);
  assert.equal(r.code, 0, `anju ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

/**
 * A fresh database with the demo city of n households, its eight shared-data
 * feeds, the policy presets, a verification run and eligibility runs for the
 * given programmes (what `make demo` loads, smaller).
 */
export async function demoDatabase(n, programmes = ['public_rental', 'public_rental_subsidy', 'market_rent_subsidy']) {
  const dir = await mkdtemp(join(tmpdir(), 'anju-e2e-'));
  const db = join(dir, 'anju.db');
  await must(['demo', '--households', String(n), '--seed', SEED, '--db', db]);
  const feeds = join(dir, 'feeds');
  await must(['demo', 'feeds', '--households', String(n), '--seed', SEED, '--out', feeds]);
  for (const source of ['civil_affairs', 'property', 'vehicles', 'social_insurance', 'provident_fund', 'deposits',
    'securities', 'insurance']) {
    await must(['feeds', 'import', source, join(feeds, `${source}.csv`), '--db', db]);
  }
  await must(['policy', 'import', '--presets', '--db', db]);
  await must(['verify', 'run', '--db', db]);
  for (const p of programmes) await must(['eligibility', 'run', '--programme', p, '--as-of', TODAY, '--db', db]);
  return { dir, db, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A city officer (110000) to sign in with, made with `anju user add`. */
export async function createOfficer(db) {
  const account = { username: 'e2e-officer', password: 'Staff-console-2026', display_name: '测试经办人' };
  const r = await runAnju(['user', 'add', account.username, '--role', 'city_officer', '--scope', '110000',
    '--name', account.display_name, '--password-stdin', '--db', db], { input: `${account.password}\n` });
  assert.equal(r.code, 0, `anju user add failed:\n${r.stderr}`);
  return account;
}

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

/** `anju serve --web web/dist` on db and a free port, whose today is `today`; stop() ends it (SIGTERM). */
export async function startServer(db, { threads = 4, today = TODAY } = {}) {
  if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`no web app in ${WEB_DIR}: run make web`);
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', WEB_DIR,
    '--threads', String(threads)], { env: { ...process.env, ANJU_TODAY: today }, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = { base: `http://127.0.0.1:${port}`, proc, stdout: '', stderr: '' };
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => (server.stderr += d));
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
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
      fail(new Error(`anju serve exited with ${code}:\n${server.stderr}`));
    });
  });
  server.stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    return exited;
  };
  return server;
}

/** A screenshot in screenshots/; { fullPage: false } for long pages (what is on screen). */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * Opens path; signs in on the way when the server has accounts and sends
 * the browser to the sign-in page.
 */
export async function openSignedIn(page, base, path, account) {
  await page.goto(base + path);
  const login = page.locator('[data-test=login-submit]');
  const app = page.locator('.shell');
  await Promise.race([login.waitFor(), app.waitFor()]);
  if (await login.isVisible()) {
    assert.ok(account, 'the server asks for sign-in but this build has no anju user command');
    await page.locator('input[name=username]').fill(account.username);
    await page.locator('input[name=password]').fill(account.password);
    await login.click();
    await app.waitFor();
  }
}

// --- the workflow tests: accounts, households and sessions made quickly ---

/** The low-cost password hashing the API tests use (docs/security.md): set before anju runs. */
export function cheapHashing() {
  process.env.ANJU_PWHASH_OPSLIMIT = '1';
  process.env.ANJU_PWHASH_MEMLIMIT = '8192';
}

/** An empty database with the policy presets. */
export async function emptyDatabase() {
  const dir = await mkdtemp(join(tmpdir(), 'anju-e2e-wf-'));
  const db = join(dir, 'anju.db');
  await must(['policy', 'import', '--presets', '--db', db]);
  return { dir, db, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `anju user add` with the password on standard input. */
export async function addUser(db, { username, password, role, scope, name }) {
  const args = ['user', 'add', username, '--role', role, '--password-stdin', '--db', db];
  if (scope) args.push('--scope', scope);
  if (name) args.push('--name', name);
  const r = await runAnju(args, { input: `${password}\n` });
  assert.equal(r.code, 0, `anju user add ${username} failed:\n${r.stderr}`);
  return { username, password, role, scope, display_name: name ?? username };
}

/** `anju application ARGS --json --db db` → the application. */
export async function application(db, ...args) {
  const r = await runAnju(['application', ...args, '--json', '--db', db]);
  assert.equal(r.code, 0, `anju application ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid GB 11643 ID number: region (6), birth date YYYYMMDD, sequence (3). */
export function idNumber(region, birth, seq) {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return first17 + '10X98765432'[sum % 11];
}

/** The mask of an ID number in lists and on the public notice. */
export const maskId = (id) => `${id.slice(0, 6)}********${id.slice(14)}`;

function member(name, id, relation) {
  return {
    name, id_number: id, relation, hukou_region_code: '110105', hukou_urban: true, marital_status: 'married',
    disability_grade: 0, serious_illness: false, veteran: false, youfu: false, employer: '', work_region_code: '',
    social_insurance_months: 36, monthly_income: Array(12).fill('3850.00'),
    assets: { home_count: 0, home_area: '0.00', home_value: '0.00', vehicle_count: 0, vehicle_value: '0.00',
      deposits: '12000.00', securities: '0.00', insurance: '0.00' },
  };
}

/** A household of 建外街道 eligible for public rental housing: the applicant and a spouse. */
export function eligibleHousehold(no, applicant, spouse) {
  return {
    household_no: no, region_code: '110105001', contact_phone: '13800138000',
    housing: { address: '北京市朝阳区建外街道光华路 1 号院 3-502', area: '45.50', tenure: 'private_rental' },
    priority_categories: [], income_end_month: '2026-10',
    members: [member(applicant.name, applicant.id, 'applicant'), member(spouse.name, spouse.id, 'spouse')],
  };
}

/**
 * Signs in through the API in a playwright request context (or a browser
 * context's own, which shares its cookies with its pages); returns calls
 * that carry the CSRF token.
 */
export async function apiSession(request, base, account) {
  const r = await request.post(`${base}/api/v1/session`, { data: { username: account.username, password: account.password } });
  assert.equal(r.status(), 201, await r.text());
  const { csrf_token: csrf } = await r.json();
  const call = async (method, path, data) => {
    const res = await request.fetch(`${base}${path}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
    const text = await res.text();
    return { status: res.status(), json: text ? JSON.parse(text) : null, text };
  };
  return { get: (p) => call('GET', p), post: (p, d) => call('POST', p, d) };
}

/** Signs in on the staff sign-in page. */
export async function signInStaff(page, base, account, path = '/') {
  await page.goto(`${base}/login?redirect=${encodeURIComponent(path)}`);
  await page.locator('input[name=username]').fill(account.username);
  await page.locator('input[name=password]').fill(account.password);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('.shell').waitFor();
}

/** Picks an option of an Element Plus select (its dropdown lives in <body>). */
export async function choose(page, select, text) {
  await select.click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

/** Records a page's script errors and CSP violations (the context must add the CSP listener). */
export function trackProblems(page) {
  const list = [];
  page.on('pageerror', (e) => list.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // "Failed to load resource" is chromium noting a 4xx answer, which the tests provoke
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) list.push(`console: ${m.text()}`);
  });
  page.__problems = list;
  return page;
}

export async function cspListener(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

export async function noProblems(page) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no Content-Security-Policy violations');
  assert.deepEqual(page.__problems ?? [], [], 'no script errors in the browser');
}

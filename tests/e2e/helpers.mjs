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

/** `anju serve --web web/dist` on db and a free port; stop() ends it (SIGTERM). */
export async function startServer(db, { threads = 4 } = {}) {
  if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`no web app in ${WEB_DIR}: run make web`);
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', WEB_DIR,
    '--threads', String(threads)], { env: { ...process.env, ANJU_TODAY: TODAY }, stdio: ['ignore', 'pipe', 'pipe'] });
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

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
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

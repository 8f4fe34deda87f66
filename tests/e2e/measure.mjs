// Measures the web app (not a test; run by hand, see docs/web.md):
//   - page weight: the built JS and CSS, raw and gzip, in all and on the
//     dashboard's first load (what the browser actually fetched);
//   - time to first render of the dashboard: navigation start → the first
//     ECharts chart drawn (the performance mark "anju:first-chart"), with a
//     cold cache and a warm one, on a demo city of N households, signed in
//     as a city officer (made with `anju user add`);
//   - what the first load of the public notice (/public/notices) and of the
//     applicant portal (/apply) fetch, signed out.
// usage: ANJU_BIN=build/release/anju node tests/e2e/measure.mjs [households] [runs]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

import { WEB_DIR, cheapHashing, createOfficer, demoDatabase, launchBrowser, startServer } from './helpers.mjs';

const households = Number(process.argv[2] ?? 20000);
const runs = Number(process.argv[3] ?? 5);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function weight() {
  const out = { js: [0, 0], css: [0, 0] };
  for (const name of readdirSync(join(WEB_DIR, 'assets'))) {
    const kind = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
    if (!kind) continue;
    const data = readFileSync(join(WEB_DIR, 'assets', name));
    out[kind][0] += data.length;
    out[kind][1] += gzipSync(data, { level: constants.Z_BEST_COMPRESSION }).length;
  }
  return out;
}

const w = weight();
console.log(`built JS:  ${kib(w.js[0])} raw, ${kib(w.js[1])} gzip`);
console.log(`built CSS: ${kib(w.css[0])} raw, ${kib(w.css[1])} gzip`);
console.log(`index.html: ${statSync(join(WEB_DIR, 'index.html')).size} bytes`);

cheapHashing(); // signing in is not what is measured
const t0 = Date.now();
const data = await demoDatabase(households, ['public_rental', 'public_rental_subsidy', 'market_rent_subsidy',
  'affordable_rental', 'shared_ownership']);
console.log(`demo database of ${households} households ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const account = await createOfficer(data.db);
const server = await startServer(data.db);
const browser = await launchBrowser();

/** A browser context signed in as the officer (the session cookie is set before the page loads). */
async function signedIn() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const r = await context.request.post(`${server.base}/api/v1/session`, { data: { username: account.username, password: account.password } });
  if (r.status() !== 201) throw new Error(`sign-in failed: ${r.status()} ${await r.text()}`);
  return context;
}

/** What the first load of path fetches (JS and CSS, encoded and decoded). */
async function firstLoad(path, ready, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${server.base}${path}`);
  await page.locator(ready).first().waitFor({ timeout: 30000 });
  await page.waitForLoadState('networkidle');
  const r = await page.evaluate(() => {
    const res = performance.getEntriesByType('resource');
    const sum = (re, key) => res.filter((x) => re.test(x.name)).reduce((s, x) => s + x[key], 0);
    return { jsBytes: sum(/\.js$/, 'encodedBodySize'), jsRaw: sum(/\.js$/, 'decodedBodySize'),
      cssBytes: sum(/\.css$/, 'encodedBodySize'), cssRaw: sum(/\.css$/, 'decodedBodySize') };
  });
  await context.close();
  console.log(`${path} first load fetched: JS ${kib(r.jsBytes)} gzip (${kib(r.jsRaw)} raw), CSS ${kib(r.cssBytes)} gzip (${kib(r.cssRaw)} raw)`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function firstChart(page) {
  await page.goto(`${server.base}/`);
  await page.waitForFunction(() => performance.getEntriesByName('anju:first-chart').length > 0, null, { timeout: 30000 });
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('anju:first-chart')[0].startTime;
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const sum = (re, key) => res.filter((r) => re.test(r.name)).reduce((s, r) => s + r[key], 0);
    const apis = res.filter((r) => r.name.includes('/api/'));
    return {
      mark,
      apiStart: Math.min(...apis.map((r) => r.startTime)),
      apiEnd: Math.max(...apis.map((r) => r.responseEnd)),
      domContentLoaded: nav.domContentLoadedEventEnd,
      jsBytes: sum(/\.js$/, 'encodedBodySize'), jsRaw: sum(/\.js$/, 'decodedBodySize'),
      cssBytes: sum(/\.css$/, 'encodedBodySize'), cssRaw: sum(/\.css$/, 'decodedBodySize'),
      api: res.filter((r) => r.name.includes('/api/')).length,
    };
  });
}

const cold = [], warm = [];
let sample;
for (let i = 0; i < runs; i++) {
  const context = await signedIn();
  const page = await context.newPage();
  const c = await firstChart(page);
  cold.push(c.mark);
  sample = c;
  console.log(`  run ${i + 1}: DOMContentLoaded ${c.domContentLoaded.toFixed(0)} ms, API calls ${c.apiStart.toFixed(0)}–${c.apiEnd.toFixed(0)} ms, first chart ${c.mark.toFixed(0)} ms`);
  warm.push((await firstChart(page)).mark); // the same tab again: assets from the cache
  await context.close();
}
console.log(`dashboard first load fetched: JS ${kib(sample.jsBytes)} gzip (${kib(sample.jsRaw)} raw), CSS ${kib(sample.cssBytes)} gzip (${kib(sample.cssRaw)} raw), ${sample.api} API calls`);
console.log(`time to first chart, ${households} households, ${runs} runs: cold cache median ${median(cold).toFixed(0)} ms (${cold.map((x) => x.toFixed(0)).join(', ')}), warm cache median ${median(warm).toFixed(0)} ms (${warm.map((x) => x.toFixed(0)).join(', ')})`);
await firstLoad('/public/notices', '[data-test=public-notices]', { viewport: { width: 1440, height: 900 } });
await firstLoad('/apply', '[data-test=go-register]', { viewport: { width: 390, height: 844 }, isMobile: true });
await browser.close();
await server.stop();
await data.remove();

// Policy versions in the console (docs/policy.md, docs/web.md): a city
// officer imports a new version of the Beijing preset with one threshold
// changed (a JSON file picked in the import dialog), is taken to it, finds
// it in the list, compares it with the old version and sees the changed
// field with its old and new values (and exports them); a bad file is
// refused with each problem listed by its JSON path; a district officer has
// no import button.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ROOT, addUser, apiSession, cheapHashing, choose, cspListener, emptyDatabase, launchBrowser, noProblems, screenshot, startServer,
  trackProblems,
} from './helpers.mjs';

cheapHashing();
const PASSWORD = 'Staff-console-2026';
const AREA = 'programmes.public_rental.criteria[1].area';
let data, server, browser, scratch;
const accounts = {};

before(async () => {
  data = await emptyDatabase();
  scratch = await mkdtemp(join(tmpdir(), 'anju-e2e-policy-'));
  accounts.city = await addUser(data.db, { username: 'po-city', password: PASSWORD, role: 'city_officer', scope: '110000', name: '市住房保障处' });
  accounts.district = await addUser(data.db, { username: 'po-district', password: PASSWORD, role: 'district_officer', scope: '110105', name: '朝阳区审核人' });
  server = await startServer(data.db);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  await data?.remove();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  if (exit) assert.deepEqual(exit, { code: 0, signal: null }, `anju serve exits 0 on SIGTERM:\n${server.stderr}`);
});

async function signedIn(role, path = '/') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  context.setDefaultTimeout(15000);
  await cspListener(context);
  await apiSession(context.request, server.base, accounts[role]);
  const page = trackProblems(await context.newPage());
  await page.goto(`${server.base}${path}`);
  await page.locator('.shell').waitFor();
  return { page, context };
}

/** The Beijing preset as version `version`, its public-rental area limit set to area; written to a file. */
async function presetFile(name, version, area, change = () => {}) {
  const d = JSON.parse(await readFile(join(ROOT, 'policy/beijing.json'), 'utf8'));
  d.version = version;
  d.programmes.public_rental.criteria[1].area = area;
  change(d);
  const file = join(scratch, name);
  await writeFile(file, JSON.stringify(d, null, 2));
  return file;
}

async function cells(table) {
  return table.locator('.el-table__body-wrapper tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
}

describe('政策版本 in the console', () => {
  test('a city officer imports a changed version and compares it with the old one', async () => {
    const { page, context } = await signedIn('city', '/policies');
    const list = page.locator('[data-test=policy-table]');
    await list.locator('tbody tr', { hasText: 'beijing' }).waitFor();
    await page.locator('[data-test=policy-import]').click();
    const dialog = page.locator('[data-test=policy-import-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-test=policy-file]').setInputFiles(await presetFile('beijing-2026.2.json', '2026.2', '18.00'));
    await page.waitForFunction(() => document.querySelector('[data-test=policy-text]')?.value.includes('2026.2'));
    await dialog.locator('[data-test=policy-upload]').click();

    // the new version opens
    await page.waitForURL(/\/policies\/\d+$/);
    await page.locator('.page-title', { hasText: 'beijing@2026.2' }).waitFor();

    // compare with 2026.1: the changed area and the version, old on the left
    await choose(page, page.locator('[data-test=policy-compare-select]'), 'beijing@2026.1');
    const diff = page.locator('[data-test=policy-diff]');
    await diff.locator('tbody tr').first().waitFor();
    const rows = await cells(diff);
    assert.deepEqual(rows.find((r) => r[0] === AREA), [AREA, '15.00', '18.00']);
    assert.deepEqual(rows.find((r) => r[0] === 'version'), ['version', '2026.1', '2026.2']);
    const heads = await diff.locator('thead th').allInnerTexts();
    assert.deepEqual(heads.map((h) => h.trim()), ['字段', '旧值（2026.1）', '新值（2026.2）']);
    await page.locator('[data-test=policy-compare]').scrollIntoViewIfNeeded();
    await screenshot(page, 'policies-diff');

    const [d] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=policy-compare] [data-test=export-csv]').click()]);
    const csv = (await readFile(await d.path(), 'utf8')).replace(/^\uFEFF/, '');
    assert.match(csv, /programmes\.public_rental\.criteria\[1\]\.area,15\.00,18\.00/);

    // the list shows it
    await page.goto(`${server.base}/policies`);
    await list.locator('tbody tr', { hasText: '2026.2' }).waitFor();
    assert.equal(await list.locator('tbody tr').count(), 3);
    await noProblems(page);
    await context.close();
  });

  test('a bad file is refused with each problem named by its path; nothing is stored', async () => {
    const { page, context } = await signedIn('city', '/policies');
    await page.locator('[data-test=policy-import]').click();
    const dialog = page.locator('[data-test=policy-import-dialog]');
    const file = await presetFile('bad.json', '2026.3', '18', (d) => (d.effective = '2026-02-30'));
    await dialog.locator('[data-test=policy-file]').setInputFiles(file);
    await page.waitForFunction(() => document.querySelector('[data-test=policy-text]')?.value.includes('2026.3'));
    await dialog.locator('[data-test=policy-upload]').click();
    const problems = dialog.locator('[data-test=policy-import-problems]');
    await problems.waitFor();
    const rows = await cells(problems);
    const paths = rows.map((r) => r[0]);
    assert.ok(paths.includes(AREA), `names ${AREA}: ${JSON.stringify(rows)}`);
    assert.ok(paths.includes('effective'), `names effective: ${JSON.stringify(rows)}`);
    assert.ok(rows.every((r) => /[\u4e00-\u9fff]/.test(r[1])), 'messages in Chinese');
    await screenshot(page, 'policies-import-errors', { fullPage: false });

    // text that is not JSON is caught before sending
    await dialog.locator('[data-test=policy-text]').fill('{"code":');
    await dialog.locator('[data-test=policy-upload]').click();
    await dialog.locator('[data-test=policy-import-error]', { hasText: '不是有效的 JSON' }).waitFor();

    const list = await context.request.get(`${server.base}/api/v1/policies`);
    assert.ok(!(await list.json()).items.some((p) => p.version === '2026.3'), 'nothing stored');
    await noProblems(page);
    await context.close();
  });

  test('a district officer reads the versions but has no import button', async () => {
    const { page, context } = await signedIn('district', '/policies');
    await page.locator('[data-test=policy-table] tbody tr', { hasText: 'beijing' }).first().waitFor();
    assert.equal(await page.locator('[data-test=policy-import]').count(), 0);
    await noProblems(page);
    await context.close();
  });
});

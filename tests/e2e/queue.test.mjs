// The waiting lists in the console (docs/queue.md, docs/web.md): on a fresh
// database with the policy presets, four 公租房 families are filed at the
// command line on chosen days — one 低保 filed last, three with no priority
// category, one of them in another street. The district officer opens 轮候名单
// from the menu and sees them in order (the 低保 family first, then by
// filing date), with classes, masked ID numbers, the years waited, the
// re-report due dates and why; the CSV has the same rows. A street officer
// sees the street's families with their city-wide places. Another
// programme's list is empty, and says so.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import {
  addUser, apiSession, cheapHashing, choose, cspListener, eligibleHousehold, emptyDatabase, idNumber, launchBrowser, maskId, noProblems,
  runAnju, screenshot, startServer, trackProblems,
} from './helpers.mjs';

cheapHashing();
const PASSWORD = 'Staff-console-2026';
let data, server, browser;
const accounts = {};
const fam = {};

/** `anju application ARGS --json` on `today`. */
async function cli(today, ...args) {
  const r = await runAnju(['application', ...args, '--json', '--db', data.db], { env: { ANJU_TODAY: today } });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A 公租房 application of household hid reviewed on `opened` and filed 15 days later. */
async function file(hid, opened) {
  let a = await cli(opened, 'create', String(hid), '--programme', 'public_rental');
  for (const action of ['submit', 'accept', 'approve', 'approve', 'approve'])
    a = await cli(opened, 'act', String(a.id), action, '--version', String(a.version));
  const day = new Date(`${opened}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 15);
  a = await cli(day.toISOString().slice(0, 10), 'act', String(a.id), 'file', '--version', String(a.version));
  assert.equal(a.state, 'filed');
  return a;
}

before(async () => {
  data = await emptyDatabase();
  accounts.district = await addUser(data.db, { username: 'q-district', password: PASSWORD, role: 'district_officer', scope: '110105', name: '朝阳区审核人' });
  accounts.street = await addUser(data.db, { username: 'q-street', password: PASSWORD, role: 'street_officer', scope: '110105001', name: '建外街道经办人' });
  server = await startServer(data.db);
  browser = await launchBrowser();
  const ctx = await browser.newContext();
  const setup = await apiSession(ctx.request, server.base, accounts.district);
  let seq = 200;
  async function family(key, name, opened, overrides = {}) {
    const applicant = { name, id: idNumber('110105', '19850301', ++seq) };
    const body = { ...eligibleHousehold(`E2E-Q-${key}`, applicant, { name: `${name}之配偶`, id: idNumber('110105', '19860401', ++seq) }), ...overrides };
    const r = await setup.post('/api/v1/households', body);
    assert.equal(r.status, 201, r.text);
    fam[key] = { name, id: applicant.id, app: await file(r.json.id, opened) };
  }
  await family('A', '赵一鸣', '2026-03-01');
  await family('B', '钱二妹', '2026-05-01', { priority_categories: ['dibao'] });
  await family('C', '孙三立', '2026-02-01', { region_code: '110105002' });
  await family('D', '李四海', '2026-03-01');
  await ctx.close();
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  await data?.remove();
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

const bodyRows = (table) => table.locator('.el-table__body-wrapper tbody tr.el-table__row');
async function cells(table) {
  return bodyRows(table).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
}

describe('轮候名单 in the console', () => {
  test('a district officer sees the families in order, with classes, masked IDs, years, re-reports and why', async () => {
    const { page, context } = await signedIn('district');
    await page.locator('[data-menu=queue]').click();
    const table = page.locator('[data-test=queue-table]');
    await bodyRows(table).nth(3).waitFor();
    await page.locator('[data-test=as-of]', { hasText: '2026-11-15' }).waitFor();
    const rows = await cells(table);
    // 0 expand, 1 place, 2 class (and the place in it), 3 applicant, 4 ID, 5 application, 6 district, 7 filed (and years), 8 re-report, 9 why
    assert.deepEqual(rows.map((r) => r[1]), ['1', '2', '3', '4']);
    assert.deepEqual(rows.map((r) => r[3].split('\n')[0]), ['钱二妹', '孙三立', '赵一鸣', '李四海'], '低保 first, then by filing date and number');
    assert.match(rows[0][2], /^第 \d+ 类 · 低保家庭\n类别内位次 1 \/ 1 · 低保/);
    assert.match(rows[2][2], /无优先类别\n类别内位次 2 \/ 3/);
    assert.deepEqual(rows.map((r) => r[4]), [fam.B, fam.C, fam.A, fam.D].map((f) => maskId(f.id)));
    assert.deepEqual(rows.map((r) => r[7]), ['2026-05-16', '2026-02-16', '2026-03-16', '2026-03-16'].map((d) => `${d}\n已轮候 不满 1 年`));
    assert.equal(rows[0][8], '下次截止 2028-05-16');
    assert.match(rows[2][9], /^您排在第 3 位（共 4 户）/);
    assert.equal(rows[2][5], fam.A.app.application_no);

    // the whole why, unfolded
    await bodyRows(table).nth(2).locator('.el-table__expand-icon').click();
    await page.locator('[data-test=why-full]', { hasText: '您排在第 3 位' }).waitFor();
    await screenshot(page, 'queue-list');

    // the CSV is what the page shows
    const [d] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-csv]').click()]);
    const bytes = await readFile(await d.path());
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    assert.equal(lines[0], '位次,优先类别,类别内位次,申请编号,家庭编号,申请人,身份证号,人数,区县,街道/乡镇,备案日期,已轮候,定期申报,适用类别,政策版本,原因');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[5]), ['钱二妹', '孙三立', '赵一鸣', '李四海']);
    assert.ok(lines[1].includes(maskId(fam.B.id)));

    // another programme: empty, and it says so
    await choose(page, page.locator('[data-test=queue-programme]'), '共有产权住房');
    await page.waitForURL(/programme=shared_ownership/);
    await table.locator('.el-table__empty-text', { hasText: '该保障方式没有正在轮候的家庭' }).waitFor();
    await noProblems(page);
    await context.close();
  });

  test('a street officer sees the street\'s families with their city-wide places', async () => {
    const { page, context } = await signedIn('street', '/queue');
    const table = page.locator('[data-test=queue-table]');
    await bodyRows(table).nth(2).waitFor();
    const rows = await cells(table);
    assert.deepEqual(rows.map((r) => [r[1], r[3].split('\n')[0]]), [['1', '钱二妹'], ['3', '赵一鸣'], ['4', '李四海']]);
    // the district choice is the officer's own district
    await page.locator('[data-test=queue-district]').click();
    const options = page.locator('.el-select-dropdown__item:visible');
    await options.first().waitFor();
    assert.deepEqual(await options.allInnerTexts(), ['朝阳区']);
    await page.keyboard.press('Escape');
    await screenshot(page, 'queue-street');
    await noProblems(page);
    await context.close();
  });
});

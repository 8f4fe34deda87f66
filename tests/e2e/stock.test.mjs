// The housing stock in the console (docs/stock.md, docs/web.md): on a fresh
// database with tests/data/stock/sample.csv imported, a city officer opens
// 房源管理 from the menu, searches and filters the projects, opens one, sees
// its buildings and units (areas in ㎡, rents in yuan), moves a unit along
// the status table and sees it and the counts change; a status the table
// refuses (422) and a stale version (409) are shown next to their fields; a
// new unit is registered; every list exports what it shows. A district
// officer sees only the district's projects and cannot open another's; an
// auditor reads without the buttons; an admin has neither 房源 nor 轮候 in
// the menu and is sent back from their addresses.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ROOT, addUser, apiSession, cheapHashing, cspListener, emptyDatabase, launchBrowser, noProblems, runAnju, screenshot, startServer,
  trackProblems, choose,
} from './helpers.mjs';

cheapHashing();
const PASSWORD = 'Staff-console-2026';
let data, server, browser;
const accounts = {};

before(async () => {
  data = await emptyDatabase();
  const imported = await runAnju(['stock', 'import', join(ROOT, 'tests/data/stock/sample.csv'), '--db', data.db]);
  assert.equal(imported.code, 0, imported.stderr);
  accounts.city = await addUser(data.db, { username: 'st-city', password: PASSWORD, role: 'city_officer', scope: '110000', name: '市住房保障处' });
  accounts.district = await addUser(data.db, { username: 'st-district', password: PASSWORD, role: 'district_officer', scope: '110105', name: '朝阳区审核人' });
  accounts.auditor = await addUser(data.db, { username: 'st-auditor', password: PASSWORD, role: 'auditor', name: '审计员' });
  accounts.operator = await addUser(data.db, { username: 'st-operator', password: PASSWORD, role: 'operator', scope: '110000', name: '运营公司' });
  accounts.admin = await addUser(data.db, { username: 'st-admin', password: PASSWORD, role: 'admin', name: '管理员' });
  server = await startServer(data.db);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  await data?.remove();
  if (exit) assert.deepEqual(exit, { code: 0, signal: null }, `anju serve exits 0 on SIGTERM:\n${server.stderr}`);
});

/** A signed-in page of a new context (signed in through the API), at path. */
async function signedIn(role, path = '/') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  context.setDefaultTimeout(15000);
  await cspListener(context);
  const session = await apiSession(context.request, server.base, accounts[role]);
  const page = trackProblems(await context.newPage());
  await page.goto(`${server.base}${path}`);
  await page.locator('.shell').waitFor();
  return { page, context, session };
}

async function download(page, locator) {
  const [d] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const bytes = await readFile(await d.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte-order mark');
  return bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
}

const rows = (table) => table.locator('.el-table__body-wrapper tbody tr');
async function cells(table) {
  return rows(table).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
}
const menuOf = (page) => page.locator('[data-menu]').evaluateAll((els) => els.map((e) => e.dataset.menu));

describe('房源 in the console', () => {
  test('a city officer filters the projects, opens one and moves a unit along the status table', async () => {
    const { page, context, session } = await signedIn('city');
    assert.deepEqual(await menuOf(page), ['dashboard', 'households', 'review', 'notices', 'policies', 'stock', 'queue', 'rounds']);
    await page.locator('[data-menu=stock]').click();
    const table = page.locator('[data-test=project-table]');
    await table.locator('tbody tr', { hasText: 'GZF-110105-001' }).waitFor();
    assert.equal(await rows(table).count(), 3);
    assert.match(await page.locator('[data-test=total]').innerText(), /共 3 条 · 本页项目共 8 套单元/);

    // search by words of a name, then filter by programme: the address keeps them
    await page.locator('input[name=q]').fill('西北旺');
    await page.locator('[data-test=search]').click();
    await page.waitForURL(/q=%E8%A5%BF/);
    await table.locator('tbody tr', { hasText: 'BZL-110108-001' }).waitFor();
    assert.equal(await rows(table).count(), 1);
    await page.locator('input[name=q]').fill('');
    await choose(page, page.locator('[data-test=programme-select]'), '公租房');
    await page.locator('[data-test=search]').click();
    await page.waitForURL(/programme=public_rental/);
    await page.locator('[data-test=total]', { hasText: '共 1 条' }).waitFor();
    const [row] = await cells(table);
    assert.equal(row[0], 'GZF-110105-001');
    assert.equal(row[1], '垡头家园公租房');
    assert.match(row[3], /朝阳区\s*垡头街道/);
    assert.deepEqual(row.slice(5, 12), ['2', '4', '1', '1', '0', '1', '0'], 'buildings, units, then vacant, reserved, offered, let');
    const csv = await download(page, page.locator('[data-test=export-csv]'));
    assert.equal(csv[0], '项目编号,项目名称,保障方式,区县,街道/乡镇,产权单位,项目状态,楼栋数,单元数,空置待配,已预留,已配出待签约,已出租,已售出,维修中');
    assert.deepEqual(csv.slice(1), ['GZF-110105-001,垡头家园公租房,公租房,朝阳区,垡头街道,示例公租房运营有限公司,已投入使用,2,4,1,1,0,1,0,1']);

    // the project: buildings, units with areas and rents formatted for China
    await rows(table).first().click();
    await page.locator('[data-test=project-title]', { hasText: '垡头家园公租房' }).waitFor();
    const buildings = await cells(page.locator('[data-test=building-table]'));
    assert.deepEqual(buildings.map((b) => b.slice(0, 3)), [['1号楼', '18', '3'], ['2号楼', '12', '1']]);
    const units = page.locator('[data-test=unit-table]');
    await units.locator('tbody tr', { hasText: '1-0101' }).waitFor();
    const first = (await cells(units)).find((r) => r[1] === '1-0101');
    assert.deepEqual(first.slice(0, 8), ['1号楼', '1-0101', '开间', '35.20 ㎡', '1', '♿ 是', '¥1,584.00 /月', '空置待配']);
    const unitCard = page.locator('.el-card', { has: units });
    const unitCsv = await download(page, unitCard.locator('[data-test=export-csv]'));
    assert.equal(unitCsv[0], '楼栋,单元号,户型,建筑面积（㎡）,楼层,无障碍,月租金（元）,单元状态,版本,更新时间');
    assert.equal(unitCsv.length, 5);
    assert.ok(unitCsv.some((l) => l.startsWith('1号楼,1-0101,开间,35.20,1,是,1584.00,空置待配,1,')));

    // filter the units: vacant ones
    await choose(page, page.locator('[data-test=unit-status-select]'), '空置待配');
    await page.locator('[data-test=unit-search]').click();
    await page.locator('[data-test=unit-total]', { hasText: '共 1 条' }).waitFor();

    // vacant → let is not in the table: 422 next to the status
    const line = units.locator('tbody tr', { hasText: '1-0101' });
    await line.locator('[data-test=change-status]').click();
    const dialog = page.locator('[data-test=status-dialog]');
    await dialog.locator('[data-test=dialog-current]', { hasText: '空置待配' }).waitFor();
    await choose(page, dialog.locator('[data-test=next-status]'), '已出租');
    await dialog.locator('[data-test=status-save]').click();
    await dialog.locator('[data-test=field-status] .el-form-item__error', { hasText: '只能改为 reserved、maintenance' }).waitFor();

    // vacant → reserved: the tag and the counts change
    await choose(page, dialog.locator('[data-test=next-status]'), '已预留');
    await dialog.locator('[data-test=status-save]').click();
    await page.locator('.el-message', { hasText: '单元 1-0101 现为“已预留”，第 2 版' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await line.locator('[data-test=unit-status][data-status=reserved]').waitFor();
    await page.locator('[data-test=unit-counts] [data-count=reserved]', { hasText: '2' }).waitFor();
    await screenshot(page, 'stock-project');

    // someone else moves the unit meanwhile: 409 next to the version; read again and go on
    const project = (await session.get('/api/v1/projects?q=GZF')).json.items[0];
    const unitId = (await session.get(`/api/v1/projects/${project.id}/units?status=reserved`)).json.items.find((u) => u.unit_no === '1-0101').id;
    const other = await runAnju(['stock', 'set-status', String(unitId), 'offered', '--version', '2', '--db', data.db]);
    assert.equal(other.code, 0, other.stderr);
    await line.locator('[data-test=change-status]').click();
    await choose(page, dialog.locator('[data-test=next-status]'), '已配出待签约');
    await dialog.locator('[data-test=status-save]').click();
    await dialog.locator('[data-test=field-version] .el-form-item__error', { hasText: '已被他人修改' }).waitFor();
    await screenshot(page, 'stock-unit-conflict', { fullPage: false });
    await dialog.locator('[data-test=reread]').click();
    await dialog.locator('[data-test=dialog-current]', { hasText: '已配出待签约' }).waitFor();
    await choose(page, dialog.locator('[data-test=next-status]'), '已出租');
    await dialog.locator('[data-test=status-save]').click();
    await line.locator('[data-test=unit-status][data-status=let]').waitFor();
    await noProblems(page);
    await context.close();
  });

  test('a unit is registered in a new building; what is wrong is shown next to its field', async () => {
    const { page, context } = await signedIn('city', '/stock?q=GYF');
    await page.locator('[data-test=project-table] tbody tr', { hasText: 'GYF-110114-001' }).click();
    await page.locator('[data-test=project-title]', { hasText: '回龙观共有产权住房' }).waitFor();
    await page.locator('[data-test=new-unit]').click();
    const dialog = page.locator('[data-test=unit-dialog]');
    await dialog.locator('[data-test=nu-building] input').fill('5号楼');
    await page.keyboard.press('Enter');
    await dialog.locator('input[name=unit_no]').fill('5-0101');
    await dialog.locator('input[name=area]').fill('400');
    await dialog.locator('input[name=cost]').fill('1980000');
    await dialog.locator('[data-test=unit-save]').click();
    await dialog.locator('[data-field=area] .el-form-item__error').waitFor();
    await dialog.locator('[data-field=floors] .el-form-item__error').waitFor();
    await screenshot(page, 'stock-new-unit-errors', { fullPage: false });
    await dialog.locator('input[name=area]').fill('88.50');
    await dialog.locator('[data-field=floors] input').fill('6');
    await dialog.locator('[data-test=unit-save]').click();
    await page.locator('.el-message', { hasText: '已登记单元 5-0101' }).waitFor();
    const row = page.locator('[data-test=unit-table] tbody tr', { hasText: '5-0101' });
    await row.waitFor();
    assert.match(await row.innerText(), /88\.50 ㎡[\s\S]*¥1,980,000\.00/);
    await noProblems(page);
    await context.close();
  });

  test('a district officer sees the district\'s projects only; an auditor reads without the buttons', async () => {
    const { page, context } = await signedIn('district', '/stock');
    await page.locator('[data-test=project-table] tbody tr', { hasText: 'GZF-110105-001' }).waitFor();
    assert.equal(await rows(page.locator('[data-test=project-table]')).count(), 1);
    await page.goto(`${server.base}/stock/projects/1`); // 西北旺 in 海淀区: as if it did not exist
    await page.locator('.el-result', { hasText: '该项目不存在或不在您的管辖范围内' }).waitFor();
    await context.close();

    const auditor = await signedIn('auditor', '/stock');
    assert.deepEqual(await menuOf(auditor.page), ['dashboard', 'households', 'policies', 'stock', 'queue', 'rounds', 'audit']);
    await auditor.page.locator('[data-test=project-table] tbody tr').nth(2).waitFor();
    assert.equal(await auditor.page.locator('[data-test=new-project]').count(), 0);
    await auditor.page.locator('[data-test=project-table] tbody tr', { hasText: 'GZF-110105-001' }).click();
    await auditor.page.locator('[data-test=unit-table] tbody tr').first().waitFor();
    assert.equal(await auditor.page.locator('[data-test=change-status]').count(), 0);
    assert.equal(await auditor.page.locator('[data-test=new-unit]').count(), 0);
    await auditor.context.close();
  });

  test('roles without the stock or the lists have no menu entries for them and are sent back', async () => {
    const op = await signedIn('operator', '/stock');
    assert.deepEqual(await menuOf(op.page), ['dashboard', 'policies', 'stock', 'rounds']);
    await op.page.goto(`${server.base}/queue`);
    await op.page.locator('[data-test=dashboard]').waitFor();
    await op.context.close();

    const { page, context } = await signedIn('admin');
    assert.deepEqual(await menuOf(page), ['dashboard', 'policies', 'users']);
    for (const path of ['/stock', '/stock/projects/1', '/queue']) {
      await page.goto(`${server.base}${path}`);
      await page.locator('[data-test=dashboard]').waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
    }
    await screenshot(page, 'stock-admin-menu', { fullPage: false });
    await context.close();
  });
});

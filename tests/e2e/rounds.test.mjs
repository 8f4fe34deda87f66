// A round (配租批次) in a real browser, on a fresh database: a district
// officer creates it in the console, reserves the units, opens it; the
// applicant registers on /apply (listing the unit it wants: an open round's
// units come with GET /api/v1/me/rounds); the officer registers the
// other filed families, shortlists, re-checks, publishes the entrant list
// (its SHA-256 shown before the draw), and draws with public numbers (the
// canonical string previewed); the public page lists the round, and the
// verify page recomputes the draw in the browser with every step ✓; the
// officer allocates, the applicant accepts the offer on the phone, the round
// is published and its results are public, names masked.
// Households are posted through the API and their applications filed with
// the `anju application` command on chosen days; the units come from a
// stock CSV (`anju stock import`).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  TODAY, addUser, apiSession, cheapHashing, cspListener, eligibleHousehold, emptyDatabase, idNumber, launchBrowser, noProblems,
  runAnju, screenshot, startServer, trackProblems,
} from './helpers.mjs';

cheapHashing();
const PASSWORD = 'Staff-console-2026';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const CODE = 'E2E-GZF-CY-01';
const LOTTERY = 'E2E-GZF-CY-01-L1';

let data, server, browser, setup;
const accounts = {};
const families = []; // {applicant, household, application}
const shared = {};

const STOCK = `project_code,project_name,programme,region_code,address,longitude,latitude,operator,building,floors,unit_no,layout,area,floor,accessible,rent,price,status
GZF-E2E-R1,建外测试公租房,public_rental,110105001,北京市朝阳区建外街道测试路 1 号,,,示例公租房运营有限公司,1号楼,12,1-0301,one_room,45.00,3,0,2000.00,,vacant
GZF-E2E-R1,建外测试公租房,public_rental,110105001,北京市朝阳区建外街道测试路 1 号,,,示例公租房运营有限公司,1号楼,12,1-0502,two_room,58.00,5,0,2600.00,,vacant
GZF-E2E-R1,建外测试公租房,public_rental,110105001,北京市朝阳区建外街道测试路 1 号,,,示例公租房运营有限公司,1号楼,12,1-0703,studio,35.00,7,1,1600.00,,vacant
`;

async function must(args, today = TODAY) {
  const r = await runAnju([...args, '--db', data.db], { env: { ANJU_TODAY: today } });
  assert.equal(r.code, 0, `anju ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** A 公租房 application of household hid reviewed on `opened` and filed 15 days later. */
async function file(hid, opened) {
  const cli = async (today, ...args) => JSON.parse(await must(['application', ...args, '--json'], today));
  let a = await cli(opened, 'create', String(hid), '--programme', 'public_rental');
  for (const action of ['submit', 'accept', 'approve', 'approve', 'approve']) a = await cli(opened, 'act', String(a.id), action, '--version', String(a.version));
  const day = new Date(`${opened}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 15);
  a = await cli(day.toISOString().slice(0, 10), 'act', String(a.id), 'file', '--version', String(a.version));
  assert.equal(a.state, 'filed');
  return a;
}

before(async () => {
  data = await emptyDatabase();
  accounts.street = await addUser(data.db, { username: 'rd-street', password: PASSWORD, role: 'street_officer', scope: '110105001', name: '建外街道经办人' });
  accounts.district = await addUser(data.db, { username: 'rd-district', password: PASSWORD, role: 'district_officer', scope: '110105', name: '朝阳区住房保障科' });
  const csv = join(data.dir, 'stock.csv');
  await writeFile(csv, STOCK);
  await must(['stock', 'import', csv]);
  server = await startServer(data.db);
  browser = await launchBrowser();
  const api = await browser.newContext();
  setup = await apiSession(api.request, server.base, accounts.street);
  // four families of two, filed in this order (the first is the applicant's: first in the queue)
  const names = [['孙丽华', '周建军'], ['钱志强', '吴敏'], ['赵海燕', '郑伟'], ['冯晓东', '陈静']];
  for (let i = 0; i < names.length; i++) {
    const applicant = { name: names[i][0], id: idNumber('110105', `1985030${i + 1}`, 301 + 2 * i) };
    const spouse = { name: names[i][1], id: idNumber('110105', `1984070${i + 1}`, 401 + 2 * i) };
    const r = await setup.post('/api/v1/households', eligibleHousehold(`E2E-RD-${i + 1}`, applicant, spouse));
    assert.equal(r.status, 201, r.text);
    const application = await file(r.json.id, `2026-09-0${i + 1}`);
    families.push({ applicant, household: r.json, application });
  }
  // the first family's applicant has an account bound to the household
  const reg = await api.request.post(`${server.base}/api/v1/accounts`, { data: { phone: '13700001111', password: 'Sun-lihua-2026', display_name: '孙丽华' } });
  assert.equal(reg.status(), 201, await reg.text());
  accounts.applicant = { username: '13700001111', password: 'Sun-lihua-2026' };
  await api.close();
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  await data?.remove();
  if (exit) assert.deepEqual(exit, { code: 0, signal: null }, `anju serve exits 0 on SIGTERM:\n${server.stderr}`);
});

async function newContext(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true, ...options,
  });
  context.setDefaultTimeout(15000);
  await cspListener(context);
  return context;
}

let officerPage;
async function officer() {
  if (!officerPage) {
    const context = await newContext();
    await apiSession(context.request, server.base, accounts.district);
    officerPage = trackProblems(await context.newPage());
    await officerPage.goto(`${server.base}/`);
    await officerPage.locator('.shell').waitFor();
  }
  return officerPage;
}

let applicantPage;
async function applicantOnPhone() {
  if (!applicantPage) {
    const context = await newContext(PHONE);
    const me = await apiSession(context.request, server.base, accounts.applicant);
    const bind = await me.post('/api/v1/me/household', { id_number: families[0].applicant.id, name: families[0].applicant.name });
    assert.ok([200, 201].includes(bind.status), bind.text);
    applicantPage = trackProblems(await context.newPage());
  }
  return applicantPage;
}

/** Runs the round's current action through its dialog; fill(page) fills the form. */
async function act(page, action, fill) {
  await page.locator(`[data-test=round-action-${action}]`).click();
  const confirm = page.locator('[data-test=round-action-confirm]:visible');
  await confirm.waitFor();
  if (fill) await fill(page);
  await confirm.click();
  await page.locator('[data-test=round-action-dialog]').waitFor({ state: 'hidden' });
}

const stateIs = (page, state) => page.locator(`.page-head [data-test=round-state][data-state=${state}]`).waitFor();

describe('a round in the browser', () => {
  test('a district officer creates the round in the console, reserves the units and opens it', async () => {
    const page = await officer();
    await page.locator('[data-menu=rounds]').click();
    await page.locator('[data-test=rounds]').waitFor();
    await page.locator('[data-test=round-new]').click();
    const dialog = page.locator('[data-test=round-create]');
    await dialog.locator('input[name=code]').fill(CODE);
    await dialog.locator('input[name=name]').fill('2026年第一批公租房配租（朝阳·建外）');
    // the ratio above 1:1.2 is refused before asking the server
    await dialog.locator('input[name=ratio]').fill('1.5');
    await dialog.locator('input[name=ratio]').blur();
    assert.equal(await dialog.locator('input[name=ratio]').inputValue(), '1.20', 'the ratio is capped at 1:1.2');
    assert.match(await dialog.locator('[data-test=create-district]').innerText(), /朝阳区/); // the officer's district, chosen
    await screenshot(page, 'rounds-create', { fullPage: false });
    await page.locator('[data-test=create-confirm]').click();
    await page.locator('[data-test=round]').waitFor();
    await stateIs(page, 'draft');
    shared.url = page.url();
    shared.id = Number(/\/rounds\/(\d+)/.exec(shared.url)[1]);

    await act(page, 'add_units');
    await page.locator('[data-test=units-table] tbody tr').nth(2).waitFor();
    assert.equal(await page.locator('[data-test=units-table] tbody tr').count(), 3);
    await act(page, 'open');
    await stateIs(page, 'open');
    await noProblems(page);
  });

  test('the applicant registers on /apply, listing the unit they want', async () => {
    const me = await applicantOnPhone();
    await me.goto(`${server.base}/apply`);
    const card = me.locator('[data-test=my-round]', { hasText: '2026年第一批公租房配租' });
    await card.waitFor();
    await card.locator('[data-test=round-register]').click();
    const dialog = me.locator('[data-test=round-register-dialog]');
    await dialog.waitFor();
    // the open round's units come with /api/v1/me/rounds: the family lists the one it wants
    await dialog.locator('[data-test=prefs-select]').click();
    await me.locator('.el-select-dropdown__item:visible', { hasText: '1-0502' }).click();
    await dialog.locator('[data-test=prefs-order] li', { hasText: '1-0502' }).waitFor();
    // close the multi-select's dropdown (it would cover the buttons): click the dialog's title
    await dialog.locator('.el-dialog__title').click();
    await me.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
    await screenshot(me, 'apply-round-register', { fullPage: false });
    await me.locator('[data-test=register-confirm]').click();
    await card.locator('[data-test=my-round-status]').waitFor();
    await noProblems(me);
  });

  test('the officer registers the rest, shortlists, re-checks, publishes the list and draws', async () => {
    const page = await officer();
    await page.locator('[data-test=reload]').click();
    await act(page, 'register_all');
    await page.locator('[data-test=round-tabs] .el-tabs__item', { hasText: '登记家庭 (4)' }).waitFor();
    // someone else shortlists in another tab: this tab's next action is a 409, said above the page, and the round reloads
    const other = trackProblems(await page.context().newPage());
    await other.goto(shared.url);
    await act(other, 'shortlist');
    await stateIs(other, 'shortlisted');
    await other.close();
    await act(page, 'register_all');
    await page.locator('[data-test=conflict]').waitFor();
    await stateIs(page, 'shortlisted');
    await screenshot(page, 'round-conflict', { fullPage: false });
    await act(page, 'recheck');
    await stateIs(page, 'rechecked');
    assert.equal(await page.locator('[data-test=list-sha256-box]').count(), 0, 'no list before it is published');
    await act(page, 'publish_list');
    const hash = page.locator('[data-test=list-sha256]');
    await hash.waitFor();
    shared.listSha256 = (await hash.innerText()).trim();
    assert.match(shared.listSha256, /^[0-9a-f]{64}$/);
    assert.match(await page.locator('[data-test=list-sha256-box]').innerText(), /公布后方可摇号/);
    assert.equal(await page.locator('[data-test=round-steps]').getAttribute('data-step'), 'listed');
    await screenshot(page, 'round-list-published', { fullPage: false });

    // the draw: the public numbers, previewed in canonical form
    await page.locator('[data-test=round-action-draw]').click();
    const dialog = page.locator('[data-test=round-action-dialog]');
    // a lottery id the rules refuse: the API's 422 under the field
    await dialog.locator('input[name=lottery_id]').fill('第一次 摇号');
    await dialog.locator('input[name=source-0]').fill('9319');
    await page.locator('[data-test=round-action-confirm]').click();
    await dialog.locator('[data-field=lottery_id] .el-form-item__error').waitFor();
    await dialog.locator('input[name=lottery_id]').fill(LOTTERY);
    await page.locator('[data-test=source-add]').click();
    await dialog.locator('input[name=source-1]').fill('2 5 12，8, 10');
    assert.equal(await page.locator('[data-test=canonical-preview]').innerText(), '9319./2.5.8.10.12./');
    await screenshot(page, 'round-draw', { fullPage: false });
    await page.locator('[data-test=round-action-confirm]').click();
    await dialog.waitFor({ state: 'hidden' });
    await stateIs(page, 'drawn');
    assert.equal((await page.locator('[data-test=lottery-id]').innerText()).trim(), LOTTERY);

    // the entrants in lottery order, the files of the draw
    await page.locator('[data-test=round-tabs] .el-tabs__item', { hasText: '登记家庭' }).click();
    const rows = page.locator('[data-test=entrants-table] tbody tr');
    await rows.first().waitFor();
    const first = (await rows.first().locator('td').allInnerTexts()).map((s) => s.trim());
    assert.equal(first[0], '1', 'sequence 1 first');
    await page.locator('[data-test=round-tabs] .el-tabs__item', { hasText: '摇号文件' }).click();
    const manifest = JSON.parse(await page.locator('[data-test=manifest]').innerText());
    assert.equal(manifest.lottery_id, LOTTERY);
    assert.equal(manifest.list_sha256, shared.listSha256);
    assert.equal(manifest.randomness, '9319./2.5.8.10.12./');
    shared.entrants = manifest.entrants;
    await screenshot(page, 'round-drawn');
    await noProblems(page);
  });

  test('the public page lists the round and the browser verifies the draw, every step ✓', async () => {
    const page = trackProblems(await (await newContext()).newPage());
    await page.goto(`${server.base}/public/rounds`);
    const item = page.locator(`[data-test=public-round][data-code="${CODE}"]`);
    await item.waitFor();
    assert.equal((await item.locator('[data-test=public-list-sha256]').innerText()).trim(), shared.listSha256);
    assert.equal((await item.locator('[data-test=public-lottery-id]').innerText()).trim(), LOTTERY);
    await screenshot(page, 'public-rounds');
    await item.locator('[data-test=public-verify-link]').click();
    await page.locator('[data-test=round-verify]').waitFor();
    assert.match(await page.locator('[data-test=round-step-seed]').innerText(),
      new RegExp(`printf '%s' '9319\\./2\\.5\\.8\\.10\\.12\\./' \\| openssl dgst -sha256 -mac HMAC -macopt hexkey:${shared.listSha256}\\nSHA2-256\\(stdin\\)= [0-9a-f]{64}`));
    assert.match(await page.locator('[data-test=round-step-list-hash]').innerText(), new RegExp(`^\\$ sha256sum entrants.csv\\n${shared.listSha256}  entrants.csv$`));
    await page.locator('[data-test=verify-run]').click();
    await page.locator('[data-test=verify-all-ok]').waitFor();
    const steps = await page.locator('[data-test=verify-step]').evaluateAll((els) => els.map((e) => [e.dataset.key, e.dataset.ok]));
    assert.deepEqual(steps, ['manifest', 'listHash', 'canonical', 'seed', 'keys', 'order', 'resultHash'].map((k) => [k, 'true']));
    await screenshot(page, 'public-lottery-verify-round');
    await noProblems(page);
    await page.context().close();
  });

  test('the officer allocates; the applicant accepts the offer on the phone; the round is published with masked results', async () => {
    const page = await officer();
    await act(page, 'allocate');
    await stateIs(page, 'choosing');

    const me = await applicantOnPhone();
    await me.goto(`${server.base}/apply`);
    const offer = me.locator('[data-test=my-offer]');
    await offer.waitFor();
    const text = await offer.innerText();
    assert.match(text, /1-0502/, 'the unit the family picked');
    assert.match(text, /答复期限：\d{4}-\d{2}-\d{2}/);
    await screenshot(me, 'apply-round-offer');
    await offer.locator('[data-test=offer-accept]').click();
    await me.locator('[data-test=offer-dialog]').waitFor();
    await me.locator('[data-test=offer-confirm]').click();
    await me.locator('[data-test=my-round-outcome][data-outcome=accepted]').waitFor();
    assert.equal(await me.locator('[data-test=my-offer]').count(), 0);
    await screenshot(me, 'apply-round-accepted');
    await noProblems(me);

    await page.locator('[data-test=reload]').click();
    await page.locator('[data-test=round-tabs] .el-tabs__item', { hasText: '选房通知' }).click();
    await page.locator('[data-test=offers-table] [data-test=offer-state]', { hasText: '已接受' }).waitFor();
    await act(page, 'publish');
    await stateIs(page, 'published');
    await noProblems(page);

    // the dashboard's progress by round, as a table
    await page.locator('[data-menu=dashboard]').click();
    const card = page.locator('[data-test=chart-rounds]');
    await card.waitFor();
    await card.locator('.el-radio-button', { hasText: '表格' }).click();
    const row = card.locator('[data-test=chart-table] tbody tr', { hasText: CODE });
    await row.waitFor();
    const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
    assert.equal(cells[3], '3', 'three units');
    assert.equal(cells[4], '1', 'one let');

    // the public results: masked names, the applicant's unit
    const anon = trackProblems(await (await newContext()).newPage());
    await anon.goto(`${server.base}/public/rounds/${shared.id}`);
    const results = anon.locator('[data-test=results-table] tbody tr');
    await results.first().waitFor();
    assert.equal(await results.count(), shared.entrants);
    const body = await anon.locator('body').innerText();
    for (const f of families) assert.ok(!body.includes(f.applicant.name), `never the full name ${f.applicant.name}`);
    const mine = anon.locator('[data-test=results-table] tbody tr', { hasText: families[0].application.application_no });
    assert.match(await mine.innerText(), /孙\*\*/);
    assert.match(await mine.innerText(), /已接受/);
    await screenshot(anon, 'public-round-results');
    await noProblems(anon);
    await anon.context().close();
  });
});

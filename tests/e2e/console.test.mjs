// The staff console in a real browser: Debian's chromium (headless) against
// `anju serve --web web/dist` on a demo city of 2,000 households. An officer
// opens the console (signing in when this build has accounts), reads the
// dashboard charts and their tables, finds a household by name, opens it and
// checks its eligibility with the reasons; the language switch; an API error
// shown next to its field. The dashboard's applications and waiting lists
// come from `anju demo applications`, run by the last test. Each test saves a screenshot in
// screenshots/.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { createOfficer, demoDatabase, launchBrowser, openSignedIn, runAnju, screenshot, startServer } from './helpers.mjs';

const HOUSEHOLDS = 2000;
const APPLICATIONS = 100;
let data, account, server, browser, context;

before(async () => {
  data = await demoDatabase(HOUSEHOLDS);
  account = await createOfficer(data.db);
  server = await startServer(data.db);
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15000);
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  await data?.remove();
  if (exit) assert.deepEqual(exit, { code: 0, signal: null }, `anju serve exits 0 on SIGTERM:\n${server.stderr}`);
});

const problems = new WeakMap(); // page → its script errors

async function newPage() {
  const page = await context.newPage();
  const list = [];
  problems.set(page, list);
  page.on('pageerror', (e) => list.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // "Failed to load resource" is chromium noting a 4xx answer, which the
    // tests provoke and check themselves (and GET /api/v1/session is 404
    // without accounts: that is how the console knows)
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) list.push(`console: ${m.text()}`);
  });
  return page;
}

async function noProblems(page) {
  const csp = await page.evaluate(() => window.__csp);
  assert.deepEqual(csp, [], 'no Content-Security-Policy violations');
  assert.deepEqual(problems.get(page), [], 'no script errors in the browser');
}

/** The cells of a table's body rows, as text. */
async function tableRows(table) {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.innerText.trim())));
}

/** Clicks what starts a download and returns the file's bytes and name. */
async function download(page, locator) {
  const [d] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

function csvLines(bytes) {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte-order mark');
  return bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
}

async function household(id) {
  const r = await runAnju(['household', 'show', String(id), '--db', data.db]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('the staff console', () => {
  test('the dashboard draws its charts, each with its numbers as a table and CSV', async () => {
    const page = await newPage();
    await openSignedIn(page, server.base, '/', account);
    await page.locator('[data-test=dashboard]').waitFor();
    for (const chart of ['chart-districts', 'chart-programmes', 'chart-programme-districts']) {
      await page.locator(`[data-test=${chart}] [data-rendered=true]`).waitFor({ timeout: 15000 });
    }
    assert.match(await page.locator('[data-test=stat-total]').innerText(), /2,000/);
    if (account) assert.match(await page.locator('[data-test=user-name]').innerText(), new RegExp(account.display_name));
    else await page.locator('[data-test=no-accounts]').waitFor();
    await screenshot(page, 'dashboard');

    // households by district: the table adds up to every household
    const districts = page.locator('[data-test=chart-districts]');
    await districts.locator('[data-test=view-toggle]').getByText('表格').click();
    const rows = await tableRows(districts.locator('[data-test=chart-table]'));
    assert.equal(rows.length, 16, 'the 16 districts of Beijing');
    assert.ok(rows.some((r) => r[0] === '朝阳区'));
    assert.equal(rows.reduce((s, r) => s + Number(r[2].replace(/,/g, '')), 0), HOUSEHOLDS);
    const csv = csvLines((await download(page, districts.locator('[data-test=export-csv]'))).bytes);
    assert.equal(csv[0], '区县,区县代码,家庭数');
    assert.equal(csv.length, 17);

    // eligibility by programme: the table says what the API says
    const programmes = page.locator('[data-test=chart-programmes]');
    await programmes.locator('[data-test=view-toggle]').getByText('表格').click();
    const prows = await tableRows(programmes.locator('[data-test=chart-table]'));
    const summary = await (await page.request.get(`${server.base}/api/v1/eligibility/summary?programme=public_rental`)).json();
    const pr = prows.find((r) => r[0] === '公租房');
    assert.ok(pr, JSON.stringify(prows));
    assert.equal(pr[1], summary.run.as_of);
    assert.equal(Number(pr[3].replace(/,/g, '')), summary.total.eligible);
    assert.equal(Number(pr[4].replace(/,/g, '')), summary.total.ineligible);
    await screenshot(page, 'dashboard-tables');
    await noProblems(page);
    await page.close();
  });

  test('an officer finds a household by name, opens it and checks its eligibility with the reasons', async () => {
    const h = await household(7);
    const applicant = h.members.find((m) => m.relation === 'applicant');
    const page = await newPage();
    await openSignedIn(page, server.base, '/households', account);
    await page.locator('input[name=q]').fill(applicant.name);
    await page.locator('[data-test=search]').click();
    await page.waitForURL(/q=/);
    const row = page.locator('[data-test=household-table] tbody tr', { hasText: h.household_no });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[1].trim(), applicant.name);
    assert.match(cells[2].trim(), /^\d{6}\*{8}\d{3}[\dX]$/, 'ID numbers masked in the list');
    assert.match(await page.locator('[data-test=total]').innerText(), /共 [\d,]+ 条/);

    const list = csvLines((await download(page, page.locator('[data-test=export-csv]'))).bytes);
    assert.match(list[0], /^家庭编号,申请人,身份证号,区县/);
    assert.ok(list.some((l) => l.startsWith(`${h.household_no},${applicant.name},`)));

    await row.click();
    await page.waitForURL(/\/households\/7$/);
    await page.locator('[data-test=household-basic]', { hasText: h.household_no }).waitFor();
    assert.equal((await page.locator('[data-test=needs-accessible]').innerText()).trim(), h.needs_accessible ? '是' : '否');
    assert.equal(await page.locator('[data-test=members-table] .el-table__body-wrapper tbody tr').count(), h.members.length);

    await page.locator('#tab-eligibility').click();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/households/7/eligibility') && r.request().method() === 'POST'),
      page.locator('[data-test=eligibility-check]').click(),
    ]);
    const decision = await response.json();
    const result = page.locator('[data-test=result-public_rental]');
    await result.locator('[data-test=eligibility-verdict]').waitFor();
    assert.equal((await result.locator('[data-test=eligibility-verdict]').innerText()).trim(), decision.eligible ? '符合' : '不符合');
    const reasons = await result.locator('[data-test=criterion-reason]').allInnerTexts();
    assert.deepEqual(reasons.map((s) => s.trim()), decision.criteria.map((c) => c.message_zh));
    await screenshot(page, 'household-eligibility');

    await page.locator('[data-test=eligibility-check-all]').click();
    await page.locator('[data-test=result-shared_ownership] [data-test=eligibility-verdict]').waitFor();
    assert.ok(await page.locator('[data-test=eligibility-results] .el-collapse-item').count() >= 6);

    await page.locator('#tab-verification').click();
    await page.locator('[data-test=discrepancy-count]').waitFor();
    await screenshot(page, 'household-verification');
    await noProblems(page);
    await page.close();
  });

  test('switching to English changes the labels, Element Plus included, and back', async () => {
    const page = await newPage();
    await openSignedIn(page, server.base, '/households', account);
    await page.locator('[data-test=household-table] tbody tr').first().waitFor();
    assert.equal((await page.locator('[data-menu=households]').innerText()).trim(), '家庭档案');
    assert.match(await page.locator('.el-pagination__total').innerText(), /共 2000 条/);
    await page.locator('[data-test=lang-switch]').getByText('English').click();
    await page.locator('h2.page-title', { hasText: 'Households' }).waitFor();
    assert.equal((await page.locator('[data-menu=households]').innerText()).trim(), 'Households');
    assert.match(await page.locator('.el-pagination__total').innerText(), /Total 2000/);
    assert.match(await page.locator('[data-test=household-table] thead').innerText(), /Household no\./);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await screenshot(page, 'english');
    await page.reload();
    await page.locator('h2.page-title', { hasText: 'Households' }).waitFor(); // the choice is remembered
    await page.locator('[data-test=lang-switch]').getByText('中文').click();
    await page.locator('h2.page-title', { hasText: '家庭档案' }).waitFor();
    await noProblems(page);
    await page.close();
  });

  test('an error from the API is shown next to the field it names', async () => {
    const page = await newPage();
    await openSignedIn(page, server.base, '/households/12', account);
    await page.locator('#tab-eligibility').click();
    await page.locator('input[name=rent]').fill('12.345');
    await page.locator('[data-test=eligibility-check]').click();
    const rentError = page.locator('[data-test=field-rent] .el-form-item__error');
    await rentError.waitFor();
    assert.match(await rentError.innerText(), /12\.345.*两位小数/);
    assert.equal(await page.locator('[data-test=field-as_of] .el-form-item__error').count(), 0);

    await page.locator('input[name=rent]').fill('');
    const asOf = page.locator('[data-test=field-as_of] input');
    await asOf.fill('2000-01-01');
    await asOf.press('Enter');
    await page.locator('[data-test=eligibility-check]').click();
    const asOfError = page.locator('[data-test=field-as_of] .el-form-item__error');
    await asOfError.waitFor();
    assert.match(await asOfError.innerText(), /2000-01-01.*政策版本/);
    await rentError.waitFor({ state: 'hidden' }); // the earlier error is gone
    await screenshot(page, 'field-errors');
    await noProblems(page);
    await page.close();
  });

  test('the policy versions: the list, one version with its criteria and subsidy tiers', async () => {
    const page = await newPage();
    await openSignedIn(page, server.base, '/policies', account);
    const row = page.locator('[data-test=policy-table] tbody tr', { hasText: 'beijing' });
    await row.waitFor();
    assert.match(await row.innerText(), /北京市住房保障政策/);
    await row.click();
    await page.waitForURL(/\/policies\/\d+$/);
    await page.locator('h2.page-title', { hasText: 'beijing@2026.1' }).waitFor();
    await page.getByRole('tab', { name: '市场租房补贴' }).click();
    const pane = page.locator('.el-tab-pane:visible');
    assert.match(await pane.locator('.el-table').first().innerText(), /人均月收入/);
    const tiers = csvLines((await download(page, pane.locator('[data-test=export-csv]').nth(1))).bytes);
    assert.match(tiers[0], /^档次,条件,一般地区/);
    assert.equal(tiers.length, 7, 'six tiers');
    await screenshot(page, 'policy');
    await noProblems(page);
    await page.close();
  });

  test('a session that ends on the server sends to sign-in and back', async (t) => {
    if (!account) return t.skip('this build has no accounts yet');
    const page = await newPage();
    await openSignedIn(page, server.base, '/households', account);
    await context.clearCookies();
    await page.locator('[data-menu=policies]').click();
    await page.locator('[data-test=login-submit]').waitFor();
    assert.match(page.url(), /\/login\?redirect=/);
    await page.locator('input[name=username]').fill(account.username);
    await page.locator('input[name=password]').fill(account.password);
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=policies]').waitFor();
    await screenshot(page, 'session-expired');
    await page.close();
  });

  test('the portal and the public pages open without signing in; unknown routes show not-found', async () => {
    await context.clearCookies(); // signed out
    const page = await newPage();
    await page.goto(`${server.base}/apply/status`); // an unknown portal path: the portal's start
    await page.locator('[data-test=apply-home] [data-test=go-register]').waitFor();
    await page.goto(`${server.base}/public/notices`);
    await page.locator('[data-test=public-notices]').waitFor();
    await page.locator('[data-test=notice-table]').getByText('当前没有公示中的申请').waitFor();
    await page.goto(`${server.base}/no/such/page`);
    await page.getByText('页面不存在').waitFor();
    await screenshot(page, 'not-found');
    await noProblems(page);
    await page.close();
  });
  test('the dashboard: applications by state and district, waiting families by class — the tables say what the summaries say', async () => {
    // applications at every stage, a fifth of them filed (made last: the other tests see none)
    const made = await runAnju(['demo', 'applications', '--count', String(APPLICATIONS), '--db', data.db]);
    assert.equal(made.code, 0, made.stderr);
    const page = await newPage();
    await openSignedIn(page, server.base, '/', account);
    for (const chart of ['chart-app-states', 'chart-app-districts', 'chart-queues'])
      await page.locator(`[data-test=${chart}] [data-rendered=true]`).waitFor({ timeout: 15000 });
    const summary = async (what) => (await page.request.get(`${server.base}/api/v1/${what}/summary`)).json();
    const apps = await summary('applications');
    const queues = await summary('queues');
    const num = (s) => Number(s.replace(/,/g, ''));
    assert.equal(apps.applications, APPLICATIONS);
    assert.equal(num(await page.locator('[data-test=stat-applications] .stat-value').innerText()), APPLICATIONS);
    assert.equal(num(await page.locator('[data-test=stat-queue] .stat-value').innerText()), queues.families);
    await screenshot(page, 'dashboard-applications-queues');

    // by state: every state, in the workflow's order, the API's numbers
    const byState = page.locator('[data-test=chart-app-states]');
    await byState.locator('[data-test=view-toggle]').getByText('表格').click();
    const states = await tableRows(byState.locator('[data-test=chart-table]'));
    assert.deepEqual(states.map((r) => r[0]), ['草稿', '已提交', '街道审核', '区级审核', '市级备案审核', '公示中', '已备案', '待补正', '已驳回', '已撤回']);
    assert.deepEqual(states.map((r) => num(r[1])), Object.values(apps.by_state));

    // by district: each district's total, and its states in the columns
    const byDistrict = page.locator('[data-test=chart-app-districts]');
    await byDistrict.locator('[data-test=view-toggle]').getByText('表格').click();
    const table = byDistrict.locator('[data-test=chart-table]');
    const headers = (await table.locator('thead th').allInnerTexts()).map((s) => s.trim());
    const districts = await tableRows(table);
    assert.deepEqual(districts.map((r) => [r[1], num(r[2])]), apps.districts.map((d) => [d.district_code, d.applications]));
    const filedCol = headers.indexOf('已备案');
    assert.ok(filedCol > 2, headers.join());
    assert.deepEqual(districts.map((r) => num(r[filedCol])), apps.districts.map((d) => d.by_state.filed));

    // waiting families: one row per class with families, as the summary counts them
    const byClass = page.locator('[data-test=chart-queues]');
    await byClass.locator('[data-test=view-toggle]').getByText('表格').click();
    const classes = await tableRows(byClass.locator('[data-test=chart-table]'));
    const expected = queues.programmes.flatMap((p) => p.queues.flatMap((q) => q.classes.filter((c) => c.families)
      .map((c) => [p.programme === 'public_rental' ? '公租房' : p.programme, q.policy, String(c.class), c.class_name_zh, c.families])));
    assert.ok(expected.length > 1, JSON.stringify(queues));
    assert.deepEqual(classes.map((r) => [r[0], r[1], r[2], r[3], num(r[4])]), expected);
    assert.equal(classes.reduce((n, r) => n + num(r[4]), 0), queues.families);
    await screenshot(page, 'dashboard-applications-queues-tables');
    await noProblems(page);
    await page.close();
  });
});

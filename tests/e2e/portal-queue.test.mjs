// "An applicant applies and sees their queue position", in a real browser
// on a phone-sized screen: an applicant registers and binds their household
// (through the API), applies and submits on /apply, officers approve it
// through every level (through the API) into its 15-day publicity; on a
// second server whose today is after the publicity the city officer files
// it, and the applicant's portal shows the place — number 3 of 3, class 14,
// one family ahead in the class and one in a class before it — and why.
// Two other families were filed before, at the command line. On a third
// server, a month before the first re-report is due, the applicant
// re-reports from the card and the due date moves on two years.
// The servers share one database (sessions travel with it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  TODAY, addUser, apiSession, cheapHashing, cspListener, eligibleHousehold, emptyDatabase, idNumber, launchBrowser,
  noProblems, runAnju, screenshot, startServer, trackProblems,
} from './helpers.mjs';

cheapHashing(); // before any account is made or the server starts
const PASSWORD = 'Staff-console-2026';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const AFTER_PUBLICITY = '2026-11-30';
const BEFORE_DUE = '2028-11-10'; // the first re-report is due 2028-11-30

let data, browser;
const servers = [];
const accounts = {};

before(async () => {
  data = await emptyDatabase();
  accounts.street = await addUser(data.db, { username: 'q-street', password: PASSWORD, role: 'street_officer', scope: '110105001' });
  accounts.district = await addUser(data.db, { username: 'q-district', password: PASSWORD, role: 'district_officer', scope: '110105' });
  accounts.city = await addUser(data.db, { username: 'q-city', password: PASSWORD, role: 'city_officer', scope: '110000' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const s of servers) {
    const exit = await s.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, `anju serve exits 0 on SIGTERM:\n${s.stderr}`);
  }
  await data?.remove();
});

async function serve(today) {
  const s = await startServer(data.db, { today });
  servers.push(s);
  return s;
}

/** `anju application ARGS --json` on the database as of `today`. */
async function cli(today, ...args) {
  const r = await runAnju(['application', ...args, '--json', '--db', data.db], { env: { ANJU_TODAY: today } });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A family filed at the command line: reviewed on `opened`, filed 15 days later. */
async function filedAtTheCommandLine(hid, opened, filed) {
  let a = await cli(opened, 'create', String(hid), '--programme', 'public_rental');
  for (const action of ['submit', 'accept', 'approve', 'approve', 'approve'])
    a = await cli(opened, 'act', String(a.id), action, '--version', String(a.version));
  a = await cli(filed, 'act', String(a.id), 'file', '--version', String(a.version));
  assert.equal(a.state, 'filed');
}

describe('the applicant portal: the place on the waiting list', () => {
  test('an applicant applies and sees their queue position, then re-reports when it is due', async () => {
    const first = await serve(TODAY);
    const context = await browser.newContext(PHONE);
    context.setDefaultTimeout(15000);
    await cspListener(context);
    const staffApi = async (who, server) => apiSession((await browser.newContext()).request, server.base, accounts[who]);
    const street = await staffApi('street', first);

    // two families already waiting: a 低保 one (a class before) and one with none, filed earlier
    const household = async (no, a, b, categories) => {
      const r = await street.post('/api/v1/households', { ...eligibleHousehold(no, a, b), priority_categories: categories });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    const dibao = await household('QE-1', { name: '钱一', id: idNumber('110105', '19800101', 11) }, { name: '钱二', id: idNumber('110105', '19810202', 12) }, ['dibao']);
    const none = await household('QE-2', { name: '孙一', id: idNumber('110105', '19820303', 13) }, { name: '孙二', id: idNumber('110105', '19830404', 14) }, []);
    await filedAtTheCommandLine(dibao.id, '2026-10-01', '2026-10-20');
    await filedAtTheCommandLine(none.id, '2026-10-01', '2026-10-16');

    // the applicant: registered and bound through the API (the portal's own pages have their tests)
    const me = { name: '周晓雯', id: idNumber('110105', '19920815', 21) };
    const mine = await household('QE-3', me, { name: '吴强', id: idNumber('110105', '19900101', 22) }, []);
    const phone = '13600002222';
    const reg = await context.request.post(`${first.base}/api/v1/accounts`, { data: { phone, password: 'Zhou-xiaowen-2026', display_name: me.name } });
    assert.equal(reg.status(), 201, await reg.text());
    const applicant = await apiSession(context.request, first.base, { username: phone, password: 'Zhou-xiaowen-2026' });
    const bound = await applicant.post('/api/v1/me/household', { id_number: me.id, name: me.name });
    assert.equal(bound.status, 200, bound.text);

    // nothing filed yet: the card says so
    const page = trackProblems(await context.newPage());
    await page.goto(`${first.base}/apply`);
    await page.locator('[data-test=queue-empty]').waitFor();

    // apply and submit on the portal
    await page.locator('[data-test=new-application]').click();
    await page.locator('[data-test=programme-public_rental]').click();
    await page.locator('[data-test=open-application]').click();
    await page.locator('[data-test=state-tag][data-state=draft]').waitFor();
    await page.locator('[data-test=action-submit]').click();
    await page.locator('[data-test=state-tag][data-state=submitted]').waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    assert.ok(id > 0, page.url());
    assert.equal(await page.locator('[data-test=queue-card]').count(), 0, 'no place before filing');

    // every level approves, through the API: into publicity
    const step = async (session, action) => {
      const cur = await session.get(`/api/v1/applications/${id}`);
      const r = await session.post(`/api/v1/applications/${id}/actions`, { action, version: cur.json.version });
      assert.equal(r.status, 200, r.text);
      return r.json;
    };
    await step(street, 'accept');
    await step(street, 'approve');
    await step(await staffApi('district', first), 'approve');
    const inPublicity = await step(await staffApi('city', first), 'approve');
    assert.deepEqual([inPublicity.state, inPublicity.publicity_end], ['publicity', '2026-11-29']);

    // after the publicity, on a server whose today is 2026-11-30: filed
    const second = await serve(AFTER_PUBLICITY);
    const filed = await step(await staffApi('city', second), 'file');
    assert.deepEqual([filed.state, filed.filed_date], ['filed', AFTER_PUBLICITY]);

    // the portal: number 3 of 3, and why
    await page.goto(`${second.base}/apply`);
    const item = page.locator('[data-test=queue-item]', { hasText: filed.application_no });
    await item.waitFor();
    assert.match(await item.locator('[data-test=queue-position]').innerText(), /第\s*3\s*位，共 3 户/);
    assert.match(await item.locator('[data-test=queue-class]').innerText(), /第 14 类 无优先类别/);
    assert.match(await item.locator('[data-test=queue-ahead]').innerText(), /^1 户$/);
    const why = await item.locator('[data-test=queue-why]').innerText();
    assert.match(why, /您排在第 3 位（共 3 户）。前面有 1 户属于更优先的类别。您不属于任何优先类别/);
    assert.match(why, /1 户的备案日期早于您的 2026-11-30/);
    assert.equal(await item.locator('[data-test=re-report-due]').innerText(), '2028-11-30');
    assert.equal(await item.locator('[data-test=re-report-button]').count(), 0, 'not due for two years');
    // the same as the API says
    const api = await (await context.request.get(`${second.base}/api/v1/me/queue`)).json();
    assert.deepEqual(
      api.items.map((x) => [x.application_no, x.position, x.queue_size, x.class, x.ahead_in_class, x.ahead_in_higher_classes]),
      [[filed.application_no, 3, 3, 14, 1, 1]],
    );
    await item.scrollIntoViewIfNeeded();
    await screenshot(page, 'apply-queue-position');

    // the application's own page shows its place too
    await page.goto(`${second.base}/apply/applications/${id}`);
    await page.locator('[data-test=queue-item] [data-test=queue-position]', { hasText: '3' }).waitFor();

    // in English
    await page.evaluate(() => localStorage.setItem('anju.locale', 'en'));
    await page.goto(`${second.base}/apply`);
    const en = page.locator('[data-test=queue-item] [data-test=queue-why]');
    await en.waitFor();
    assert.match(await en.innerText(), /You are number 3 of 3/);
    assert.match(await page.locator('[data-test=queue-item] [data-test=queue-position]').innerText(), /Number\s*3\s*of 3 families/);
    await page.evaluate(() => localStorage.removeItem('anju.locale'));
    await noProblems(page);

    // twenty days before the first re-report is due: the button, and a re-report
    const third = await serve(BEFORE_DUE);
    await page.goto(`${third.base}/apply`);
    const due = page.locator('[data-test=queue-item]', { hasText: filed.application_no });
    await due.locator('[data-test=re-report-button]').click();
    await page.locator('[data-test=re-report-confirm]:visible').click();
    await due.locator('[data-test=re-report-due]', { hasText: '2030-11-30' }).waitFor();
    assert.equal(await due.locator('[data-test=re-report-button]').count(), 0);
    await screenshot(page, 'apply-queue-re-reported', { fullPage: false });
    await noProblems(page);
    await context.close();
  });
});

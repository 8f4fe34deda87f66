// The review workflow in a real browser, on a fresh database with the policy
// presets and accounts made with `anju user add`: an application goes through
// every level (street accepts and approves, district and city approve) into
// publicity, with a 409 when someone else acted, an objection and a refused
// filing, and its 公示 is on /public without sign-in, masked; a returned
// application is answered by its applicant on /apply and comes back; an
// applicant registers, fills in the household, applies, submits and sees the
// timeline (on a phone-sized screen); an auditor reads the audit log with the
// chain intact; an admin creates a street officer who then signs in.
// Households are posted through the API, applications opened and moved with
// the `anju application` command where that is quicker than the UI.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ROOT, TODAY, addUser, apiSession, application, cheapHashing, choose, cspListener, eligibleHousehold, emptyDatabase, idNumber,
  launchBrowser, maskId, noProblems, screenshot, signInStaff, startServer, trackProblems,
} from './helpers.mjs';

cheapHashing(); // before any account is made or the server starts
const PASSWORD = 'Staff-console-2026';
const NOW = new Date(`${TODAY}T02:00:00Z`); // 10:00 in Beijing on the server's today
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let data, server, browser, setup;
const accounts = {};
const pages = {}; // role → a signed-in page of its own context
const shared = {}; // what one test leaves for the next

before(async () => {
  data = await emptyDatabase();
  accounts.street = await addUser(data.db, { username: 'wf-street', password: PASSWORD, role: 'street_officer', scope: '110105001', name: '建外街道经办人' });
  accounts.district = await addUser(data.db, { username: 'wf-district', password: PASSWORD, role: 'district_officer', scope: '110105', name: '朝阳区审核人' });
  accounts.city = await addUser(data.db, { username: 'wf-city', password: PASSWORD, role: 'city_officer', scope: '110000', name: '市住房保障处' });
  accounts.auditor = await addUser(data.db, { username: 'wf-auditor', password: PASSWORD, role: 'auditor', name: '审计员' });
  accounts.admin = await addUser(data.db, { username: 'wf-admin', password: PASSWORD, role: 'admin', name: '管理员' });
  server = await startServer(data.db);
  browser = await launchBrowser();
  const api = await browser.newContext();
  setup = await apiSession(api.request, server.base, accounts.street);
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

/**
 * A signed-in staff page, one context per role, kept for the later tests:
 * signed in through the API (the sign-in page is the console tests'
 * business), then straight to `path`.
 */
async function staff(role, path = '/review') {
  if (!pages[role]) {
    const context = await newContext();
    await apiSession(context.request, server.base, accounts[role]);
    const page = trackProblems(await context.newPage());
    await page.goto(`${server.base}${path}`);
    await page.locator('.shell').waitFor();
    pages[role] = page;
  }
  return pages[role];
}

async function household(no, applicant, spouse) {
  const r = await setup.post('/api/v1/households', eligibleHousehold(no, applicant, spouse));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

/** Opens an application from the review inbox (only what waits for this role), navigating in the app. */
async function fromInbox(page, a) {
  if (new URL(page.url()).pathname === '/review') await page.locator('[data-test=reload]').click();
  else await page.locator('[data-menu=review]').click();
  const row = page.locator('[data-test=application-table] tbody tr', { hasText: a.application_no });
  await row.waitFor();
  await row.click();
  await page.locator('[data-test=application-no]', { hasText: a.application_no }).waitFor();
}

const stateIs = (page, state) => page.locator(`.page-head [data-test=state-tag][data-state=${state}]`).waitFor();

/** Takes one step through the action dialog; fill(page) fills its form. */
async function act(page, action, fill) {
  await page.locator(`[data-test=action-${action}]`).click();
  const confirm = page.locator('[data-test=action-confirm]:visible');
  await confirm.waitFor();
  if (fill) await fill(page);
  await confirm.click();
}

describe('the review workflow in the browser', () => {
  test('street accepts and approves, district and city approve: publicity; a 409, an objection, a filing refused; the 公示 on /public, masked', async () => {
    const applicant = { name: '欧阳娜娜', id: idNumber('110105', '19880512', 101) };
    const h = await household('E2E-WF-1', applicant, { name: '陈建国', id: idNumber('110105', '19860203', 103) });
    let a = await application(data.db, 'create', String(h.id), '--programme', 'public_rental');
    a = await application(data.db, 'act', String(a.id), 'submit', '--version', String(a.version));
    shared.first = a;

    const street = await staff('street');
    await fromInbox(street, a);
    await act(street, 'accept');
    await stateIs(street, 'street_review');
    await act(street, 'approve');
    await stateIs(street, 'district_review');
    assert.equal(await street.locator('[data-test=actions] button').count(), 0, 'nothing more for the street officer');

    const district = await staff('district');
    await fromInbox(district, a);
    assert.match(await district.locator('[data-test=rerun-verdict]').innerText(), /符合/);
    await act(district, 'approve');
    await stateIs(district, 'city_filing');

    const city = await staff('city');
    await fromInbox(city, a);
    await act(city, 'approve');
    await stateIs(city, 'publicity');
    assert.match(await city.locator('[data-test=application-info]').innerText(), new RegExp(`${TODAY} — 2026-11-29`));
    const events = await city.locator('[data-test=timeline] [data-test=event]').evaluateAll((els) => els.map((e) => e.dataset.action));
    assert.deepEqual(events, ['create', 'submit', 'accept', 'approve', 'approve', 'approve']);
    const actors = await city.locator('[data-test=event-actor]').allInnerTexts();
    assert.match(actors[2], /wf-street（街道经办人）/);
    assert.match(actors[4], /wf-district（区级审核人）/);

    // someone else acts meanwhile (an objection, in another tab): the reject is refused with 409, said, and reloaded
    const other = trackProblems(await city.context().newPage());
    await other.goto(`${server.base}/applications/${a.id}`);
    await other.locator('[data-test=objection-add]').click();
    await other.locator('input[name=objector]').fill('匿名');
    await other.locator('textarea[name=content]').fill('申请人名下另有住房');
    await other.locator('[data-test=objection-add-confirm]').click();
    await other.locator('[data-test=objection]').waitFor();
    await act(city, 'reject', (p) => p.locator('[data-test=field-reason] textarea').fill('经核实，申请人名下另有住房'));
    const conflict = city.locator('[data-test=conflict]');
    await conflict.waitFor();
    assert.match(await conflict.innerText(), /已被他人处理/);
    await city.locator('[data-test=objection]', { hasText: '申请人名下另有住房' }).waitFor(); // reloaded
    await stateIs(city, 'publicity');
    await screenshot(city, 'workflow-conflict', { fullPage: false });
    await other.close();

    await city.locator('[data-test=objection-resolve]').click();
    await city.locator('textarea[name=resolution]').fill('经核查，该住房已于 2025 年出售，异议不成立');
    await city.locator('[data-test=objection-resolve-confirm]').click();
    await city.locator('[data-test=objection-state]', { hasText: '异议不成立' }).waitFor();

    // filing before the publicity is over: the API's 422 in the dialog
    await act(city, 'file');
    await city.locator('[data-test=action-error]:visible', { hasText: '2026-11-30 起方可备案' }).waitFor();
    await city.keyboard.press('Escape');
    await noProblems(city);

    // the public notice, without signing in: masked as the API gives it
    const anon = trackProblems(await (await newContext()).newPage());
    await anon.goto(`${server.base}/public`);
    const row = anon.locator('[data-test=notice-table] tbody tr', { hasText: '欧***' });
    await row.waitFor();
    const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(cells.slice(0, 7), ['欧***', maskId(applicant.id), '公租房', '朝阳区', '建外街道', '2', `${TODAY} — 2026-11-29`]);
    const text = await anon.locator('body').innerText();
    assert.ok(!text.includes('欧阳娜娜') && !text.includes(applicant.id), 'never the full name or number');
    await screenshot(anon, 'public-notices');
    await anon.setViewportSize(PHONE.viewport);
    await anon.locator('[data-test=notice-card]', { hasText: '欧***' }).waitFor();
    await screenshot(anon, 'public-notices-phone');
    await noProblems(anon);
    await anon.context().close();
  });

  test('the verify-a-lottery page shows the steps and the very script of docs/lottery.md', async () => {
    const page = trackProblems(await (await newContext(PHONE)).newPage());
    await page.goto(`${server.base}/public/lottery`);
    const recipe = await page.locator('[data-test=recipe]').innerText();
    const doc = await readFile(join(ROOT, 'docs/lottery.md'), 'utf8');
    const block = /<!-- recipe:[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(doc)[1];
    assert.equal(recipe.trim(), block.trim());
    assert.match(await page.locator('[data-test=step-seed]').innerText(),
      /openssl dgst -sha256 -mac HMAC -macopt hexkey:7a06d2c4[0-9a-f]{56}\nSHA2-256\(stdin\)= 37a44542a5e8/);
    await screenshot(page, 'public-lottery-phone', { fullPage: false });
    await noProblems(page);
    await page.context().close();
  });

  test('a returned application is answered by its applicant on /apply and comes back', async () => {
    const applicant = { name: '李秀英', id: idNumber('110105', '19750918', 205) };
    const h = await household('E2E-WF-2', applicant, { name: '王强', id: idNumber('110105', '19730402', 207) });
    let a = await application(data.db, 'create', String(h.id), '--programme', 'public_rental');
    a = await application(data.db, 'act', String(a.id), 'submit', '--version', String(a.version));
    a = await application(data.db, 'act', String(a.id), 'accept', '--version', String(a.version));
    shared.second = a;

    // the applicant registers (through the API here; the next test does it on the page) and binds on /apply
    const context = await newContext(PHONE);
    await context.clock.setFixedTime(NOW);
    const phone = '13912345678';
    const reg = await context.request.post(`${server.base}/api/v1/accounts`, { data: { phone, password: 'Li-xiuying-2026', display_name: applicant.name } });
    assert.equal(reg.status(), 201, await reg.text());
    const me = trackProblems(await context.newPage());
    await me.goto(`${server.base}/apply/login`);
    await me.locator('input[name=phone]').fill(phone);
    await me.locator('input[name=password]').fill('Li-xiuying-2026');
    await me.locator('[data-test=login-submit]').click();
    await me.locator('[data-test=go-household]').click();
    await me.locator('input[name=id_number]').fill(applicant.id);
    await me.locator('input[name=name]').fill('李秀');
    await me.locator('[data-test=bind-submit]').click();
    await me.locator('[data-test=bind-not-found]').waitFor(); // the neutral 404, said kindly
    await screenshot(me, 'apply-bind-not-found');
    await me.locator('input[name=name]').fill(applicant.name);
    await me.locator('[data-test=bind-submit]').click();
    await me.locator('[data-test=my-household]', { hasText: 'E2E-WF-2' }).waitFor();
    await me.locator('[data-test=my-application]', { hasText: a.application_no }).waitFor();

    // the street officer returns it: what is missing, one item per line
    const street = await staff('street');
    await street.goto(`${server.base}/applications/${a.id}`);
    await act(street, 'return', async (p) => {
      await p.locator('textarea[name=missing]').fill('户口簿复印件\n\n近 12 个月收入证明\n');
      await p.locator('textarea[name=reason]').fill('收入材料不全');
    });
    await stateIs(street, 'returned');
    await street.locator('[data-test=correction] li').nth(1).waitFor();
    assert.deepEqual(await street.locator('[data-test=correction] li').allInnerTexts(), ['户口簿复印件', '近 12 个月收入证明']);

    // the applicant answers on the phone
    await me.goto(`${server.base}/apply`);
    const card = me.locator('[data-test=my-application]', { hasText: a.application_no });
    await card.locator('.el-tag', { hasText: '待您处理' }).waitFor();
    await card.click();
    await me.locator('[data-test=missing-list] li').nth(1).waitFor(); // the page has rendered the list
    assert.deepEqual(await me.locator('[data-test=missing-list] li').allInnerTexts(), ['户口簿复印件', '近 12 个月收入证明']);
    await screenshot(me, 'apply-returned');
    await me.locator('[data-test=action-resubmit]').click();
    await me.locator('[data-test=field-answer] .el-form-item__error').waitFor(); // an answer is needed
    await me.locator('textarea[name=answer]').fill('已将户口簿复印件和近 12 个月收入证明交到街道');
    await me.locator('[data-test=action-resubmit]').click();
    await me.locator('[data-test=state-tag][data-state=street_review]').first().waitFor();
    const first = me.locator('[data-test=timeline] [data-test=event]').first(); // newest first
    assert.equal(await first.getAttribute('data-action'), 'resubmit');
    assert.match(await first.innerText(), /已将户口簿复印件/);
    assert.match(await first.innerText(), /待补正 → 街道审核/);
    await noProblems(me);
    await context.close();

    // and it is back with the street officer, the answer in the history
    await street.locator('[data-test=reload]').click();
    await stateIs(street, 'street_review');
    await street.locator('[data-test=event-answer]', { hasText: '已将户口簿复印件' }).waitFor();
    await street.locator('[data-test=action-approve]').waitFor();
    await noProblems(street);
  });

  test('an applicant registers, fills in the household, applies, submits and sees the timeline', async () => {
    const context = await newContext(PHONE);
    await context.clock.setFixedTime(NOW);
    const page = trackProblems(await context.newPage());
    const phone = '13700001111';
    await page.goto(`${server.base}/apply`);
    await page.locator('[data-test=go-register]').click();
    await page.locator('input[name=phone]').fill(phone);
    await page.locator('input[name=display_name]').fill('赵小梅');
    await page.locator('input[name=password]').fill(`pw-${phone}`);
    await page.locator('input[name=again]').fill(`pw-${phone}`);
    await page.locator('[data-test=register-submit]').click();
    await page.locator('[data-test=field-password] .el-form-item__error', { hasText: '不能包含手机号' }).waitFor();
    await page.locator('input[name=password]').fill('Zhao-xiaomei-2026');
    await page.locator('input[name=again]').fill('Zhao-xiaomei-2026');
    await page.locator('[data-test=register-submit]').click();
    await page.locator('[data-test=go-household]').click();
    await page.locator('[data-test=go-household-form]').click();

    // the one-page household form
    await choose(page, page.locator('[data-test=hh-district]'), '朝阳区');
    await choose(page, page.locator('[data-test=hh-street]'), '建外街道');
    await page.locator('input[name=address]').fill('北京市朝阳区建外街道永安里 8 号 2-301');
    await page.locator('input[name=area]').fill('38.5');
    await page.locator('[data-test=hh-accessible]').click(); // 无障碍住房需求
    assert.equal(await page.locator('input[name=m0-name]').inputValue(), '赵小梅');
    const me = idNumber('110105', '19900607', 321);
    await page.locator('input[name=m0-id_number]').fill(`${me.slice(0, 17)}${me[17] === '0' ? '1' : '0'}`); // a wrong check digit
    await choose(page, page.locator('[data-test=m0-hukou]'), '朝阳区');
    await page.locator('[data-test=m0-marital]').getByText('已婚').click();
    await page.locator('input[name=m0-income]').fill('3200');
    await page.locator('[data-test=add-member]').click();
    await page.locator('input[name=m1-name]').fill('孙立');
    await page.locator('input[name=m1-id_number]').fill(idNumber('110105', '19890311', 333));
    await choose(page, page.locator('[data-test=m1-hukou]'), '朝阳区');
    await page.locator('input[name=m1-income]').fill('2800');
    await page.locator('[data-test=household-submit]').click();
    const idError = page.locator('[data-test="field-members[0].id_number"] .el-form-item__error');
    await idError.waitFor(); // the API's error under the field its path names
    assert.match(await idError.innerText(), /校验位/);
    await idError.scrollIntoViewIfNeeded();
    await screenshot(page, 'apply-household-error', { fullPage: false });
    await page.locator('input[name=m0-id_number]').fill(me);
    await page.locator('[data-test=household-submit]').click();
    await page.locator('[data-test=my-household]', { hasText: '永安里' }).waitFor();
    // the form sends no number: the server assigned the next one, W + year + 6 digits
    const brief = await page.locator('[data-test=my-household]').innerText();
    const no = brief.match(/\bW\d{10}\b/)?.[0];
    assert.match(no ?? brief, /^W2026\d{6}$/);
    const mine = await (await page.request.get(`${server.base}/api/v1/households?q=${no}`)).json();
    assert.equal(mine.items.length, 1);
    const stored = await (await page.request.get(`${server.base}/api/v1/households/${mine.items[0].id}`)).json();
    assert.equal(stored.household_no, no);
    assert.equal(stored.needs_accessible, true, 'the checkbox was sent');
    await page.locator('[data-test=queue-empty]').waitFor();

    // apply and submit
    await page.locator('[data-test=new-application]').click();
    await page.locator('[data-test=programme-public_rental]').click();
    await page.locator('[data-test=open-application]').click();
    await page.locator('[data-test=state-tag][data-state=draft]').waitFor();
    await page.locator('[data-test=action-submit]').click();
    await page.locator('[data-test=state-tag][data-state=submitted]').waitFor();
    const events = await page.locator('[data-test=timeline] [data-test=event]').evaluateAll((els) => els.map((e) => e.dataset.action));
    assert.deepEqual(events, ['submit', 'create']);
    assert.match(await page.locator('[data-test=timeline] [data-test=event-eligibility]').first().innerText(), /符合/);
    assert.match(await page.locator('[data-test=state-sentence]').innerText(), /等待街道受理/);
    await screenshot(page, 'apply-submitted');

    // and withdraws it, after saying so once more
    await page.locator('[data-test=action-withdraw]').click();
    await page.locator('[data-test=withdraw-confirm]').click();
    await page.locator('[data-test=state-tag][data-state=withdrawn]').waitFor();
    assert.equal(await page.locator('[data-test=action-withdraw]').count(), 0);
    await noProblems(page);
    await context.close();
  });

  test('an auditor reads the audit log, the hash chain intact, filtered by entity, anchored at its head', async () => {
    const page = await staff('auditor', '/audit');
    const badge = page.locator('[data-test=chain-badge]');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-intact'), 'true');
    const v = await (await page.request.get(`${server.base}/api/v1/audit/verification`)).json();
    assert.equal(v.intact, true);
    assert.match(await page.locator('[data-test=chain-head]').innerText(), new RegExp(`#${v.head_seq}\\s*${v.head_hash}`));

    await page.locator('input[name=entity]').fill(`application:${shared.first.id}`);
    await page.locator('[data-test=search]').click();
    await page.waitForURL(/entity=application/);
    await page.locator('[data-test=audit-table] tbody tr', { hasText: 'application.create' }).waitFor();
    const actions = await page.locator('[data-test=audit-table] tbody tr td:nth-child(6)').allInnerTexts();
    assert.deepEqual(actions.map((s) => s.trim()), ['application.approve', 'application.approve', 'application.approve',
      'application.accept', 'application.submit', 'application.create']);
    await screenshot(page, 'audit');

    await page.locator('input[name=head]').fill(`${v.head_seq}:${v.head_hash}`);
    await page.locator('[data-test=verify]').click();
    await page.locator('[data-test=chain-badge][data-intact=true]').waitFor();
    await noProblems(page);
  });

  test('an admin creates a street officer (the password rule under its field), disables and enables it; the officer signs in', async () => {
    const page = await staff('admin', '/users');
    await page.locator('[data-test=user-table] tbody tr', { hasText: 'wf-street' }).waitFor();
    await page.locator('[data-test=user-add]').click();
    await page.locator('input[name=new-username]').fill('jianwai2');
    await page.locator('input[name=display_name]').fill('建外街道二号');
    await choose(page, page.locator('[data-test=scope-select]'), '建外街道');
    await page.locator('input[name=new-password]').fill('jianwai2-password');
    await page.locator('[data-test=user-save]').click();
    await page.locator('[data-test=field-password] .el-form-item__error', { hasText: '不能包含用户名' }).waitFor();
    await page.locator('input[name=new-password]').fill('Street-officer-2026');
    await page.locator('[data-test=user-save]').click();
    const row = page.locator('[data-test=user-table] tbody tr', { hasText: 'jianwai2' });
    await row.waitFor();
    assert.match(await row.innerText(), /建外街道二号[\s\S]*街道经办人[\s\S]*建外街道[\s\S]*110105001[\s\S]*正常/);
    await row.locator('[data-test=user-toggle]').click();
    await row.locator('[data-test=user-state]', { hasText: '已停用' }).waitFor();
    await row.locator('[data-test=user-toggle]').click();
    await row.locator('[data-test=user-state]', { hasText: '正常' }).waitFor();
    await screenshot(page, 'users');
    await noProblems(page);

    // the new officer signs in, finds the answered application in the inbox, and rejects an ineligible one:
    // the reason is prefilled from the criteria the eligibility re-run found unmet
    const rich = eligibleHousehold('E2E-WF-3', { name: '钱多多', id: idNumber('110105', '19800101', 401) },
      { name: '孙富贵', id: idNumber('110105', '19810202', 403) });
    for (const m of rich.members) m.monthly_income = Array(12).fill('9000.00'); // 216,000.00 a year
    const created = await setup.post('/api/v1/households', rich);
    assert.equal(created.status, 201, created.text);
    let a = await application(data.db, 'create', String(created.json.id), '--programme', 'public_rental');
    a = await application(data.db, 'act', String(a.id), 'submit', '--version', String(a.version));
    a = await application(data.db, 'act', String(a.id), 'accept', '--version', String(a.version));

    const officer = trackProblems(await (await newContext()).newPage());
    await signInStaff(officer, server.base, { username: 'jianwai2', password: 'Street-officer-2026' }, '/review');
    await officer.locator('[data-test=application-table] tbody tr', { hasText: shared.second.application_no }).waitFor();
    await fromInbox(officer, a);
    assert.match(await officer.locator('[data-test=rerun-failed]').innerText(), /216,000\.00/);
    await officer.locator('[data-test=action-approve]').click();
    await officer.locator('.el-alert', { hasText: '应予驳回' }).waitFor(); // the dialog warns before the API refuses
    await officer.keyboard.press('Escape');
    await act(officer, 'reject', async (p) => {
      const reason = await p.locator('textarea[name=reason]').inputValue();
      assert.match(reason, /^经审核，不符合申请条件：\n1\. 家庭年收入 216,000\.00 元，高于/);
    });
    await stateIs(officer, 'rejected');
    await officer.locator('[data-test=event-reason]', { hasText: '216,000.00' }).waitFor();
    await screenshot(officer, 'workflow-rejected');
    await noProblems(officer);
    await officer.context().close();
  });
});

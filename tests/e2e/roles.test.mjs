// The console's side of the accounts contract (issue 4), with the session
// endpoints answered by the browser test itself as documented there:
// the menu follows the role, sign-in errors are shown next to the field they
// name, the CSRF token goes with state-changing requests, and a 401 sends to
// sign-in and back. The page and its files come from a real `anju serve`
// (on an empty database); every /api/ call is answered here, so the tests
// hold whether or not this build has accounts yet.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, screenshot, startServer } from './helpers.mjs';

let dir, server, browser;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-e2e-roles-'));
  server = await startServer(join(dir, 'anju.db'), { threads: 2 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

const CSRF = 'csrf-token-for-the-test';

function sessionBody(role) {
  return {
    account: { id: 7, username: `u-${role}`, display_name: `王${role}`, role, scope: role === 'street_officer' ? '110105001' : '110000', household_id: null },
    csrf_token: CSRF,
    expires_at: '2030-01-01T00:00:00Z',
  };
}

const problem = (status, title, errors = []) => ({
  type: `https://anju.example/problems/${status}`, title, status,
  detail: errors[0]?.message_zh ?? title, detail_en: errors[0]?.message_en ?? title, errors,
});

/**
 * A browser context whose /api/ calls are answered by handlers[path]
 * (method, body, headers) → {status, json}; the rest: empty lists and runs.
 */
async function mockedContext(handlers) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  context.setDefaultTimeout(15000);
  const seen = [];
  await context.route('**/api/**', async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    seen.push({ method: req.method(), path: url.pathname, headers: req.headers() });
    const h = handlers[url.pathname];
    let r = h ? h(req.method(), req.postDataJSON?.() ?? null, req.headers()) : null;
    if (!r) {
      if (url.pathname === '/api/v1/households') r = { status: 200, json: { items: [], page: 1, page_size: 20, total: 0 } };
      else if (url.pathname === '/api/v1/eligibility/summary')
        r = { status: 200, json: { programme: url.searchParams.get('programme'), run: null, districts: [], total: null } };
      else if (url.pathname === '/api/v1/policies') r = { status: 200, json: { items: [] } };
      else r = { status: 404, json: problem(404, 'Not found') };
    }
    await route.fulfill({
      status: r.status,
      contentType: r.status >= 400 ? 'application/problem+json' : 'application/json',
      body: r.status === 204 ? '' : JSON.stringify(r.json),
    });
  });
  return { context, seen };
}

const MENUS = {
  street_officer: ['dashboard', 'households', 'review', 'policies', 'stock', 'queue'],
  district_officer: ['dashboard', 'households', 'review', 'policies', 'stock', 'queue', 'rounds'],
  city_officer: ['dashboard', 'households', 'review', 'notices', 'policies', 'stock', 'queue', 'rounds'],
  operator: ['dashboard', 'policies', 'stock', 'rounds'],
  auditor: ['dashboard', 'households', 'policies', 'stock', 'queue', 'rounds', 'audit'],
  admin: ['dashboard', 'policies', 'users'],
};

describe('the console with accounts', () => {
  test('the menu follows the role, with the user and the role in the header', async () => {
    let role;
    const { context } = await mockedContext({ '/api/v1/session': () => ({ status: 200, json: sessionBody(role) }) });
    const page = await context.newPage();
    for (const [r, expected] of Object.entries(MENUS)) {
      role = r;
      await page.goto(`${server.base}/`); // a new page load asks for the session again
      await page.locator('[data-test=user-name]', { hasText: `王${role}` }).waitFor();
      await page.locator('[data-test=dashboard]').waitFor();
      const menu = await page.locator('[data-menu]').evaluateAll((els) => els.map((e) => e.dataset.menu));
      assert.deepEqual(menu, expected, role);
      assert.equal(await page.locator('[data-test=no-accounts]').count(), 0);
      if (role === 'city_officer') await screenshot(page, 'menu-city-officer');
      if (role === 'admin') {
        // a page the role may not open sends back to the dashboard
        await page.goto(`${server.base}/households`);
        await page.locator('[data-test=dashboard]').waitFor();
        assert.equal(new URL(page.url()).pathname, '/');
      }
    }
    await context.close();
  });

  test('sign-in errors from the API are shown next to the field they name; others above the form', async () => {
    let signedIn = false;
    const { context, seen } = await mockedContext({
      '/api/v1/session': (method, body) => {
        if (method === 'GET') return signedIn ? { status: 200, json: sessionBody('district_officer') } : { status: 401, json: problem(401, '未登录 / Unauthenticated') };
        if (method === 'POST') {
          if (body.password === 'locked') return { status: 429, json: problem(429, '已锁定', [{ field: '', message_zh: '尝试次数过多，账号已锁定 15 分钟', message_en: 'too many attempts; locked for 15 minutes' }]) };
          if (body.password !== 'right-password') return { status: 401, json: problem(401, '登录失败', [{ field: 'password', message_zh: '用户名或密码错误', message_en: 'wrong username or password' }]) };
          signedIn = true;
          return { status: 201, json: sessionBody('district_officer') };
        }
        return null;
      },
    });
    const page = await context.newPage();
    await page.goto(`${server.base}/households?q=%E5%BC%A0`);
    await page.waitForURL(/\/login\?redirect=/);
    await page.locator('[data-test=login-submit]').click();
    assert.match(await page.locator('[data-test=field-username] .el-form-item__error').innerText(), /请输入用户名/);
    await page.locator('input[name=username]').fill('wang');
    await page.locator('input[name=password]').fill('wrong');
    await page.locator('[data-test=login-submit]').click();
    const pwError = page.locator('[data-test=field-password] .el-form-item__error');
    await pwError.filter({ hasText: '用户名或密码错误' }).waitFor();
    await screenshot(page, 'login-field-error');
    await page.locator('input[name=password]').fill('locked');
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=login-error]', { hasText: '锁定' }).waitFor();
    await page.locator('input[name=password]').fill('right-password');
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=households]').waitFor(); // back where it was going
    assert.match(page.url(), /\/households\?q=/);
    const post = seen.find((s) => s.method === 'POST' && s.path === '/api/v1/session');
    assert.ok(post);
    await context.close();
  });

  test('state-changing requests carry the CSRF token; a 401 sends to sign-in and back', async () => {
    let expired = false;
    let signedIn = true;
    const { context, seen } = await mockedContext({
      '/api/v1/session': (method) => {
        if (method === 'GET') return signedIn ? { status: 200, json: sessionBody('city_officer') } : { status: 401, json: problem(401, '未登录') };
        if (method === 'POST') {
          signedIn = true;
          expired = false;
          return { status: 201, json: sessionBody('city_officer') };
        }
        if (method === 'DELETE') {
          signedIn = false;
          return { status: 204 };
        }
        return null;
      },
      '/api/v1/policies': () => (expired ? { status: 401, json: problem(401, '会话已过期') } : { status: 200, json: { items: [] } }),
      '/api/v1/households/3': () => ({ status: 200, json: {
        id: 3, household_no: 'BJ3', region_code: '110105001', district_code: '110105', contact_phone: '13800138000',
        housing: { address: '北京市朝阳区', area: '45.50', tenure: 'private_rental' }, priority_categories: [], income_end_month: '2026-10',
        members: [{ name: '张三', id_number: '110101199003071233', birth_date: '1990-03-07', sex: 'M', relation: 'applicant', hukou_region_code: '110105',
          hukou_urban: true, marital_status: 'married', disability_grade: 0, serious_illness: false, veteran: false, youfu: false, employer: '',
          work_region_code: '', social_insurance_months: 0, monthly_income: Array(12).fill('1000.00'),
          assets: { home_count: 0, home_area: '0.00', home_value: '0.00', vehicle_count: 0, vehicle_value: '0.00', deposits: '0.00', securities: '0.00', insurance: '0.00' } }],
        version: 1, created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' } }),
      '/api/v1/households/3/eligibility': () => ({ status: 422, json: problem(422, '校验未通过', [{ field: 'programme', message_zh: '不支持的保障方式', message_en: 'unsupported programme' }]) }),
    });
    const page = await context.newPage();
    await page.goto(`${server.base}/households/3`);
    await page.locator('[data-test=household-basic]', { hasText: 'BJ3' }).waitFor();
    await page.locator('#tab-eligibility').click();
    await page.locator('[data-test=eligibility-check]').click();
    await page.locator('[data-test=field-programme] .el-form-item__error', { hasText: '不支持的保障方式' }).waitFor();
    const check = seen.find((s) => s.method === 'POST' && s.path === '/api/v1/households/3/eligibility');
    assert.equal(check.headers['x-csrf-token'], CSRF);
    assert.equal(seen.filter((s) => s.method === 'GET').every((s) => !s.headers['x-csrf-token']), true, 'GET carries no token');

    expired = true; // the server ends the session
    await page.locator('[data-menu=policies]').click();
    await page.waitForURL(/\/login\?redirect=(%2F|\/)policies$/);
    await page.locator('.el-message', { hasText: '登录已过期' }).waitFor();
    await page.locator('input[name=username]').fill('wang');
    await page.locator('input[name=password]').fill('right-password');
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=policies]').waitFor();
    await screenshot(page, 'back-after-sign-in');

    // signing out
    await page.locator('[data-test=user-menu]').click();
    await page.locator('[data-test=logout]').click();
    await page.waitForURL(/\/login$/);
    assert.ok(seen.some((s) => s.method === 'DELETE' && s.path === '/api/v1/session' && s.headers['x-csrf-token'] === CSRF));
    await context.close();
  });
});

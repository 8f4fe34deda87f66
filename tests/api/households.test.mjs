// /api/v1/households: create, read, patch, list — and `anju household show`.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  api,
  assertProblem,
  createHousehold,
  freshId,
  household,
  member,
  runAnju,
  serveDuringTests, startServer,
} from './helpers.mjs';

const MASKED = /^\d{6}\*{8}\d{3}[\dX]$/;

const server = serveDuringTests();

describe('POST /api/v1/households', () => {
  test('creates: 201, Location, ETag, and the stored record with derived fields', async () => {
    const input = household({ priority_categories: ['elderly', 'dibao'] });
    const res = await api(server, 'POST', '/api/v1/households', { body: input });
    assert.equal(res.status, 201, res.text);
    const h = res.json;
    assert.ok(Number.isInteger(h.id) && h.id > 0);
    assert.equal(res.headers.get('location'), `/api/v1/households/${h.id}`);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.equal(h.version, 1);
    assert.equal(h.household_no, input.household_no);
    assert.equal(h.district_code, '110105');
    assert.deepEqual(h.housing, input.housing);
    assert.deepEqual(h.priority_categories, ['dibao', 'elderly'], 'categories in their canonical order');
    assert.equal(h.members.length, 2);
    assert.equal(h.members[0].id_number, input.members[0].id_number, 'the staff view has full ID numbers');
    assert.equal(h.members[0].birth_date, '1990-03-07');
    assert.match(h.members[0].sex, /^[MF]$/);
    assert.deepEqual(h.members[0].monthly_income, input.members[0].monthly_income);
    assert.deepEqual(h.members[0].assets, input.members[0].assets);
    assert.match(h.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(h.updated_at, h.created_at);
  });

  test('money and areas are canonical decimal strings: "3850.5" is stored as "3850.50"', async () => {
    const m = member({ monthly_income: ['3850.5', '0', '12', ...Array(9).fill('1.05')] });
    const h = await createHousehold(server, { members: [m], housing: { address: '某地', area: '7', tenure: 'owned' } });
    assert.deepEqual(h.members[0].monthly_income.slice(0, 4), ['3850.50', '0.00', '12.00', '1.05']);
    assert.equal(h.housing.area, '7.00');
  });

  test('read-only keys in the body are accepted and ignored', async () => {
    const input = household({ id: 999999, district_code: '999999', version: 42, created_at: 'x', updated_at: 'y' });
    input.members[0].birth_date = '2000-01-01';
    input.members[0].sex = 'F';
    const res = await api(server, 'POST', '/api/v1/households', { body: input });
    assert.equal(res.status, 201, res.text);
    assert.notEqual(res.json.id, 999999);
    assert.equal(res.json.district_code, '110105');
    assert.equal(res.json.version, 1);
    assert.equal(res.json.members[0].birth_date, '1990-03-07');
  });
});

describe('GET /api/v1/households/{id}', () => {
  test('returns the household with full ID numbers and its version as ETag', async () => {
    const created = await createHousehold(server);
    const res = await api(server, 'GET', `/api/v1/households/${created.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.deepEqual(res.json, created);
    assert.doesNotMatch(res.json.members[0].id_number, /\*/);
  });

  test('an id that does not exist is 404 naming id', async () => {
    const res = await api(server, 'GET', '/api/v1/households/987654321');
    assertProblem(res, 404, 'id');
    assert.match(res.json.detail_en, /987654321/);
  });
});

describe('PATCH /api/v1/households/{id}', () => {
  test('a merge patch changes what it names, bumps the version and keeps the rest', async () => {
    const h = await createHousehold(server);
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, {
      body: { version: 1, contact_phone: '010-87654321', housing: { area: '50.25' } },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.version, 2);
    assert.equal(res.headers.get('etag'), '"2"');
    assert.equal(res.json.contact_phone, '010-87654321');
    assert.deepEqual(res.json.housing, { ...h.housing, area: '50.25' });
    assert.deepEqual(res.json.members, h.members);
    assert.equal(res.json.created_at, h.created_at);
    const again = await api(server, 'GET', `/api/v1/households/${h.id}`);
    assert.deepEqual(again.json, res.json);
  });

  test('application/json is accepted as well as application/merge-patch+json', async () => {
    const h = await createHousehold(server);
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, {
      body: { version: 1, priority_categories: [] },
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.priority_categories, []);
  });

  test('members, when present, replace the whole list', async () => {
    const h = await createHousehold(server);
    const alone = member({ name: '王五', marital_status: 'divorced' });
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version: 1, members: [alone] } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.members.length, 1);
    assert.equal(res.json.members[0].name, '王五');
    // the removed members' ID numbers are free again
    const reuse = await api(server, 'POST', '/api/v1/households', {
      body: household({ members: [member({ id_number: h.members[1].id_number, marital_status: 'widowed' })] }),
    });
    assert.equal(reuse.status, 201, reuse.text);
  });

  test('a stale version is 409 naming version', async () => {
    const h = await createHousehold(server);
    const first = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version: 1, contact_phone: '13900000001' } });
    assert.equal(first.status, 200);
    const second = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version: 1, contact_phone: '13900000002' } });
    const e = assertProblem(second, 409, 'version');
    assert.match(e.message_en, /changed by someone else/);
    assert.equal((await api(server, 'GET', `/api/v1/households/${h.id}`)).json.contact_phone, '13900000001');
  });

  test('a patch without version is 428', async () => {
    const h = await createHousehold(server);
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { contact_phone: '13900000003' } });
    assertProblem(res, 428, 'version');
    assert.equal(res.json.type, 'https://anju.example/problems/precondition-required');
  });

  test('a version that is not a positive integer is 422', async () => {
    const h = await createHousehold(server);
    for (const version of ['1', 1.5, 0, null]) {
      const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version } });
      // null removes the key in a merge patch: that is "missing" (428)
      if (version === null) assertProblem(res, 428, 'version');
      else assertProblem(res, 422, 'version');
    }
  });

  test('a patch that is not an object is 400', async () => {
    const h = await createHousehold(server);
    assertProblem(await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: '[1]' }), 400);
  });

  test('the merged document is validated strictly, with JSON paths', async () => {
    const h = await createHousehold(server);
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, {
      body: { version: 1, housing: { area: 'big', color: 'red' }, members: [{ ...h.members[0], hukou_urban: 1 }] },
    });
    assertProblem(res, 422, 'housing.area');
    assertProblem(res, 422, 'housing.color');
    assertProblem(res, 422, 'members[0].hukou_urban');
    assert.equal((await api(server, 'GET', `/api/v1/households/${h.id}`)).json.version, 1, 'nothing saved');
  });

  test('null removes a key, so removing a required one is 422 "is required"', async () => {
    const h = await createHousehold(server);
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version: 1, contact_phone: null } });
    const e = assertProblem(res, 422, 'contact_phone');
    assert.equal(e.message_en, 'is required');
    assert.equal(e.message_zh, '缺少必填项');
  });

  test('rules still apply after a patch (bad check digit → 422 members[0].id_number)', async () => {
    const h = await createHousehold(server);
    const id = h.members[0].id_number;
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const members = [{ ...h.members[0], id_number: wrong }, h.members[1]];
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version: 1, members } });
    assertProblem(res, 422, 'members[0].id_number');
  });

  test('taking another household\'s ID number is 409', async () => {
    const a = await createHousehold(server);
    const b = await createHousehold(server);
    const members = [b.members[0], { ...b.members[1], id_number: a.members[1].id_number }];
    const res = await api(server, 'PATCH', `/api/v1/households/${b.id}`, { body: { version: 1, members } });
    const e = assertProblem(res, 409, 'members[1].id_number');
    assert.match(e.message_en, new RegExp(a.household_no));
  });

  test('an unknown id is 404', async () => {
    assertProblem(await api(server, 'PATCH', '/api/v1/households/987654321', { body: { version: 1 } }), 404, 'id');
  });

  test('of concurrent patches based on the same version exactly one wins; the rest are 409', async () => {
    const h = await createHousehold(server);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api(server, 'PATCH', `/api/v1/households/${h.id}`, {
          body: { version: 1, contact_phone: `1390000${String(i).padStart(4, '0')}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, ...Array(11).fill(409)]);
    const winner = results.find((r) => r.status === 200).json;
    const now = await api(server, 'GET', `/api/v1/households/${h.id}`);
    assert.equal(now.json.version, 2);
    assert.equal(now.json.contact_phone, winner.contact_phone);
  });
});

describe('concurrency', () => {
  test('parallel creates on several worker threads all succeed', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => api(server, 'POST', '/api/v1/households', { body: household() })),
    );
    assert.deepEqual([...new Set(results.map((r) => r.status))], [201]);
    assert.equal(new Set(results.map((r) => r.json.id)).size, 40);
  });
});

describe('GET /api/v1/households (list)', () => {
  // a district of its own (110108 海淀区) so counts are exact
  const district = '110108';
  const made = [];
  before(async () => {
    for (let i = 0; i < 23; i++) {
      const name = i < 3 ? `欧阳${['明', '华', '强'][i]}` : `赵${i}`;
      made.push(
        await createHousehold(server, {
          region_code: i % 2 ? '110108001' : '110108002',
          members: [member({ name, id_number: freshId('19800101', '110108'), marital_status: 'unmarried' })],
        }),
      );
    }
  });

  test('pages: page_size defaults to 20, items in id order, total counts all', async () => {
    const p1 = await api(server, 'GET', `/api/v1/households?district=${district}`);
    assert.equal(p1.status, 200);
    assert.equal(p1.json.page, 1);
    assert.equal(p1.json.page_size, 20);
    assert.equal(p1.json.total, 23);
    assert.deepEqual(p1.json.items.map((x) => x.id), made.slice(0, 20).map((x) => x.id));
    const p2 = await api(server, 'GET', `/api/v1/households?district=${district}&page=2`);
    assert.deepEqual(p2.json.items.map((x) => x.id), made.slice(20).map((x) => x.id));
    const p3 = await api(server, 'GET', `/api/v1/households?district=${district}&page=3&page_size=10`);
    assert.deepEqual(p3.json.items.map((x) => x.id), made.slice(20).map((x) => x.id));
    const beyond = await api(server, 'GET', `/api/v1/households?district=${district}&page=9`);
    assert.deepEqual(beyond.json.items, []);
    assert.equal(beyond.json.total, 23);
  });

  test('list items are summaries with the applicant ID number masked', async () => {
    const res = await api(server, 'GET', `/api/v1/households?district=${district}&page_size=1`);
    const [item] = res.json.items;
    const h = made[0];
    assert.deepEqual(Object.keys(item).sort(), [
      'applicant_id_number',
      'applicant_name',
      'district_code',
      'household_no',
      'id',
      'member_count',
      'priority_categories',
      'region_code',
      'updated_at',
    ]);
    assert.equal(item.id, h.id);
    assert.equal(item.applicant_name, h.members[0].name);
    assert.match(item.applicant_id_number, MASKED);
    const full = h.members[0].id_number;
    assert.equal(item.applicant_id_number, `${full.slice(0, 6)}********${full.slice(14)}`);
    assert.ok(!res.text.includes(full), 'the full number appears nowhere in the list');
    assert.equal(item.member_count, 1);
  });

  test('district filters', async () => {
    const other = await api(server, 'GET', '/api/v1/households?district=110105&page_size=100');
    assert.ok(other.json.items.every((x) => x.district_code === '110105'));
    assert.ok(other.json.items.every((x) => !made.some((m) => m.id === x.id)));
    const none = await api(server, 'GET', '/api/v1/households?district=110119');
    assert.equal(none.json.total, 0);
  });

  test('q finds by name prefix', async () => {
    const res = await api(server, 'GET', `/api/v1/households?q=${encodeURIComponent('欧阳')}`);
    assert.equal(res.json.total, 3);
    assert.deepEqual(res.json.items.map((x) => x.applicant_name).sort(), ['欧阳华', '欧阳强', '欧阳明'].sort());
    const one = await api(server, 'GET', `/api/v1/households?q=${encodeURIComponent('欧阳明')}`);
    assert.equal(one.json.total, 1);
  });

  test('q finds by ID-number suffix (4+ characters)', async () => {
    const target = made[5];
    const full = target.members[0].id_number;
    const res = await api(server, 'GET', `/api/v1/households?q=${full.slice(-6)}`);
    assert.ok(res.json.items.some((x) => x.id === target.id));
    assert.ok(res.json.items.every((x) => x.applicant_id_number.endsWith(full.slice(-4))));
    const whole = await api(server, 'GET', `/api/v1/households?q=${full}`);
    assert.deepEqual(whole.json.items.map((x) => x.id), [target.id]);
  });

  test('q finds by household number', async () => {
    const target = made[7];
    const res = await api(server, 'GET', `/api/v1/households?q=${encodeURIComponent(target.household_no)}`);
    assert.deepEqual(res.json.items.map((x) => x.id), [target.id]);
  });

  test('bad parameters are 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['page=-1', 'page'],
      ['page_size=0', 'page_size'],
      ['page_size=101', 'page_size'],
      ['page_size=', 'page_size'],
      ['district=1101', 'district'],
      ['district=11010a', 'district'],
      ['district=110105001', 'district'],
      ['sort=name', 'sort'],
      ['page=1&page=2', 'page'],
      [`q=${'x'.repeat(121)}`, 'q'],
    ]) {
      const res = await api(server, 'GET', `/api/v1/households?${query}`);
      assertProblem(res, 400, field);
    }
  });

  test('several bad parameters are all reported', async () => {
    const res = await api(server, 'GET', '/api/v1/households?page=0&page_size=1000&district=x');
    assertProblem(res, 400, 'page');
    assertProblem(res, 400, 'page_size');
    assertProblem(res, 400, 'district');
  });
});

describe('server-assigned household numbers', () => {
  const FORMAT = /^W2026\d{6}$/; // W + the year of today (ANJU_TODAY 2026-11-15) + 6 digits

  test('without household_no the server assigns W<year><6 digits> and returns it', async () => {
    const { household_no: _, ...input } = household();
    const res = await api(server, 'POST', '/api/v1/households', { body: input });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.household_no, FORMAT);
    const again = await api(server, 'GET', `/api/v1/households/${res.json.id}`);
    assert.equal(again.json.household_no, res.json.household_no);
  });

  test('null is the same as absent', async () => {
    const res = await api(server, 'POST', '/api/v1/households', { body: household({ household_no: null }) });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.household_no, FORMAT);
  });

  test('a given number is still honoured, and the next assigned one follows the largest', async () => {
    const mine = await createHousehold(server, { household_no: 'W2026500000' });
    assert.equal(mine.household_no, 'W2026500000');
    const res = await api(server, 'POST', '/api/v1/households', { body: household({ household_no: undefined }) });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.household_no, 'W2026500001');
  });

  test('concurrent creations get different numbers, one after another', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => api(server, 'POST', '/api/v1/households', { body: household({ household_no: undefined }) })),
    );
    assert.deepEqual([...new Set(results.map((r) => r.status))], [201], results.map((r) => r.text).join('\n'));
    const numbers = results.map((r) => r.json.household_no);
    for (const no of numbers) assert.match(no, FORMAT);
    assert.equal(new Set(numbers).size, 12);
    const seq = numbers.map((no) => Number(no.slice(5))).sort((a, b) => a - b);
    assert.equal(seq[11] - seq[0], 11, 'no gaps: each creation took the next number');
  });

  test('the audit entry of the creation records the assigned number', async () => {
    const res = await api(server, 'POST', '/api/v1/households', { body: household({ household_no: undefined }) });
    assert.equal(res.status, 201, res.text);
    const log = await api(server, 'GET', `/api/v1/audit?entity=household:${res.json.id}`, { session: await server.as('auditor') });
    assert.equal(log.status, 200, log.text);
    const entry = log.json.items.find((x) => x.action === 'household.create');
    assert.ok(entry, log.text);
    assert.match(entry.detail, new RegExp(`household_no=${res.json.household_no}\\b`));
  });

  test('a refused household without a number names the real problem, not household_no', async () => {
    const res = await api(server, 'POST', '/api/v1/households', { body: household({ household_no: undefined, region_code: '110105999' }) });
    assertProblem(res, 422, 'region_code');
    assert.ok(!res.json.errors.some((x) => x.field === 'household_no'), res.text);
  });

  test('a number of the wrong type is still 422 naming household_no', async () => {
    assertProblem(await api(server, 'POST', '/api/v1/households', { body: household({ household_no: 42 }) }), 422, 'household_no');
  });

  test('PATCH cannot remove the number: null is 422 naming household_no', async () => {
    const h = await createHousehold(server, { household_no: undefined });
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version: 1, household_no: null } });
    const e = assertProblem(res, 422, 'household_no');
    assert.equal(e.message_en, 'must not be empty');
    assert.equal((await api(server, 'GET', `/api/v1/households/${h.id}`)).json.household_no, h.household_no);
  });
});

describe('needs_accessible (无障碍住房需求)', () => {
  test('false when omitted; true is stored, shown and patched', async () => {
    const plain = await createHousehold(server);
    assert.equal(plain.needs_accessible, false);
    const h = await createHousehold(server, { needs_accessible: true });
    assert.equal(h.needs_accessible, true);
    assert.equal((await api(server, 'GET', `/api/v1/households/${h.id}`)).json.needs_accessible, true);
    const p = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version: 1, needs_accessible: false } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.needs_accessible, false);
    const q = await api(server, 'PATCH', `/api/v1/households/${h.id}`, { body: { version: 2, contact_phone: '13911110000' } });
    assert.equal(q.json.needs_accessible, false, 'a patch that does not name it keeps it');
  });

  test('not a boolean: 422 naming needs_accessible in both languages', async () => {
    const res = await api(server, 'POST', '/api/v1/households', { body: household({ needs_accessible: 1 }) });
    const e = assertProblem(res, 422, 'needs_accessible');
    assert.match(e.message_en, /boolean/);
    assert.match(e.message_zh, /布尔/);
  });

  test('anju household show prints it', async () => {
    const h = await createHousehold(server, { needs_accessible: true });
    const r = await runAnju(['household', 'show', String(h.id), '--db', server.db]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).needs_accessible, true);
  });
});

describe('anju household show', () => {
  test('prints the household as JSON with ID numbers masked', async () => {
    const h = await createHousehold(server);
    const r = await runAnju(['household', 'show', String(h.id), '--db', server.db]);
    assert.equal(r.code, 0, r.stderr);
    const shown = JSON.parse(r.stdout);
    assert.equal(shown.household_no, h.household_no);
    assert.match(shown.members[0].id_number, MASKED);
    assert.ok(!r.stdout.includes(h.members[0].id_number));
  });

  test('--unmasked prints full ID numbers, like the API', async () => {
    const h = await createHousehold(server);
    const r = await runAnju(['household', 'show', String(h.id), '--unmasked', '--db', server.db]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), h);
  });

  test('a household that does not exist is exit code 1 with a message', async () => {
    const r = await runAnju(['household', 'show', '987654321', '--db', server.db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /家庭 987654321 不存在/);
    assert.match(r.stderr, /household 987654321 does not exist/);
  });

  test('bad usage is exit code 2; --help is 0', async () => {
    for (const args of [['show'], ['show', 'abc'], ['show', '0'], ['list'], ['show', '1', '--bogus'], []]) {
      const r = await runAnju(['household', ...args, '--db', server.db]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    const help = await runAnju(['household', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /用法 \/ usage: anju household show ID/);
  });
});

// Every shape of a refused household: each problem names its JSON path and
// says what is wrong in Chinese and English; all problems come at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { api, assertProblem, checkChar, createHousehold, household, idNumber, member, serveDuringTests, startServer } from './helpers.mjs';

const server = serveDuringTests();

const post = (body) => api(server, 'POST', '/api/v1/households', { body });

/** Posts a household changed by edit(h); expects 422 naming field. */
async function refused(edit, field, status = 422) {
  const h = household();
  edit(h);
  const res = await post(h);
  const e = assertProblem(res, status, field);
  if (status === 422) assert.equal(res.json.type, 'https://anju.example/problems/validation-failed');
  return { res, e };
}

describe('rules of the record (422)', () => {
  test('a wrong check digit', async () => {
    const { e } = await refused((h) => {
      const id = h.members[0].id_number;
      h.members[0].id_number = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    }, 'members[0].id_number');
    assert.match(e.message_zh, /校验位/);
    assert.match(e.message_en, /check digit/);
  });

  test('an impossible birth date (30 February)', async () => {
    const first17 = '110101' + '19900230' + '123';
    const { e } = await refused((h) => (h.members[1].id_number = first17 + checkChar(first17)), 'members[1].id_number');
    assert.match(e.message_en, /date/i);
  });

  test('a birth date after today', async () => {
    await refused((h) => (h.members[1].id_number = idNumber('110101', '20991231', 5)), 'members[1].id_number');
  });

  test('a lowercase x check character', async () => {
    // find a number whose check character is X, then lower-case it
    let seq = 0;
    let id;
    do id = idNumber('110101', '19900307', ++seq);
    while (!id.endsWith('X'));
    await refused((h) => (h.members[0].id_number = id.slice(0, 17) + 'x'), 'members[0].id_number');
  });

  test('an unknown region code', async () => {
    const { e } = await refused((h) => (h.region_code = '110105999'), 'region_code');
    assert.match(e.message_en, /110105999/);
  });

  test('a region code that is not a street code', async () => {
    await refused((h) => (h.region_code = '110105'), 'region_code');
  });

  test('an invalid phone number', async () => {
    await refused((h) => (h.contact_phone = '12345'), 'contact_phone');
  });

  test('an income month in the future', async () => {
    await refused((h) => (h.income_end_month = '2099-01'), 'income_end_month');
  });

  test('two applicants', async () => {
    await refused((h) => (h.members[1].relation = 'applicant'), 'members');
  });

  test('a home area with no home (named by its JSON path)', async () => {
    await refused((h) => (h.members[0].assets.home_area = '10.00'), 'members[0].assets.home_area');
  });

  test('housing area with tenure "none" (named housing.area)', async () => {
    await refused((h) => (h.housing = { ...h.housing, tenure: 'none' }), 'housing.area');
  });

  test('an empty name', async () => {
    await refused((h) => (h.members[0].name = ''), 'members[0].name');
  });

  test('a control character in the address (named housing.address)', async () => {
    await refused((h) => (h.housing.address = 'room\t1'), 'housing.address');
  });
});

describe('form of the JSON (422)', () => {
  test('a missing field', async () => {
    const { e } = await refused((h) => delete h.members[0].name, 'members[0].name');
    assert.equal(e.message_zh, '缺少必填项');
    assert.equal(e.message_en, 'is required');
  });

  test('a missing nested field', async () => {
    await refused((h) => delete h.members[1].assets.deposits, 'members[1].assets.deposits');
    await refused((h) => delete h.housing.tenure, 'housing.tenure');
  });

  test('an unknown field', async () => {
    const { e } = await refused((h) => (h.members[0].nickname = '小张'), 'members[0].nickname');
    assert.match(e.message_en, /unknown key "nickname"/);
    await refused((h) => (h.extra = 1), 'extra');
    await refused((h) => (h.housing.floor = 3), 'housing.floor');
  });

  test('a wrong type', async () => {
    const { e } = await refused((h) => (h.members[0].hukou_urban = 'yes'), 'members[0].hukou_urban');
    assert.match(e.message_en, /must be a boolean.*got a string/);
    assert.match(e.message_zh, /布尔值/);
    await refused((h) => (h.members[0].disability_grade = '0'), 'members[0].disability_grade');
    await refused((h) => (h.members[0].social_insurance_months = 3.5), 'members[0].social_insurance_months');
    await refused((h) => (h.members = {}), 'members');
    await refused((h) => (h.priority_categories = 'dibao'), 'priority_categories');
  });

  test('shape errors and rule errors come in one answer', async () => {
    const h = household();
    h.members[0].hukou_urban = 'yes'; // a wrong type (shape)
    const id = h.members[1].id_number; // a wrong check digit (rule)
    h.members[1].id_number = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    h.region_code = '110105999'; // not in the region table (rule)
    const res = await post(h);
    assertProblem(res, 422, 'members[0].hukou_urban');
    const fields = res.json.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['members[0].hukou_urban', 'members[1].id_number', 'region_code']);
  });

  test('a rule error on a field the parser refused is not repeated', async () => {
    const h = household();
    h.members[0].name = 42; // wrong type; the empty name it leaves must not be reported too
    const res = await post(h);
    assertProblem(res, 422, 'members[0].name');
    assert.equal(res.json.errors.filter((e) => e.field === 'members[0].name').length, 1);
  });

  test('money as a JSON number is refused: amounts are strings', async () => {
    const { e } = await refused((h) => (h.members[0].monthly_income[3] = 3850), 'members[0].monthly_income[3]');
    assert.match(e.message_en, /as a string/);
    await refused((h) => (h.housing.area = 45.5), 'housing.area');
  });

  test('money with 3 decimals', async () => {
    const { e } = await refused((h) => (h.members[0].monthly_income[5] = '3850.123'), 'members[0].monthly_income[5]');
    assert.match(e.message_zh, /两位小数/);
    assert.match(e.message_en, /two decimals/);
  });

  test('money with a sign, separators or an exponent', async () => {
    for (const v of ['-1.00', '3,850.00', '1e3', ' 12', ''])
      await refused((h) => (h.members[0].assets.deposits = v), 'members[0].assets.deposits');
  });

  test('monthly income must have exactly 12 months', async () => {
    await refused((h) => h.members[0].monthly_income.pop(), 'members[0].monthly_income');
  });

  test('an unknown code value lists the known ones', async () => {
    const { e } = await refused((h) => (h.housing.tenure = 'castle'), 'housing.tenure');
    assert.match(e.message_en, /private_rental/);
    await refused((h) => (h.members[1].relation = 'friend'), 'members[1].relation');
    await refused((h) => (h.priority_categories = ['dibao', 'vip']), 'priority_categories[1]');
    await refused((h) => (h.priority_categories = ['dibao', 'dibao']), 'priority_categories[1]');
  });

  test('an out-of-range integer', async () => {
    await refused((h) => (h.members[0].disability_grade = 5), 'members[0].disability_grade');
    await refused((h) => (h.members[0].social_insurance_months = 721), 'members[0].social_insurance_months');
  });

  test('no members, or more than 20', async () => {
    await refused((h) => (h.members = []), 'members');
    await refused((h) => (h.members = Array.from({ length: 21 }, () => member({ relation: 'child' }))), 'members');
  });

  test('a text field over its byte limit', async () => {
    await refused((h) => (h.household_no = 'X'.repeat(33)), 'household_no');
    await refused((h) => (h.members[0].name = '张'.repeat(41)), 'members[0].name');
  });

  test('a body that is not an object', async () => {
    assertProblem(await post('[]'), 422, '');
  });

  test('every problem is reported at once, not only the first', async () => {
    const h = household();
    delete h.contact_phone;
    h.housing.area = '1.234';
    h.members[0].extra = true;
    h.members[1].monthly_income[11] = 'abc';
    h.members[1].assets.home_count = -1;
    const res = await post(h);
    for (const f of ['contact_phone', 'housing.area', 'members[0].extra', 'members[1].monthly_income[11]', 'members[1].assets.home_count'])
      assertProblem(res, 422, f);
    assert.equal(res.json.errors.length, 5);
    assert.match(res.json.detail, /5 处错误/);
    assert.match(res.json.detail_en, /5 errors/);
  });
});

describe('conflicts (409)', () => {
  test('a duplicate ID number names members[0].id_number and the household that has it', async () => {
    const first = await createHousehold(server);
    const h = household();
    h.members[0].id_number = first.members[0].id_number;
    const res = await post(h);
    const e = assertProblem(res, 409, 'members[0].id_number');
    assert.equal(res.json.type, 'https://anju.example/problems/conflict');
    assert.match(e.message_zh, new RegExp(`已登记在家庭 ${first.household_no}`));
    assert.match(e.message_en, new RegExp(`already registered in household ${first.household_no}`));
  });

  test('a duplicate household number names household_no', async () => {
    const first = await createHousehold(server);
    const res = await post(household({ household_no: first.household_no }));
    const e = assertProblem(res, 409, 'household_no');
    assert.match(e.message_en, /already exists/);
  });

  test('the same ID number twice in one household is a rule error (422)', async () => {
    const h = household();
    h.members[1].id_number = h.members[0].id_number;
    assertProblem(await post(h), 422, 'members[1].id_number');
  });

  test('a refused household leaves nothing behind', async () => {
    const h = household();
    const dup = await createHousehold(server);
    h.members[1].id_number = dup.members[0].id_number; // the second member conflicts
    assertProblem(await post(h), 409, 'members[1].id_number');
    // the first member's number and the household number are still free
    const again = household({ household_no: h.household_no });
    again.members[0].id_number = h.members[0].id_number;
    assert.equal((await post(again)).status, 201);
  });
});

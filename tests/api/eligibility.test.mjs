// Eligibility, verification and policy versions over HTTP: the decision
// names the policy version and explains every criterion with its figures;
// a new version never changes a decision already made; the verification
// report (核对报告) shows each discrepancy with its evidence, and the
// decision then uses the verified figures.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { api, assertProblem, createHousehold, member, runAnju, serveDuringTests } from './helpers.mjs';

const server = serveDuringTests({
  onStart: async (s) => {
    const r = await runAnju(['policy', 'import', '--presets', '--db', s.db]);
    assert.equal(r.code, 0, r.stderr);
  },
});

const scratch = await mkdtemp(join(tmpdir(), 'anju-elig-'));
after(() => rm(scratch, { recursive: true, force: true }));

function sql(db, query) {
  return new Promise((ok, fail) =>
    execFile('sqlite3', [db, query], (err, stdout) => (err ? fail(err) : ok(stdout.trim()))),
  );
}

const check = (id, body) => api(server, 'POST', `/api/v1/households/${id}/eligibility`, { body });

describe('POST /api/v1/households/{id}/eligibility', () => {
  test('public rental: eligible, every criterion explained with its figures and source', async () => {
    const h = await createHousehold(server);
    const res = await check(h.id, { programme: 'public_rental', as_of: '2026-11-15' });
    assert.equal(res.status, 200, res.text);
    const d = res.json;
    assert.equal(d.eligible, true);
    assert.equal(d.programme, 'public_rental');
    assert.equal(d.household_id, h.id);
    assert.equal(d.policy.code, 'beijing');
    assert.ok(d.policy.id > 0);
    assert.equal(d.as_of, '2026-11-15');
    assert.match(d.summary_zh, /^符合公租房/);
    const income = d.criteria.find((c) => c.criterion === 'annual_income_max');
    assert.ok(income, JSON.stringify(d.criteria));
    assert.equal(income.pass, true);
    assert.equal(income.verified, false);
    // two members at 3,850.00 a month: 92,400.00 a year, at most 100,000.00 for <= 3 people
    assert.match(income.message_zh, /92,400\.00 元/);
    assert.match(income.message_zh, /100,000\.00/);
    assert.match(income.message_en, /92,400\.00/);
    assert.ok(income.source.document.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(income.source.effective));
    assert.ok(d.criteria.every((c) => c.pass));
    assert.deepEqual(d.priority.sort(), ['dibao']);
    assert.equal(d.subsidy, null);
    // the decision is stored with its policy version and reasons
    const row = await sql(server.db, `SELECT policy_id, eligible, programme FROM eligibility_decision WHERE id = ${d.id}`);
    assert.equal(row, `${d.policy.id}|1|public_rental`);
  });

  test('an income above the limit fails that criterion and says by how much it is above', async () => {
    const rich = { monthly_income: Array(12).fill('4500.00') };
    const h = await createHousehold(server, {
      members: [member(rich), member({ ...rich, name: '李四', relation: 'spouse' })],
    });
    const res = await check(h.id, { programme: 'public_rental', as_of: '2026-11-15' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.eligible, false);
    const income = res.json.criteria.find((c) => c.criterion === 'annual_income_max');
    assert.equal(income.pass, false);
    assert.match(income.message_zh, /108,000\.00 元.*高于/);
    assert.match(res.json.summary_zh, /^不符合公租房申请条件：1 项条件未满足/);
  });

  test('market rent subsidy: 低保 is tier 1, paid up to the registered rent', async () => {
    const h = await createHousehold(server);
    const full = await check(h.id, { programme: 'market_rent_subsidy', as_of: '2026-11-15' });
    assert.equal(full.status, 200, full.text);
    assert.equal(full.json.eligible, true);
    assert.equal(full.json.subsidy.tier, 1);
    assert.equal(full.json.subsidy.large_household, false);
    assert.equal(full.json.subsidy.monthly_amount, '2500.00');
    const capped = await check(h.id, { programme: 'market_rent_subsidy', as_of: '2026-11-15', rent: '2000.00' });
    assert.equal(capped.json.subsidy.monthly_amount, '2000.00');
    assert.equal(capped.json.subsidy.capped_at_rent, true);
  });

  test('every problem with the request is named at once; unknown households are 404', async () => {
    const h = await createHousehold(server);
    const bad = await check(h.id, { programme: 'palace', as_of: '2026-13-01', rent: '-5', colour: 'red' });
    assertProblem(bad, 422, 'programme');
    assertProblem(bad, 422, 'as_of');
    assertProblem(bad, 422, 'rent');
    assertProblem(bad, 422, 'colour');
    assertProblem(await check(h.id, {}), 422, 'programme');
    assertProblem(await check(987654321, { programme: 'public_rental' }), 404);
    // no policy version is in force yet in 2001
    assertProblem(await check(h.id, { programme: 'public_rental', as_of: '2001-01-01' }), 422, 'as_of');
    const text = await api(server, 'POST', `/api/v1/households/${h.id}/eligibility`, {
      body: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    assertProblem(text, 415);
  });
});

describe('policy versions', () => {
  test('listed and shown with their canonical document and hash', async () => {
    const list = await api(server, 'GET', '/api/v1/policies');
    assert.equal(list.status, 200);
    const codes = list.json.items.map((p) => p.code).sort();
    assert.deepEqual(codes, ['beijing', 'beitun']);
    const bj = list.json.items.find((p) => p.code === 'beijing');
    const one = await api(server, 'GET', `/api/v1/policies/${encodeURIComponent(`beijing@${bj.version}`)}`);
    assert.equal(one.status, 200);
    assert.equal(one.json.id, bj.id);
    assert.equal(one.json.document.code, 'beijing');
    assert.match(one.json.sha256, /^[0-9a-f]{64}$/);
    assertProblem(await api(server, 'GET', '/api/v1/policies/nowhere@1'), 404);
    assertProblem(await api(server, 'GET', '/api/v1/policies/999'), 404);
  });

  test('a new version decides from its date on; decisions already made keep theirs', async () => {
    const h = await createHousehold(server);
    const before = await check(h.id, { programme: 'public_rental', as_of: '2026-11-15' });
    assert.equal(before.json.eligible, true);
    const current = await api(server, 'GET', `/api/v1/policies/${before.json.policy.id}`);
    const doc = structuredClone(current.json.document);
    doc.version = 'test-strict';
    doc.effective = '2026-11-20';
    lowerAnnualIncomeLimit(doc);
    const file = join(scratch, 'strict.json');
    await writeFile(file, JSON.stringify(doc));
    const imp = await runAnju(['policy', 'import', file, '--db', server.db]);
    assert.equal(imp.code, 0, imp.stderr);
    // before its effective date the old version still decides
    const still = await check(h.id, { programme: 'public_rental', as_of: '2026-11-19' });
    assert.equal(still.json.policy.id, before.json.policy.id);
    assert.equal(still.json.eligible, true);
    const after = await check(h.id, { programme: 'public_rental', as_of: '2026-11-20' });
    assert.equal(after.json.policy.version, 'test-strict');
    assert.equal(after.json.eligible, false);
    // the first decision is unchanged in the database
    const row = await sql(server.db, `SELECT policy_id, eligible FROM eligibility_decision WHERE id = ${before.json.id}`);
    assert.equal(row, `${before.json.policy.id}|1`);
    // importing the same version with other content is refused
    doc.name_zh = '改名';
    await writeFile(file, JSON.stringify(doc));
    const again = await runAnju(['policy', 'import', file, '--db', server.db]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /新的版本号/);
  });
});

describe('summary', () => {
  test('counts the latest run by district', async () => {
    const none = await api(server, 'GET', '/api/v1/eligibility/summary?programme=talent');
    assert.equal(none.status, 200);
    assert.equal(none.json.run, null);
    await createHousehold(server);
    const run = await runAnju(['eligibility', 'run', '--programme', 'public_rental', '--as-of', '2026-11-15', '--db', server.db]);
    assert.equal(run.code, 0, run.stderr);
    const n = Number(await sql(server.db, 'SELECT count(*) FROM household'));
    const res = await api(server, 'GET', '/api/v1/eligibility/summary?programme=public_rental');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.total.households, n);
    assert.ok(res.json.total.eligible >= 1);
    assert.deepEqual(res.json.districts.map((d) => d.district_code), ['110105']);
    const other = await api(server, 'GET', '/api/v1/eligibility/summary?programme=public_rental&district=110101');
    assert.deepEqual(other.json.districts, []);
    assertProblem(await api(server, 'GET', '/api/v1/eligibility/summary'), 400, 'programme');
    assertProblem(await api(server, 'GET', '/api/v1/eligibility/summary?programme=x&district=1'), 400, 'district');
  });
});

/** The strict test version: households of up to 3 people may earn at most 50,000.00 a year. */
function lowerAnnualIncomeLimit(doc) {
  const c = doc.programmes.public_rental.criteria.find((x) => x.criterion === 'annual_income_max');
  c.by_size[0].amount = '50000.00';
}

describe('verification (核对) and decisions on verified figures', () => {
  test('an undeclared home in the property registry is a discrepancy with its evidence, and the decision uses it', async () => {
    const h = await createHousehold(server);
    const applicant = h.members[0];
    const file = join(scratch, 'property.csv');
    await writeFile(
      file,
      'id_number,name,certificate_no,address,area,value\n' +
        `${applicant.id_number},${applicant.name},京(2021)朝阳区不动产权第0001234号,北京市朝阳区某街 1 号,85.20,3000000.00\n`,
    );
    const imp = await runAnju(['feeds', 'import', 'property', file, '--db', server.db]);
    assert.equal(imp.code, 0, imp.stderr);

    assertProblem(await api(server, 'GET', `/api/v1/households/${h.id}/verification`), 404);
    const run = await api(server, 'POST', `/api/v1/households/${h.id}/verification`);
    assert.equal(run.status, 201, run.text);
    assert.equal(run.headers.get('location'), `/api/v1/households/${h.id}/verification`);
    const count = run.json.discrepancies.find((d) => d.field === 'home_count');
    assert.ok(count, JSON.stringify(run.json.discrepancies));
    assert.equal(count.source, 'property');
    assert.equal(count.member_seq, 1);
    assert.equal(count.declared, '0');
    assert.equal(count.found, '1');
    assert.match(count.evidence, /line 2/);
    assert.match(count.evidence, /京\(2021\)朝阳区不动产权第0001234号/);
    assert.match(count.member_id_number, /^\d{6}\*{8}\d{3}[\dX]$/, 'ID numbers are masked in the report');
    assert.deepEqual(run.json.sources.map((s) => s.source), ['property']);
    const again = await api(server, 'GET', `/api/v1/households/${h.id}/verification`);
    assert.equal(again.status, 200);
    assert.equal(again.json.id, run.json.id);
    assert.equal(again.json.changed_since, false);

    // 市场租房补贴 needs a household without a home: the registry says otherwise
    const d = await check(h.id, { programme: 'market_rent_subsidy', as_of: '2026-11-15' });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.eligible, false);
    assert.ok(d.json.verified_sources.includes('property'));
    const noHome = d.json.criteria.find((c) => c.criterion === 'no_home');
    assert.equal(noHome.pass, false);
    assert.equal(noHome.verified, true);
    assert.match(noHome.message_zh, /（经核对）$/);
  });
});

// The audit log over HTTP: every change made through the API (and the CLI)
// appears in GET /api/v1/audit with its action and entity, chained by hash;
// filters and paging; GET /api/v1/audit/verification; and tampering with
// the database file directly (the sqlite3 tool) makes both the endpoint and
// `anju audit verify` name the entry.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { api, assertProblem, checkSchema, createHousehold, runAnju, serveDuringTests, staff } from './helpers.mjs';

let doc;
let auditor; // the log is for auditors (changes are made as the default city officer)
const server = serveDuringTests({
  onStart: async (s) => {
    doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
    auditor = await staff(s, 'auditor');
    const r = await runAnju(['policy', 'import', '--presets', '--db', s.db]);
    assert.equal(r.code, 0, r.stderr);
  },
});

const FEED = new URL('../data/feeds/property.csv', import.meta.url).pathname;
const HEX64 = /^[0-9a-f]{64}$/;

function sql(db, query) {
  return new Promise((ok, fail) =>
    execFile('sqlite3', [db, query], (err, stdout, stderr) => (err ? fail(new Error(stderr)) : ok(stdout.trim()))),
  );
}

async function audit(query = '') {
  const res = await api(server, 'GET', `/api/v1/audit${query}`, { session: auditor });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(checkSchema(doc, { $ref: '#/components/schemas/AuditList' }, res.json), []);
  return res.json;
}

/** Every entry, oldest first. */
async function allEntries() {
  const out = [];
  for (let page = 1; ; page++) {
    const p = await audit(`?page=${page}&page_size=100`);
    out.push(...p.items);
    if (out.length >= p.total || p.items.length === 0) break;
  }
  return out.reverse();
}

async function verification(query = '') {
  const res = await api(server, 'GET', `/api/v1/audit/verification${query}`, { session: auditor });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(checkSchema(doc, { $ref: '#/components/schemas/AuditVerification' }, res.json), []);
  return res.json;
}

describe('GET /api/v1/audit', () => {
  test('a household created and patched through the API: household.create then household.replace', async () => {
    const h = await createHousehold(server);
    const created = await audit(`?entity=household:${h.id}`);
    assert.equal(created.total, 1);
    const c = created.items[0];
    assert.equal(c.action, 'household.create');
    assert.equal(c.entity_type, 'household');
    assert.equal(c.entity_id, String(h.id));
    assert.equal(c.actor, 'city');
    assert.equal(c.actor_id, server.session.account.id);
    assert.equal(c.role, 'city_officer');
    assert.equal(c.before_digest, '');
    assert.match(c.after_digest, HEX64);
    assert.match(c.hash, HEX64);
    assert.ok(c.detail.includes(h.household_no));

    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, {
      body: { version: 1, contact_phone: '13911112222' },
    });
    assert.equal(res.status, 200, res.text);
    const both = await audit(`?entity=household:${h.id}`);
    assert.equal(both.total, 2);
    const [r, c2] = both.items; // newest first
    assert.deepEqual(c2, c);
    assert.equal(r.action, 'household.replace');
    assert.equal(r.seq, c.seq + 1);
    assert.equal(r.prev_hash, c.hash);
    // the record replaced is exactly the one created: the same canonical bytes
    assert.equal(r.before_digest, c.after_digest);
    assert.match(r.after_digest, HEX64);
    assert.notEqual(r.after_digest, r.before_digest);
  });

  test('a household create that fails validation leaves no entry', async () => {
    const before = (await audit()).total;
    const res = await api(server, 'POST', '/api/v1/households', { body: { household_no: 'X' } });
    assert.equal(res.status, 422);
    assert.equal((await audit()).total, before);
  });

  test('eligibility checks and verifications made through the API are logged against the household', async () => {
    const h = await createHousehold(server);
    const e = await api(server, 'POST', `/api/v1/households/${h.id}/eligibility`, {
      body: { programme: 'public_rental', as_of: '2026-11-15' },
    });
    assert.equal(e.status, 200, e.text);
    const v = await api(server, 'POST', `/api/v1/households/${h.id}/verification`);
    assert.equal(v.status, 201, v.text);
    const items = (await audit(`?entity=household:${h.id}`)).items;
    assert.deepEqual(
      items.map((x) => x.action),
      ['verification.run', 'eligibility.check', 'household.create'],
    );
    assert.match(items[1].detail, new RegExp(`decision=${e.json.id} programme=public_rental`));
    assert.match(items[0].detail, new RegExp(`report=${v.json.id} `));
  });

  test('a feed imported with the CLI on the same database: one feeds.import entry with the file SHA-256', async () => {
    const r = await runAnju(['feeds', 'import', 'property', FEED, '--db', server.db]);
    assert.equal(r.code, 0, r.stderr);
    const sha = createHash('sha256').update(await readFile(FEED)).digest('hex');
    const p = await audit('?entity=feed_batch');
    assert.equal(p.total, 1);
    assert.equal(p.items[0].action, 'feeds.import');
    assert.match(p.items[0].entity_id, /^[1-9][0-9]*$/);
    assert.match(p.items[0].detail, new RegExp(`^source=property rows=\\d+ .*sha256=${sha}$`));
    assert.equal(p.items[0].after_digest.length, 64);
  });

  test('filters: entity type, entity type and id, actor; bad filters are 400', async () => {
    const all = await audit('?page_size=100');
    const households = await audit('?entity=household&page_size=100');
    assert.ok(households.total >= 5 && households.total < all.total);
    assert.ok(households.items.every((x) => x.entity_type === 'household'));
    const policies = await audit('?entity=policy');
    assert.equal(policies.total, 2, 'the two presets imported by the CLI');
    assert.ok(policies.items.every((x) => x.action === 'policy.import'));
    const actor = all.items[0].actor;
    assert.ok(all.total <= 100);
    const byActor = all.items.filter((x) => x.actor === actor).length;
    assert.equal((await audit(`?actor=${encodeURIComponent(actor)}`)).total, byActor);
    assert.equal((await audit('?actor=nobody')).total, 0);
    assert.equal((await audit('?entity=household:987654321')).total, 0);
    assertProblem(await api(server, 'GET', '/api/v1/audit?entity=Household', { session: auditor }), 400, 'entity');
    assertProblem(await api(server, 'GET', '/api/v1/audit?entity=:1', { session: auditor }), 400, 'entity');
    assertProblem(await api(server, 'GET', '/api/v1/audit?actor=', { session: auditor }), 400, 'actor');
    assertProblem(await api(server, 'GET', '/api/v1/audit?page_size=101', { session: auditor }), 400, 'page_size');
    assertProblem(await api(server, 'GET', '/api/v1/audit?seq=1', { session: auditor }), 400, 'seq');
  });

  test('paging: newest first, pages follow each other, total stays', async () => {
    for (let i = 0; i < 3; i++) await createHousehold(server);
    const first = await audit('?page=1&page_size=2');
    const second = await audit('?page=2&page_size=2');
    assert.equal(first.page, 1);
    assert.equal(first.page_size, 2);
    assert.equal(first.items.length, 2);
    assert.equal(second.total, first.total);
    const seqs = [...first.items, ...second.items].map((x) => x.seq);
    assert.deepEqual(seqs, [first.total, first.total - 1, first.total - 2, first.total - 3]);
    const beyond = await audit(`?page=${first.total + 1}&page_size=1`);
    assert.deepEqual(beyond.items, []);
  });

  test('the entries form one chain, and no detail holds an ID number', async () => {
    const entries = await allEntries();
    assert.equal(entries[0].seq, 1);
    assert.equal(entries[0].prev_hash, '0'.repeat(64));
    for (let i = 1; i < entries.length; i++) {
      assert.equal(entries[i].seq, i + 1);
      assert.equal(entries[i].prev_hash, entries[i - 1].hash);
    }
    for (const x of entries) assert.doesNotMatch(x.detail, /\d{17}[\dX]/, `entry ${x.seq}: ${x.detail}`);
  });
});

describe('GET /api/v1/audit/verification and anju audit verify', () => {
  test('intact: the count and the head, which a later check with head= accepts', async () => {
    const entries = await allEntries();
    const v = await verification();
    const newest = entries[entries.length - 1];
    assert.deepEqual(v, { intact: true, entries: entries.length, head_seq: newest.seq, head_hash: newest.hash, fault: null });
    assert.equal((await verification(`?head=${newest.seq}:${newest.hash.toUpperCase()}`)).intact, true);
    const wrong = await verification(`?head=${newest.seq}:${'0'.repeat(64)}`);
    assert.equal(wrong.intact, false);
    assert.equal(wrong.fault.kind, 'altered');
    assert.equal(wrong.fault.seq, newest.seq);
    assertProblem(await api(server, 'GET', '/api/v1/audit/verification?head=0:' + 'a'.repeat(64), { session: auditor }), 400, 'head');

    const cli = await runAnju(['audit', 'verify', '--db', server.db, '--head', `${newest.seq}:${newest.hash}`]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, new RegExp(`the audit log is intact: ${entries.length} entries, head #${newest.seq} hash ${newest.hash}`));
    assert.match(cli.stdout, /审计日志完整/);
  });

  test('the database refuses UPDATE and DELETE on the log', async () => {
    await assert.rejects(sql(server.db, "UPDATE audit_log SET detail = 'x' WHERE seq = 2"), /append-only/);
    await assert.rejects(sql(server.db, 'DELETE FROM audit_log WHERE seq = 2'), /append-only/);
  });

  // last: it leaves the log tampered with
  test('an entry edited with the triggers dropped: the endpoint and the CLI name it', async () => {
    await sql(server.db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 2");
    const v = await verification();
    assert.equal(v.intact, false);
    assert.equal(v.fault.kind, 'altered');
    assert.equal(v.fault.seq, 2);
    assert.match(v.fault.message_zh, /第 2 条被篡改/);
    assert.match(v.fault.message_en, /audit entry 2 was altered/);
    const cli = await runAnju(['audit', 'verify', '--db', server.db]);
    assert.equal(cli.code, 1);
    assert.match(cli.stdout, /审计日志第 2 条被篡改：内容与其哈希不符/);
    assert.match(cli.stdout, /audit entry 2 was altered: its contents do not match its hash/);
  });
});

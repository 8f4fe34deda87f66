// `anju allocate --input FILE.json`: the result printed exactly, errors at
// their JSON path with exit 1, usage errors with exit 2 (docs/allocation.md).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { BIN, runAnju } from './helpers.mjs';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-allocate-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function input(name, doc) {
  const file = join(dir, name);
  await writeFile(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

// The tenant-exchange example of tests/unit/test_allocation.c: our own
// preferences with the structure of the example of Abdulkadiroğlu & Sönmez
// 1999 (whose numbers we could not obtain): four sitting tenants, one
// newcomer, three vacant units.
const exchange = {
  mode: 'tenant_exchange',
  order: ['i1', 'i2', 'i3', 'i4', 'i5'],
  applicants: [
    { id: 'i1', preferences: ['h2', 'h6', 'h5', 'h1', 'h3', 'h4', 'h7'], current_unit: 'h1' },
    { id: 'i2', preferences: ['h7', 'h1', 'h6', 'h5', 'h4', 'h3', 'h2'], current_unit: 'h2' },
    { id: 'i3', preferences: ['h2', 'h4', 'h1', 'h7', 'h3', 'h6', 'h5'], current_unit: 'h3' },
    { id: 'i4', preferences: ['h2', 'h3', 'h4', 'h6', 'h1', 'h7', 'h5'], current_unit: 'h4' },
    { id: 'i5', preferences: ['h4', 'h3', 'h7', 'h1', 'h2', 'h5', 'h6'] },
  ],
  units: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'].map((id) => ({ id })),
};

describe('anju allocate', () => {
  test('the tenant exchange prints assignments and trading cycles, exactly', async () => {
    const r = await runAnju(['allocate', '--input', await input('exchange.json', exchange)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        '{',
        '  "assignments": {',
        '    "i1": "h2",',
        '    "i2": "h7",',
        '    "i3": "h4",',
        '    "i4": "h3",',
        '    "i5": "h1"',
        '  },',
        '  "cycles": [',
        '    ["i1", "i2"],',
        '    ["i3", "i4"]',
        '  ],',
        '  "unassigned": {}',
        '}',
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '');
  });

  test('serial dictatorship: the unassigned get a reason in both languages', async () => {
    const doc = {
      mode: 'serial',
      order: ['B', 'A', 'C'],
      applicants: [
        { id: 'A', preferences: ['U1', 'U2'] },
        { id: 'B', preferences: ['U1'] },
        { id: 'C', preferences: [] },
      ],
      units: [{ id: 'U1' }, { id: 'U2', capacity: 2 }],
    };
    const r = await runAnju(['allocate', '--input', await input('serial.json', doc)]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      assignments: { A: 'U2', B: 'U1', C: null },
      cycles: [],
      unassigned: {
        C: { reason: 'no_preferences', message_zh: '未填报任何意向房源', message_en: 'listed no unit' },
      },
    });
  });

  test('deferred acceptance follows the units\' priority lists', async () => {
    const doc = {
      mode: 'deferred_acceptance',
      order: ['A2', 'A1'],
      applicants: [
        { id: 'A1', preferences: ['P1', 'P2'] },
        { id: 'A2', preferences: ['P1'] },
      ],
      units: [{ id: 'P1', priority: ['A1'] }, { id: 'P2' }],
    };
    const r = await runAnju(['allocate', '--input', await input('da.json', doc)]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.assignments, { A1: 'P1', A2: null });
    assert.equal(out.unassigned.A2.reason, 'all_taken');
  });

  test('- reads standard input', () => {
    const r = spawnSync(BIN, ['allocate', '--input', '-'], { input: JSON.stringify(exchange), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).cycles, [['i1', 'i2'], ['i3', 'i4']]);
  });

  test('the same input gives the same bytes', async () => {
    const file = await input('again.json', exchange);
    const a = await runAnju(['allocate', '--input', file]);
    const b = await runAnju(['allocate', '--input', file]);
    assert.equal(a.code, 0);
    assert.equal(a.stdout, b.stdout);
  });

  test('a wrong input: exit 1, every problem at its JSON path, Chinese then English', async () => {
    const doc = {
      mode: 'serial',
      order: ['A1', 'A2', 'A3', 'A4'],
      applicants: [
        { id: 'A1', preferences: ['U1'] },
        { id: 'A2', preferences: [] },
        { id: 'A3', preferences: [] },
        { id: 'A4', preferences: ['U1', 'U2', 'U9'] },
      ],
      units: [{ id: 'U1' }, { id: 'U2', capacity: 0 }],
    };
    const r = await runAnju(['allocate', '--input', await input('bad.json', doc)]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /错误：applicants\[3\]\.preferences\[2\]：未知的房源“U9”/);
    assert.match(r.stderr, /error: applicants\[3\]\.preferences\[2\]: unknown unit "U9"/);
    assert.match(r.stderr, /error: units\[1\]\.capacity: must be an integer from 1/);
    assert.match(r.stderr, /has 2 problems/);
    assert.doesNotMatch(r.stderr, /line \d/);
  });

  test('malformed JSON: exit 1 with line and column', async () => {
    const r = await runAnju(['allocate', '--input', await input('broken.json', '{"mode": "serial",\n "order": [')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /malformed JSON \(line 2/);
  });

  test('usage: --input is required, unknown options refused (exit 2); --help', async () => {
    let r = await runAnju(['allocate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--input FILE\.json is required/);
    r = await runAnju(['allocate', '--input', 'x.json', '--fast']);
    assert.equal(r.code, 2);
    r = await runAnju(['allocate', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /tenant_exchange/);
    r = await runAnju(['allocate', '--input', join(dir, 'missing.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot open/);
  });
});

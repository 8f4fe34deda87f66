// anju lottery draw | verify | list from the shell, and the "verify it
// yourself" recipe of docs/lottery.md: `openssl dgst -sha256 -mac HMAC`
// reproduces the seed and a key of the published test vector, and the
// recipe's bash script, taken from the document as it is, recomputes the
// whole result byte for byte. No server: the lottery is a command.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { runAnju } from './helpers.mjs';

const VECTOR = 'entrant_id,bucket,tickets\nA001,2,1\nA002,1,1\nA003,2,2\nA004,1,1\nA005,2,1\nA006,1,3\n';
const ID = '2026-BJ-GZF-0001';
const RANDOMNESS = '9319;2,5,12,8,10;9,18,26,34,41,45';
const CANONICAL = '9319./2.5.8.10.12./9.18.26.34.41.45./';
const LIST_SHA256 = '7a06d2c4a6a59ea55e552f71c657aa580ebf700a2f7b6227fb4e9f5c1fc22ab4';
const SEED = '37a44542a5e826625b6f074db95fad0b84d3ad548dafa74b51c5ab362790c342';
const DOC = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../docs/lottery.md');

/** Runs a program with stdin; resolves to {code, stdout, stderr}. */
function run(file, args, { input, cwd } = {}) {
  return new Promise((ok) => {
    const child = execFile(file, args, { cwd }, (err, stdout, stderr) =>
      ok({ code: err ? err.code : 0, stdout, stderr }),
    );
    child.stdin.end(input ?? '');
  });
}

/** The hex digest of `openssl dgst -sha256 -mac HMAC -macopt hexkey:KEY` over message. */
async function opensslHmac(hexKey, message) {
  const r = await run('openssl', ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`], {
    input: message,
  });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split(' ').pop();
}

let dir, db, list, drawn;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-lottery-'));
  db = join(dir, 'anju.db');
  list = join(dir, 'entrants.csv');
  drawn = join(dir, 'draw');
  await writeFile(list, VECTOR);
  const r = await runAnju(['lottery', 'draw', '--id', ID, '--entrants', list, '--randomness', RANDOMNESS, '--out', drawn, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rm(dir, { recursive: true, force: true }));

describe('anju lottery draw', () => {
  test('draws the published test vector: its seed, its order, the manifest', async () => {
    const manifest = JSON.parse(await readFile(join(drawn, 'manifest.json'), 'utf8'));
    assert.deepEqual(Object.keys(manifest), ['algorithm', 'lottery_id', 'list_sha256', 'randomness', 'seed', 'entrants', 'result_sha256']);
    assert.equal(manifest.algorithm, 'anju-lottery-v1');
    assert.equal(manifest.lottery_id, ID);
    assert.equal(manifest.list_sha256, LIST_SHA256);
    assert.equal(manifest.randomness, CANONICAL);
    assert.equal(manifest.seed, SEED);
    assert.equal(manifest.entrants, 6);
    const result = await readFile(join(drawn, 'result.csv'), 'utf8');
    const order = result.trim().split('\n').slice(1).map((l) => l.split(',')[1]);
    assert.deepEqual(order, ['A006', 'A004', 'A002', 'A005', 'A003', 'A001']);
    assert.equal(await readFile(join(drawn, 'entrants.csv'), 'utf8'), VECTOR, 'the list is copied as given');
  });

  test('the same id is never drawn twice; a re-draw needs an earlier draw and a reason', async () => {
    const base = ['lottery', 'draw', '--entrants', list, '--randomness', RANDOMNESS, '--db', db];
    let r = await runAnju([...base, '--id', ID, '--out', join(dir, 'again')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /can never be drawn twice/);
    assert.match(r.stderr, /永远不能再抽/);
    r = await runAnju([...base, '--id', 'R-2', '--redraw-of', ID, '--out', join(dir, 'r2')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /a re-draw needs a --reason/);
    r = await runAnju([...base, '--id', 'R-2', '--redraw-of', 'NOPE', '--reason', '名单有误', '--out', join(dir, 'r2')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /there is no recorded draw NOPE/);
    r = await runAnju([...base, '--id', 'R-2', '--redraw-of', ID, '--reason', '名单有误', '--out', join(dir, 'r2')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /a re-draw replacing 2026-BJ-GZF-0001, because: 名单有误/);
    r = await runAnju(['lottery', 'list', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^2026-BJ-GZF-0001 /m);
    assert.match(r.stdout, /^R-2 .* 2026-BJ-GZF-0001: 名单有误$/m);
  });

  test('usage: --help, missing options, a bad randomness string', async () => {
    let r = await runAnju(['lottery', 'draw', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--randomness/);
    r = await runAnju(['lottery', 'draw', '--id', 'X', '--db', db]);
    assert.equal(r.code, 2);
    r = await runAnju(['lottery', 'draw', '--id', 'X', '--entrants', list, '--randomness', '1;x', '--out', join(dir, 'x'), '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /character 3 "x" is not allowed/);
    r = await runAnju(['lottery', 'frobnicate']);
    assert.equal(r.code, 2);
  });
});

describe('anju lottery verify', () => {
  test('verifies the draw without a database', async () => {
    const r = await runAnju(['lottery', 'verify', drawn], { ANJU_DB: join(dir, 'absent', 'none.db') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^已验证/);
    assert.match(r.stdout, /verified: lottery 2026-BJ-GZF-0001, 6 entrants/);
  });

  test('names the field that differs', async () => {
    const bad = join(dir, 'tampered');
    await cp(drawn, bad, { recursive: true });
    const m = await readFile(join(bad, 'manifest.json'), 'utf8');
    await writeFile(join(bad, 'manifest.json'), m.replace(SEED, SEED.replace('37a4', '37a5')));
    const r = await runAnju(['lottery', 'verify', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /manifest\.seed 与重算结果不同/);
    assert.match(r.stderr, /manifest\.seed differs from the recomputed value/);
  });
});

describe('docs/lottery.md: verify it yourself', () => {
  test('openssl reproduces the seed and the key of A006 (its smallest of three)', async () => {
    assert.equal(await opensslHmac(LIST_SHA256, CANONICAL), SEED);
    const keys = [];
    for (const j of [0, 1, 2]) keys.push(await opensslHmac(SEED, `${ID}|A006|${j}`));
    const smallest = [...keys].sort()[0];
    assert.equal(smallest, '2ce0016c8b48ecd7b8027dd100f0ea73595209dff120b42febb67e2860af79e2');
    const result = await readFile(join(drawn, 'result.csv'), 'utf8');
    assert.equal(result.split('\n')[1], `1,A006,1,1,${smallest}`);
  });

  test('the seed command as printed in the document gives the printed output', async () => {
    const doc = await readFile(DOC, 'utf8');
    const cmd = `printf '%s' '${CANONICAL}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:${LIST_SHA256}`;
    assert.ok(doc.includes(`$ ${cmd}\nSHA2-256(stdin)= ${SEED}\n`), 'the seed recipe is in the document');
    const r = await run('sh', ['-c', cmd]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split(' ').pop(), SEED);
  });

  test("the document's script recomputes the whole result byte for byte", async () => {
    const doc = await readFile(DOC, 'utf8');
    const m = doc.match(/<!-- recipe: the test extracts the block below -->\n```sh\n([\s\S]*?)```\n\n```console\n([\s\S]*?)```/);
    assert.ok(m, 'the recipe block and its output are in docs/lottery.md');
    const [, script, printed] = m;
    const work = join(dir, 'recipe');
    await cp(drawn, work, { recursive: true });
    const r = await run('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, printed);
  });
});

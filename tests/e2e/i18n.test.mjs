// The messages of the web app, without a browser: zh-CN.js and en.js have
// the same keys, and every key a source file names literally (t('a.b'),
// label('group', 'code') with a literal code) exists in Chinese.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { ROOT } from './helpers.mjs';

const SRC = join(ROOT, 'web/src');
const load = async (name) => (await import(pathToFileURL(join(SRC, 'i18n', name)).href)).default;

function keys(tree, prefix = '') {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

async function sources(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (/\.(vue|js)$/.test(e.name) && e.name !== 'i18n.js') out.push(p); // i18n.js: the implementation
  }
  return out;
}

test('both languages have the same messages', async () => {
  const zh = new Set(keys(await load('zh-CN.js')));
  const en = new Set(keys(await load('en.js')));
  assert.deepEqual([...zh].filter((k) => !en.has(k)), [], 'in Chinese only');
  assert.deepEqual([...en].filter((k) => !zh.has(k)), [], 'in English only');
});

test('every message a page names literally exists', async () => {
  const zh = new Set(keys(await load('zh-CN.js')));
  const missing = [];
  for (const file of await sources(SRC)) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) if (!zh.has(m[1])) missing.push(`${file}: ${m[1]}`);
    for (const m of text.matchAll(/\blabel\(\s*'([a-zA-Z]+)',\s*'([a-zA-Z0-9_]+)'\s*\)/g)) {
      if (!zh.has(`${m[1]}.${m[2]}`)) missing.push(`${file}: ${m[1]}.${m[2]}`);
    }
  }
  assert.deepEqual(missing, []);
});

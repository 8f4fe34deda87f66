// Policy versions over HTTP: a city officer imports a new version of a
// preset (POST /api/v1/policies) and sees what changed against another
// version (GET /api/v1/policies/{ref}/diff?against=). A bad document is
// refused naming the JSON path of each problem, and nothing is stored; a
// version already stored is 409; only city officers may import.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { api, assertProblem, runAnju, serveDuringTests } from './helpers.mjs';

const server = serveDuringTests({
  onStart: async (s) => {
    const r = await runAnju(['policy', 'import', '--presets', '--db', s.db]);
    assert.equal(r.code, 0, r.stderr);
  },
});

const preset = JSON.parse(await readFile(new URL('../../policy/beijing.json', import.meta.url), 'utf8'));
const AREA = 'programmes.public_rental.criteria[1].area';

/** The Beijing preset as version `version` with the public-rental area limit changed. */
function changed(version, area = '18.00') {
  const d = structuredClone(preset);
  d.version = version;
  d.programmes.public_rental.criteria[1].area = area;
  return d;
}

const list = async () => (await api(server, 'GET', '/api/v1/policies')).json.items;

describe('POST /api/v1/policies', () => {
  test('a city officer imports a changed version: 201, listed, audited, and the diff names the field', async () => {
    const before = await list();
    const res = await api(server, 'POST', '/api/v1/policies', { body: changed('2026.2') });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.code, 'beijing');
    assert.equal(res.json.version, '2026.2');
    assert.equal(res.headers.get('location'), `/api/v1/policies/${res.json.id}`);
    assert.equal(res.json.document.programmes.public_rental.criteria[1].area, '18.00');
    const after = await list();
    assert.equal(after.length, before.length + 1);
    assert.ok(after.some((p) => p.id === res.json.id && p.version === '2026.2'));

    const diff = await api(server, 'GET', '/api/v1/policies/beijing@2026.2/diff?against=beijing%402026.1');
    assert.equal(diff.status, 200, diff.text);
    assert.equal(diff.json.from.version, '2026.1');
    assert.equal(diff.json.to.version, '2026.2');
    assert.deepEqual(
      diff.json.changes.find((c) => c.path === AREA),
      { path: AREA, before: '15.00', after: '18.00' },
    );
    assert.ok(diff.json.changes.some((c) => c.path === 'version' && c.before === '2026.1' && c.after === '2026.2'));
    const back = await api(server, 'GET', `/api/v1/policies/${res.json.id}/diff?against=beijing@2026.2`);
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(back.json.changes, [], 'a version against itself: no changes');

    const auditor = await server.as('auditor');
    const log = await api(server, 'GET', '/api/v1/audit?entity=policy', { session: auditor });
    assert.equal(log.status, 200, log.text);
    assert.ok(log.json.items.some((x) => x.action === 'policy.import' && x.entity_id === String(res.json.id)));
  });

  test('a bad document is 422 naming each path, and nothing is stored', async () => {
    const before = await list();
    const bad = changed('2026.3', '18');
    bad.effective = '2026-02-30';
    const res = await api(server, 'POST', '/api/v1/policies', { body: bad });
    assertProblem(res, 422, AREA);
    assertProblem(res, 422, 'effective');
    assert.equal((await list()).length, before.length);
    assertProblem(await api(server, 'GET', '/api/v1/policies/beijing@2026.3'), 404);
    assertProblem(await api(server, 'POST', '/api/v1/policies', { body: '{"code":' }), 400);
    assertProblem(await api(server, 'POST', '/api/v1/policies', { body: '[]' }), 422);
  });

  test('a version already stored is 409, with the same content or another', async () => {
    assertProblem(await api(server, 'POST', '/api/v1/policies', { body: preset }), 409, 'version');
    assertProblem(await api(server, 'POST', '/api/v1/policies', { body: changed('2026.1') }), 409, 'version');
  });

  test('only city officers import; CSRF is needed', async () => {
    const scopes = { district_officer: '110105', street_officer: '110105001', operator: '110000', auditor: '', admin: '' };
    for (const [role, scope] of Object.entries(scopes)) {
      const session = await server.as(role, scope);
      assertProblem(await api(server, 'POST', '/api/v1/policies', { body: changed('2026.9'), session }), 403);
    }
    assertProblem(await api(server, 'POST', '/api/v1/policies', { body: changed('2026.9'), session: null }), 401);
    const res = await api(server, 'POST', '/api/v1/policies', {
      body: changed('2026.9'),
      headers: { 'x-csrf-token': '0'.repeat(64) },
    });
    assert.equal(res.status, 403, res.text);
    assertProblem(await api(server, 'GET', '/api/v1/policies/beijing@2026.9'), 404);
  });
});

describe('GET /api/v1/policies/{ref}/diff', () => {
  test('against is required; unknown versions are 404', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/policies/beijing@2026.1/diff'), 400, 'against');
    assertProblem(await api(server, 'GET', '/api/v1/policies/beijing@2026.1/diff?against=nowhere@1'), 404);
    assertProblem(await api(server, 'GET', '/api/v1/policies/nowhere@1/diff?against=beijing@2026.1'), 404);
    assertProblem(await api(server, 'GET', '/api/v1/policies/beijing@2026.1/diff?against=x'), 404);
  });

  test('two different policies compare too', async () => {
    const res = await api(server, 'GET', '/api/v1/policies/beitun@2026.1/diff?against=beijing@2026.1');
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.changes.some((c) => c.path === 'code' && c.before === 'beijing' && c.after === 'beitun'));
  });
});

// The server itself: health, routing errors, content types, body limits,
// the access log and shutdown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { api, assertProblem, createHousehold, runAnju, serveDuringTests, startServer, waitForLog } from './helpers.mjs';

const LIMIT = 1 << 20; // the default body limit

const server = serveDuringTests();

describe('health', () => {
  test('GET /api/v1/health reports ok, the engine, the household count and the version', async () => {
    const before = await api(server, 'GET', '/api/v1/health');
    assert.equal(before.status, 200);
    assert.match(before.headers.get('content-type'), /^application\/json/);
    assert.equal(before.json.status, 'ok');
    assert.equal(before.json.database, 'sqlite');
    assert.equal(before.json.version, '0.1.0');
    assert.ok(Number.isInteger(before.json.households));
    await createHousehold(server);
    const afterCreate = await api(server, 'GET', '/api/v1/health');
    assert.equal(afterCreate.json.households, before.json.households + 1);
  });

  test('HEAD is answered like GET without a body', async () => {
    const res = await fetch(`${server.base}/api/v1/health`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });

  test('responses are not cached', async () => {
    const res = await api(server, 'GET', '/api/v1/health');
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });
});

describe('routing errors are problem+json', () => {
  test('an unknown path is 404', async () => {
    const res = await api(server, 'GET', '/api/v1/nothing-here');
    const p = assertProblem(res, 404);
    assert.equal(p.type, 'https://anju.example/problems/not-found');
    assert.match(p.detail_en, /\/api\/v1\/nothing-here/);
  });

  test('a path outside /api/v1 is 404', async () => {
    assertProblem(await api(server, 'GET', '/'), 404);
    assertProblem(await api(server, 'GET', '/api/v2/health'), 404);
  });

  test('a trailing slash is a different (unknown) path', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/health/'), 404);
  });

  test('a known path with the wrong method is 405 with Allow', async () => {
    const res = await api(server, 'DELETE', '/api/v1/households/1');
    const p = assertProblem(res, 405);
    assert.equal(p.type, 'https://anju.example/problems/method-not-allowed');
    assert.equal(res.headers.get('allow'), 'GET, HEAD, PATCH');
    const put = await api(server, 'PUT', '/api/v1/households', { body: {} });
    assertProblem(put, 405);
    assert.equal(put.headers.get('allow'), 'GET, HEAD, POST');
  });

  test('an id that is not a positive integer is 404', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999'])
      assertProblem(await api(server, 'GET', `/api/v1/households/${id}`), 404, 'id');
  });
});

describe('request bodies', () => {
  test('a POST without a JSON Content-Type is 415', async () => {
    const res = await api(server, 'POST', '/api/v1/households', {
      body: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    const p = assertProblem(res, 415);
    assert.equal(p.type, 'https://anju.example/problems/unsupported-media-type');
    assert.match(p.detail_en, /text\/plain/);
  });

  test('a POST with no Content-Type at all is 415', async () => {
    const res = await fetch(`${server.base}/api/v1/households`, {
      method: 'POST',
      headers: { cookie: server.session.cookie, 'x-csrf-token': server.session.csrf },
      body: new Uint8Array(Buffer.from('{}')),
    });
    assert.equal(res.status, 415);
  });

  test('a PATCH with a non-JSON Content-Type is 415', async () => {
    const h = await createHousehold(server);
    const res = await api(server, 'PATCH', `/api/v1/households/${h.id}`, {
      body: `{"version":${h.version}}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertProblem(res, 415);
  });

  test('application/json with charset=utf-8 is accepted; another charset is not', async () => {
    const ok = await api(server, 'POST', '/api/v1/households', {
      body: '{}',
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    });
    assert.equal(ok.status, 422); // reached validation
    const gbk = await api(server, 'POST', '/api/v1/households', {
      body: '{}',
      headers: { 'content-type': 'application/json; charset=gbk' },
    });
    assertProblem(gbk, 415);
  });

  test('malformed JSON is 400 naming the line and column', async () => {
    const res = await api(server, 'POST', '/api/v1/households', { body: '{\n  "household_no": "X1",\n  oops\n}' });
    const p = assertProblem(res, 400);
    assert.equal(p.type, 'https://anju.example/problems/bad-request');
    assert.match(p.detail_en, /line 3, column \d+/);
    assert.match(p.detail, /第 3 行第 \d+ 列/);
  });

  test('duplicate keys in a body are refused (400)', async () => {
    const res = await api(server, 'POST', '/api/v1/households', { body: '{"household_no":"A","household_no":"B"}' });
    const p = assertProblem(res, 400);
    assert.match(p.detail_en, /duplicate/);
  });

  test('an empty body is malformed JSON (400)', async () => {
    assertProblem(await api(server, 'POST', '/api/v1/households', { body: '' }), 400);
  });

  test('a body over the limit is 413', async () => {
    const res = await api(server, 'POST', '/api/v1/households', { body: ' '.repeat(LIMIT + 1) });
    const p = assertProblem(res, 413);
    assert.equal(p.type, 'https://anju.example/problems/content-too-large');
    assert.match(p.detail_en, /1048576 bytes/);
  });

  test('a body of exactly the limit is read (and then validated)', async () => {
    const body = ' '.repeat(LIMIT - 2) + '{}';
    const res = await api(server, 'POST', '/api/v1/households', { body });
    assertProblem(res, 422);
  });

  test('a chunked body (no Content-Length) over the limit is 413', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent > LIMIT + chunk.length) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.base}/api/v1/households`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).status, 413);
  });
});

describe('access log', () => {
  test('one line per request: UTC time, client, method, path without query, status, bytes, ms', async () => {
    const res = await api(server, 'GET', '/api/v1/households?q=%E7%8E%8B%E5%B0%8F%E6%98%8E&page_size=7');
    assert.equal(res.status, 200);
    const bytes = Buffer.byteLength(res.text);
    const line = await waitForLog(server, /GET \/api\/v1\/households 200 /);
    assert.match(
      line,
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1 GET \/api\/v1\/households 200 \d+ \d+\.\dms$/,
    );
    assert.equal(Number(line.split(' ')[5]), bytes);
    assert.ok(!line.includes('q='), 'no query string in the log');
    assert.ok(!line.includes('王小明') && !line.includes('%E7'), 'no name in the log');
  });

  test('errors are logged with their status', async () => {
    await api(server, 'GET', '/api/v1/logged-404-probe');
    await waitForLog(server, /^\S+ 127\.0\.0\.1 GET \/api\/v1\/logged-404-probe 404 \d+ [\d.]+ms$/);
  });

  test('control characters in a path cannot forge log lines', async () => {
    await api(server, 'GET', '/api/v1/x%0Afake%20line');
    const line = await waitForLog(server, /GET \/api\/v1\/x.*fake/);
    assert.match(line, /\/api\/v1\/x\\x0afake\\x20line 404/);
  });
});

describe('shutdown', () => {
  test('SIGTERM stops the server cleanly with exit code 0', async () => {
    const other = await startServer();
    assert.match(other.stdout, /anju 正在监听 \/ listening on http:\/\/127\.0\.0\.1:\d+\//);
    assert.equal((await api(other, 'GET', '/api/v1/health')).status, 200);
    const exit = await other.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.match(other.stderr, /anju 已停止 \/ stopped/);
    assert.ok(!/LeakSanitizer|AddressSanitizer|runtime error/.test(other.stderr), other.stderr);
  });

  test('SIGINT stops it too, with open keep-alive connections', async () => {
    const other = await startServer();
    await api(other, 'GET', '/api/v1/health'); // fetch keeps the connection alive
    other.proc.kill('SIGINT');
    const exit = await other.exitPromise;
    await other.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
  });
});

describe('anju serve usage', () => {
  test('--help prints usage in Chinese and English', async () => {
    const r = await runAnju(['serve', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /用法 \/ usage: anju serve/);
    assert.match(r.stdout, /--body-limit/);
  });

  test('a bad listen address, thread count or body limit is exit code 2', async () => {
    for (const args of [
      ['--listen', 'localhost:8080'],
      ['--listen', '127.0.0.1'],
      ['--listen', '127.0.0.1:65536'],
      ['--listen', '127.0.0.01:8080'],
      ['--listen', '127.0.0.1:80a'],
      ['--listen', '[::1]:8080'],
      ['--threads', '0'],
      ['--threads', 'many'],
      ['--body-limit', '-1'],
      ['--bogus'],
      ['extra-argument'],
    ]) {
      const r = await runAnju(['serve', '--db', '/nonexistent/never-opened.db', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /anju serve/);
    }
  });

  test('a port that is already in use is exit code 1 with a message', async () => {
    const r = await runAnju(['serve', '--db', server.db, '--listen', `127.0.0.1:${server.port}`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot listen on 127\.0\.0\.1:\d+/);
  });
});

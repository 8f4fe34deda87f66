// The web app served by `anju serve --web DIR` (api/api_static.h): files with
// their types and cache headers, gzip copies, the single-page-app fallback,
// traversal refused, security headers on HTML, and /api/ left to the API.
// A small fixture stands in for web/dist, so no Vite build is needed here.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';

import { assertProblem, runAnju, serveDuringTests } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'anju-web-'));
const INDEX = '<!doctype html><html lang="zh-CN"><head><title>安居</title></head><body><div id="app"></div></body></html>\n';
const JS = `console.log(${JSON.stringify('安居 '.repeat(200))});\n`;
const CSS = 'body { margin: 0 }\n'.repeat(50);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const files = {
  'index.html': INDEX,
  'assets/index-AbC123x_.js': JS,
  'assets/index-Zz9.css': CSS,
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'logo.png': PNG,
  'assets/font-1a2b.woff2': Buffer.from('wOF2'),
  'manifest.json': '{"name":"anju"}',
  'favicon.ico': Buffer.from([0, 0, 1, 0]),
  '.secret': 'hidden',
};
mkdirSync(join(dir, 'assets'));
for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
writeFileSync(join(dir, 'index.html.gz'), gzipSync(INDEX));
writeFileSync(join(dir, 'assets/index-AbC123x_.js.gz'), gzipSync(JS));
const outside = mkdtempSync(join(tmpdir(), 'anju-outside-'));
writeFileSync(join(outside, 'secret.txt'), 'outside the web directory');
symlinkSync(join(outside, 'secret.txt'), join(dir, 'leak.txt'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const server = serveDuringTests({ web: dir });

/** A raw HTTP request: the path is sent exactly as given, nothing is decompressed. */
function raw(method, path, headers = {}) {
  return new Promise((ok, fail) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let json;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          json = undefined;
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        ok({ status: res.statusCode, headers: h, body, text: body.toString('utf8'), json });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

function assertHtmlHeaders(res) {
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /connect-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.doesNotMatch(csp, /https?:/, 'nothing is loaded from another origin');
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('referrer-policy'), 'same-origin');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
}

describe('files', () => {
  test('GET / is index.html, not cached without revalidation, with the security headers', async () => {
    const res = await raw('GET', '/');
    assert.equal(res.status, 200);
    assert.equal(res.text, INDEX);
    assertHtmlHeaders(res);
    const again = await raw('GET', '/index.html');
    assert.equal(again.status, 200);
    assert.equal(again.text, INDEX);
    assertHtmlHeaders(again);
  });

  test("a hashed asset has its type and is cached for a year as immutable", async () => {
    const res = await raw('GET', '/assets/index-AbC123x_.js');
    assert.equal(res.status, 200);
    assert.equal(res.text, JS);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(res.headers.get('content-encoding'), null);
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    assert.equal(res.headers.get('content-security-policy'), null, 'the CSP goes on HTML only');
  });

  test('each kind of file has its Content-Type', async () => {
    const types = {
      '/assets/index-Zz9.css': 'text/css; charset=utf-8',
      '/favicon.svg': 'image/svg+xml',
      '/logo.png': 'image/png',
      '/assets/font-1a2b.woff2': 'font/woff2',
      '/manifest.json': 'application/json',
      '/favicon.ico': 'image/x-icon',
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await raw('GET', path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), type, path);
    }
    const png = await raw('GET', '/logo.png');
    assert.deepEqual(png.body, PNG);
    assert.equal(png.headers.get('cache-control'), 'no-cache', 'files outside /assets/ are revalidated');
  });

  test('HEAD answers the headers and the length without a body', async () => {
    const res = await raw('HEAD', '/assets/index-AbC123x_.js');
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(JS));
  });
});

describe('gzip', () => {
  test('the .gz copy is sent to a client that accepts gzip', async () => {
    const res = await raw('GET', '/assets/index-AbC123x_.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    assert.ok(res.body.length < Buffer.byteLength(JS));
    assert.equal(gunzipSync(res.body).toString('utf8'), JS);
    const html = await raw('GET', '/', { 'accept-encoding': 'br;q=1.0, gzip;q=0.8, *;q=0.1' });
    assert.equal(html.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(html.body).toString('utf8'), INDEX);
    assertHtmlHeaders(html);
  });

  test('gzip;q=0, other encodings only, or no .gz copy: the file as it is', async () => {
    for (const ae of ['gzip;q=0', 'gzip; q=0.000, br', 'br, deflate', 'identity', 'gzipx']) {
      const res = await raw('GET', '/assets/index-AbC123x_.js', { 'accept-encoding': ae });
      assert.equal(res.headers.get('content-encoding'), null, ae);
      assert.equal(res.text, JS, ae);
    }
    const css = await raw('GET', '/assets/index-Zz9.css', { 'accept-encoding': 'gzip' });
    assert.equal(css.headers.get('content-encoding'), null);
    assert.equal(css.text, CSS);
    const any = await raw('GET', '/assets/index-AbC123x_.js', { 'accept-encoding': '*' });
    assert.equal(any.headers.get('content-encoding'), 'gzip');
  });
});

describe('the single-page app fallback', () => {
  test("the app's own routes get index.html", async () => {
    for (const path of ['/households', '/households/12', '/policies/beijing@2026.1x', '/apply', '/apply/status',
      '/public/notices/3', '/login?redirect=%2Fhouseholds']) {
      const res = await raw('GET', path);
      if (path.includes('@')) {
        // a last segment with a dot looks like a file: 404, not the app
        assert.equal(res.status, 404, path);
        continue;
      }
      assert.equal(res.status, 200, path);
      assert.equal(res.text, INDEX, path);
      assertHtmlHeaders(res);
    }
  });

  test('a missing file or asset is 404, not the app', async () => {
    for (const path of ['/assets/index-missing.js', '/assets/chunk', '/nothing.png', '/favicon.svg/x.js']) {
      assertProblem(await raw('GET', path), 404);
    }
  });
});

describe('what is refused', () => {
  test('a path that climbs out of the directory is 404 and never read', async () => {
    for (const path of ['/../../etc/passwd', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%2E%2E/%2E%2E/etc/hostname', '/..', '/./index.html', '//etc/passwd', '/assets/..%2f..%2fetc%2fpasswd']) {
      const res = await raw('GET', path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.text, /root:/, path);
    }
  });

  test('hidden files and links that lead outside are 404', async () => {
    assertProblem(await raw('GET', '/.secret'), 404);
    const leak = await raw('GET', '/leak.txt');
    assert.equal(leak.status, 404);
    assert.doesNotMatch(leak.text, /outside the web directory/);
  });

  test('other methods are 405 with Allow: GET, HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await raw(method, '/households');
      assertProblem(res, 405);
      assert.equal(res.headers.get('allow'), 'GET, HEAD');
    }
  });
});

describe('/api/ is the API', () => {
  test('API paths are untouched: JSON, problems and no-store', async () => {
    const health = await raw('GET', '/api/v1/health', { 'accept-encoding': 'gzip' });
    assert.equal(health.status, 200);
    assert.equal(health.json.status, 'ok');
    assert.equal(health.headers.get('cache-control'), 'no-store');
    assert.equal(health.headers.get('content-encoding'), null);
    assert.equal(health.headers.get('content-security-policy'), null);
    for (const path of ['/api', '/api/', '/api/nothing', '/api/v1/households/x/y']) {
      const res = await raw('GET', path);
      assertProblem(res, 404);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
    }
    assertProblem(await raw('DELETE', '/api/v1/health'), 405);
  });

  test('a path that only starts like /api is the app', async () => {
    const res = await raw('GET', '/apiary');
    assert.equal(res.status, 200);
    assert.equal(res.text, INDEX);
  });
});

describe('anju serve --web', () => {
  test('a missing directory or --web with --no-web is a usage error (exit 2)', async () => {
    const missing = await runAnju(['serve', '--web', join(dir, 'no-such-dir'), '--listen', '127.0.0.1:0']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /make web/);
    const both = await runAnju(['serve', '--web', dir, '--no-web', '--listen', '127.0.0.1:0']);
    assert.equal(both.code, 2);
  });

  test('the server says where the web app comes from', () => {
    assert.match(server.stdout, /web app: http:\/\/127\.0\.0\.1:\d+\//);
  });
});

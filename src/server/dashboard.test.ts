import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDashboard, serveDashboard } from './dashboard.js';

/** A built dashboard as Vite lays it out, beside a file that must never be served. */
const scratch = mkdtempSync(join(tmpdir(), 'salesops-dashboard-'));
const folder = join(scratch, 'web');
mkdirSync(join(folder, 'assets'), { recursive: true });
const INDEX = '<!doctype html><title>salesops</title><div id="root"></div>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;
writeFileSync(join(folder, 'index.html'), INDEX);
writeFileSync(join(folder, 'assets', 'index-AbC123.js'), SCRIPT);
writeFileSync(join(folder, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
writeFileSync(join(scratch, 'secret.txt'), 'not for the web');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The dashboard in front of a stand-in for the API's routes and 404, as src/server/app.ts mounts it. */
function appOf(dashboard: ReturnType<typeof loadDashboard>) {
  const app = new Hono();
  app.get('/api/me', (c) => c.json({ login: 'dana' }));
  app.use('*', serveDashboard(dashboard));
  app.notFound((c) => c.json({ error: 'no route' }, 404));
  return app;
}
const app = appOf(loadDashboard(folder));

describe('serveDashboard', () => {
  it('serves index.html at / and for every page path outside /api, revalidated on each load', async () => {
    for (const path of ['/', '/forecast', '/deals?owner=REP-0011&page=2', '/compensation/']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('serves hashed assets with their type, cached for a year, gzipped when the browser takes it', async () => {
    const plain = await app.request('/assets/index-AbC123.js');
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);
    const gzip = await app.request('/assets/index-AbC123.js', {
      headers: { 'accept-encoding': 'br, gzip;q=0.8' },
    });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    const body = Buffer.from(await gzip.arrayBuffer());
    expect(body.length).toBeLessThan(SCRIPT.length / 10);
    expect(gunzipSync(body).toString()).toBe(SCRIPT);
    const refused = await app.request('/assets/index-AbC123.js', {
      headers: { 'accept-encoding': 'gzip;q=0' },
    });
    expect(refused.headers.get('content-encoding')).toBeNull();
    const icon = await app.request('/favicon.svg');
    expect([icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual([
      'image/svg+xml',
      'no-cache',
    ]);
  });

  it('answers 304 to a request with the current ETag, and HEAD without a body', async () => {
    const first = await app.request('/');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await app.request('/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const head = await app.request('/deals', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(INDEX.length));
    expect(await head.text()).toBe('');
  });

  it('gives a missing file a 404, not the page, and leaves /api and other methods to the API', async () => {
    const missing = await app.request('/assets/index-old.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('No file /assets/index-old.js in the dashboard.');
    const api = await app.request('/api/me');
    expect(await api.json()).toEqual({ login: 'dana' });
    for (const [method, path] of [
      ['GET', '/api/nothing'],
      ['GET', '/api'],
      ['POST', '/'],
      ['DELETE', '/deals'],
    ] as const) {
      const response = await app.request(path, { method });
      expect([response.status, await response.json()], `${method} ${path}`).toEqual([
        404,
        { error: 'no route' },
      ]);
    }
  });

  it('serves nothing outside its folder, however the path is written', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '//secret.txt',
    ]) {
      const response = await app.request(`http://localhost${path}`);
      const text = await response.text();
      expect(text, path).not.toContain('not for the web');
      expect([200, 404], path).toContain(response.status);
      if (response.status === 200) expect(text, path).toBe(INDEX);
    }
  });

  it('says how to build the dashboard when it is not built', async () => {
    expect(loadDashboard(join(scratch, 'absent'))).toBeNull();
    const response = await appOf(null).request('/');
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/^The web dashboard is not built\. Run `npm run build`/);
    expect((await appOf(null).request('/api/me')).status).toBe(200);
  });
});

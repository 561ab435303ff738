import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../test/harness.js';

// A stand-in build of the web app: the server's job is to route each path to the right page.
const webDir = mkdtempSync(join(tmpdir(), 'wangge-web-'));
writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>admin</title>');
writeFileSync(join(webDir, 'mobile.html'), '<!doctype html><title>mobile</title>');
mkdirSync(join(webDir, 'assets'));
writeFileSync(join(webDir, 'assets', 'app-1.js'), 'console.log(1)');
writeFileSync(join(webDir, 'form.html'), '<!doctype html><title>form</title>');
writeFileSync(join(webDir, 'assets', 'form-1.js'), 'console.log("form")'.repeat(100));
writeFileSync(join(webDir, 'assets', 'form-1.js.gz'), gzipSync('console.log("form")'.repeat(100)));

describeEachDialect(
  'serving the web app',
  (t) => {
    it('opens the admin app at the root URL printed at start-up, and on its own routes', async () => {
      for (const url of ['/', '/areas', '/residents?q=zs']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.body).toContain('<title>admin</title>');
      }
    });

    it('opens the phone entry for grid cards, and serves built assets', async () => {
      const card = await t.app.inject({ method: 'GET', url: '/card/12' });
      expect(card.body).toContain('<title>mobile</title>');
      const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.body).toBe('console.log(1)');
    });

    it('opens the resident form page for QR links, and sends compressed assets to phones that accept them', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/f/abcDEF123456' });
      expect(page.body).toContain('<title>form</title>');
      const zipped = await t.app.inject({ method: 'GET', url: '/assets/form-1.js', headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.rawPayload.length).toBeLessThan(200);
      const plain = await t.app.inject({ method: 'GET', url: '/assets/form-1.js' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.length).toBe(1900);
    });

    it('answers a missing asset or API route with 404 JSON, not the app page', async () => {
      const asset = await t.app.inject({ method: 'GET', url: '/assets/app-2.js' });
      expect(asset.statusCode).toBe(404);
      expect(asset.json().error.code).toBe('NOT_FOUND');
      const api = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.message).toContain('/api/nothing-here');
    });
  },
  { webDir },
);

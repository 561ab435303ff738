import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESIDENT_PAGE_JS_BUDGET_BYTES, residentPageJsFiles } from '../web/form/page-size.js';
import { baseUrl, launchBrowser, newPage } from './browser.js';

// The global setup has just built the web app into dist/web.
const distDir = fileURLToPath(new URL('../dist/web', import.meta.url));

describe('resident form page weight', () => {
  it('loads at most 150 KB of gzipped JavaScript, and none of the admin libraries', () => {
    expect(existsSync(`${distDir}/form.html`), 'dist/web/form.html was not built').toBe(true);
    const files = residentPageJsFiles(distDir);
    const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
    const listing = files.map((f) => `${f.path}: ${(f.gzipBytes / 1024).toFixed(1)} KB gzip`).join('\n');
    expect(files.some((f) => /\/form-[^/]+\.js$/.test(f.path)), listing).toBe(true);
    expect(total, `resident page JavaScript is ${(total / 1024).toFixed(1)} KB gzipped:\n${listing}`).toBeLessThanOrEqual(RESIDENT_PAGE_JS_BUDGET_BYTES);
    expect(files.filter((f) => /antd|i18n|router|zod/i.test(f.path)), listing).toEqual([]);
  });

  describe('in the browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('tells a resident with a dead link what to do, and requests only the files counted above', async () => {
      const { context, page } = await newPage(browser, { phone: true });
      const scripts: string[] = [];
      page.on('request', (req) => {
        if (req.resourceType() === 'script') scripts.push(new URL(req.url()).pathname);
      });
      await page.goto(`${baseUrl()}/f/no-such-form-token`);
      await page.getByTestId('form-not-found').waitFor();
      expect(await page.getByTestId('form-not-found').innerText()).toContain('找不到这份表单');
      const counted = new Set(residentPageJsFiles(distDir).map((f) => f.path));
      expect(scripts.filter((s) => !counted.has(s))).toEqual([]);
      await context.close();
    });
  });
});

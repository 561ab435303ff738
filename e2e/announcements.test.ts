import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage } from './browser.js';

/** The id of an area by its code, looked up with the session of the page. */
async function areaId(page: Page, code: string): Promise<number> {
  return page.evaluate(async (c) => (await (await fetch(`/api/areas?code=${c}`)).json()).items[0].id as number, code);
}

/** Calls the API as the user logged in on the page; throws on an error answer. */
async function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const result = await page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, { method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, data: await res.json() };
    },
    { method, path, body },
  );
  if (result.status >= 300) throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.data)}`);
  return result.data as T;
}

describe('notices in the browser', () => {
  let browser: Browser;
  const stamp = Date.now().toString(36);
  const first = { title: `停水通知 ${stamp}`, body: `明天 **8:00** 至 12:00 停水。\n\n<script>window.hacked = 1</script>` };
  const second = { title: `核酸检测安排 ${stamp}`, body: '周六上午在社区广场。' };
  let communityId = 0;
  let gridId = 0;
  let firstId = 0;
  let secondId = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('writes a notice for the community, sends it for review and has a second person approve it', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');
    communityId = await areaId(page, '370199001001');
    gridId = await areaId(page, '370199001001-G01');
    await page.goto(`${baseUrl()}/announcements`);
    await page.getByTestId('announcement-new').click();
    const form = page.getByTestId('announcement-form');
    await form.waitFor();
    await page.getByTestId('announcement-title').fill(first.title);
    await page.getByTestId('announcement-body').fill(first.body);
    // the preview before saving is plain text: the script tag shows as text
    await expect.poll(() => page.getByTestId('announcement-preview').innerText()).toContain('<script>');
    const area = page.getByTestId('announcement-area');
    await area.click();
    await area.locator('input').fill('幸福社区');
    await page.locator(`.ant-select-dropdown:visible [data-testid="area-option"][data-area-id="${communityId}"]`).first().click();
    await expect.poll(() => area.innerText()).toContain('幸福社区');
    await page.getByTestId('announcement-pinned').click();
    await page.getByTestId('announcement-save').click();
    await page.waitForURL(/\/announcements\/\d+$/);
    firstId = Number(new URL(page.url()).pathname.split('/').pop());
    const summary = page.getByTestId('announcement-summary');
    await expect.poll(() => summary.getAttribute('data-status')).toBe('draft');
    // the server's rendering: Markdown applied, the script gone
    await expect.poll(() => page.getByTestId('announcement-html').innerHTML()).toContain('<strong>8:00</strong>');
    expect(await page.getByTestId('announcement-html').innerHTML()).not.toContain('<script');
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    await page.getByTestId('announcement-publish').click();
    await page.getByTestId('announcement-publish-ok').click();
    await expect.poll(() => summary.getAttribute('data-status')).toBe('pending_review');
    // the author may not review their own notice
    expect(await page.getByTestId('announcement-approve').count()).toBe(0);

    // a second notice, pinned and urgent, through the API, to rotate on the screen
    const created = await call<{ id: number }>(page, 'POST', '/api/announcements', { title: second.title, body: second.body, areaId: communityId, category: 'prevention', urgency: 'urgent', pinned: true });
    secondId = created.id;
    await call(page, 'POST', `/api/announcements/${secondId}/publish`);
    await context.close();

    const reviewer = await newPage(browser);
    await loginAs(reviewer.page, 'jiedao');
    await reviewer.page.goto(`${baseUrl()}/announcements/${firstId}`);
    const reviewed = reviewer.page.getByTestId('announcement-summary');
    await expect.poll(() => reviewed.getAttribute('data-status')).toBe('pending_review');
    await reviewer.page.getByTestId('announcement-approve').click();
    await reviewer.page.getByTestId('announcement-review-ok').click();
    await expect.poll(() => reviewed.getAttribute('data-status')).toBe('published');
    await call(reviewer.page, 'POST', `/api/announcements/${secondId}/review`, { approve: true });
    // the list shows it as published
    await reviewer.page.goto(`${baseUrl()}/announcements?area=${communityId}`);
    await expect.poll(() => reviewer.page.getByTestId('announcement-table').innerText()).toContain(first.title);
    await reviewer.context.close();
  });

  it('shows the notice on a grid page on a phone and takes an acknowledgement', async () => {
    const { context, page } = await newPage(browser, { phone: true });
    await page.goto(`${baseUrl()}/n/${gridId}`);
    const list = page.getByTestId('notice-list');
    await expect.poll(() => list.innerText()).toContain(first.title);
    expect(await list.innerText()).toContain(second.title);
    await page.getByTestId('notice-item').filter({ hasText: first.title }).locator('a').click();
    await page.waitForURL(`${baseUrl()}/n/${gridId}/${firstId}`);
    await expect.poll(() => page.getByTestId('notice-title').innerText()).toBe(first.title);
    expect(await page.getByTestId('notice-body').innerHTML()).not.toContain('<script');
    const ack = page.getByTestId('notice-ack');
    await ack.click();
    await expect.poll(() => ack.innerText()).toMatch(/已读/);
    expect(await page.evaluate((id) => localStorage.getItem(`wangge.ack.${id}`), firstId)).not.toBeNull();
    // remembered on the next visit
    await page.reload();
    await expect.poll(() => page.getByTestId('notice-ack').isDisabled()).toBe(true);
    await context.close();
  });

  it('rotates the notices on the community screen and keeps them when the network drops', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${baseUrl()}/screen/${communityId}?seconds=2`);
    const shown = page.getByTestId('screen-notice');
    await expect.poll(() => shown.innerText()).toMatch(new RegExp(`${first.title}|${second.title}`));
    // pinned and urgent first, then the rotation moves on to the other one
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await shown.getAttribute('data-notice-id')) ?? '');
          return seen.has(String(firstId)) && seen.has(String(secondId));
        },
        { timeout: 30_000, interval: 300 },
      )
      .toBe(true);

    // offline: the last list comes from the browser's cache, with a marker
    await page.route('**/api/public/**', (route) => route.abort());
    await page.reload();
    await page.getByTestId('screen-offline').waitFor();
    await expect.poll(() => shown.innerText()).toMatch(new RegExp(`${first.title}|${second.title}`));
    await context.close();
  });

  it('prints a poster with a QR code and records a door visit in the reach panel', async () => {
    const phone = await newPage(browser, { phone: true });
    await phone.page.goto(`${baseUrl()}/n/${gridId}/${firstId}/poster`);
    const qr = phone.page.getByTestId('notice-poster-qr');
    await expect.poll(() => qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await phone.page.getByTestId('notice-poster').innerText()).toContain(first.title);
    await phone.context.close();

    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');
    await page.goto(`${baseUrl()}/announcements/${firstId}`);
    const panel = page.getByTestId('reach-panel');
    const total = panel.getByTestId('reach-total');
    await total.waitFor();
    const reachedBefore = Number((await total.innerText()).match(/\d+/)?.[0]);
    const row = panel.locator('tr', { hasText: '幸福社区第一网格' }).first();
    await row.locator('.ant-table-row-expand-icon').click();
    await panel.getByTestId('reach-door').first().click();
    await expect.poll(async () => Number((await total.innerText()).match(/\d+/)?.[0])).toBe(reachedBefore + 1);
    await context.close();
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage } from './browser.js';

/**
 * The e2e server runs with the default configuration: webhooks may only point at public internet
 * addresses. Nothing here depends on a delivery going out; the robot is switched off and removed.
 */
describe('group-chat webhooks in the browser', () => {
  let browser: Browser;
  const stamp = Date.now().toString(36);
  const name = `幸福社区居民群 ${stamp}`;
  const key = `e2e${stamp}0123456789abcdef`;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('adds a WeCom robot for 幸福社区, shows its address masked, refuses an internal address and switches it off', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');
    const communityId = await page.evaluate(async () => (await (await fetch('/api/areas?code=370199001001')).json()).items[0].id as number);
    await page.goto(`${baseUrl()}/announcements`);
    await page.getByTestId('announcement-webhooks').click();
    await page.waitForURL(/\/announcements\/webhooks/);
    // The page opens on the chief grid leader's community.
    await expect.poll(() => page.getByTestId('webhooks-area').innerText()).toContain('幸福社区');
    await page.getByTestId('webhook-table').waitFor();

    await page.getByTestId('webhook-new').click();
    const modal = page.getByTestId('webhook-modal');
    await modal.waitFor();
    await expect.poll(() => modal.getByTestId('webhook-area').innerText()).toContain('幸福社区');
    await page.getByTestId('webhook-name').fill(name);
    // An address inside the server's network is refused beside the field, in Chinese.
    await page.getByTestId('webhook-url').fill('http://127.0.0.1:9/cgi-bin/webhook/send?key=x');
    await page.getByTestId('webhook-save').click();
    await expect.poll(() => modal.locator('.ant-form-item-explain-error').allInnerTexts()).toContain('「127.0.0.1」是内网、本机、链路本地或保留地址');
    await page.getByTestId('webhook-url').fill(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`);
    await page.getByTestId('webhook-save').click();
    await modal.waitFor({ state: 'hidden' });

    const row = page.getByTestId('webhook-row').filter({ hasText: name });
    await row.waitFor();
    const url = await row.getByTestId('webhook-url-cell').innerText();
    expect(url).toContain('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=');
    expect(url).toContain('…');
    expect(url).not.toContain(key);
    expect(await row.innerText()).toContain('企业微信');
    expect(await row.getAttribute('data-enabled')).toBe('true');
    expect(await page.content()).not.toContain(key);

    await row.getByTestId('webhook-toggle').click();
    await expect.poll(() => row.getAttribute('data-enabled')).toBe('false');
    const id = Number(await row.getAttribute('data-webhook-id'));
    const saved = await page.evaluate(async (area) => (await (await fetch(`/api/announcement-webhooks?area=${area}`)).json()).items as { id: number; enabled: boolean; kind: string }[], communityId);
    expect(saved.find((w) => w.id === id)).toMatchObject({ enabled: false, kind: 'wecom' });

    // Removing it leaves the demo district as it was.
    await row.getByTestId('webhook-delete').click();
    await page.getByTestId('webhook-delete-ok').click();
    await expect.poll(() => page.getByTestId('webhook-row').filter({ hasText: name }).count()).toBe(0);
    await context.close();
  });
});

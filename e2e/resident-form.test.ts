import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage } from './browser.js';

/** Calls the API from inside the signed-in page, so the session cookie goes along as it would from the app. */
async function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, { method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, data: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

/** A published form for 幸福社区, made by its chief grid leader; returns the resident link's path. */
async function publishForm(browser: Browser, mode: 'daily' | 'continuous', fields: unknown[]): Promise<string> {
  const { context, page } = await newPage(browser);
  await loginAs(page, 'xingfu');
  const me = await call<{ assignments: { area: { id: number } }[] }>(page, 'GET', '/api/auth/me');
  const areaId = me.data.assignments[0].area.id;
  const created = await call<{ id: number }>(page, 'POST', '/api/forms', { areaId, mode, definition: { title: `居民填报 ${mode} ${Date.now() % 100000}`, fields } });
  expect(created.status).toBe(201);
  expect((await call(page, 'POST', `/api/forms/${created.data.id}/publish`)).status).toBe(200);
  const link = await call<{ url: string }>(page, 'GET', `/api/forms/${created.data.id}/links?area=${areaId}`);
  expect(link.status).toBe(200);
  await context.close();
  return new URL(link.data.url).pathname;
}

describe('resident self-report page on a phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('checks answers in Chinese beside each field, keeps a half-filled form across a reload, and gives a receipt', async () => {
    const path = await publishForm(browser, 'daily', [
      { name: 'temperature', type: 'temperature', label: '今日体温', required: true },
      { name: 'fever', type: 'yes_no', label: '是否发热', required: true },
      { name: 'symptoms', type: 'multiple_choice', label: '症状', required: true, showIf: { field: 'fever', op: 'eq', value: 'yes' }, options: [{ value: 'cough', label: '咳嗽' }, { value: 'sore', label: '咽痛' }] },
      { name: 'home', type: 'address', label: '住址', required: true },
    ]);
    const { context, page } = await newPage(browser, { phone: true });
    await page.goto(`${baseUrl()}${path}`);
    await page.getByTestId('form-submit').click();
    // Every unanswered required question says so beside itself, in Chinese.
    for (const name of ['reporter_name', 'reporter_phone', 'temperature', 'fever', 'home']) {
      await expect.poll(() => page.getByTestId(`error-${name}`).innerText()).toMatch(/请/);
    }
    await page.locator('#wf-field-reporter_name-input').fill('赵六');
    await page.locator('#wf-field-reporter_phone-input').fill('1371234');
    await page.locator('#wf-field-temperature-input').fill('45');
    await page.locator('#wf-field-reporter_name-input').click();
    expect(await page.getByTestId('error-reporter_phone').innerText()).toContain('11 位手机号码');
    expect(await page.getByTestId('error-temperature').innerText()).toContain('体温应在');
    await page.locator('#wf-field-reporter_phone-input').fill('13712345678');
    await page.locator('#wf-field-temperature-input').fill('37.8');
    await expect.poll(() => page.getByTestId('error-temperature').count()).toBe(0);
    // A question shown only after "是".
    expect(await page.getByTestId('field-symptoms').count()).toBe(0);
    await page.getByTestId('field-fever').getByRole('button', { name: '是' }).click();
    await page.getByTestId('field-symptoms').getByText('咳嗽').click();
    const home = page.getByTestId('field-home');
    await home.locator('select').first().selectOption({ label: '幸福社区第一网格' });
    await expect.poll(() => home.locator('select').count()).toBeGreaterThan(1);
    await expect.poll(() => home.locator('select').nth(1).locator('option').count()).toBeGreaterThan(1);
    await home.locator('select').nth(1).selectOption({ index: 1 });
    await home.getByPlaceholder(/房号/).fill('302');

    // The phone locks, the page reloads: nothing typed is lost.
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.locator('#wf-field-reporter_name-input').inputValue()).toBe('赵六');
    expect(await page.locator('#wf-field-temperature-input').inputValue()).toBe('37.8');
    expect(await home.getByPlaceholder(/房号/).inputValue()).toBe('302');
    expect(await page.getByTestId('field-symptoms').locator('.wf-option.is-on').innerText()).toContain('咳嗽');

    await page.getByTestId('form-submit').click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    expect(await receipt.innerText()).toContain('今日已打卡');
    expect(await page.getByTestId('receipt-reference').innerText()).toMatch(/^F\d+-\d{8}-\d+$/);
    expect(await page.getByTestId('receipt-time').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

    // Going back to correct today's check-in replaces it.
    await page.getByTestId('fill-again').click();
    await page.getByTestId('field-fever').getByRole('button', { name: '否' }).click();
    await page.getByTestId('form-submit').click();
    await receipt.waitFor();
    expect(await receipt.innerText()).toContain('已更新今天的填报');

    // After the receipt the draft is gone: a reload starts afresh.
    await page.reload();
    await page.getByTestId('form-submit').waitFor();
    expect(await page.getByTestId('draft-restored').count()).toBe(0);
    expect(await page.locator('#wf-field-reporter_name-input').inputValue()).toBe('');
    await context.close();
  });

  it('fits a 320 px wide phone with touch targets of at least 44 px', async () => {
    const path = await publishForm(browser, 'continuous', [
      { name: 'kind', type: 'single_choice', label: '问题类型', required: true, options: [{ value: 'road', label: '道路破损' }, { value: 'light', label: '路灯不亮' }] },
      { name: 'ok', type: 'yes_no', label: '是否紧急' },
      { name: 'trip', type: 'itinerary', label: '去过的地方' },
    ]);
    const context = await browser.newContext({ viewport: { width: 320, height: 568 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}${path}`);
    await page.getByTestId('form-submit').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, input:not([type=radio]):not([type=checkbox]):not([type=file]), select, textarea, label.wf-option, label.wf-file-btn')]
        .map((el) => ({ el: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize) }))
        .filter((x) => x.h < 44 || (x.el.startsWith('<input') && x.font < 16)),
    );
    expect(small).toEqual([]);
    await context.close();
  });
});

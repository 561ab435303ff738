import { randomUUID } from 'node:crypto';
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

/** Vitest polls for 1 s by default; a page with lazy chunks and a fetch or two may need longer. */
const WAIT = { timeout: 10_000 };

interface Area {
  id: number;
  name: string;
  level: string;
}

describe('form statistics, alerts and who has not reported, in the browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('counts a daily check-in per grid with totals, drills into a grid, flags a fever for follow-up and lists who has not reported', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');

    // A daily health check-in for 幸福社区 with an alert rule on the temperature, published.
    const me = await call<{ assignments: { area: Area }[] }>(page, 'GET', '/api/auth/me');
    const community = me.data.assignments[0].area;
    const children = await call<{ items: Area[] }>(page, 'GET', `/api/areas?parent=${community.id}&pageSize=50`);
    const grids = children.data.items.filter((a) => a.level === 'grid');
    expect(grids.length).toBeGreaterThanOrEqual(2);
    const [grid1, grid2] = grids;
    const title = `每日健康打卡 ${Date.now() % 100000}`;
    const created = await call<{ id: number }>(page, 'POST', '/api/forms', {
      areaId: community.id,
      mode: 'daily',
      definition: {
        title,
        fields: [
          { name: 'temperature', type: 'temperature', label: '今日体温', required: true },
          {
            name: 'symptom',
            type: 'single_choice',
            label: '是否有症状',
            required: true,
            options: [
              { value: 'none', label: '无' },
              { value: 'cough', label: '咳嗽' },
              { value: 'fever', label: '发热' },
            ],
          },
        ],
        alertRules: [{ name: '体温异常', field: 'temperature', op: 'gte', value: 37.3 }],
      },
    });
    expect(created.status).toBe(201);
    const formId = created.data.id;
    expect((await call(page, 'POST', `/api/forms/${formId}/publish`)).status).toBe(200);

    // Residents answer through the QR codes of two grids; one of them has a fever.
    const token = async (areaId: number) => (await call<{ token: string }>(page, 'GET', `/api/forms/${formId}/links?area=${areaId}`)).data.token;
    const [token1, token2] = [await token(grid1.id), await token(grid2.id)];
    const submit = async (tok: string, name: string, phone: string, temperature: number, symptom: string) => {
      const res = await call(page, 'POST', `/api/public/forms/${tok}/submissions`, { id: randomUUID(), answers: { reporter_name: name, reporter_phone: phone, temperature, symptom } });
      expect(res.status, JSON.stringify(res.data)).toBe(201);
    };
    await submit(token1, '测试甲', '13700000001', 36.5, 'none');
    await submit(token1, '测试乙', '13700000002', 38.5, 'fever');
    await submit(token2, '测试丙', '13700000003', 36.8, 'cough');

    // 1. The statistics table: one row per grid, the counts and the total.
    await page.goto(`${baseUrl()}/forms/${formId}/stats`);
    const table = page.getByTestId('stats-table');
    const row1 = table.locator(`[data-testid="stats-row"][data-area-id="${grid1.id}"]`);
    const row2 = table.locator(`[data-testid="stats-row"][data-area-id="${grid2.id}"]`);
    // Counting is current within a second; the page asks again every 10 s.
    await expect.poll(() => row1.getAttribute('data-submissions'), { timeout: 15_000 }).toBe('2');
    expect(await row2.getAttribute('data-submissions')).toBe('1');
    expect(await row1.getAttribute('data-alerts')).toBe('1');
    expect(Number(await row1.getAttribute('data-expected'))).toBeGreaterThan(0);
    expect(await row1.locator('[data-testid="option-count"][data-option="fever"]').innerText()).toBe('1');
    expect(await row2.locator('[data-testid="option-count"][data-option="cough"]').innerText()).toBe('1');
    const total = page.getByTestId('stats-total');
    expect(await total.getAttribute('data-submissions')).toBe('3');
    expect(await total.getAttribute('data-alerts')).toBe('1');
    expect(await total.innerText()).toContain('合计');
    expect(await page.getByTestId('stats-table').innerText()).toContain('是否有症状');
    await page.getByTestId('trend-chart').waitFor();

    // 2. Drill into the first grid: the path shows it, and the breadcrumb goes back up.
    await row1.click();
    await expect.poll(() => page.getByTestId('stats-crumb-current').innerText(), WAIT).toBe(grid1.name);
    expect(new URL(page.url()).searchParams.get('area')).toBe(String(grid1.id));
    await expect.poll(() => total.getAttribute('data-submissions'), WAIT).toBe('2');
    await page.getByTestId('stats-crumb').filter({ hasText: community.name }).click();
    await expect.poll(() => page.getByTestId('stats-crumb-current').innerText(), WAIT).toBe(community.name);

    // 3. The submissions: flagged only shows the fever, and its detail reads the answers by label.
    await page.goto(`${baseUrl()}/forms/${formId}/submissions`);
    await expect.poll(() => page.getByTestId('submission-row').count(), WAIT).toBe(3);
    await page.getByTestId('submissions-flagged').click();
    await expect.poll(() => page.getByTestId('submission-row').count(), WAIT).toBe(1);
    await page.getByTestId('submission-row').click();
    const drawer = page.getByTestId('submission-drawer');
    await drawer.getByTestId('submission-answers').waitFor();
    expect(await drawer.locator('[data-field="temperature"]').innerText()).toContain('38.5');
    expect(await drawer.locator('[data-field="symptom"]').innerText()).toBe('发热');
    expect(await drawer.getByTestId('submission-phone').innerText()).not.toContain('13700000002');
    expect(await drawer.getByTestId('submission-alert').innerText()).toContain('体温异常');

    // 4. The alert list: follow up the fever with a note.
    await page.goto(`${baseUrl()}/form-alerts?form=${formId}`);
    const alertRow = page.getByTestId('alert-row').first();
    await expect.poll(() => alertRow.getAttribute('data-status'), WAIT).toBe('open');
    expect(await page.getByTestId('alert-row').count()).toBe(1);
    expect(await alertRow.innerText()).toContain('测试乙');
    await alertRow.getByTestId('alert-follow-up-button').click();
    await page.getByTestId('alert-note').fill('已电话联系，建议就医');
    await page.getByTestId('alert-action-submit').click();
    await expect.poll(() => alertRow.getAttribute('data-status'), WAIT).toBe('following');
    expect(await alertRow.getByTestId('alert-follow-up').innerText()).toContain('已电话联系');

    // 5. Who has not reported in the first grid: registered residents, with a phone to call.
    await page.goto(`${baseUrl()}/forms/${formId}/not-reported?area=${grid1.id}`);
    const counts = page.getByTestId('not-reported-counts');
    await counts.waitFor();
    const expected = Number(await counts.getAttribute('data-expected'));
    expect(expected).toBeGreaterThan(0);
    expect(Number(await counts.getAttribute('data-not-reported'))).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('not-reported-row').count(), WAIT).toBeGreaterThan(0);
    const call1 = page.getByTestId('call-resident').first();
    await call1.click();
    await page.getByTestId('reveal-reason').fill('提醒今日健康打卡');
    await page.getByTestId('reveal-submit').click();
    await expect.poll(async () => (await page.getByTestId('call-link').first().getAttribute('href')) ?? '', WAIT).toMatch(/^tel:1\d{10}$/);
    expect(await page.getByTestId('not-reported-export').getAttribute('href')).toContain(`/api/forms/${formId}/not-reported/export`);

    await context.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage } from './browser.js';

/** The id of an area by its code, looked up with the session of the page. */
async function areaId(page: Page, code: string): Promise<number> {
  return page.evaluate(async (c) => (await (await fetch(`/api/areas?code=${c}`)).json()).items[0].id as number, code);
}

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/** Picks an option of the open antd select by its text. */
async function pickOption(page: Page, text: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/** Clicks an action button of the case page, fills the note when given, and confirms the dialog. */
async function act(page: Page, action: string, note?: string): Promise<void> {
  await page.getByTestId(`case-action-${action}`).click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.waitFor();
  if (note !== undefined) await dialog.getByTestId('case-action-note').fill(note);
  await dialog.getByTestId('case-action-submit').click();
}

const statusOf = (page: Page) => page.getByTestId('case-detail').getAttribute('data-status');

describe('cases on the desktop', () => {
  let browser: Browser;
  const stamp = Date.now().toString(36);
  const title = `3号楼楼道堆放杂物 ${stamp}`;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is raised, accepted and assigned by the community, handled by the grid worker, verified by the community, and closes with its whole timeline', async () => {
    // xingfu (总网格长 of 幸福社区) raises a rectification case in the first grid
    const leader = await newPage(browser);
    const lp = leader.page;
    await loginAs(lp, 'xingfu');
    const gridId = await areaId(lp, '370199001001-G01');
    await lp.goto(`${baseUrl()}/cases`);
    await lp.getByTestId('case-new').click();
    await lp.waitForURL(/\/cases\/new$/);
    await lp.getByTestId('case-category').click();
    await pickOption(lp, '环境卫生');
    await poll(() => lp.getByTestId('case-form').innerText()).toContain('办结时限 48 小时');
    const area = lp.getByTestId('case-area');
    await area.click();
    await area.locator('input').fill('第一网格');
    await lp.locator(`.ant-select-dropdown:visible [data-testid="area-option"][data-area-id="${gridId}"]`).first().click();
    await poll(() => area.innerText()).toContain('第一网格');
    await lp.getByTestId('case-title').fill(title);
    await lp.getByTestId('case-description').fill('纸箱和旧家具堵住了楼道，影响通行和消防');
    await lp.getByTestId('case-address').fill('幸福小区3号楼2单元');
    await lp.getByTestId('case-submit').click();
    await lp.waitForURL(/\/cases\/\d+$/);
    const caseUrl = lp.url();
    await poll(() => statusOf(lp)).toBe('reported');
    await poll(() => lp.getByTestId('case-status').first().innerText()).toBe('待受理');
    const reference = (await lp.locator('.page-header__title').innerText()).split(' ')[0];

    // accept, then assign to the grid worker wgy0101
    await act(lp, 'accept', '已核实，受理');
    await poll(() => statusOf(lp)).toBe('accepted');
    await lp.getByTestId('case-action-assign').click();
    const dialog = lp.locator('.ant-modal:visible');
    const user = dialog.getByTestId('assign-user');
    await user.click();
    await user.locator('input').fill('wgy0101');
    await pickOption(lp, 'wgy0101');
    await dialog.getByTestId('case-action-note').fill('请尽快清理');
    await dialog.getByTestId('case-action-submit').click();
    await poll(() => statusOf(lp)).toBe('assigned');
    await poll(() => lp.getByTestId('case-assignee').innerText()).not.toBe('—');

    // the grid worker finds it under 我的待办, starts and resolves it
    const worker = await newPage(browser);
    const wp = worker.page;
    await loginAs(wp, 'wgy0101');
    await wp.goto(`${baseUrl()}/cases`);
    const row = wp.getByTestId('case-table-mine').locator(`[data-testid="case-row"][data-reference="${reference}"]`);
    await row.waitFor();
    await poll(() => row.innerText()).toContain('已派单');
    await poll(async () => Number(await wp.getByTestId('mine-toDo').locator('.ant-statistic-content-value').innerText())).toBeGreaterThanOrEqual(1);
    await row.getByTestId('case-link').click();
    await wp.waitForURL(caseUrl);
    await poll(() => wp.getByTestId('case-actions').isVisible()).toBe(true);
    expect(await wp.getByTestId('case-action-verify').count()).toBe(0);
    await act(wp, 'start');
    await poll(() => statusOf(wp)).toBe('in_progress');
    // resolving needs a result: the dialog says so and nothing is sent
    await wp.getByTestId('case-action-resolve').click();
    await wp.locator('.ant-modal:visible').getByTestId('case-action-submit').click();
    await poll(() => wp.locator('.ant-modal:visible').innerText()).toContain('请填写说明');
    await wp.locator('.ant-modal:visible').getByTestId('case-action-note').fill('已清理楼道杂物，通道畅通');
    await wp.locator('.ant-modal:visible').getByTestId('case-action-submit').click();
    await poll(() => statusOf(wp)).toBe('resolved');
    // the handler cannot verify their own work
    expect(await wp.getByTestId('case-action-verify').count()).toBe(0);
    await worker.context.close();

    // xingfu's page is stale: acting on it is refused and the page reloads
    await act(lp, 'comment', '请拍照留存');
    await poll(() => lp.locator('.ant-message').innerText()).toContain('此工单已被他人更新');
    await poll(() => statusOf(lp)).toBe('resolved');

    // xingfu verifies; the case is closed with its whole timeline
    await act(lp, 'verify', '现场核查，已清理干净');
    await poll(() => statusOf(lp)).toBe('closed');
    await poll(() => lp.getByTestId('case-status').first().innerText()).toBe('已办结');
    expect(await lp.getByTestId('case-actions').locator('button', { hasText: '核查通过' }).count()).toBe(0);
    const events = lp.getByTestId('case-event');
    await poll(() => events.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual(['report', 'accept', 'assign', 'start', 'resolve', 'verify']);
    const timeline = await lp.getByTestId('case-timeline').innerText();
    for (const text of ['发起', '受理', '派单', '开始处理', '办结上报', '核查通过', '已办结', '请尽快清理', '已清理楼道杂物，通道畅通', '现场核查，已清理干净', '李秀英']) expect(timeline).toContain(text);

    // the closed case is in the list under 全部 with its status
    await lp.goto(`${baseUrl()}/cases?tab=all&status=closed`);
    const closedRow = lp.getByTestId('case-table-all').locator(`[data-testid="case-row"][data-reference="${reference}"]`);
    await closedRow.waitFor();
    expect(await closedRow.innerText()).toContain('已办结');

    // and counted as closed for the grid under 统计
    await lp.getByTestId('case-tab-stats').click();
    const statsRow = lp.locator(`[data-testid="stats-row"][data-area-id="${gridId}"]`);
    await poll(async () => Number(await statsRow.getAttribute('data-closed'))).toBeGreaterThanOrEqual(1);
    await leader.context.close();
  });

  it('plans an inspection, records a failed item that becomes a rectification case, and shows the inspection complete once that case closes', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');
    const gridId = await areaId(page, '370199001001-G02');
    await page.goto(`${baseUrl()}/inspections`);
    await page.getByTestId('inspection-new').click();
    const dialog = page.locator('.ant-modal:visible');
    const area = dialog.getByTestId('inspection-area');
    await area.click();
    await area.locator('input').fill('第二网格');
    await page.locator(`.ant-select-dropdown:visible [data-testid="area-option"][data-area-id="${gridId}"]`).first().click();
    await dialog.getByTestId('inspection-title').fill(`环境卫生督查 ${stamp}`);
    await dialog.getByTestId('inspection-item').first().fill('楼道无杂物堆放');
    await dialog.getByTestId('inspection-add-item').click();
    await dialog.getByTestId('inspection-item').nth(1).fill('垃圾分类桶摆放整齐');
    await dialog.getByTestId('inspection-save').click();
    await page.waitForURL(/\/inspections\/\d+$/);
    await poll(() => page.getByTestId('inspection-detail').getAttribute('data-status')).toBe('planned');

    // record: the first item passes, the second fails
    const items = page.getByTestId('inspection-record-item');
    await items.nth(0).locator('label', { hasText: '合格' }).first().click();
    await items.nth(1).locator('label', { hasText: '不合格' }).click();
    await items.nth(1).getByTestId('inspection-note').fill('2号楼垃圾桶倾倒，未分类');
    await page.locator('input[data-testid="inspection-score"], [data-testid="inspection-score"] input').first().fill('85');
    await page.getByTestId('inspection-category').click();
    await pickOption(page, '督查整改');
    await page.getByTestId('inspection-record-submit').click();
    await poll(() => page.getByTestId('inspection-detail').getAttribute('data-status')).toBe('recorded');
    const finding = page.getByTestId('inspection-case');
    await poll(() => finding.count()).toBe(1);
    const caseId = await finding.getAttribute('data-case-id');

    // the finding is handled: accepted, assigned to the grid, started and resolved by xingfu …
    await page.goto(`${baseUrl()}/cases/${caseId}`);
    await poll(() => page.getByTestId('case-detail').innerText()).toContain('来自督查');
    await act(page, 'accept');
    await poll(() => statusOf(page)).toBe('accepted');
    await page.getByTestId('case-action-assign').click();
    const assign = page.locator('.ant-modal:visible');
    await assign.getByTestId('assign-target').locator('label', { hasText: '网格' }).click();
    const grid = assign.getByTestId('assign-grid');
    await grid.click();
    await grid.locator('input').fill('第二网格');
    await page.locator(`.ant-select-dropdown:visible [data-testid="area-option"][data-area-id="${gridId}"]`).first().click();
    await assign.getByTestId('case-action-submit').click();
    await poll(() => statusOf(page)).toBe('assigned');
    await poll(() => page.getByTestId('case-assignee').innerText()).toContain('第二网格');
    await act(page, 'start');
    await poll(() => statusOf(page)).toBe('in_progress');
    await act(page, 'resolve', '垃圾桶已扶正并分类摆放');
    await poll(() => statusOf(page)).toBe('resolved');

    // … and verified by the subdistrict (not the resolver)
    const other = await newPage(browser);
    await loginAs(other.page, 'jiedao');
    await other.page.goto(`${baseUrl()}/cases/${caseId}`);
    await act(other.page, 'verify');
    await poll(() => statusOf(other.page)).toBe('closed');
    await other.context.close();

    await page.goto(`${baseUrl()}/inspections`);
    await page.getByTestId('inspection-link').filter({ hasText: `环境卫生督查 ${stamp}` }).click();
    await poll(() => page.getByTestId('inspection-detail').getAttribute('data-status')).toBe('closed');
    await poll(() => page.getByTestId('inspection-detail').innerText()).toContain('所有整改工单均已办结');
    await poll(() => page.getByTestId('inspection-case').innerText()).toContain('已办结');
    await context.close();
  });
});

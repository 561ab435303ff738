import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage } from './browser.js';

describe('foundation in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a wrong password with a message, then logs in and shows only the own scope', async () => {
    const { context, page } = await newPage(browser);
    // The URL printed at start-up opens the app, which asks a stranger to log in.
    await page.goto(`${baseUrl()}/`);
    await page.waitForURL((url) => url.pathname.startsWith('/login'));
    await page.getByTestId('login-username').fill('xingfu');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.locator('body').innerText()).toMatch(/用户名或密码错误|wrong username or password/);
    await loginAs(page, 'xingfu');
    await page.goto(`${baseUrl()}/areas`);
    const tree = page.getByTestId('area-tree');
    await expect.poll(() => tree.innerText()).toContain('幸福社区');
    expect(await tree.innerText()).not.toContain('和平社区');
    await context.close();
  });

  it('browses the area tree lazily and finds a grid by search', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'admin');
    await page.goto(`${baseUrl()}/areas`);
    const tree = page.getByTestId('area-tree');
    await tree.getByText('示范区', { exact: true }).waitFor();
    expect(await tree.innerText()).not.toContain('幸福社区第一网格');
    await page.getByTestId('area-search').locator('input').first().fill('幸福社区第二');
    await page.getByText('幸福社区第二网格').first().click();
    await expect.poll(() => page.getByTestId('area-detail').innerText()).toContain('370199001001-G02');
    await context.close();
  });

  it('assigns a grid worker to a gap in the roster', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'jiedao');
    await page.goto(`${baseUrl()}/roster`);
    const table = page.getByTestId('roster-table');
    await table.getByText('阳光社区第三网格').waitFor();
    const row = table.locator('tr', { hasText: '阳光社区第三网格' });
    await expect.poll(() => row.innerText()).toMatch(/空缺|Gap/i);
    await row.getByTestId('assign-button').click();
    const modal = page.getByTestId('assign-modal');
    await modal.waitFor();
    await modal.getByTestId('assign-user').click();
    await page.keyboard.type('wgy0301');
    await page.locator('.ant-select-item-option', { hasText: 'wgy0301' }).first().click();
    await modal.getByTestId('assign-role').click();
    await page.locator('.ant-select-item-option', { hasText: '网格员' }).first().click();
    // A dropdown still closing can lie over the submit button: click the title first, as a person would.
    await modal.locator('.ant-modal-title').click();
    await expect.poll(() => modal.getByTestId('assign-role').innerText()).toContain('网格员');
    await modal.getByTestId('assign-submit').click();
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).not.toMatch(/空缺/);
    expect(await row.innerText()).toContain('网格员');
    // the server agrees: the grid is no longer a gap
    const me = await page.evaluate(async () => (await fetch('/api/areas?code=370199001003-G03')).json());
    const roster = await page.evaluate(async (id) => (await fetch(`/api/roster?area=${id}`)).json(), me.items[0].id);
    expect(roster.items[0].gap).toBe(false);
    await context.close();
  });

  it('opens a grid card on a phone without logging in, with masked phones and a QR code', async () => {
    const { context, page } = await newPage(browser, { phone: true });
    const found = (await fetch(`${baseUrl()}/api/public/grids/99999999/card`)).status;
    expect(found).toBe(404);
    // look the grid up the way a worker's printed board would link to it
    const adminCtx = await browser.newContext();
    const admin = await adminCtx.newPage();
    await loginAs(admin, 'admin');
    const id = await admin.evaluate(async () => (await (await fetch('/api/areas?code=370199001001-G01')).json()).items[0].id);
    await adminCtx.close();
    await page.goto(`${baseUrl()}/card/${id}`);
    const card = page.getByTestId('grid-card');
    await expect.poll(() => page.getByTestId('grid-card-name').innerText()).toContain('幸福社区第一网格');
    const people = await card.getByTestId('grid-card-person').allInnerTexts();
    expect(people.length).toBeGreaterThanOrEqual(2);
    expect(people.join('\n')).toMatch(/1\d{2}\*{4}\d{4}|1\d{10}/);
    const qr = page.locator(`img[src*="/api/public/grids/${id}/qr.svg"]`);
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('switches the language to English and keeps it after a reload', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'admin');
    await page.goto(`${baseUrl()}/areas`);
    await page.getByTestId('area-tree').getByText('示范区', { exact: true }).waitFor();
    expect(await page.locator('body').innerText()).toMatch(/区域|网格/);
    const sw = page.getByTestId('lang-switch');
    await sw.click();
    const english = page.getByText('English', { exact: true });
    if (await english.count()) await english.last().click();
    await expect.poll(() => page.locator('body').innerText()).toMatch(/Areas|Area tree/);
    await page.reload();
    await expect.poll(() => page.locator('body').innerText()).toMatch(/Areas|Area tree/);
    await context.close();
  });

  it('works at phone width: the admin menu collapses and the tree is usable', async () => {
    const { context, page } = await newPage(browser, { phone: true });
    await loginAs(page, 'xingfu');
    await page.goto(`${baseUrl()}/areas`);
    await page.getByTestId('area-tree').getByText('幸福社区', { exact: true }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    await context.close();
  });
});

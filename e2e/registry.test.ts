import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../common/id-number.js';
import { baseUrl, launchBrowser, loginAs, newPage } from './browser.js';

/** A valid 18-character ID number (Beijing prefix, so it cannot collide with the demo's 3701… people). */
function idNumber(birth: string, seq: number, male: boolean): string {
  const order = String(seq * 2 + (male ? 1 : 0)).padStart(3, '0').slice(-3);
  const first17 = `110105${birth}${order}`;
  return first17 + idCheckChar(first17);
}

/** The check character that is certainly wrong for these 17 digits. */
function wrongCheck(valid: string): string {
  const right = valid[17];
  return valid.slice(0, 17) + (right === '1' ? '2' : '1');
}

const HEADER = ['姓名', '身份证号', '手机号', '楼栋', '单元', '房号', '与户主关系', '人员类型', '标签'];

/** An XLSX the way a community office keeps it: Chinese header row, one person per row. */
async function workbook(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民');
  ws.addRow(HEADER);
  for (const row of rows) ws.addRow(row.map((v) => v ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Picks an area in an AreaTreeSelect by typing its name. */
async function pickArea(page: Page, testId: string, name: string) {
  const select = page.getByTestId(testId);
  await select.click();
  await select.locator('input').fill(name);
  await page.locator('.ant-select-dropdown:visible [data-testid="area-option"]', { hasText: name }).first().click();
  await expect.poll(() => select.innerText()).toContain(name);
}

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.getByTestId('resident-import-upload').locator('input[type=file]').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
}

describe('population registry in the browser', () => {
  let browser: Browser;
  const stamp = Date.now() % 400; // a fresh sequence per run, in case the data folder is reused
  const people = {
    // 欧阳 is nowhere in the demo's surnames, so "oycx" finds exactly the person imported here
    head: { name: '欧阳晨曦', id: idNumber('19860312', stamp, true), phone: '13912345678' },
    spouse: { name: '欧阳丽', id: idNumber('19880521', stamp + 1, false), phone: '' },
    neighbour: { name: '司马明远', id: idNumber('19700101', stamp + 2, true), phone: '13698765432' },
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('imports residents: lists every bad row, then imports a clean file; finds one by pinyin initials and reveals the ID number; the audit log shows the reveal', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');

    // 1. A file with good rows and bad ones: nothing can be imported until it is fixed.
    const good = idNumber('19750615', stamp + 3, false);
    const badFile = await workbook([
      ['王淑芬', good, '13800138000', '1号楼', '1单元', '1101', '户主', '户籍', '独居老人'], // row 2: good
      ['李错位', wrongCheck(idNumber('19800202', stamp + 4, true)), '', '1号楼', '1单元', '1102', '户主', '常住', ''], // row 3: bad check digit
      ['赵无房', idNumber('19900303', stamp + 5, true), '', '1号楼', '1单元', '', '户主', '常住', ''], // row 4: no room
      ['钱号码', idNumber('19920404', stamp + 6, false), '12345', '1号楼', '1单元', '1103', '户主', '流动', ''], // row 5: bad phone
      ['孙正常', idNumber('19650505', stamp + 7, true), '', '1号楼', '1单元', '1104', '户主', '户籍', ''], // row 6: good
    ]);
    await page.goto(`${baseUrl()}/residents/import`);
    await pickArea(page, 'resident-import-area', '幸福社区第一网格');
    await upload(page, '居民-有错误.xlsx', badFile);
    const errors = page.getByTestId('resident-import-errors');
    await errors.waitFor();
    const listed = await errors.getByTestId('resident-import-error').evaluateAll((rows) => rows.map((r) => ({ row: Number(r.getAttribute('data-row')), text: r.textContent ?? '' })));
    expect(listed.map((r) => r.row).sort()).toEqual([3, 4, 5]);
    expect(listed.find((r) => r.row === 3)!.text).toMatch(/身份证号校验位错误/);
    expect(listed.find((r) => r.row === 4)!.text).toMatch(/房号为空/);
    expect(listed.find((r) => r.row === 5)!.text).toMatch(/不是 11 位手机号码/);
    expect(await page.getByTestId('resident-import-confirm').isDisabled()).toBe(true);
    expect(await page.getByTestId('resident-import-fix-hint').innerText()).toMatch(/3/);

    // 2. A clean file into the same grid: a new building is announced, then everything goes in.
    await page.getByTestId('resident-import-again').click();
    await expect.poll(() => page.getByTestId('resident-import-area').innerText()).toContain('幸福社区第一网格');
    const cleanFile = await workbook([
      [people.head.name, people.head.id, people.head.phone, '88号楼', '1单元', '101', '户主', '户籍', '党员'],
      [people.spouse.name, people.spouse.id, people.spouse.phone, '88号楼', '1单元', '101', '配偶', '户籍', ''],
      [people.neighbour.name, people.neighbour.id, people.neighbour.phone, '88号楼', '1单元', '102', '户主', '流动', '独居老人、慢性病'],
    ]);
    await upload(page, '居民-干净.xlsx', cleanFile);
    const preview = page.getByTestId('resident-import-preview');
    await preview.waitFor();
    expect(await page.getByTestId('resident-import-errors').count()).toBe(0);
    expect(await page.getByTestId('resident-import-new-buildings').innerText()).toContain('88号楼');
    const confirm = page.getByTestId('resident-import-confirm');
    expect(await confirm.isEnabled()).toBe(true);
    await confirm.click();
    const result = page.getByTestId('resident-import-result');
    await result.waitFor({ timeout: 30_000 });
    await expect.poll(() => result.getAttribute('data-status')).toBe('succeeded');
    expect(await result.getAttribute('data-created')).toBe('3');
    expect(await result.innerText()).toMatch(/3/);

    // 3. Search by pinyin initials finds the imported head of household.
    await page.goto(`${baseUrl()}/residents`);
    await page.getByTestId('residents-table').getByTestId('resident-row').first().waitFor();
    await page.getByTestId('residents-search').fill('oycx');
    const row = page.getByTestId('resident-row').filter({ hasText: people.head.name });
    await row.waitFor();
    await expect.poll(() => page.getByTestId('resident-row').count()).toBe(1);
    const rowText = await row.innerText();
    expect(rowText).toContain('88号楼1单元101');
    expect(rowText).not.toContain(people.head.id); // masked in the list
    expect(rowText).toContain(people.head.id.slice(-4));
    const residentId = Number(await row.getAttribute('data-resident-id'));
    expect(residentId).toBeGreaterThan(0);

    // 4. Open the resident and reveal the ID number for a reason.
    await row.click();
    const drawer = page.getByTestId('resident-drawer');
    await drawer.getByTestId('resident-name').waitFor();
    expect(await drawer.innerText()).not.toContain(people.head.id);
    await drawer.getByTestId('reveal-idNumber').click();
    await page.getByTestId('reveal-reason').fill('电话联系核实居住情况');
    await page.getByTestId('reveal-submit').click();
    await expect.poll(() => drawer.getByTestId('revealed-value').innerText()).toBe(people.head.id);
    await context.close();

    // 5. An administrator sees the reveal in the audit log, with who and why.
    const admin = await newPage(browser);
    await loginAs(admin.page, 'admin');
    await admin.page.goto(`${baseUrl()}/audit`);
    await admin.page.getByTestId('audit-action').fill('resident.reveal');
    await admin.page.getByTestId('audit-apply').click();
    const audit = admin.page.getByTestId('audit-table');
    const entry = audit.locator('tr', { hasText: `resident #${residentId}` }).first();
    await entry.waitFor();
    const entryText = await entry.innerText();
    expect(entryText).toContain('resident.reveal');
    expect(entryText).toContain('xingfu');
    await admin.context.close();
  });

  it('keeps the residents page usable at phone width: the table scrolls inside itself', async () => {
    const { context, page } = await newPage(browser, { phone: true });
    await loginAs(page, 'xingfu');
    await page.goto(`${baseUrl()}/residents`);
    await page.getByTestId('resident-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await page.goto(`${baseUrl()}/registry/overview`);
    await page.getByTestId('overview-table').locator('[data-testid="overview-row"]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await context.close();
  });
});

import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage } from './browser.js';

/** The id of an area by its code, looked up with the session of the page. */
async function areaId(page: Page, code: string): Promise<number> {
  return page.evaluate(async (c) => (await (await fetch(`/api/areas?code=${c}`)).json()).items[0].id as number, code);
}

/** Calls the API as the user logged in on the page; throws on an error answer. */
async function call<T>(page: Page, method: string, path: string): Promise<T> {
  const result = await page.evaluate(
    async ({ method, path }) => {
      const res = await fetch(path, { method });
      return { status: res.status, data: await res.json() };
    },
    { method, path },
  );
  if (result.status >= 300) throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.data)}`);
  return result.data as T;
}

/** Polls for up to 10 s: the first keystrokes in a question's text load the pinyin chunk that suggests its name. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

/** Adds a question of a type from the 添加问题 menu and gives it its text; the new question is selected. */
async function addQuestion(page: Page, type: string, label: string): Promise<void> {
  const before = await page.getByTestId('field-item').count();
  await page.getByTestId('field-add').click();
  await page.locator(`.ant-dropdown:visible [data-testid="field-add-${type}"]`).click();
  await poll(() => page.getByTestId('field-item').count()).toBe(before + 1);
  await page.getByTestId('field-editor').getByTestId('field-label').fill(label);
  await poll(() => page.locator('[data-testid="field-item"][data-selected="true"]').innerText()).toContain(label);
}

/** Picks an option of an open antd select by its text. */
async function pickOption(page: Page, text: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

describe('forms in the browser', () => {
  let browser: Browser;
  const stamp = Date.now().toString(36);
  const title = `返乡人员登记 ${stamp}`;
  let formId = 0;
  let gridId = 0;
  let names: { yes: string; where: string; living: string } = { yes: '', where: '', living: '' };
  let formUrl = '';

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('designs a form for the community with a show-if question, is told what to fix, publishes it and gets a grid QR link', async () => {
    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');
    const communityId = await areaId(page, '370199001001');
    gridId = await areaId(page, '370199001001-G01');
    await page.goto(`${baseUrl()}/forms`);
    await page.getByTestId('form-new').click();
    await page.waitForURL(/\/forms\/new$/);
    await page.getByTestId('form-title').fill(title);
    const area = page.getByTestId('form-area');
    await area.click();
    await area.locator('input').fill('幸福社区');
    await page.locator(`.ant-select-dropdown:visible [data-testid="area-option"][data-area-id="${communityId}"]`).first().click();
    await poll(() => area.innerText()).toContain('幸福社区');

    // a yes/no question, then a text question shown only when the answer is yes
    await addQuestion(page, 'yes_no', '近14天是否去过外地');
    await addQuestion(page, 'text', '去过哪些地方');
    await page.getByTestId('showif-add').click();
    await poll(() => page.getByTestId('showif-field-0').innerText()).toContain('近14天是否去过外地');
    await poll(() => page.getByTestId('showif-op-0').innerText()).toContain('等于');
    await poll(() => page.getByTestId('showif-value-0').innerText()).toContain('是');
    // the preview follows: the text question appears only after 是
    const preview = page.getByTestId('form-preview');
    await poll(() => preview.innerText()).toContain('近14天是否去过外地');
    expect(await preview.innerText()).not.toContain('去过哪些地方');
    await preview.getByRole('button', { name: '是' }).click();
    await poll(() => preview.innerText()).toContain('去过哪些地方');

    // a single choice left with one option: publishing says what is wrong beside that question
    await addQuestion(page, 'single_choice', '居住情况');
    await page.getByTestId('option-label-0').fill('常住');
    await page.getByTestId('option-delete-1').click();
    await page.getByTestId('form-publish').click();
    await page.getByTestId('form-publish-ok').click();
    await page.waitForURL(/\/forms\/\d+$/);
    formId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('options-error').waitFor();
    await page.getByTestId('field-item-error').waitFor();
    expect(await page.locator('[data-testid="field-item"][data-selected="true"]').innerText()).toContain('居住情况');
    await poll(() => page.getByTestId('form-summary').getAttribute('data-status')).toBe('draft');

    // fixed: two options, publish again
    await page.getByTestId('option-add').click();
    await page.getByTestId('option-label-1').fill('暂住');
    await page.getByTestId('form-publish').click();
    await page.getByTestId('form-publish-ok').click();
    await poll(() => page.getByTestId('form-summary').getAttribute('data-status')).toBe('published');
    expect(await page.getByTestId('form-summary').getAttribute('data-version')).toBe('1');
    expect(await page.getByTestId('options-error').count()).toBe(0);
    await page.getByTestId('form-version').first().waitFor();

    const detail = await call<{ published: { fields: { name: string; type: string; showIf?: unknown }[] } }>(page, 'GET', `/api/forms/${formId}`);
    const [yes, where, living] = detail.published.fields;
    expect([yes.type, where.type, living.type]).toEqual(['yes_no', 'text', 'single_choice']);
    expect(where.showIf).toEqual({ field: yes.name, op: 'eq', value: 'yes' });
    names = { yes: yes.name, where: where.name, living: living.name };

    // the QR code of the first grid
    const qrArea = page.getByTestId('qr-area');
    await qrArea.click();
    await page.locator(`.ant-select-dropdown:visible [data-testid="subtree-area-option"][data-area-id="${gridId}"]`).click();
    const link = page.getByTestId('qr-link');
    await poll(() => link.getAttribute('data-area-id')).toBe(String(gridId));
    formUrl = (await link.getAttribute('data-url')) ?? '';
    expect(formUrl).toMatch(/\/f\/[A-Za-z0-9_-]+$/);
    expect(await page.getByTestId('qr-url').innerText()).toContain(formUrl);
    expect(await page.getByTestId('qr-code').locator('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    // a grid has buildings below it: the batch of building posters is offered, not one of grids
    expect(await page.getByTestId('qr-batch-building').count()).toBe(1);
    expect(await page.getByTestId('qr-batch-grid').count()).toBe(0);

    // the list shows the form with its links
    await page.goto(`${baseUrl()}/forms`);
    const row = page.locator(`[data-testid="form-row"][data-id="${formId}"]`);
    await poll(() => row.innerText()).toContain(title);
    expect(await row.innerText()).toContain('已发布');
    expect(await row.getByTestId('form-stats').getAttribute('href')).toBe(`/forms/${formId}/stats`);
    await context.close();
  });

  it('takes an answer on a phone through the grid QR link, then counts it for the grid', async () => {
    const phone = await newPage(browser, { phone: true });
    const p = phone.page;
    await p.goto(`${baseUrl()}${new URL(formUrl).pathname}`);
    await p.getByTestId('field-reporter_name').locator('input').fill('王建国');
    await p.getByTestId('field-reporter_phone').locator('input').fill('13905310123');
    await p.getByTestId(`field-${names.yes}`).getByRole('button', { name: '是' }).click();
    const where = p.getByTestId(`field-${names.where}`);
    await where.waitFor();
    await p.getByTestId(`field-${names.living}`).getByText('常住').click();
    // the text question shown by 是 is required and still empty
    await p.getByTestId('form-submit').click();
    await poll(() => p.getByTestId(`error-${names.where}`).innerText()).toBe('请填写此项');
    expect(await where.locator('[data-testid^="error-"]').count()).toBe(1);
    await where.locator('textarea, input').first().fill('北京市朝阳区');
    await p.getByTestId('form-submit').click();
    await p.getByTestId('receipt').waitFor();
    expect(await p.getByTestId('receipt-reference').innerText()).toMatch(/\S+/);
    await phone.context.close();

    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');
    await page.goto(`${baseUrl()}/forms/${formId}/stats`);
    const gridRow = page.locator(`[data-testid="stats-row"][data-area-id="${gridId}"]`);
    await expect
      .poll(
        async () => {
          // the tallies are folded in by a background pass: reload until it has run
          await page.reload();
          await gridRow.waitFor();
          return gridRow.getAttribute('data-submissions');
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('1');
    expect(await gridRow.getAttribute('data-area-name')).toContain('第一网格');
    await context.close();
  });
  it('imports an XLSForm, lists what it could not carry over, reorders a question, and shows the form read-only to an observer', async () => {
    const book = new ExcelJS.Workbook();
    const survey = book.addWorksheet('survey');
    survey.addRow(['type', 'name', 'label', 'required', 'relevant']);
    survey.addRow(['select_one yn', 'fever', '是否发热', 'yes', '']);
    survey.addRow(['decimal', 'temp', '体温', 'yes', "${fever} = 'yes'"]);
    survey.addRow(['geopoint', 'loc', '位置', '', '']);
    const choices = book.addWorksheet('choices');
    choices.addRow(['list_name', 'name', 'label']);
    choices.addRow(['yn', 'yes', '是']);
    choices.addRow(['yn', 'no', '否']);
    const settings = book.addWorksheet('settings');
    settings.addRow(['form_title']);
    settings.addRow([`每日健康打卡 ${stamp}`]);
    const file = join(mkdtempSync(join(tmpdir(), 'wangge-xlsform-')), 'health.xlsx');
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));

    const { context, page } = await newPage(browser);
    await loginAs(page, 'xingfu');
    await page.goto(`${baseUrl()}/forms`);
    await page.getByTestId('form-import').click();
    await poll(() => page.getByTestId('xlsform-area').innerText()).toContain('幸福社区');
    await page.getByTestId('xlsform-mode').click();
    await pickOption(page, '每日打卡');
    await page.locator('[data-testid="xlsform-file"] input[type=file], .ant-modal input[type=file]').first().setInputFiles(file);
    await page.getByTestId('xlsform-submit').click();
    // before opening: the geopoint row is named as not imported
    const result = page.getByTestId('xlsform-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('共 2 个问题');
    const skipped = page.getByTestId('xlsform-unsupported-item').filter({ hasText: 'loc' });
    expect(await skipped.innerText()).toContain('survey 第 4 行');
    await page.getByTestId('xlsform-open').click();
    await page.waitForURL(/\/forms\/\d+$/);
    const importedId = Number(new URL(page.url()).pathname.split('/').pop());
    // after opening: the same list at the top of the designer
    await poll(() => page.getByTestId('xlsform-unsupported').innerText()).toContain('loc');
    expect(await page.getByTestId('form-title').inputValue()).toBe(`每日健康打卡 ${stamp}`);
    await poll(() => page.getByTestId('field-item').count()).toBe(2);
    expect(await page.getByTestId('field-item').nth(1).getAttribute('data-name')).toBe('temp');

    // move 体温 above 是否发热: its show-if now points at a later question, which the server refuses
    await page.getByTestId('field-item').nth(1).getByTestId('field-up').click();
    expect(await page.getByTestId('field-item').first().getAttribute('data-name')).toBe('temp');
    await poll(() => page.getByTestId('form-dirty').getAttribute('data-dirty')).toBe('true');
    await page.getByTestId('form-publish').click();
    await page.getByTestId('form-publish-ok').click();
    await page.getByTestId('showif-error').waitFor();
    expect(await page.locator('[data-testid="field-item"][data-selected="true"]').getAttribute('data-name')).toBe('temp');
    // back down again and publish
    await page.getByTestId('field-item').first().getByTestId('field-down').click();
    await page.getByTestId('form-publish').click();
    await page.getByTestId('form-publish-ok').click();
    await poll(() => page.getByTestId('form-summary').getAttribute('data-status')).toBe('published');
    expect(await page.getByTestId('designer-not-reported-link').getAttribute('href')).toBe(`/forms/${importedId}/not-reported`);
    await context.close();

    const observer = await newPage(browser);
    await loginAs(observer.page, 'guancha');
    await observer.page.goto(`${baseUrl()}/forms/${importedId}`);
    await observer.page.getByTestId('form-read-only').waitFor();
    expect(await observer.page.getByTestId('form-save').count()).toBe(0);
    expect(await observer.page.getByTestId('form-publish').count()).toBe(0);
    expect(await observer.page.getByTestId('form-title').isDisabled()).toBe(true);
    await observer.context.close();
  });
});

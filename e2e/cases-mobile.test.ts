import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage } from './browser.js';

/** GET or POST through the signed-in page's own session cookie, as the page itself would. */
async function call<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: await res.json().catch(() => null) };
    },
    { method, path, body },
  );
}

/** A big photo (as phone cameras make them), drawn in the browser: 2400×1800 PNG. */
async function bigPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400;
    canvas.height = 1800;
    const ctx = canvas.getContext('2d')!;
    const gradient = ctx.createLinearGradient(0, 0, 2400, 1800);
    gradient.addColorStop(0, '#6d4c41');
    gradient.addColorStop(1, '#90a4ae');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 2400, 1800);
    ctx.fillStyle = '#222';
    ctx.beginPath();
    ctx.arc(1200, 900, 500, 0, Math.PI * 2);
    ctx.fill();
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

describe('cases on the phone: a resident reports, the grid worker resolves, the resident rates', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs from a resident report with a photo to a verified, rated case', async () => {
    // The chief grid leader of 幸福社区 (desktop) looks up the grid the card is printed for.
    const leader = await newPage(browser);
    await loginAs(leader.page, 'xingfu');
    const areas = await call<{ items: { id: number; name: string }[] }>(leader.page, 'GET', '/api/areas?code=370199001001-G01');
    const gridId = areas.json.items[0].id;
    expect(areas.json.items[0].name).toBe('幸福社区第一网格');

    // A resident scans the grid card and follows 报事报修 / 求助 (no login), on a 390×844 phone.
    const resident = await newPage(browser, { phone: true });
    const r = resident.page;
    await r.goto(`${baseUrl()}/card/${gridId}`);
    await r.getByTestId('grid-card-report').click();
    await r.waitForURL(`**/report/${gridId}`);
    const categories = r.getByTestId('case-category');
    await categories.first().waitFor();
    const names = await categories.allInnerTexts();
    expect(names.join('\n')).toContain('环境卫生');
    expect(names.join('\n')).toContain('求助'); // an errand category shows as 求助
    // Fits a 320 px phone too.
    await r.setViewportSize({ width: 320, height: 640 });
    expect(await r.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await r.setViewportSize({ width: 390, height: 844 });

    await r.locator('[data-testid="case-category"][data-type="rectification"]', { hasText: '环境卫生' }).click();
    await expect.poll(() => r.getByTestId('case-chosen-category').innerText()).toBe('环境卫生');
    // Sending half-filled: the page says in Chinese, beside each field, what is missing.
    await r.getByTestId('case-description').fill('垃圾');
    await r.getByTestId('case-name').fill('');
    await r.getByTestId('case-phone').fill('');
    await r.getByTestId('case-submit').click();
    await expect.poll(() => r.locator('.case-field.has-error').count()).toBe(3);
    expect(await r.locator('.case-field__error').allInnerTexts()).toEqual(expect.arrayContaining(['请至少写 5 个字，说清楚是什么事', '请填写您的姓名', '请填写 11 位手机号']));

    await r.getByTestId('case-description').fill('3号楼东侧垃圾桶满了，三天没人清运，有异味');
    await r.getByTestId('case-photo-input').setInputFiles({ name: 'rubbish.png', mimeType: 'image/png', buffer: await bigPng(r) });
    await expect.poll(() => r.locator('[data-testid="case-photo"][data-status="done"]').count(), { timeout: 15_000 }).toBe(1);
    await r.getByTestId('case-address').fill('3号楼东侧');
    await r.getByTestId('case-name').fill('张大妈');
    await r.getByTestId('case-phone').fill('13912345678');
    // The half-filled report survives a reload.
    await r.reload();
    await expect.poll(() => r.getByTestId('case-description').inputValue()).toContain('垃圾桶满了');
    expect(await r.locator('[data-testid="case-photo"]').count()).toBe(1);
    await r.getByTestId('case-submit').click();
    await r.getByTestId('case-report-done').waitFor();
    const reference = (await r.getByTestId('case-reference').innerText()).match(/编号是\s*(\S+?)。/)![1];
    const trackHref = (await r.getByTestId('case-track-link').getAttribute('href'))!;
    expect(trackHref).toMatch(/^\/track\/[A-Za-z0-9_-]+$/);
    await r.getByTestId('case-track-link').click();
    await expect.poll(() => r.getByTestId('case-status').innerText()).toBe('待受理');
    expect(await r.getByTestId('case-timeline').innerText()).not.toContain('李秀英');

    // The chief grid leader accepts it and assigns it to the grid worker of the first grid.
    const found = await call<{ items: { id: number; reference: string; status: string; version: number }[] }>(leader.page, 'GET', `/api/cases?q=${encodeURIComponent(reference)}`);
    const item = found.json.items.find((c) => c.reference === reference)!;
    expect(item.status).toBe('reported');
    const detail = await call<{ attachments: { id: number; mime: string; url: string }[] }>(leader.page, 'GET', `/api/cases/${item.id}`);
    // The phone shrank the 2400 px photo to a JPEG of at most 1600 px before uploading it.
    expect(detail.json.attachments).toHaveLength(1);
    expect(detail.json.attachments[0].mime).toBe('image/jpeg');
    const size = await leader.page.evaluate(async (url) => {
      const bitmap = await createImageBitmap(await (await fetch(url)).blob());
      return { width: bitmap.width, height: bitmap.height };
    }, detail.json.attachments[0].url);
    expect(size).toEqual({ width: 1600, height: 1200 });
    const accepted = await call<{ version: number; status: string }>(leader.page, 'POST', `/api/cases/${item.id}/transitions`, { action: 'accept' });
    expect(accepted.json.status).toBe('accepted');
    const users = await call<{ items: { id: number; username: string }[] }>(leader.page, 'GET', '/api/users?q=wgy0101');
    const worker = users.json.items.find((u) => u.username === 'wgy0101')!;
    const assigned = await call<{ status: string }>(leader.page, 'POST', `/api/cases/${item.id}/transitions`, { action: 'assign', assignee: worker.id, version: accepted.json.version });
    expect(assigned.status).toBe(200);
    expect(assigned.json.status).toBe('assigned');

    // The grid worker, on their phone, finds it in their work list, starts it and resolves it with a note.
    const wgy = await newPage(browser, { phone: true });
    const w = wgy.page;
    await w.goto(`${baseUrl()}/m/cases`);
    await w.getByTestId('case-sign-in').waitFor(); // not signed in yet: sent to the login page
    await loginAs(w, 'wgy0101');
    await w.goto(`${baseUrl()}/m/cases`);
    const mine = w.locator(`[data-testid="case-item"][data-reference="${reference}"]`);
    await mine.click();
    await w.waitForURL(`**/m/cases/${item.id}`);
    await expect.poll(() => w.getByTestId('case-detail').getAttribute('data-status')).toBe('assigned');
    await w.getByTestId('case-action-start').click();
    await expect.poll(() => w.getByTestId('case-detail').getAttribute('data-status')).toBe('in_progress');
    await w.getByTestId('case-action-resolve').click();
    await w.getByTestId('case-action-send').click(); // a note is required
    await w.getByText('请填写说明').waitFor();
    await w.getByTestId('case-action-note').fill('已联系环卫清运，垃圾桶已清空并消毒');
    await w.getByTestId('case-action-send').click();
    await expect.poll(() => w.getByTestId('case-detail').getAttribute('data-status')).toBe('resolved');
    expect(await w.getByTestId('case-timeline').innerText()).toContain('已联系环卫清运');
    expect(await w.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The chief advisor (someone other than the resolver) verifies it.
    const advisor = await newPage(browser);
    await loginAs(advisor.page, 'jiedao');
    const verified = await call<{ status: string }>(advisor.page, 'POST', `/api/cases/${item.id}/transitions`, { action: 'verify', note: '现场核查通过' });
    expect(verified.status).toBe(200);
    expect(verified.json.status).toBe('closed');

    // The resident reloads the tracking page, sees 已办结 and gives five stars.
    await r.reload();
    await expect.poll(() => r.getByTestId('case-status').innerText()).toBe('已办结');
    expect(await r.getByTestId('case-timeline').innerText()).toContain('已联系环卫清运');
    await r.getByTestId('case-star-5').click();
    await r.getByTestId('case-rate-submit').click();
    await r.getByTestId('case-rated').waitFor();
    expect(await r.getByTestId('case-rated').innerText()).toContain('5 星');
    await r.reload();
    await r.getByTestId('case-rated').waitFor();
    expect(await r.getByTestId('case-rate-box').count()).toBe(0);

    for (const ctx of [leader, resident, wgy, advisor]) await ctx.context.close();
  });

  it('lets a grid worker raise a case on patrol and run an errand the resident confirms and rates', async () => {
    const wgy = await newPage(browser, { phone: true });
    const w = wgy.page;
    await wgy.context.grantPermissions(['geolocation']);
    await wgy.context.setGeolocation({ latitude: 36.651234, longitude: 117.121234, accuracy: 12 });
    await loginAs(w, 'wgy0101');

    // On patrol: a camera photo and the phone's position (asked for as the page opens).
    await w.goto(`${baseUrl()}/m/cases/new`);
    await w.getByTestId('case-location').waitFor();
    await w.getByTestId('case-category-select').selectOption({ label: '设施报修（整改）' });
    await w.getByTestId('case-title').fill('5号楼楼道灯不亮');
    await w.getByTestId('case-photo-input').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: await bigPng(w) });
    await expect.poll(() => w.locator('[data-testid="case-photo"][data-status="done"]').count(), { timeout: 15_000 }).toBe(1);
    await w.getByTestId('case-submit').click();
    await w.waitForURL(/\/m\/cases\/\d+$/);
    await w.getByTestId('case-detail').waitFor();
    expect(await w.getByTestId('case-title').innerText()).toBe('5号楼楼道灯不亮');
    const raised = await call<{ location: { lat: number; lng: number } | null; attachments: unknown[]; source: string }>(w, 'GET', `/api/cases/${await w.getByTestId('case-detail').getAttribute('data-case-id')}`);
    expect(raised.json.location).toEqual({ lat: 36.651234, lng: 117.121234 });
    expect(raised.json.attachments).toHaveLength(1);

    // A resident asks for an errand, saying by when.
    const resident = await newPage(browser, { phone: true });
    const r = resident.page;
    const gridId = await call<{ items: { id: number }[] }>(w, 'GET', '/api/areas?code=370199001001-G01').then((a) => a.json.items[0].id);
    await r.goto(`${baseUrl()}/report/${gridId}`);
    await r.locator('[data-testid="case-category"][data-type="errand"]').click();
    await r.getByTestId('case-description').fill('家里老人行动不便，请帮忙代买降压药两盒');
    await r.getByTestId('case-needed-by').fill('2031-12-01T18:00');
    await r.getByTestId('case-name').fill('王大爷');
    await r.getByTestId('case-phone').fill('13912345670');
    // The signal drops while the answer comes back: the server has the report, the phone does not know. The page
    // says so and keeps everything; pressing submit again returns the same case rather than a second one.
    await r.route('**/api/public/cases', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    }, { times: 1 });
    await r.getByTestId('case-submit').click();
    await expect.poll(() => r.getByTestId('case-error').innerText()).toContain('网络连接失败');
    await r.getByTestId('case-submit').click();
    await r.getByTestId('case-report-done').waitFor();
    const reference = (await r.getByTestId('case-reference').innerText()).match(/编号是\s*(\S+?)。/)![1];
    await r.getByTestId('case-track-link').click();
    await r.getByTestId('case-track').waitFor();
    const same = await call<{ items: { reference: string }[] }>(w, 'GET', `/api/cases?q=${encodeURIComponent('代买降压药两盒')}`);
    expect(same.json.items.map((c) => c.reference)).toEqual([reference]);

    // The grid worker sees it in their list, claims it, starts it and reports it done.
    await w.goto(`${baseUrl()}/m/cases`);
    const item = w.locator(`[data-testid="case-item"][data-reference="${reference}"]`);
    expect(await item.innerText()).toContain('需在');
    await item.click();
    await w.getByTestId('case-action-claim').click();
    await expect.poll(() => w.getByTestId('case-detail').getAttribute('data-status')).toBe('assigned');
    expect(await w.getByTestId('case-assignee').innerText()).toBeTruthy();
    await w.getByTestId('case-action-start').click();
    await expect.poll(() => w.getByTestId('case-detail').getAttribute('data-status')).toBe('in_progress');
    await w.getByTestId('case-action-resolve').click();
    await w.getByTestId('case-action-note').fill('药已送到王大爷家中');
    await w.getByTestId('case-action-send').click();
    await expect.poll(() => w.getByTestId('case-detail').getAttribute('data-status')).toBe('resolved');

    // The resident confirms receipt (no verifier needed for an errand), and rates it.
    await r.reload();
    await expect.poll(() => r.getByTestId('case-status').innerText()).toBe('待您确认收到');
    await r.getByTestId('case-confirm').click();
    await expect.poll(() => r.getByTestId('case-status').innerText()).toBe('已办结');
    await r.getByTestId('case-star-4').click();
    await r.getByTestId('case-rate-submit').click();
    await r.getByTestId('case-rated').waitFor();
    expect(await r.getByTestId('case-rated').innerText()).toContain('4 星');

    for (const ctx of [wgy, resident]) await ctx.context.close();
  });
});

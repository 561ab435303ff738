import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../common/form-definition.js';
import { describeEachDialect } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { tallyPending } from './tally.js';

const FORM: FormDefinition = {
  title: '返乡人员登记',
  fields: [
    { name: 'from_city', type: 'text', label: '从哪里返回', required: true },
    { name: 'vaccinated', type: 'yes_no', label: '是否已接种疫苗', required: true },
    { name: 'ticket', type: 'photo', label: '车票照片' },
    { name: 'home', type: 'address', label: '居住楼栋' },
  ],
};
// A 1×1 JPEG, as the page sends a shrunk photo.
const JPEG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

async function publishedForm(t: Parameters<Parameters<typeof describeEachDialect>[1]>[0], s: Scenario, opts: { verification?: boolean; mode?: string } = {}) {
  const cookie = s.cookies.eastLeader;
  const made = await t.app.inject({ method: 'POST', url: '/api/forms', headers: { cookie }, payload: { areaId: s.east.id, mode: opts.mode ?? 'continuous', definition: FORM, verification: opts.verification } });
  expect(made.statusCode, made.body).toBe(201);
  const id = made.json().id;
  expect((await t.app.inject({ method: 'POST', url: `/api/forms/${id}/publish`, headers: { cookie } })).statusCode).toBe(200);
  const link = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/links?area=${s.eastGrid1.id}`, headers: { cookie } });
  return { id, token: link.json().token as string, cookie };
}

/** Codes the test SMS sender was asked to send. */
const codes: string[] = [];

const answers = (i: number, extra: Record<string, unknown> = {}) => ({ reporter_name: `返乡${i}`, reporter_phone: `137${String(20_000_000 + i).slice(-8)}`, from_city: '武汉', vaccinated: 'yes', ...extra });

describeEachDialect('public form submissions', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  it('offers the places under the QR code’s area for the address question, and nothing outside it', async () => {
    const { token } = await publishedForm(t, s);
    const top = await t.app.inject({ method: 'GET', url: `/api/public/forms/${token}/areas` });
    expect(top.statusCode).toBe(200);
    expect(top.json()).toEqual([{ id: s.building.id, name: '1号楼', level: 'building', hasChildren: false }]);
    const outside = await t.app.inject({ method: 'GET', url: `/api/public/forms/${token}/areas?parent=${s.westGrid1.id}` });
    expect(outside.statusCode).toBe(404);
  });

  it('stores a photo answer as a file the form’s readers can open, not inside the row', async () => {
    const { id, token, cookie } = await publishedForm(t, s);
    const sid = randomUUID();
    const res = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, payload: { id: sid, answers: answers(1, { ticket: JPEG, home: { areaId: s.building.id, room: '1201' } }) } });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/forms/${id}/submissions/${sid}`, headers: { cookie } })).json();
    expect(detail.areaId).toBe(s.building.id);
    expect(detail.answers.ticket).toBe(`photo:f${id}-${sid}-ticket.jpg`);
    const file = detail.answers.ticket.slice('photo:'.length);
    const photo = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/photos/${file}`, headers: { cookie } });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await t.app.inject({ method: 'GET', url: `/api/forms/${id}/photos/${file}`, headers: { cookie: s.cookies.westLeader } })).statusCode).toBe(404);
    // Not an image → a clear error for that question.
    const bad = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, headers: { 'accept-language': 'zh' }, payload: { id: randomUUID(), answers: answers(2, { ticket: 'data:text/html;base64,PHNjcmlwdD4=' }) } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields.ticket).toBe('照片无效');
  });

  it('asks for a verification code where the deployment requires one, and checks it', async () => {
    codes.length = 0;
    const { token } = await publishedForm(t, s, { verification: true });
    const phone = answers(3).reporter_phone;
    const noCode = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, payload: { id: randomUUID(), answers: answers(3) } });
    expect(noCode.statusCode).toBe(422);
    expect(noCode.json().error.code).toBe('VERIFICATION_REQUIRED');
    const ask = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/verification-codes`, payload: { phone } });
    expect(ask.statusCode, ask.body).toBe(202);
    const tooSoon = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/verification-codes`, payload: { phone } });
    expect(tooSoon.statusCode).toBe(429);
    const wrong = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, payload: { id: randomUUID(), answers: answers(3), verificationCode: '000000' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('VERIFICATION_FAILED');
    expect(codes.length).toBe(1);
    const ok = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, payload: { id: randomUUID(), answers: answers(3), verificationCode: codes[0] } });
    expect(ok.statusCode, ok.body).toBe(201);
    const reused = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, payload: { id: randomUUID(), answers: answers(3), verificationCode: codes[0] } });
    expect(reused.statusCode).toBe(422);
  });

  it('refuses an oversized body with 413 and a message, storing nothing', async () => {
    const { id, token } = await publishedForm(t, s);
    const huge = 'x'.repeat(9 * 1024 * 1024);
    const res = await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ id: randomUUID(), answers: answers(60, { from_city: huge }) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const n = await t.db.selectFrom('form_submissions').select((eb) => eb.fn.countAll().as('n')).where('form_id', '=', id).executeTakeFirst();
    expect(Number(n?.n)).toBe(0);
  });

  it('keeps the statistics exact while answers and tally passes run at the same time', async () => {
    const { id, token, cookie } = await publishedForm(t, s, { mode: 'daily' });
    const posts = Array.from({ length: 60 }, (_, i) => t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, payload: { id: randomUUID(), answers: answers(100 + (i % 45), { vaccinated: i % 2 ? 'yes' : 'no' }) } }));
    const passes = Array.from({ length: 6 }, () => tallyPending(t.db, 7));
    const results = await Promise.all(posts);
    await Promise.all(passes);
    for (const r of results) expect([200, 201], r.body).toContain(r.statusCode);
    const stats = (await t.app.inject({ method: 'GET', url: `/api/forms/${id}/stats?area=${s.east.id}`, headers: { cookie } })).json();
    const live = await t.db.selectFrom('form_submissions').select(['answers']).where('form_id', '=', id).where('replaced_at', 'is', null).where('deleted_at', 'is', null).execute();
    expect(live).toHaveLength(45);
    expect(stats.total.submissions).toBe(45);
    const yes = live.filter((r) => JSON.parse(r.answers).vaccinated === 'yes').length;
    expect(stats.total.options.vaccinated).toEqual({ yes, no: 45 - yes });
  });
}, {}, { verificationSender: { send: async (_phone, code) => void codes.push(code) } });

describeEachDialect(
  'public form submissions, rate limited',
  (t) => {
    let s: Scenario;
    beforeAll(async () => {
      s = await buildScenario(t);
    });
    it('limits submissions per address and per phone with a clear 429', async () => {
      const { token } = await publishedForm(t, s);
      const byPhone = [];
      for (let i = 0; i < 3; i++) byPhone.push(await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, remoteAddress: `10.0.0.${i + 1}`, payload: { id: randomUUID(), answers: answers(1) } }));
      expect(byPhone.map((r) => r.statusCode)).toEqual([201, 201, 429]);
      expect(byPhone[2].json().error.message).toMatch(/this phone number/);
      const byIp = [];
      for (let i = 0; i < 6; i++) byIp.push(await t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, remoteAddress: '10.9.9.9', payload: { id: randomUUID(), answers: answers(50 + i) } }));
      expect(byIp.filter((r) => r.statusCode === 429)).toHaveLength(1);
      expect(byIp[5].json().error.code).toBe('RATE_LIMITED');
    });
  },
  { rateLimits: { submitPerMinute: 5, submitPerPhonePerHour: 2 } },
);

/** The resident was told "提交成功": the answer must be there after the server dies without warning. */
describe('an acknowledged submission survives kill -9 [sqlite]', () => {
  const ROOT = resolve(import.meta.dirname, '..', '..');
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wangge-kill-'));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  function start(): Promise<{ url: string; proc: ChildProcess }> {
    return new Promise((done, fail) => {
      const proc = spawn(process.execPath, [join(ROOT, 'bin', 'wangge.js'), 'serve'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', WANGGE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', WANGGE_WEB_DIR: '/nonexistent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = out.match(/running at (http:\/\/localhost:\d+)/);
        if (m) done({ url: m[1], proc });
      });
      proc.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
      proc.on('exit', (code) => fail(new Error(`server exited (${code}): ${out}`)));
      setTimeout(() => fail(new Error(`server did not start: ${out}`)), 60_000);
    });
  }

  it('finds the answer in the database after the process is killed right after answering', async () => {
    const { url, proc } = await start();
    child = proc;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'xingfu', password: 'Wangge@2026' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const areas = await fetch(`${url}/api/areas?code=370199001001`, { headers: { cookie } });
    const community = (await areas.json()).items[0];
    expect(community.name).toBe('幸福社区');
    const form = await fetch(`${url}/api/forms`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ areaId: community.id, mode: 'continuous', definition: FORM }) });
    const formId = (await form.json()).id;
    await fetch(`${url}/api/forms/${formId}/publish`, { method: 'POST', headers: { cookie } });
    const link = await (await fetch(`${url}/api/forms/${formId}/links?area=${community.id}`, { headers: { cookie } })).json();
    const sid = randomUUID();
    const res = await fetch(`${url}/api/public/forms/${link.token}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: sid, answers: answers(7) }) });
    expect(res.status).toBe(201);
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    child = undefined;
    const file = join(dir, 'wangge.sqlite');
    expect(existsSync(file)).toBe(true);
    const db = new SQLite(file);
    try {
      const row = db.prepare('select reporter_name from form_submissions where id = ?').get(sid) as { reporter_name: string } | undefined;
      expect(row?.reporter_name).toBe('返乡7');
    } finally {
      db.close();
    }
  }, 120_000);
});

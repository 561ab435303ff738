import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AreaRow } from '../db/types.js';
import { nowIso } from '../db/dialect.js';
import { type HostResolver, outboundPolicy } from '../http/outbound-url.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { REVIEW_REQUIRED_KEY } from './announcements.service.js';
import { createDeliveryWorker, MAX_ATTEMPTS } from './delivery-worker.js';
import { queueDeliveries } from './webhooks.service.js';

interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A robot on 127.0.0.1 with a random port; `answer` decides each reply. */
async function robot(answer: (n: number, r: Received) => { status: number; body?: string } = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' })) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r = { path: url.pathname, query: url.searchParams, headers: req.headers, body };
      received.push(r);
      const a = answer(received.length, r);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return { base, received };
}
const servers: Server[] = [];

async function setReview(t: TestDb, required: boolean) {
  const value = JSON.stringify(required);
  const exists = await t.db.selectFrom('settings').select('key').where('key', '=', REVIEW_REQUIRED_KEY).executeTakeFirst();
  if (exists) await t.db.updateTable('settings').set({ value, updated_at: nowIso() }).where('key', '=', REVIEW_REQUIRED_KEY).execute();
  else await t.db.insertInto('settings').values({ key: REVIEW_REQUIRED_KEY, value, updated_at: nowIso() }).execute();
}

/** A clock the test moves by hand. */
function clock() {
  let at = Date.now() + 1000;
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

describeEachDialect(
  'announcement webhooks',
  (t) => {
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    });

    type Who = keyof Scenario['cookies'];
    const call = (s: Scenario, who: Who, method: string, url: string, payload?: object) => t.app.inject({ method: method as any, url, payload, headers: { cookie: s.cookies[who] } });

    async function hook(s: Scenario, area: AreaRow, kind: string, url: string, extra: Record<string, unknown> = {}): Promise<number> {
      const res = await call(s, 'admin', 'POST', `/api/announcement-webhooks?area=${area.id}`, { name: `${area.name}群`, kind, url, ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }

    async function publish(s: Scenario, area: AreaRow, extra: Record<string, unknown> = {}): Promise<number> {
      await setReview(t, false);
      const res = await call(s, 'admin', 'POST', '/api/announcements', { title: `通知${area.name}`, body: '**请大家**配合。', areaId: area.id, category: 'prevention', ...extra });
      expect(res.statusCode, res.body).toBe(201);
      const sent = await call(s, 'admin', 'POST', `/api/announcements/${res.json().id}/publish`);
      expect(sent.statusCode, sent.body).toBe(200);
      return res.json().id;
    }

    const deliveries = async (s: Scenario, webhookId: number) => {
      const res = await call(s, 'admin', 'GET', `/api/announcement-webhooks/${webhookId}/deliveries`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as any[];
    };

    // The robots listen on 127.0.0.1: this suite runs as a deployment that allows private addresses.
    const worker = (c: ReturnType<typeof clock>) => createDeliveryWorker({ db: t.db, publicUrl: 'https://wangge.example', now: c.now, targets: { policy: outboundPolicy(t.config) } });

    describe('managing webhooks', () => {
      it('adds, lists with masked secrets and tokens, changes and removes, with an audit trail', async () => {
        const s = await buildScenario(t);
        const created = await call(s, 'eastLeader', 'POST', `/api/announcement-webhooks?area=${s.east.id}`, {
          name: '东社区居民群',
          kind: 'dingtalk',
          url: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef',
          secret: 'SEC0123456789abcdef',
        });
        expect(created.statusCode, created.body).toBe(201);
        const id = created.json().id;
        expect(created.json()).toMatchObject({ areaId: s.east.id, areaName: '东社区', kind: 'dingtalk', enabled: true, secret: 'SEC0…ef', url: 'https://oapi.dingtalk.com/robot/send?access_token=0123…' });
        expect(created.body).not.toContain('0123456789abcdef');

        await hook(s, s.eastGrid1, 'wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx');
        const list = await call(s, 'eastLeader', 'GET', `/api/announcement-webhooks?area=${s.east.id}`);
        expect(list.json().items.map((w: any) => w.areaName)).toEqual(['东社区', '东一网格']);
        expect(list.body).not.toContain('SEC0123456789abcdef');
        // The grid's own list shows only the grid's webhook.
        expect((await call(s, 'eastWorker', 'GET', `/api/announcement-webhooks?area=${s.eastGrid1.id}`)).json().items).toHaveLength(1);

        const changed = await call(s, 'eastLeader', 'PATCH', `/api/announcement-webhooks/${id}`, { enabled: false, secret: null });
        expect(changed.json()).toMatchObject({ enabled: false, secret: null });
        const zh = await t.app.inject({ method: 'POST', url: `/api/announcement-webhooks?area=${s.east.id}`, headers: { cookie: s.cookies.eastLeader, 'accept-language': 'zh-CN' }, payload: { name: '群', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/x?key=1', secret: 'abc' } });
        expect(zh.statusCode).toBe(400);
        expect(zh.json().error.message).toBe('企业微信群机器人不使用签名，请将密钥留空');
        const badUrl = await call(s, 'eastLeader', 'POST', `/api/announcement-webhooks?area=${s.east.id}`, { name: '群', kind: 'json', url: 'ftp://x' });
        expect(badUrl.statusCode).toBe(400);

        expect((await call(s, 'eastLeader', 'DELETE', `/api/announcement-webhooks/${id}`)).statusCode).toBe(204);
        expect((await call(s, 'eastLeader', 'GET', `/api/announcement-webhooks/${id}/deliveries`)).statusCode).toBe(404);
        const actions = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'announcement_webhook').where('entity_id', '=', String(id)).orderBy('id').execute();
        expect(actions.map((a) => a.action)).toEqual(['announcement_webhook.create', 'announcement_webhook.update', 'announcement_webhook.delete']);
      });

      it('refuses an area that has webhooks from being deleted', async () => {
        const s = await buildScenario(t);
        const grid = await t.area(s.east, 'grid', '临时网格');
        await hook(s, grid, 'json', 'https://hooks.example/x');
        const res = await call(s, 'admin', 'DELETE', `/api/areas/${grid.id}`);
        expect(res.statusCode, res.body).toBe(409);
      });
    });

    describe('delivery', () => {
      it('delivers a published notice to a generic JSON webhook, signed, and logs it', async () => {
        const s = await buildScenario(t);
        const r = await robot(() => ({ status: 200 }));
        const id = await hook(s, s.east, 'json', `${r.base}/wangge`, { secret: 'json-secret' });
        const notice = await publish(s, s.east);
        const c = clock();
        expect(await worker(c).runOnce()).toMatchObject({ delivered: expect.any(Number) });
        expect(r.received).toHaveLength(1);
        const got = r.received[0];
        expect(got.headers['x-wangge-signature']).toBe(`sha256=${createHmac('sha256', 'json-secret').update(got.body).digest('hex')}`);
        expect(JSON.parse(got.body)).toMatchObject({ event: 'announcement.published', announcement: { id: notice, areaId: s.east.id, category: 'prevention', urgency: 'normal', url: `https://wangge.example/n/${s.east.id}/${notice}` } });
        const [d] = await deliveries(s, id);
        expect(d).toMatchObject({ announcementId: notice, status: 'delivered', attempts: 1, lastHttpStatus: 200, lastError: null, nextAttemptAt: null });
        expect(d.deliveredAt).toBeTruthy();
      });

      it('retries after a 500 with backoff, then delivers', async () => {
        const s = await buildScenario(t);
        const r = await robot((n) => (n === 1 ? { status: 500, body: 'busy' } : { status: 200 }));
        const id = await hook(s, s.eastGrid1, 'json', `${r.base}/hook`);
        await publish(s, s.eastGrid1);
        const c = clock();
        const w = worker(c);
        await w.runOnce();
        let [d] = await deliveries(s, id);
        expect(d).toMatchObject({ status: 'queued', attempts: 1, lastHttpStatus: 500, lastError: 'HTTP 500: busy' });
        expect(Date.parse(d.nextAttemptAt) - c.now().getTime()).toBeGreaterThanOrEqual(29_000);
        await w.runOnce();
        expect(r.received).toHaveLength(1);
        c.advance(31_000);
        await w.runOnce();
        expect(r.received).toHaveLength(2);
        [d] = await deliveries(s, id);
        expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastHttpStatus: 200, lastError: null });
      });

      it('counts a DingTalk answer with errcode ≠ 0 as a failure, and signs the request', async () => {
        const s = await buildScenario(t);
        const r = await robot(() => ({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' }));
        const id = await hook(s, s.east, 'dingtalk', `${r.base}/robot/send?access_token=tok`, { secret: 'SECsecret' });
        await publish(s, s.east);
        const c = clock();
        await worker(c).runOnce();
        expect(r.received).toHaveLength(1);
        const q = r.received[0].query;
        expect(q.get('access_token')).toBe('tok');
        expect(q.get('sign')).toBe(createHmac('sha256', 'SECsecret').update(`${q.get('timestamp')}\nSECsecret`).digest('base64'));
        expect(Number(q.get('timestamp'))).toBe(c.now().getTime());
        expect(JSON.parse(r.received[0].body).msgtype).toBe('markdown');
        const [d] = await deliveries(s, id);
        expect(d).toMatchObject({ status: 'queued', attempts: 1, lastHttpStatus: 200 });
        expect(d.lastError).toContain('errcode 310000');
      });

      it(`gives up after ${MAX_ATTEMPTS} attempts`, async () => {
        const s = await buildScenario(t);
        const r = await robot(() => ({ status: 503 }));
        const id = await hook(s, s.west, 'feishu', `${r.base}/open-apis/bot/v2/hook/abc`, { secret: 'fs' });
        await publish(s, s.west);
        const c = clock();
        const w = worker(c);
        for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
          await w.runOnce();
          c.advance(2 * 60 * 60_000);
        }
        expect(r.received).toHaveLength(MAX_ATTEMPTS);
        const [d] = await deliveries(s, id);
        expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastHttpStatus: 503, nextAttemptAt: null });
      });

      it('sends nothing to a disabled webhook', async () => {
        const s = await buildScenario(t);
        const r = await robot();
        const id = await hook(s, s.east, 'wecom', `${r.base}/cgi-bin/webhook/send?key=k`, { enabled: false });
        await publish(s, s.east);
        await worker(clock()).runOnce();
        expect(r.received).toHaveLength(0);
        expect(await deliveries(s, id)).toEqual([]);
      });

      it('reaches the webhooks of the target community and of its grids, not of siblings or of the areas above', async () => {
        const s = await buildScenario(t);
        const r = await robot(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
        for (const area of [s.street, s.east, s.eastGrid1, s.eastGrid2, s.west, s.westGrid1]) await hook(s, area, 'wecom', `${r.base}/${area.id}?key=k`);
        await publish(s, s.east);
        await worker(clock()).runOnce();
        expect(r.received.map((x) => Number(x.path.slice(1))).sort((a, b) => a - b)).toEqual([s.east.id, s.eastGrid1.id, s.eastGrid2.id].sort((a, b) => a - b));
        expect(JSON.parse(r.received[0].body)).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('通知东社区') } });
      });

      it('delivers once when two workers run at once, and queuing twice adds nothing', async () => {
        const s = await buildScenario(t);
        const r = await robot(() => ({ status: 200 }));
        const hooks = [];
        for (let i = 0; i < 4; i++) hooks.push(await hook(s, s.eastGrid2, 'json', `${r.base}/h${i}`));
        const notice = await publish(s, s.eastGrid2);
        const c = clock();
        expect(await t.db.transaction().execute((trx) => queueDeliveries(trx, notice, c.now()))).toBe(0);
        await Promise.all([worker(c).runOnce(), worker(c).runOnce(), worker(c).runOnce()]);
        expect(r.received.map((x) => x.path).sort()).toEqual(['/h0', '/h1', '/h2', '/h3']);
        for (const h of hooks) expect(await deliveries(s, h)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
      });

      it('queues a scheduled notice when its publish time arrives, not before', async () => {
        const s = await buildScenario(t);
        const r = await robot(() => ({ status: 200 }));
        const id = await hook(s, s.westGrid1, 'json', `${r.base}/later`);
        const at = new Date(Date.now() + 60 * 60_000).toISOString();
        await publish(s, s.westGrid1, { publishAt: at });
        const c = clock();
        const w = worker(c);
        await w.runOnce();
        expect(await deliveries(s, id)).toEqual([]);
        c.advance(60 * 60_000 + 1000);
        expect((await w.runOnce()).queued).toBeGreaterThanOrEqual(1);
        expect(r.received).toHaveLength(1);
        expect(await deliveries(s, id)).toEqual([expect.objectContaining({ status: 'delivered' })]);
        await w.runOnce();
        expect(r.received).toHaveLength(1);
      });

      it('does not send a notice withdrawn before its message went out', async () => {
        const s = await buildScenario(t);
        const r = await robot(() => ({ status: 200 }));
        const id = await hook(s, s.eastGrid1, 'json', `${r.base}/w`);
        const notice = await publish(s, s.eastGrid1);
        expect((await call(s, 'admin', 'POST', `/api/announcements/${notice}/withdraw`)).statusCode).toBe(200);
        await worker(clock()).runOnce();
        expect(r.received).toHaveLength(0);
        expect(await deliveries(s, id)).toEqual([expect.objectContaining({ status: 'cancelled' })]);
      });
    });
  },
  { webhookPollMs: 0, webhookAllowPrivate: true },
);

describeEachDialect(
  'announcement webhooks: the worker inside the app',
  (t) => {
    it('sends a published notice without anyone calling the worker', async () => {
      const s = await buildScenario(t);
      const r = await robot(() => ({ status: 200 }));
      const headers = { cookie: s.cookies.admin };
      const created = await t.app.inject({ method: 'POST', url: `/api/announcement-webhooks?area=${s.east.id}`, headers, payload: { name: '群', kind: 'json', url: `${r.base}/app` } });
      await setReview(t, false);
      const n = await t.app.inject({ method: 'POST', url: '/api/announcements', headers, payload: { title: '停水通知', body: '明天停水。', areaId: s.east.id, category: 'other' } });
      await t.app.inject({ method: 'POST', url: `/api/announcements/${n.json().id}/publish`, headers });
      for (let i = 0; i < 200 && r.received.length === 0; i++) await new Promise((res) => setTimeout(res, 25));
      expect(r.received).toHaveLength(1);
      await new Promise((res) => servers.splice(0).forEach((sv) => sv.close(res)));
      const log = await t.app.inject({ method: 'GET', url: `/api/announcement-webhooks/${created.json().id}/deliveries`, headers });
      expect(log.json().items).toEqual([expect.objectContaining({ status: 'delivered' })]);
    });
  },
  { webhookPollMs: 20, webhookAllowPrivate: true },
);

describeEachDialect(
  'announcement webhooks: public internet addresses only',
  (t) => {
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    });

    const create = (s: Scenario, url: string, lang = 'en') =>
      t.app.inject({ method: 'POST', url: `/api/announcement-webhooks?area=${s.east.id}`, headers: { cookie: s.cookies.eastLeader, 'accept-language': lang }, payload: { name: '居民群', kind: 'wecom', url } });

    it('refuses to save an address inside the network, with credentials or not http(s)', async () => {
      const s = await buildScenario(t);
      const cases: [string, string][] = [
        ['http://127.0.0.1:8080/cgi-bin/webhook/send?key=k', '"127.0.0.1" is a private, loopback, link-local or reserved address'],
        ['http://10.0.0.5/hook', '"10.0.0.5" is a private, loopback, link-local or reserved address'],
        ['http://[::1]:3000/hook', '"::1" is a private, loopback, link-local or reserved address'],
        ['http://169.254.169.254/latest/meta-data/', '"169.254.169.254" is a private, loopback, link-local or reserved address'],
        ['http://localhost:3000/hook', '"localhost" is a private, loopback, link-local or reserved address'],
        ['http://user:pass@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', 'the address must not contain a user name or password'],
      ];
      for (const [url, reason] of cases) {
        const res = await create(s, url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error, url).toMatchObject({ code: 'VALIDATION_FAILED', fields: { url: reason } });
      }
      const ftp = await create(s, 'ftp://qyapi.weixin.qq.com/x');
      expect(ftp.statusCode).toBe(400);
      expect(ftp.json().error.code).toBe('VALIDATION_FAILED');
      expect(ftp.json().error.fields).toHaveProperty('url');

      const zh = await create(s, 'http://169.254.169.254/latest/meta-data/', 'zh-CN');
      expect(zh.json().error.message).toContain('群推送地址只能是互联网上的公网地址');
      expect(zh.json().error.fields.url).toBe('「169.254.169.254」是内网、本机、链路本地或保留地址');
      const list = await t.app.inject({ method: 'GET', url: `/api/announcement-webhooks?area=${s.east.id}`, headers: { cookie: s.cookies.eastLeader } });
      expect(list.json().items).toEqual([]);
    });

    it('accepts a public robot address, and refuses changing it to an internal one', async () => {
      const s = await buildScenario(t);
      // Accepted whether or not this machine can resolve the name: every delivery checks it again.
      const res = await create(s, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa');
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id;
      const moved = await t.app.inject({ method: 'PATCH', url: `/api/announcement-webhooks/${id}`, headers: { cookie: s.cookies.eastLeader }, payload: { url: 'http://10.0.0.5/hook' } });
      expect(moved.statusCode).toBe(400);
      expect(moved.json().error.fields).toEqual({ url: '"10.0.0.5" is a private, loopback, link-local or reserved address' });
      const renamed = await t.app.inject({ method: 'PATCH', url: `/api/announcement-webhooks/${id}`, headers: { cookie: s.cookies.eastLeader }, payload: { name: '东社区群' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
    });

    it('refuses at delivery time when the name now resolves to an internal address, once, without retrying', async () => {
      const s = await buildScenario(t);
      const r = await robot(() => ({ status: 200 }));
      const port = new URL(r.base).port;
      // Saved while "robot.wangge.invalid" did not resolve (or resolved to a public address)…
      const res = await t.app.inject({ method: 'POST', url: `/api/announcement-webhooks?area=${s.east.id}`, headers: { cookie: s.cookies.admin }, payload: { name: '群', kind: 'json', url: `http://robot.wangge.invalid:${port}/hook` } });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id;
      await setReview(t, false);
      const n = await t.app.inject({ method: 'POST', url: '/api/announcements', headers: { cookie: s.cookies.admin }, payload: { title: '停水通知', body: '明天停水。', areaId: s.east.id, category: 'other' } });
      await t.app.inject({ method: 'POST', url: `/api/announcements/${n.json().id}/publish`, headers: { cookie: s.cookies.admin } });
      // …and now answers with the loopback address (DNS rebinding).
      const rebound: HostResolver = async () => ['127.0.0.1'];
      const c = clock();
      const w = createDeliveryWorker({ db: t.db, publicUrl: 'https://wangge.example', now: c.now, targets: { policy: outboundPolicy(t.config), resolve: rebound } });
      await w.runOnce();
      c.advance(2 * 60 * 60_000);
      await w.runOnce();
      expect(r.received).toHaveLength(0);
      const log = await t.app.inject({ method: 'GET', url: `/api/announcement-webhooks/${id}/deliveries`, headers: { cookie: s.cookies.admin } });
      const [d] = log.json().items;
      expect(d).toMatchObject({ status: 'failed', attempts: 1, lastHttpStatus: null, nextAttemptAt: null });
      expect(d.lastError).toContain('refused to send: "robot.wangge.invalid" resolves to 127.0.0.1');
    });

    it('delivers to an allowed intranet host by connecting to the address it checked', async () => {
      const s = await buildScenario(t);
      const r = await robot(() => ({ status: 200 }));
      const port = new URL(r.base).port;
      const res = await t.app.inject({ method: 'POST', url: `/api/announcement-webhooks?area=${s.west.id}`, headers: { cookie: s.cookies.admin }, payload: { name: '中转', kind: 'json', url: `http://relay.wangge.invalid:${port}/push` } });
      expect(res.statusCode, res.body).toBe(201);
      await setReview(t, false);
      const n = await t.app.inject({ method: 'POST', url: '/api/announcements', headers: { cookie: s.cookies.admin }, payload: { title: '防汛通知', body: '注意防汛。', areaId: s.west.id, category: 'other' } });
      await t.app.inject({ method: 'POST', url: `/api/announcements/${n.json().id}/publish`, headers: { cookie: s.cookies.admin } });
      const policy = outboundPolicy({ webhookAllowPrivate: false, webhookAllowHosts: ['relay.wangge.invalid'] });
      const w = createDeliveryWorker({ db: t.db, publicUrl: 'https://wangge.example', now: clock().now, targets: { policy, resolve: async () => ['127.0.0.1'] } });
      expect((await w.runOnce()).delivered).toBe(1);
      expect(r.received).toHaveLength(1);
      expect(r.received[0].headers.host).toBe(`relay.wangge.invalid:${port}`);
    });
  },
  { webhookPollMs: 0 },
);

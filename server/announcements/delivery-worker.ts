import type { Kysely } from 'kysely';
import type { AnnouncementCategory, AnnouncementUrgency } from '../../common/announcements.js';
import type { WebhookKind } from '../../common/announcement-webhooks.js';
import type { Database } from '../db/types.js';
import { OutboundUrlRefused, postPinned, PUBLIC_ONLY, vetOutboundUrl } from '../http/outbound-url.js';
import { isVisible } from './announcements.service.js';
import { markdownToPlainText } from './render-markdown.js';
import { buildWebhookRequest, rejectionOf } from './webhook-messages.js';
import { noticesToPush, queueDeliveries, type WebhookTargets } from './webhooks.service.js';

type Db = Kysely<Database>;

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** How long a claimed delivery stays with the process that claimed it; after that (a crash) another may take it. */
const LEASE_MS = 60_000;

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DeliveryWorkerOptions {
  db: Db;
  /** Base of the links in messages, e.g. `https://wangge.example.gov.cn`. */
  publicUrl: string;
  /** The clock; tests move it forward instead of waiting for backoff. */
  now?: () => Date;
  /** Pause between rounds when the loop runs (`start`). */
  pollMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Deliveries tried per round. */
  batch?: number;
  log?: WorkerLog;
  /** Which addresses may be called (public internet only unless the deployment allows more), and the resolver. */
  targets?: WebhookTargets;
}

export interface RoundResult {
  queued: number;
  attempted: number;
  delivered: number;
}

export interface DeliveryWorker {
  /** One round: queue deliveries of notices that became visible, then try every due delivery once. */
  runOnce(): Promise<RoundResult>;
  /** Run rounds every `pollMs` until `stop`. */
  start(): void;
  /** Stop the loop and wait for a round in progress to finish. */
  stop(): Promise<void>;
}

const silent: WorkerLog = { info() {}, warn() {}, error() {} };
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/**
 * The group-chat delivery worker. Work lives in the database, so it survives restarts and several
 * processes can run it: each delivery is claimed by one conditional UPDATE that only one of them wins.
 * @example const w = createDeliveryWorker({ db, publicUrl }); w.start(); … await w.stop();
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { db, publicUrl } = options;
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batch = options.batch ?? 20;
  const log = options.log ?? silent;
  const targets = options.targets ?? { policy: PUBLIC_ONLY };
  const base = publicUrl.replace(/\/+$/, '');

  /** Take one due delivery for this process; false when another process got it first. */
  async function claim(id: number, at: Date): Promise<boolean> {
    const iso = at.toISOString();
    const result = await db
      .updateTable('announcement_deliveries')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), last_attempt_at: iso, next_attempt_at: new Date(at.getTime() + LEASE_MS).toISOString() }))
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'sending'])
      .where('next_attempt_at', '<=', iso)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async function finish(id: number, set: { status: string; last_http_status: number | null; last_error: string | null; delivered_at?: string | null; next_attempt_at?: string }) {
    await db.updateTable('announcement_deliveries').set(set).where('id', '=', id).where('status', '=', 'sending').execute();
  }

  /** Send one claimed delivery and record the outcome. */
  async function attempt(id: number): Promise<boolean> {
    const d = await db
      .selectFrom('announcement_deliveries as d')
      .innerJoin('announcement_webhooks as w', 'w.id', 'd.webhook_id')
      .innerJoin('announcements as a', 'a.id', 'd.announcement_id')
      .innerJoin('areas', 'areas.id', 'a.area_id')
      .select(['d.id', 'd.attempts', 'w.id as webhook_id', 'w.kind', 'w.url', 'w.secret', 'w.enabled', 'a.id as announcement_id', 'a.title', 'a.body', 'a.area_id', 'a.category', 'a.urgency', 'a.status', 'a.publish_at', 'a.expires_at', 'areas.name as area_name'])
      .where('d.id', '=', id)
      .executeTakeFirst();
    if (!d) return false;
    const started = now();
    const ctx = { deliveryId: id, webhookId: d.webhook_id, announcementId: d.announcement_id, kind: d.kind, attempt: d.attempts };
    if (d.enabled !== 1) {
      await finish(id, { status: 'cancelled', last_http_status: null, last_error: 'the webhook was switched off before the message went out' });
      return false;
    }
    if (!isVisible(d, started)) {
      await finish(id, { status: 'cancelled', last_http_status: null, last_error: 'the notice was withdrawn or expired before the message went out' });
      return false;
    }
    if (d.attempts > MAX_ATTEMPTS) {
      await finish(id, { status: 'failed', last_http_status: null, last_error: `gave up after ${MAX_ATTEMPTS} attempts` });
      return false;
    }
    const request = buildWebhookRequest(
      d.kind as WebhookKind,
      { url: d.url, secret: d.secret },
      {
        id: d.announcement_id,
        title: d.title,
        text: markdownToPlainText(d.body),
        url: `${base}/n/${d.area_id}/${d.announcement_id}`,
        areaId: d.area_id,
        areaName: d.area_name,
        category: d.category as AnnouncementCategory,
        urgency: d.urgency as AnnouncementUrgency,
        publishedAt: d.publish_at!,
      },
      started,
    );
    let httpStatus: number | null = null;
    let problem: string | null;
    try {
      // Resolved and vetted on every attempt, then connected to the vetted address: a name that
      // answered with a public address when it was saved cannot switch to an internal one (rebinding).
      const target = await vetOutboundUrl(request.url, targets.policy, targets.resolve);
      const res = await postPinned(target, { headers: request.headers, body: request.body, timeoutMs });
      httpStatus = res.status;
      problem = rejectionOf(d.kind as WebhookKind, res.status, clip(res.text, 2000));
    } catch (err) {
      const e = err as Error & { code?: string };
      if (e instanceof OutboundUrlRefused) {
        // Retrying cannot help, and must not turn into a stream of attempts at an internal address.
        const reason = `refused to send: ${e.message}; webhooks may only reach public internet addresses unless WANGGE_WEBHOOK_ALLOW_PRIVATE or WANGGE_WEBHOOK_ALLOW_HOSTS allows it`;
        await finish(id, { status: 'failed', last_http_status: null, last_error: clip(reason, 1000), next_attempt_at: now().toISOString() });
        log.warn({ ...ctx, problem: reason, final: true }, 'announcement webhook refused: address not allowed');
        return false;
      }
      problem =
        e.name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'ETIMEOUT'
            ? `could not look up the webhook's host: ${e.message}`
            : `could not reach the webhook: ${(e.cause as Error | undefined)?.message ?? e.message}`;
    }
    const ended = now();
    if (problem === null) {
      await finish(id, { status: 'delivered', last_http_status: httpStatus, last_error: null, delivered_at: ended.toISOString() });
      log.info({ ...ctx, httpStatus }, 'announcement webhook delivered');
      return true;
    }
    const final = d.attempts >= MAX_ATTEMPTS;
    const next = final ? ended.toISOString() : new Date(ended.getTime() + RETRY_DELAYS_MS[d.attempts - 1]).toISOString();
    await finish(id, { status: final ? 'failed' : 'queued', last_http_status: httpStatus, last_error: clip(problem, 1000), next_attempt_at: next });
    log.warn({ ...ctx, httpStatus, problem, final, nextAttemptAt: final ? null : next }, final ? 'announcement webhook failed for good' : 'announcement webhook failed; will retry');
    return false;
  }

  async function runOnce(): Promise<RoundResult> {
    const at = now();
    let queued = 0;
    for (const id of await noticesToPush(db, at)) queued += await db.transaction().execute((trx) => queueDeliveries(trx, id, at));
    const due = await db
      .selectFrom('announcement_deliveries')
      .select('id')
      .where('status', 'in', ['queued', 'sending'])
      .where('next_attempt_at', '<=', at.toISOString())
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(batch)
      .execute();
    let attempted = 0;
    let delivered = 0;
    for (const { id } of due) {
      if (!(await claim(id, now()))) continue;
      attempted++;
      if (await attempt(id)) delivered++;
    }
    return { queued, attempted, delivered };
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((err) => log.error({ err }, 'announcement webhook round failed'))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, pollMs);
    timer.unref();
  };

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

import type { Kysely } from 'kysely';
import type { DeliveryStatus, TDelivery, TWebhook, TWebhookCreate, TWebhookUpdate, WebhookKind } from '../../common/announcement-webhooks.js';
import { type Actor, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { underAnyPath } from '../db/dialect.js';
import type { AnnouncementWebhookRow, Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { type HostResolver, type OutboundPolicy, OutboundUrlRefused, PUBLIC_ONLY, vetOutboundUrl } from '../http/outbound-url.js';
import { visibleAt } from './announcements.service.js';

type Db = Kysely<Database>;

/**
 * A secret shown only enough to recognise it: `SECabc…yz`; short ones entirely as dots.
 * @example maskSecret('SEC0123456789abcdef') // 'SEC0…ef'
 */
export function maskSecret(secret: string | null): string | null {
  if (!secret) return null;
  return secret.length >= 12 ? `${secret.slice(0, 4)}…${secret.slice(-2)}` : '••••';
}

/** The robot address with its token hidden: `…?access_token=ab…`, `…?key=ab…`, Feishu `/hook/ab…`. */
export function maskUrl(url: string): string {
  return url
    .replace(/([?&](?:access_token|key|token)=)([^&#]{0,4})[^&#]*/gi, (_m, p, keep) => `${p}${keep}…`)
    .replace(/(\/hook\/)([^/?#]{0,4})[^/?#]*/i, (_m, p, keep) => `${p}${keep}…`);
}

type Listed = AnnouncementWebhookRow & { area_name: string };

function present(row: Listed): TWebhook {
  return {
    id: row.id,
    areaId: row.area_id,
    areaName: row.area_name,
    name: row.name,
    kind: row.kind as WebhookKind,
    url: maskUrl(row.url),
    secret: maskSecret(row.secret),
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const webhookQuery = (db: Db) => db.selectFrom('announcement_webhooks').innerJoin('areas', 'areas.id', 'announcement_webhooks.area_id').selectAll('announcement_webhooks').select('areas.name as area_name');

/** Load a webhook the actor may manage (announcement.write at its area); others get 404 or 403. */
async function loadWebhook(db: Db, actor: Actor, id: number): Promise<Listed> {
  const row = await webhookQuery(db).where('announcement_webhooks.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'webhook not found');
  requireAt(actor, 'announcement.write', row.area_path, 'webhook');
  return row;
}

async function areaFor(db: Db, actor: Actor, areaId: number) {
  const area = await db.selectFrom('areas').select(['id', 'path', 'name', 'archived_at']).where('id', '=', areaId).executeTakeFirst();
  if (!area) throw new AppError('NOT_FOUND', 'area not found');
  requireAt(actor, 'announcement.write', area.path);
  return area;
}

/** Where webhooks may point: the deployment's policy, and the resolver (tests pass one that needs no network). */
export interface WebhookTargets {
  policy: OutboundPolicy;
  resolve?: HostResolver;
}

/**
 * Refuse an address this server must not call: not http(s), with a user name or password, or whose
 * host is or resolves to a private, loopback, link-local or reserved address (unless the deployment
 * allows it). A name that does not resolve now is accepted: DNS may be down or the robot not set up
 * yet, and every delivery checks the address again before connecting.
 */
async function checkTarget(url: string, targets: WebhookTargets) {
  try {
    await vetOutboundUrl(url, targets.policy, targets.resolve);
  } catch (err) {
    if (!(err instanceof OutboundUrlRefused)) return;
    const message = err.privateAddress ? 'webhooks may only point at public internet addresses; an intranet relay needs WANGGE_WEBHOOK_ALLOW_PRIVATE or WANGGE_WEBHOOK_ALLOW_HOSTS on the server' : err.message;
    throw new AppError('VALIDATION_FAILED', message, { url: err.message });
  }
}

function checkSecret(kind: string, secret: string | null) {
  if (kind === 'wecom' && secret) throw new AppError('VALIDATION_FAILED', 'WeCom group robots do not sign messages; leave the secret empty', { secret: 'not used by WeCom' });
}

/** The webhooks of an area and of the areas below it, for someone who may write notices there. */
export async function listWebhooks(db: Db, actor: Actor, areaId: number): Promise<{ items: TWebhook[] }> {
  const area = await areaFor(db, actor, areaId);
  const rows = await webhookQuery(db)
    .where((eb) => underAnyPath(eb, 'announcement_webhooks.area_path', [area.path]))
    .orderBy('announcement_webhooks.area_path')
    .orderBy('announcement_webhooks.id')
    .execute();
  return { items: rows.map(present) };
}

/** Add a group-chat robot (or JSON endpoint) that receives the notices of an area and the areas above it. */
export async function createWebhook(db: Db, actor: Actor, areaId: number, input: TWebhookCreate, targets: WebhookTargets = { policy: PUBLIC_ONLY }): Promise<TWebhook> {
  await areaFor(db, actor, areaId);
  // Outside the transaction: a DNS answer can take seconds.
  await checkTarget(input.url, targets);
  const id = await db.transaction().execute(async (trx) => {
    const area = await areaFor(trx, actor, areaId);
    if (area.archived_at) throw new AppError('AREA_ARCHIVED', `"${area.name}" is archived`);
    const secret = input.secret || null;
    checkSecret(input.kind, secret);
    const now = new Date().toISOString();
    const row = await trx
      .insertInto('announcement_webhooks')
      .values({ area_id: area.id, area_path: area.path, name: input.name, kind: input.kind, url: input.url, secret, enabled: input.enabled ? 1 : 0, created_by: actor.userId > 0 ? actor.userId : null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, whoOf(actor), { action: 'announcement_webhook.create', entityType: 'announcement_webhook', entityId: row.id, areaId: area.id, areaPath: area.path, after: { name: input.name, kind: input.kind, url: maskUrl(input.url), enabled: input.enabled } });
    return row.id;
  });
  return present(await loadWebhook(db, actor, id));
}

/** Rename, re-point, re-key, switch on or off. Leaving `secret` out keeps it; null or "" removes it. */
export async function updateWebhook(db: Db, actor: Actor, id: number, input: TWebhookUpdate, targets: WebhookTargets = { policy: PUBLIC_ONLY }): Promise<TWebhook> {
  if (input.url !== undefined) {
    await loadWebhook(db, actor, id);
    await checkTarget(input.url, targets);
  }
  await db.transaction().execute(async (trx) => {
    const row = await loadWebhook(trx, actor, id);
    const next = {
      name: input.name ?? row.name,
      url: input.url ?? row.url,
      secret: input.secret === undefined ? row.secret : input.secret || null,
      enabled: input.enabled === undefined ? row.enabled : input.enabled ? 1 : 0,
    };
    checkSecret(row.kind, next.secret);
    await trx.updateTable('announcement_webhooks').set({ ...next, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    await recordAudit(trx, whoOf(actor), {
      action: 'announcement_webhook.update',
      entityType: 'announcement_webhook',
      entityId: id,
      areaId: row.area_id,
      areaPath: row.area_path,
      before: { name: row.name, url: maskUrl(row.url), enabled: row.enabled === 1, secretChanged: false },
      after: { name: next.name, url: maskUrl(next.url), enabled: next.enabled === 1, secretChanged: next.secret !== row.secret },
    });
  });
  return present(await loadWebhook(db, actor, id));
}

/** Remove a webhook and its delivery log; deliveries still waiting are dropped with it. */
export async function deleteWebhook(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await loadWebhook(trx, actor, id);
    await trx.deleteFrom('announcement_deliveries').where('webhook_id', '=', id).execute();
    await trx.deleteFrom('announcement_webhooks').where('id', '=', id).execute();
    await recordAudit(trx, whoOf(actor), { action: 'announcement_webhook.delete', entityType: 'announcement_webhook', entityId: id, areaId: row.area_id, areaPath: row.area_path, before: { name: row.name, kind: row.kind, url: maskUrl(row.url) } });
  });
}

/** The delivery log of one webhook, newest first. */
export async function listDeliveries(db: Db, actor: Actor, id: number, limit: number): Promise<{ webhookId: number; items: TDelivery[] }> {
  await loadWebhook(db, actor, id);
  const rows = await db
    .selectFrom('announcement_deliveries')
    .innerJoin('announcements', 'announcements.id', 'announcement_deliveries.announcement_id')
    .selectAll('announcement_deliveries')
    .select('announcements.title as announcement_title')
    .where('announcement_deliveries.webhook_id', '=', id)
    .orderBy('announcement_deliveries.id', 'desc')
    .limit(limit)
    .execute();
  return {
    webhookId: id,
    items: rows.map((r) => ({
      id: r.id,
      announcementId: r.announcement_id,
      announcementTitle: r.announcement_title,
      status: r.status as DeliveryStatus,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'queued' || r.status === 'sending' ? r.next_attempt_at : null,
      lastAttemptAt: r.last_attempt_at,
      lastHttpStatus: r.last_http_status,
      lastError: r.last_error,
      deliveredAt: r.delivered_at,
      createdAt: r.created_at,
    })),
  };
}

/**
 * Queue one delivery per enabled webhook at the notice's area or below it, and mark the notice
 * pushed. Safe to run twice or from two processes at once: the unique index keeps one per pair.
 * Returns how many deliveries were queued by this call.
 */
export async function queueDeliveries(db: Db, announcementId: number, now: Date): Promise<number> {
  const notice = await db.selectFrom('announcements').select(['id', 'area_path']).where('id', '=', announcementId).executeTakeFirst();
  if (!notice) return 0;
  const hooks = await db
    .selectFrom('announcement_webhooks')
    .select('id')
    .where('enabled', '=', 1)
    .where((eb) => underAnyPath(eb, 'announcement_webhooks.area_path', [notice.area_path]))
    .execute();
  const at = now.toISOString();
  let queued = 0;
  if (hooks.length) {
    const result = await db
      .insertInto('announcement_deliveries')
      .values(hooks.map((h) => ({ announcement_id: notice.id, webhook_id: h.id, status: 'queued', attempts: 0, next_attempt_at: at, last_attempt_at: null, last_http_status: null, last_error: null, delivered_at: null, created_at: at })))
      .onConflict((oc) => oc.columns(['announcement_id', 'webhook_id']).doNothing())
      .executeTakeFirst();
    queued = Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  await db.updateTable('announcements').set({ pushed_at: at }).where('id', '=', notice.id).where('pushed_at', 'is', null).execute();
  return queued;
}

/** Notices that are visible at `now` but whose deliveries were never queued: scheduled ones whose time came. */
export async function noticesToPush(db: Db, now: Date, limit = 50): Promise<number[]> {
  const rows = await db.selectFrom('announcements').select('id').where('pushed_at', 'is', null).where(visibleAt(now)).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

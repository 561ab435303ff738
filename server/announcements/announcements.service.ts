import { type Kysely, type SqlBool, sql } from 'kysely';
import type { AnnouncementCategory, AnnouncementStatus, AnnouncementUrgency, TAnnouncement, TAnnouncementDetail, TAnnouncementQuery, TAnnouncementUpdate } from '../../common/announcements.js';
import { type Actor, canAt, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { toInt, underAnyPath } from '../db/dialect.js';
import type { AnnouncementRow, Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { renderMarkdown } from './render-markdown.js';
import { queueDeliveries } from './webhooks.service.js';

type Db = Kysely<Database>;

/** Settings key: whether a second person must approve a notice before it goes out (default: yes). */
export const REVIEW_REQUIRED_KEY = 'announcements.review_required';

/** Stored states in which residents can see a notice, once its publish time has come. */
export const LIVE_STATUSES = ['published', 'scheduled'] as const;

/** The paths of an area and all its ancestors: `/1/5/23/` → ['/1/', '/1/5/', '/1/5/23/']. */
export function selfAndAncestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/** Whether this deployment requires review; anything but an explicit `false` means yes. */
export async function reviewRequired(db: Db): Promise<boolean> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', REVIEW_REQUIRED_KEY).executeTakeFirst();
  if (!row) return true;
  try {
    return JSON.parse(row.value) !== false;
  } catch {
    return true;
  }
}

/** Whether a stored notice is live at `now`: published or scheduled, started, not expired. */
export function isVisible(row: Pick<AnnouncementRow, 'status' | 'publish_at' | 'expires_at'>, now: Date): boolean {
  const at = now.toISOString();
  return (LIVE_STATUSES as readonly string[]).includes(row.status) && row.publish_at !== null && row.publish_at <= at && (row.expires_at === null || row.expires_at > at);
}

/** The SQL twin of `isVisible`, for lists. */
export function visibleAt(now: Date) {
  const at = now.toISOString();
  return sql<SqlBool>`(announcements.status in ('published', 'scheduled') and announcements.publish_at is not null and announcements.publish_at <= ${at} and (announcements.expires_at is null or announcements.expires_at > ${at}))`;
}

/** The state as people see it: a scheduled notice whose time has come is published. */
function effectiveStatus(row: AnnouncementRow, now: Date): AnnouncementStatus {
  if ((LIVE_STATUSES as readonly string[]).includes(row.status)) return row.publish_at !== null && row.publish_at > now.toISOString() ? 'scheduled' : 'published';
  return row.status as AnnouncementStatus;
}

type Listed = AnnouncementRow & { area_name: string };

function present(row: Listed, now: Date): TAnnouncement {
  return {
    id: row.id,
    areaId: row.area_id,
    areaName: row.area_name,
    title: row.title,
    body: row.body,
    category: row.category as AnnouncementCategory,
    urgency: row.urgency as AnnouncementUrgency,
    refutes: row.refutes,
    pinned: row.pinned === 1,
    status: effectiveStatus(row, now),
    visible: isVisible(row, now),
    expired: row.expires_at !== null && row.expires_at <= now.toISOString(),
    publishAt: row.publish_at,
    expiresAt: row.expires_at,
    authorId: row.author_id,
    authorName: row.author_name,
    reviewerId: row.reviewer_id,
    reviewerName: row.reviewer_name,
    reviewNote: row.review_note,
    reviewedAt: row.reviewed_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const toIso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

function checkWindow(publishAt: string | null, expiresAt: string | null) {
  if (publishAt && expiresAt && expiresAt <= publishAt) throw new AppError('VALIDATION_FAILED', 'the notice would expire before it is published', { expiresAt: 'must be after publishAt' });
}

function checkRefutes(category: string, refutes: string | null) {
  if (category === 'rumour_refuted' && !refutes) throw new AppError('VALIDATION_FAILED', 'say which rumour the notice refutes', { refutes: 'required for a rumour refutation' });
}

function announcementQuery(db: Db) {
  return db.selectFrom('announcements').innerJoin('areas', 'areas.id', 'announcements.area_id').selectAll('announcements').select('areas.name as area_name');
}

/**
 * Load a notice for `actor`. Drafts and everything not yet live are seen only by those who may read
 * at its area; a live notice is also seen by people working below its area (a community notice by
 * the grid workers who spread it), as residents there can see it anyway.
 */
async function loadAnnouncement(db: Db, actor: Actor, id: number, now = new Date()): Promise<Listed> {
  const row = await announcementQuery(db).where('announcements.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'announcement not found');
  if (canAt(actor, 'announcement.read', row.area_path)) return row;
  if (isVisible(row, now)) {
    const scope = pathsWith(actor, 'announcement.read');
    if (scope !== 'all' && scope.some((p) => p.startsWith(row.area_path))) return row;
  }
  throw new AppError('NOT_FOUND', 'announcement not found');
}

/** Require `permission` at the notice's area; someone who may only read it gets 403. */
async function loadFor(db: Db, actor: Actor, id: number, permission: 'announcement.write' | 'announcement.review'): Promise<Listed> {
  const row = await loadAnnouncement(db, actor, id);
  if (!canAt(actor, permission, row.area_path)) throw new AppError('FORBIDDEN', 'your role does not allow this on this announcement');
  return row;
}

/** Readable notice with its rendered body and earlier versions. */
export async function getAnnouncement(db: Db, actor: Actor, id: number, now = new Date()): Promise<TAnnouncementDetail> {
  const row = await loadAnnouncement(db, actor, id, now);
  const versions = await db.selectFrom('announcement_versions').selectAll().where('announcement_id', '=', id).orderBy('version', 'desc').execute();
  return {
    ...present(row, now),
    bodyHtml: renderMarkdown(row.body),
    versions: versions.map((v) => ({ version: v.version, title: v.title, body: v.body, replacedAt: v.replaced_at, replacedBy: v.replaced_by })),
  };
}

/** The notice as stored, for modules (reach, broadcast) that already checked the caller may read it. */
export async function readableAnnouncement(db: Db, actor: Actor, id: number, now = new Date()): Promise<Listed> {
  return loadAnnouncement(db, actor, id, now);
}

/** Write a new notice as a draft at an area the actor may write for. */
export async function createAnnouncement(
  db: Db,
  actor: Actor,
  input: { title: string; body: string; areaId: number; category: AnnouncementCategory; urgency: AnnouncementUrgency; pinned: boolean; refutes?: string | null; publishAt?: string | null; expiresAt?: string | null },
): Promise<TAnnouncementDetail> {
  const id = await db.transaction().execute(async (trx) => {
    const area = await trx.selectFrom('areas').select(['id', 'path', 'name', 'archived_at']).where('id', '=', input.areaId).executeTakeFirst();
    if (!area) throw new AppError('NOT_FOUND', 'area not found');
    requireAt(actor, 'announcement.write', area.path);
    if (area.archived_at) throw new AppError('AREA_ARCHIVED', `"${area.name}" is archived`);
    const publishAt = toIso(input.publishAt);
    const expiresAt = toIso(input.expiresAt);
    const refutes = input.refutes || null;
    checkWindow(publishAt, expiresAt);
    checkRefutes(input.category, refutes);
    const now = new Date().toISOString();
    const row = await trx
      .insertInto('announcements')
      .values({
        area_id: area.id,
        area_path: area.path,
        title: input.title,
        body: input.body,
        category: input.category,
        urgency: input.urgency,
        refutes,
        pinned: input.pinned ? 1 : 0,
        status: 'draft',
        publish_at: publishAt,
        expires_at: expiresAt,
        author_id: actor.userId > 0 ? actor.userId : null,
        author_name: actor.displayName,
        reviewer_id: null,
        reviewer_name: null,
        review_note: null,
        reviewed_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
        pushed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, whoOf(actor), { action: 'announcement.create', entityType: 'announcement', entityId: row.id, areaId: area.id, areaPath: area.path, after: { title: input.title, category: input.category } });
    return row.id;
  });
  return getAnnouncement(db, actor, id);
}

/** Notices in the caller's scope (and live ones from above it), optionally under one area and in one state. */
export async function listAnnouncements(db: Db, actor: Actor, query: TAnnouncementQuery, now = new Date()) {
  const scope = pathsWith(actor, 'announcement.read');
  if (scope !== 'all' && scope.length === 0) throw new AppError('FORBIDDEN', 'your role does not allow reading announcements');
  let q = announcementQuery(db);
  let roots: string[] | 'all' = scope;
  if (query.area) {
    const area = await db.selectFrom('areas').select('path').where('id', '=', query.area).executeTakeFirst();
    if (!area || !canAt(actor, 'announcement.read', area.path)) throw new AppError('NOT_FOUND', 'area not found');
    roots = [area.path];
  }
  if (roots !== 'all') {
    const within = roots;
    const above = [...new Set(within.flatMap((p) => selfAndAncestorPaths(p).slice(0, -1)))];
    q = q.where((eb) => eb.or([underAnyPath(eb, 'announcements.area_path', within), above.length ? eb.and([eb('announcements.area_path', 'in', above), visibleAt(now)]) : sql<SqlBool>`1 = 0`]));
  }
  if (query.status) {
    const at = now.toISOString();
    if (query.status === 'published') q = q.where('announcements.status', 'in', [...LIVE_STATUSES]).where('announcements.publish_at', '<=', at);
    else if (query.status === 'scheduled') q = q.where('announcements.status', 'in', [...LIVE_STATUSES]).where('announcements.publish_at', '>', at);
    else q = q.where('announcements.status', '=', query.status);
  }
  const [{ n }] = await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q
    .orderBy('announcements.pinned', 'desc')
    .orderBy('announcements.updated_at', 'desc')
    .orderBy('announcements.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: rows.map((r) => present(r, now)), total: toInt(n), page: query.page, pageSize: query.pageSize };
}

/**
 * Change a notice. Before it is published this simply edits it; once residents may have seen it, the
 * previous title and body are kept as a version and the version number goes up. Withdrawn notices are final.
 */
export async function updateAnnouncement(db: Db, actor: Actor, id: number, input: TAnnouncementUpdate, now = new Date()): Promise<TAnnouncementDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await loadFor(trx, actor, id, 'announcement.write');
    if (row.status === 'withdrawn') throw new AppError('ANNOUNCEMENT_ILLEGAL_TRANSITION', 'a withdrawn announcement cannot be changed; write a new one');
    const next = {
      title: input.title ?? row.title,
      body: input.body ?? row.body,
      category: input.category ?? row.category,
      urgency: input.urgency ?? row.urgency,
      pinned: input.pinned === undefined ? row.pinned : input.pinned ? 1 : 0,
      refutes: input.refutes === undefined ? row.refutes : input.refutes || null,
      publish_at: input.publishAt === undefined ? row.publish_at : toIso(input.publishAt),
      expires_at: input.expiresAt === undefined ? row.expires_at : toIso(input.expiresAt),
    };
    checkWindow(next.publish_at, next.expires_at);
    checkRefutes(next.category, next.refutes);
    const wasPublished = effectiveStatus(row, now) === 'published';
    const textChanged = next.title !== row.title || next.body !== row.body;
    let version = row.version;
    if (wasPublished && textChanged) {
      await trx.insertInto('announcement_versions').values({ announcement_id: id, version: row.version, title: row.title, body: row.body, replaced_at: now.toISOString(), replaced_by: actor.displayName }).execute();
      version += 1;
    }
    // A live notice cannot lose its publish time: that would hide it without withdrawing it.
    if ((LIVE_STATUSES as readonly string[]).includes(row.status) && !next.publish_at) next.publish_at = row.publish_at;
    await trx
      .updateTable('announcements')
      .set({ ...next, version, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, whoOf(actor), {
      action: 'announcement.update',
      entityType: 'announcement',
      entityId: id,
      areaId: row.area_id,
      areaPath: row.area_path,
      before: { title: row.title, version: row.version },
      after: { title: next.title, version },
    });
  });
  return getAnnouncement(db, actor, id, now);
}

/** Live state for a notice about to go out: scheduled when its publish time lies ahead. */
function goLive(row: AnnouncementRow, now: Date): { status: 'published' | 'scheduled'; publish_at: string } {
  const at = now.toISOString();
  if (row.publish_at && row.publish_at > at) return { status: 'scheduled', publish_at: row.publish_at };
  return { status: 'published', publish_at: row.publish_at ?? at };
}

/**
 * Send a draft out. Where the deployment requires review it waits for a second person
 * (pending_review); otherwise it is published, or scheduled when its publish time lies ahead.
 */
export async function publishAnnouncement(db: Db, actor: Actor, id: number, now = new Date()): Promise<TAnnouncementDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await loadFor(trx, actor, id, 'announcement.write');
    if (row.status !== 'draft') throw new AppError('ANNOUNCEMENT_ILLEGAL_TRANSITION', `only a draft can be published; this announcement is ${effectiveStatus(row, now)}`);
    if (row.expires_at && row.expires_at <= now.toISOString()) throw new AppError('VALIDATION_FAILED', 'the notice has already expired; change its expiry first', { expiresAt: 'in the past' });
    const review = await reviewRequired(trx);
    const set = review ? { status: 'pending_review' } : { ...goLive(row, now), reviewer_id: null, reviewer_name: null };
    await trx.updateTable('announcements').set({ ...set, updated_at: now.toISOString() }).where('id', '=', id).execute();
    // Published now: the group chats hear of it with the same commit; a scheduled one is queued by the worker when its time comes.
    if (set.status === 'published') await queueDeliveries(trx, id, now);
    await recordAudit(trx, whoOf(actor), { action: review ? 'announcement.submit' : 'announcement.publish', entityType: 'announcement', entityId: id, areaId: row.area_id, areaPath: row.area_path, after: { status: set.status } });
  });
  return getAnnouncement(db, actor, id, now);
}

/** Approve or send back a notice waiting for review; the author may not review their own. */
export async function reviewAnnouncement(db: Db, actor: Actor, id: number, input: { approve: boolean; note?: string }, now = new Date()): Promise<TAnnouncementDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await loadFor(trx, actor, id, 'announcement.review');
    if (row.status !== 'pending_review') throw new AppError('ANNOUNCEMENT_ILLEGAL_TRANSITION', `only an announcement waiting for review can be reviewed; this one is ${effectiveStatus(row, now)}`);
    if (row.author_id !== null && row.author_id === actor.userId) throw new AppError('ANNOUNCEMENT_SELF_REVIEW', 'a second person must review this announcement; you wrote it');
    const reviewed = { reviewer_id: actor.userId > 0 ? actor.userId : null, reviewer_name: actor.displayName, review_note: input.note || null, reviewed_at: now.toISOString() };
    const set = input.approve ? { ...goLive(row, now), ...reviewed } : { status: 'draft', ...reviewed };
    await trx.updateTable('announcements').set({ ...set, updated_at: now.toISOString() }).where('id', '=', id).execute();
    if (set.status === 'published') await queueDeliveries(trx, id, now);
    await recordAudit(trx, whoOf(actor), { action: input.approve ? 'announcement.approve' : 'announcement.reject', entityType: 'announcement', entityId: id, areaId: row.area_id, areaPath: row.area_path, after: { status: set.status, note: input.note ?? null } });
  });
  return getAnnouncement(db, actor, id, now);
}

/** Take a notice down (or abandon a draft); residents no longer see it. */
export async function withdrawAnnouncement(db: Db, actor: Actor, id: number, now = new Date()): Promise<TAnnouncementDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await loadFor(trx, actor, id, 'announcement.write');
    if (row.status === 'withdrawn') throw new AppError('ANNOUNCEMENT_ILLEGAL_TRANSITION', 'this announcement is already withdrawn');
    await trx.updateTable('announcements').set({ status: 'withdrawn', updated_at: now.toISOString() }).where('id', '=', id).execute();
    await recordAudit(trx, whoOf(actor), { action: 'announcement.withdraw', entityType: 'announcement', entityId: id, areaId: row.area_id, areaPath: row.area_path, before: { status: row.status } });
  });
  return getAnnouncement(db, actor, id, now);
}

import type { Kysely } from 'kysely';
import type { AnnouncementCategory, AnnouncementUrgency, TPublicAnnouncement } from '../../common/announcements.js';
import type { Actor } from '../auth/actor.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { readableAnnouncement, selfAndAncestorPaths, visibleAt } from './announcements.service.js';
import { recordAck } from './reach.service.js';
import { spellOutNumbers } from './read-aloud.js';
import { markdownToPlainText, renderMarkdown } from './render-markdown.js';

type Db = Kysely<Database>;

const NOT_HERE = 'announcement not found';

function publicQuery(db: Db, now: Date) {
  return db
    .selectFrom('announcements')
    .innerJoin('areas', 'areas.id', 'announcements.area_id')
    .selectAll('announcements')
    .select(['areas.name as area_name', 'areas.level as area_level'])
    .where(visibleAt(now));
}

type PublicRow = Awaited<ReturnType<ReturnType<typeof publicQuery>['executeTakeFirstOrThrow']>>;

function present(row: PublicRow): TPublicAnnouncement {
  return {
    id: row.id,
    area: { id: row.area_id, name: row.area_name, level: row.area_level },
    title: row.title,
    bodyHtml: renderMarkdown(row.body),
    category: row.category as AnnouncementCategory,
    urgency: row.urgency as AnnouncementUrgency,
    refutes: row.refutes,
    pinned: row.pinned === 1,
    publishedAt: row.publish_at!,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/**
 * What a resident of an area sees (no login): live notices addressed to that area or any area above
 * it — a grid's residents also read their community's and subdistrict's — pinned first, newest first.
 * Notices for sibling or child areas are not shown.
 */
export async function publicAnnouncementsFor(db: Db, areaId: number, now = new Date()) {
  const area = await db.selectFrom('areas').select(['id', 'name', 'level', 'path', 'archived_at']).where('id', '=', areaId).executeTakeFirst();
  if (!area || area.archived_at) throw new AppError('NOT_FOUND', 'area not found');
  const rows = await publicQuery(db, now)
    .where('announcements.area_path', 'in', selfAndAncestorPaths(area.path))
    .orderBy('announcements.pinned', 'desc')
    .orderBy('announcements.publish_at', 'desc')
    .orderBy('announcements.id', 'desc')
    .limit(100)
    .execute();
  return { area: { id: area.id, name: area.name, level: area.level }, items: rows.map(present) };
}

/** One live notice by its shareable link; anything not live is "not found". */
export async function publicAnnouncement(db: Db, id: number, now = new Date()): Promise<TPublicAnnouncement> {
  const row = await publicQuery(db, now).where('announcements.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', NOT_HERE);
  return present(row);
}

/** A resident's 已读 from the notice page; with a household it counts once, however often it is sent. */
export async function acknowledge(db: Db, id: number, householdId: number | undefined, now = new Date()) {
  const row = await publicQuery(db, now).where('announcements.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', NOT_HERE);
  const result = await recordAck(db, row, { householdId, channel: 'self', recordedBy: null }, now);
  return { recorded: result.recorded, at: result.at };
}

/**
 * The notice as a script to read over a loudspeaker: plain text, Markdown gone, numbers, dates and
 * times spelled out in Chinese so that nobody stumbles over "14:30" or "37.3".
 */
export async function broadcastScript(db: Db, actor: Actor, id: number): Promise<string> {
  const row = await readableAnnouncement(db, actor, id);
  const parts = [row.title];
  if (row.category === 'rumour_refuted' && row.refutes) parts.push(`辟谣：有传言称“${row.refutes}”，这是不实信息。`);
  parts.push(markdownToPlainText(row.body));
  parts.push(`以上是${row.area_name}发布的通知。`);
  return `${spellOutNumbers(parts.filter(Boolean).join('\n\n'))}\n`;
}

import type { Kysely } from 'kysely';
import type { ReachChannel, TReachReport } from '../../common/announcements.js';
import { type Actor, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { isUniqueViolation, toInt, underAnyPath } from '../db/dialect.js';
import type { AnnouncementRow, Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { isVisible, readableAnnouncement } from './announcements.service.js';

type Db = Kysely<Database>;

/** Levels at or below which a report has a single row: the area itself. */
const GRID_AND_BELOW = ['grid', 'building', 'unit'];

const maskedPhone = (last4: string | null) => (last4 ? `*******${last4}` : null);

/**
 * Record that `householdId` acknowledged a live notice (once per household; a repeat returns the
 * first record). The household must lie in the area the notice targets.
 */
export async function recordAck(
  db: Db,
  announcement: AnnouncementRow,
  input: { householdId?: number; channel: ReachChannel; recordedBy: number | null },
  now = new Date(),
): Promise<{ recorded: boolean; at: string; channel: ReachChannel; householdId: number | null }> {
  if (input.householdId === undefined) {
    const at = now.toISOString();
    await db.insertInto('announcement_acks').values({ announcement_id: announcement.id, household_id: null, area_id: announcement.area_id, area_path: announcement.area_path, channel: input.channel, recorded_by: input.recordedBy, at }).execute();
    return { recorded: true, at, channel: input.channel, householdId: null };
  }
  const household = await db.selectFrom('households').select(['id', 'area_id', 'area_path']).where('id', '=', input.householdId).executeTakeFirst();
  if (!household || !household.area_path.startsWith(announcement.area_path)) throw new AppError('NOT_FOUND', 'household not found');
  const existing = () => db.selectFrom('announcement_acks').select(['at', 'channel']).where('announcement_id', '=', announcement.id).where('household_id', '=', household.id).executeTakeFirst();
  const before = await existing();
  if (before) return { recorded: false, at: before.at, channel: before.channel as ReachChannel, householdId: household.id };
  const at = now.toISOString();
  try {
    await db.insertInto('announcement_acks').values({ announcement_id: announcement.id, household_id: household.id, area_id: household.area_id, area_path: household.area_path, channel: input.channel, recorded_by: input.recordedBy, at }).execute();
  } catch (err) {
    // Two acknowledgements at the same moment: the unique index keeps the first.
    if (!isUniqueViolation(err)) throw err;
    const first = (await existing())!;
    return { recorded: false, at: first.at, channel: first.channel as ReachChannel, householdId: household.id };
  }
  return { recorded: true, at, channel: input.channel, householdId: household.id };
}

/** A grid worker records reaching a household by a door visit or a phone call. */
export async function recordReach(db: Db, actor: Actor, id: number, input: { householdId: number; channel: 'door_visit' | 'phone' }, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const announcement = await readableAnnouncement(trx, actor, id, now);
    const household = await trx.selectFrom('households').select(['id', 'area_path']).where('id', '=', input.householdId).executeTakeFirst();
    if (!household) throw new AppError('NOT_FOUND', 'household not found');
    requireAt(actor, 'announcement.write', household.area_path, 'household');
    if (!isVisible(announcement, now)) throw new AppError('ANNOUNCEMENT_ILLEGAL_TRANSITION', 'this announcement is not published; households can be reached only with a published announcement');
    const result = await recordAck(trx, announcement, { householdId: input.householdId, channel: input.channel, recordedBy: actor.userId > 0 ? actor.userId : null }, now);
    if (result.recorded) {
      await recordAudit(trx, whoOf(actor), { action: 'announcement.reach', entityType: 'announcement', entityId: id, areaId: announcement.area_id, areaPath: household.area_path, after: { householdId: input.householdId, channel: input.channel } });
    }
    return { householdId: input.householdId, channel: result.channel, at: result.at, alreadyReached: !result.recorded };
  });
}

/**
 * Who a notice has reached under an area: per grid, households on the register, how many
 * acknowledged (or were visited or called), and the addresses still to visit (phones masked).
 * The area defaults to the notice's own; it may be any area inside it, or above it (then only the
 * part the notice targets is counted).
 */
export async function reachReport(db: Db, actor: Actor, id: number, areaId?: number, now = new Date()): Promise<TReachReport> {
  const announcement = await readableAnnouncement(db, actor, id, now);
  const area = await db.selectFrom('areas').select(['id', 'name', 'level', 'path']).where('id', '=', areaId ?? announcement.area_id).executeTakeFirst();
  if (!area) throw new AppError('NOT_FOUND', 'area not found');
  requireAt(actor, 'resident.read', area.path);
  // The part of the tree both the notice and the asked area cover: the deeper of the two paths.
  let root = area;
  if (announcement.area_path.startsWith(area.path) && announcement.area_path !== area.path) {
    root = await db.selectFrom('areas').select(['id', 'name', 'level', 'path']).where('id', '=', announcement.area_id).executeTakeFirstOrThrow();
  } else if (!area.path.startsWith(announcement.area_path)) {
    throw new AppError('VALIDATION_FAILED', 'this announcement is not addressed to that area', { area: 'choose an area the announcement targets' });
  }
  const rows = GRID_AND_BELOW.includes(root.level)
    ? [root]
    : await db
        .selectFrom('areas')
        .select(['id', 'name', 'level', 'path'])
        .where('level', '=', 'grid')
        .where('archived_at', 'is', null)
        .where((eb) => underAnyPath(eb, 'path', [root.path]))
        .orderBy('path')
        .execute();
  const grids: TReachReport['grids'] = [];
  for (const grid of rows) {
    const households = await db
      .selectFrom('households')
      .leftJoin('announcement_acks as ack', (join) => join.onRef('ack.household_id', '=', 'households.id').on('ack.announcement_id', '=', id))
      .select(['households.id', 'households.address', 'households.phone_last4', 'ack.channel'])
      .where((eb) => underAnyPath(eb, 'households.area_path', [grid.path]))
      .orderBy('households.area_path')
      .orderBy('households.room')
      .execute();
    const byChannel = { self: 0, door_visit: 0, phone: 0 };
    for (const h of households) if (h.channel) byChannel[h.channel as ReachChannel] += 1;
    const notReached = households.filter((h) => !h.channel).map((h) => ({ householdId: h.id, address: h.address, phone: maskedPhone(h.phone_last4) }));
    grids.push({ areaId: grid.id, name: grid.name, households: households.length, reached: households.length - notReached.length, byChannel, notReached });
  }
  const [{ n }] = await db
    .selectFrom('announcement_acks')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('announcement_id', '=', id)
    .where('household_id', 'is', null)
    .execute();
  return {
    announcementId: id,
    area: { id: root.id, name: root.name, level: root.level },
    grids,
    total: { households: grids.reduce((s, g) => s + g.households, 0), reached: grids.reduce((s, g) => s + g.reached, 0) },
    anonymousReads: toInt(n),
  };
}

import type { Kysely } from 'kysely';
import { bulkInsert } from '../db/bulk-insert.js';
import type { Database } from '../db/types.js';
import { tagsFromColumn } from './resident-fields.js';

type Db = Kysely<Database>;

/** Ids per `in (…)` list. */
const ID_CHUNK = 500;

/** What `resident_tags` holds for residents: one row per distinct tag, none for merged records. */
export function residentTagRows(residents: readonly { id: number; tags: string; area_path: string; merged_into?: number | null }[]) {
  return residents.flatMap((r) => (r.merged_into ? [] : [...new Set(tagsFromColumn(r.tags))].map((tag) => ({ resident_id: r.id, tag, area_path: r.area_path }))));
}

/** Index the tags of residents just inserted (they have no rows yet), in batches. */
export async function insertResidentTags(db: Db, residents: readonly { id: number; tags: string; area_path: string; merged_into?: number | null }[]): Promise<void> {
  await bulkInsert(db, 'resident_tags', residentTagRows(residents), ['resident_id']);
}

/**
 * Bring the tag index of these residents in line with their rows in `residents` (tags, area path,
 * merged or not): call it in the same transaction after any change to those columns.
 */
export async function replaceResidentTags(db: Db, residentIds: readonly number[]): Promise<void> {
  const ids = [...new Set(residentIds)];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    await db.deleteFrom('resident_tags').where('resident_id', 'in', chunk).execute();
    const rows = await db.selectFrom('residents').select(['id', 'tags', 'area_path', 'merged_into']).where('id', 'in', chunk).execute();
    await insertResidentTags(db, rows);
  }
}

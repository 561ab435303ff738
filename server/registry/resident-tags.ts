import type { Kysely } from 'kysely';
import { DEFAULT_RESIDENT_TAGS } from '../../common/registry.js';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/types.js';

const SETTING_KEY = 'resident.tags';

/** The tags this deployment offers for residents; the defaults until an administrator sets its own. */
export async function residentTagsInUse(db: Kysely<Database>): Promise<string[]> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SETTING_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as string[]) : [...DEFAULT_RESIDENT_TAGS];
}

/** Save the offered tags (duplicates dropped, order kept). Residents keep tags that leave the list. */
export async function saveResidentTags(db: Kysely<Database>, tags: string[]): Promise<string[]> {
  const unique = [...new Set(tags.map((t) => t.trim()))];
  const value = JSON.stringify(unique);
  const exists = await db.selectFrom('settings').select('key').where('key', '=', SETTING_KEY).executeTakeFirst();
  if (exists) await db.updateTable('settings').set({ value, updated_at: nowIso() }).where('key', '=', SETTING_KEY).execute();
  else await db.insertInto('settings').values({ key: SETTING_KEY, value, updated_at: nowIso() }).execute();
  return unique;
}

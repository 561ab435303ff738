import type { Kysely } from 'kysely';
import { AREA_LEVEL_RANK, AREA_LEVELS, FREE_CODE, LEVEL_TEMPLATES, OFFICIAL_CODE, OFFICIAL_LEVELS, type AreaLevel } from '../../common/areas.js';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/types.js';

const SETTING_KEY = 'area.levels';

/** The area levels this deployment uses (all of them until configured). */
export async function levelsInUse(db: Kysely<Database>): Promise<AreaLevel[]> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SETTING_KEY).executeTakeFirst();
  if (!row) return [...AREA_LEVELS];
  const parsed = JSON.parse(row.value) as AreaLevel[];
  return AREA_LEVELS.filter((l) => parsed.includes(l));
}

export async function saveLevelsInUse(db: Kysely<Database>, levels: AreaLevel[]): Promise<AreaLevel[]> {
  const ordered = AREA_LEVELS.filter((l) => levels.includes(l));
  const value = JSON.stringify(ordered);
  const exists = await db.selectFrom('settings').select('key').where('key', '=', SETTING_KEY).executeTakeFirst();
  if (exists) await db.updateTable('settings').set({ value, updated_at: nowIso() }).where('key', '=', SETTING_KEY).execute();
  else await db.insertInto('settings').values({ key: SETTING_KEY, value, updated_at: nowIso() }).execute();
  return ordered;
}

export const levelTemplates = LEVEL_TEMPLATES;

/** Chinese names accepted in import files, next to the English level names. */
export const LEVEL_ALIASES: Record<string, AreaLevel> = {
  省: 'province', 自治区: 'province', 直辖市: 'province',
  市: 'city', 地级市: 'city', 州: 'city',
  区: 'district', 县: 'district', 区县: 'district', '区/县': 'district', 县级市: 'district',
  街道: 'subdistrict', 乡: 'township', 镇: 'township', 乡镇: 'township',
  社区: 'community', 村: 'village', 行政村: 'village',
  网格: 'grid', 楼栋: 'building', 楼: 'building', 单元: 'unit',
};

export function parseLevel(text: string): AreaLevel | undefined {
  const t = text.trim();
  const lower = t.toLowerCase();
  if ((AREA_LEVELS as readonly string[]).includes(lower)) return lower as AreaLevel;
  return LEVEL_ALIASES[t];
}

/** Why `child` cannot sit under `parent` (null parent = top of the tree), or null when it can. */
export function levelProblem(parentLevel: AreaLevel | null, child: AreaLevel, inUse: readonly AreaLevel[]): string | null {
  if (!inUse.includes(child)) return `level "${child}" is not used in this deployment (levels in use: ${inUse.join(', ')})`;
  if (parentLevel && AREA_LEVEL_RANK[child] <= AREA_LEVEL_RANK[parentLevel]) return `a ${child} cannot be placed under a ${parentLevel}`;
  return null;
}

/** Why `code` is not a valid code for `level`, or null. Official levels take 12-digit codes; grids and below free codes. */
export function codeProblem(level: AreaLevel, code: string): string | null {
  if (OFFICIAL_LEVELS.has(level)) {
    return OFFICIAL_CODE.test(code) ? null : `a ${level} needs a 12-digit administrative code (e.g. 110101001001), got "${code}"`;
  }
  return FREE_CODE.test(code) ? null : `code "${code}" may use letters, digits, "-", "_" and "." only (at most 64 characters)`;
}

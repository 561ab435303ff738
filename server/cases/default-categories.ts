import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/types.js';

/** A starting set for a new deployment; administrators change them under 工单类别. */
export const DEFAULT_CATEGORIES = [
  { code: 'sanitation', name: '环境卫生', type: 'rectification', description: '垃圾堆放、污水、卫生死角等', default_role: 'grid_worker', accept_hours: 4, resolve_hours: 48 },
  { code: 'facilities', name: '设施报修', type: 'rectification', description: '路灯、楼道灯、门禁、井盖等公共设施损坏', default_role: 'grid_worker', accept_hours: 4, resolve_hours: 72 },
  { code: 'safety', name: '安全隐患', type: 'rectification', description: '消防通道堵塞、飞线充电、危险建筑等', default_role: 'grid_leader', accept_hours: 2, resolve_hours: 24 },
  { code: 'errand', name: '代办服务', type: 'errand', description: '买药、买菜、代办证件等（居家隔离、老人、残疾人）', default_role: 'grid_worker', accept_hours: 2, resolve_hours: 24 },
  { code: 'inspection', name: '督查整改', type: 'inspection_finding', description: '督查中发现须整改的问题', default_role: 'grid_leader', accept_hours: 8, resolve_hours: 72 },
  { code: 'suggestion', name: '意见建议', type: 'suggestion', description: '对社区工作的意见和建议', default_role: 'grid_leader', accept_hours: 24, resolve_hours: 168 },
] as const;

/** Add the default categories when a deployment has none yet (first start). */
export async function ensureDefaultCategories(db: Kysely<Database>): Promise<boolean> {
  const any = await db.selectFrom('case_categories').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  const now = nowIso();
  await db
    .insertInto('case_categories')
    .values(DEFAULT_CATEGORIES.map((c, i) => ({ ...c, public_reporting: c.type === 'inspection_finding' ? 0 : 1, active: 1, sort_order: i + 1, created_at: now, updated_at: now })))
    .execute();
  return true;
}

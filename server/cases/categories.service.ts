import type { Kysely } from 'kysely';
import type { TCaseCategory } from '../../common/cases.js';
import { type Actor, canAnywhere } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { isUniqueViolation, nowIso } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { presentCategory } from './public-cases.service.js';

type Db = Kysely<Database>;

export async function listCategories(db: Db, actor: Actor, activeOnly: boolean): Promise<TCaseCategory[]> {
  if (!canAnywhere(actor, 'case.read')) throw new AppError('FORBIDDEN', 'your role does not allow working with cases');
  let q = db.selectFrom('case_categories').selectAll().orderBy('sort_order').orderBy('id');
  if (activeOnly) q = q.where('active', '=', 1);
  return (await q.execute()).map(presentCategory);
}

type CategoryInput = Partial<Omit<TCaseCategory, 'id'>>;

function columns(input: CategoryInput) {
  return {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.type !== undefined ? { type: input.type } : {}),
    ...(input.description !== undefined ? { description: input.description ?? null } : {}),
    ...(input.defaultRole !== undefined ? { default_role: input.defaultRole } : {}),
    ...(input.acceptHours !== undefined ? { accept_hours: input.acceptHours } : {}),
    ...(input.resolveHours !== undefined ? { resolve_hours: input.resolveHours } : {}),
    ...(input.publicReporting !== undefined ? { public_reporting: input.publicReporting ? 1 : 0 } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
}

function requireConfigure(actor: Actor) {
  // Categories are deployment-wide: an area admin or a system administrator sets them.
  if (!canAnywhere(actor, 'case.configure')) throw new AppError('FORBIDDEN', 'only an administrator can change case categories');
}

export async function createCategory(db: Db, actor: Actor, input: Omit<TCaseCategory, 'id' | 'description'> & { description?: string | null }): Promise<TCaseCategory> {
  requireConfigure(actor);
  const now = nowIso();
  try {
    const row = await db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('case_categories')
        .values({ code: input.code, name: input.name, type: input.type, description: input.description ?? null, default_role: input.defaultRole, accept_hours: input.acceptHours, resolve_hours: input.resolveHours, public_reporting: input.publicReporting ? 1 : 0, active: input.active ? 1 : 0, sort_order: 0, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, whoOf(actor), { action: 'case_category.create', entityType: 'case_category', entityId: created.id, after: input });
      return created;
    });
    return presentCategory(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('VALIDATION_FAILED', `the code "${input.code}" is already used by another category`, { code: 'already used' });
    throw err;
  }
}

export async function updateCategory(db: Db, actor: Actor, id: number, input: CategoryInput): Promise<TCaseCategory> {
  requireConfigure(actor);
  const before = await db.selectFrom('case_categories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new AppError('NOT_FOUND', 'category not found');
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('case_categories').set({ ...columns(input), updated_at: nowIso() }).where('id', '=', id).execute();
      await recordAudit(trx, whoOf(actor), { action: 'case_category.update', entityType: 'case_category', entityId: id, before: presentCategory(before), after: input });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('VALIDATION_FAILED', `the code "${input.code}" is already used by another category`, { code: 'already used' });
    throw err;
  }
  return presentCategory(await db.selectFrom('case_categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

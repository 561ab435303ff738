import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.service.js';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';

type Db = Kysely<Database>;

/** Keys are shown once, when made; the database keeps only their SHA-256 and the first characters (to tell keys apart). */
export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

const CLI = { userId: null, username: 'cli', ip: null };

export interface ApiKeyListed {
  name: string;
  prefix: string;
  areaCode: string | null;
  areaName: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A new key for an Open311 client; requests made with it land at `areaCode` (unless they name an area under it). */
export async function createApiKey(db: Db, input: { name: string; areaCode?: string }): Promise<{ id: number; name: string; key: string; prefix: string; areaCode: string | null }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError('VALIDATION_FAILED', 'give the key a name of at most 100 characters', { name: 'required' });
  let area: { id: number; code: string; path: string } | undefined;
  if (input.areaCode) {
    area = await db.selectFrom('areas').select(['id', 'code', 'path']).where('code', '=', input.areaCode).where('archived_at', 'is', null).executeTakeFirst();
    if (!area) throw new AppError('VALIDATION_FAILED', `no current area with code ${input.areaCode}`, { area: 'no such area' });
  }
  const active = await db.selectFrom('api_keys').select('id').where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  if (active) throw new AppError('VALIDATION_FAILED', `an active key named ${name} already exists; revoke it first or choose another name`, { name: 'taken' });
  const key = `wg_${randomBytes(24).toString('base64url')}`;
  const prefix = key.slice(0, 10);
  const { id } = await db
    .insertInto('api_keys')
    .values({ name, key_hash: hashApiKey(key), key_prefix: prefix, area_id: area?.id ?? null, created_at: nowIso(), last_used_at: null, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, CLI, { action: 'apikey.create', entityType: 'api_key', entityId: id, areaId: area?.id ?? null, areaPath: area?.path ?? null, after: { name, prefix, area: area?.code ?? null } });
  return { id, name, key, prefix, areaCode: area?.code ?? null };
}

export async function listApiKeys(db: Db): Promise<ApiKeyListed[]> {
  const rows = await db
    .selectFrom('api_keys')
    .leftJoin('areas', 'areas.id', 'api_keys.area_id')
    .select(['api_keys.name', 'api_keys.key_prefix', 'areas.code as area_code', 'areas.name as area_name', 'api_keys.created_at', 'api_keys.last_used_at', 'api_keys.revoked_at'])
    .orderBy('api_keys.id')
    .execute();
  return rows.map((r) => ({ name: r.name, prefix: r.key_prefix, areaCode: r.area_code, areaName: r.area_name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revoke the active key of that name; clients using it get 403 from then on. */
export async function revokeApiKey(db: Db, name: string): Promise<number> {
  const rows = await db.selectFrom('api_keys').select(['id', 'key_prefix']).where('name', '=', name).where('revoked_at', 'is', null).execute();
  if (!rows.length) throw new AppError('NOT_FOUND', `no active key named ${name}`);
  const at = nowIso();
  await db.updateTable('api_keys').set({ revoked_at: at }).where('id', 'in', rows.map((r) => r.id)).execute();
  for (const r of rows) await recordAudit(db, CLI, { action: 'apikey.revoke', entityType: 'api_key', entityId: r.id, after: { name, prefix: r.key_prefix } });
  return rows.length;
}

export interface ApiKeyUser {
  id: number;
  name: string;
  areaId: number | null;
}

/** The active key behind `key`, or null (unknown or revoked). Notes when it was last used. */
export async function authenticateApiKey(db: Db, key: string | undefined): Promise<ApiKeyUser | null> {
  if (!key) return null;
  const row = await db.selectFrom('api_keys').select(['id', 'name', 'area_id', 'revoked_at']).where('key_hash', '=', hashApiKey(key.trim())).executeTakeFirst();
  if (!row || row.revoked_at) return null;
  await db.updateTable('api_keys').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
  return { id: row.id, name: row.name, areaId: row.area_id };
}

import type { Kysely } from 'kysely';
import type { FormDefinition } from '../../common/form-definition.js';
import type { Database } from '../db/types.js';

/**
 * Published versions never change, so their definitions are cached — per database (keyed by the
 * database's adapter, which its transactions share), so one process holding two databases (tests,
 * benchmarks) never mixes them up.
 */
const cacheByDatabase = new WeakMap<object, Map<string, FormDefinition>>();

export async function versionDefinition(db: Kysely<Database>, formId: number, version: number): Promise<FormDefinition> {
  const owner = db.getExecutor().adapter;
  let cache = cacheByDatabase.get(owner);
  if (!cache) cacheByDatabase.set(owner, (cache = new Map()));
  const key = `${formId}:${version}`;
  let found = cache.get(key);
  if (!found) {
    const row = await db.selectFrom('form_versions').select('definition').where('form_id', '=', formId).where('version', '=', version).executeTakeFirstOrThrow();
    found = JSON.parse(row.definition) as FormDefinition;
    if (cache.size > 500) cache.clear();
    cache.set(key, found);
  }
  return found;
}

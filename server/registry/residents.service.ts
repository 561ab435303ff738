import { type Kysely, sql, type SqlBool } from 'kysely';
import { maskIdNumber, maskPhoneNumber } from '../../common/id-number.js';
import type { Relation, ResidenceType, ResidentStatus, TResident, TResidentCreate, TResidentDetail, TResidentQuery, TResidentUpdate } from '../../common/registry.js';
import { type Actor, canAt, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { dialectOf, type DialectName, likeEscape, nowIso, toInt, underAnyPath, isUniqueViolation } from '../db/dialect.js';
import type { Database, ResidentRow } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { gridsOfPaths } from './households.service.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { ageOn, checkIdentity, idNumberColumns, namePinyin, phoneColumns, tagsFromColumn, tagsToColumn } from './resident-fields.js';
import { replaceResidentTags } from './resident-tags-index.js';

type Db = Kysely<Database>;

/** Counting stops here: "10,000+" is as useful to a person as the exact number and stays fast at a million. */
export const COUNT_CAP = 10_000;

export function presentResident(row: ResidentRow, grid: { id: number; name: string } | undefined, reveal: { idNumber?: string; phone?: string | null } = {}): TResident {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender as 'male' | 'female',
    birthDate: row.birth_date,
    age: ageOn(row.birth_date),
    idNumber: reveal.idNumber ?? maskIdNumber(`${row.id_prefix4}${'*'.repeat(10)}${row.id_last4}`)!,
    phone: reveal.phone !== undefined ? reveal.phone : row.phone_last4 ? maskPhoneNumber(`${row.phone_prefix3}****${row.phone_last4}`) : null,
    householdId: row.household_id,
    areaId: row.area_id,
    address: row.address,
    relation: row.relation as Relation,
    residenceType: row.residence_type as ResidenceType,
    status: row.status as ResidentStatus,
    tags: tagsFromColumn(row.tags),
    moveInDate: row.move_in_date,
    moveOutDate: row.move_out_date,
    gridId: grid?.id ?? null,
    gridName: grid?.name ?? null,
  };
}

const ADDRESS_HINT = /[号楼栋单元室组片\d-]/;

/**
 * The search condition for what a person types: the last 4 digits of an ID number or phone, a whole
 * phone or ID number (exact, through the keyed hash), pinyin initials or full pinyin ("zs", "zhangsan"),
 * an address fragment ("3号楼"), or the start of a name ("张").
 */
export function searchCondition(cipher: PersonalDataCipher, text: string, dialect: DialectName = 'sqlite') {
  const q = text.trim();
  if (/^\d{4}$/.test(q)) return sql<SqlBool>`(r.id_last4 = ${q} or r.phone_last4 = ${q})`;
  if (/^\d{3}[Xx]$/.test(q)) return sql<SqlBool>`r.id_last4 = ${q.toUpperCase()}`;
  if (/^1\d{10}$/.test(q)) return sql<SqlBool>`r.phone_hash = ${cipher.hash(q)}`;
  if (/^\d{17}[\dXx]$/.test(q)) return sql<SqlBool>`r.id_hash = ${cipher.hash(q)}`;
  if (/^[a-zA-Z]+$/.test(q)) {
    const p = q.toLowerCase();
    const upper = `${p}{`;
    return sql<SqlBool>`((r.name_initials >= ${p} and r.name_initials < ${upper}) or (r.name_pinyin >= ${p} and r.name_pinyin < ${upper}))`;
  }
  if (ADDRESS_HINT.test(q)) return sql<SqlBool>`r.address like ${`%${likeEscape(q)}%`} escape '\\'`;
  // U+10FFFF sorts after every character, also those beyond the BMP (张𠮷); bytewise order on both databases.
  const upper = `${q}\u{10FFFF}`;
  if (dialect === 'postgres') return sql<SqlBool>`((r.name collate "C") >= ${q} and (r.name collate "C") < ${upper})`;
  return sql<SqlBool>`(r.name >= ${q} and r.name < ${upper})`;
}

/** Whether searchCondition reads `text` as an address fragment (a scan of the scope), not through a search index. */
function isAddressSearch(text: string): boolean {
  const q = text.trim();
  return !/^(\d{4}|\d{3}[Xx]|1\d{10}|\d{17}[\dXx]|[a-zA-Z]+)$/.test(q) && ADDRESS_HINT.test(q);
}

/**
 * The residents query behind the list, search and export: scope, filters and search, ordered by place.
 * A tag filter goes through the tag index: `r.id in (…)` by default; with `tagJoin` the index is joined as
 * `rt`, whose (tag, area_path, resident_id) order is the list's place order, so a page reads 50 entries, not all.
 */
export async function residentsQuery(db: Db, cipher: PersonalDataCipher, actor: Actor, query: Omit<TResidentQuery, 'page' | 'pageSize'>, permission: 'resident.read' | 'resident.export' = 'resident.read', tagJoin: boolean | 'like' = false) {
  const scope = pathsWith(actor, permission);
  if (scope !== 'all' && scope.length === 0) throw new AppError('FORBIDDEN', permission === 'resident.export' ? 'your role does not allow exporting residents' : 'your role does not allow reading the registry');
  let q = db.selectFrom('residents as r').where('r.merged_into', 'is', null);
  if (scope !== 'all') q = q.where((eb) => underAnyPath(eb, 'r.area_path', scope));
  let areaPath: string | undefined;
  if (query.area) {
    const area = await db.selectFrom('areas').select('path').where('id', '=', query.area).executeTakeFirst();
    if (!area || !canAt(actor, permission, area.path)) throw new AppError('NOT_FOUND', 'area not found');
    areaPath = area.path;
    q = q.where((eb) => underAnyPath(eb, 'r.area_path', [area.path]));
  }
  const status = query.status ?? 'present';
  if (status !== 'all') q = q.where('r.status', '=', status);
  if (query.tag && tagJoin === 'like') {
    q = q.where(sql<SqlBool>`r.tags like ${`%,${likeEscape(query.tag)},%`} escape '\\'`);
  } else if (query.tag && tagJoin) {
    const tag = query.tag;
    q = q
      .innerJoin('resident_tags as rt', (j) => j.onRef('rt.resident_id', '=', 'r.id').on('rt.tag', '=', tag))
      .$if(scope !== 'all', (b) => b.where((e) => underAnyPath(e, 'rt.area_path', scope as string[])))
      .$if(areaPath !== undefined, (b) => b.where((e) => underAnyPath(e, 'rt.area_path', [areaPath!]))) as unknown as typeof q;
  } else if (query.tag) {
    // Through the tag index (tag, area_path, resident_id): only the residents with the tag in the scope are read.
    const tag = query.tag;
    q = q.where('r.id', 'in', (eb) =>
      eb
        .selectFrom('resident_tags as rt')
        .select('rt.resident_id')
        .where('rt.tag', '=', tag)
        .$if(scope !== 'all', (b) => b.where((e) => underAnyPath(e, 'rt.area_path', scope as string[])))
        .$if(areaPath !== undefined, (b) => b.where((e) => underAnyPath(e, 'rt.area_path', [areaPath!]))),
    );
  }
  if (query.residenceType) q = q.where('r.residence_type', '=', query.residenceType);
  if (query.household) q = q.where('r.household_id', '=', query.household);
  if (query.q) q = q.where(searchCondition(cipher, query.q, dialectOf(db)));
  return q;
}

/** Search residents within the caller's scope; numbers come back masked. */
export async function listResidents(db: Db, cipher: PersonalDataCipher, actor: Actor, query: TResidentQuery) {
  const q = await residentsQuery(db, cipher, actor, query);
  // PostgreSQL counts a common tag (10,000 matches) faster over the covering scope index (residents_scope_cover
  // holds tags, no heap visits) than through the tag index with one heap visit per match (~80 ms at 慢性病).
  const countQ = query.tag && dialectOf(db) === 'postgres' ? await residentsQuery(db, cipher, actor, query, 'resident.read', 'like') : q;
  const counted = await db
    .selectFrom(countQ.select(sql`1`.as('one')).limit(COUNT_CAP + 1).as('capped'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const n = toInt(counted.n);
  // SQLite: a search that finds few people is read through its own index and then sorted. Left alone, the
  // planner may walk the whole scope in place order to skip the sort, reading ~100,000 rows of a subdistrict
  // for a handful of matches (pinyin initials: 50+ ms). `+` keeps the order but hides it from the indexes.
  const sortFew = dialectOf(db) === 'sqlite' && !!query.q && !isAddressSearch(query.q) && n <= 2000;
  // A tag alone: walk the tag index in place order (rt.area_path is a copy of r.area_path) and stop after
  // the page, instead of reading and sorting every resident with a common tag (慢性病: ~10,000 a subdistrict).
  const byTagIndex = !!query.tag && !query.q;
  const pageQ = byTagIndex ? await residentsQuery(db, cipher, actor, query, 'resident.read', true) : q;
  const rows = await pageQ
    .selectAll('r')
    .$if(byTagIndex, (b) => b.orderBy(sql`rt.area_path`).orderBy(sql`rt.resident_id`))
    .$if(!byTagIndex && sortFew, (b) => b.orderBy(sql`+r.area_path`).orderBy(sql`+r.id`))
    .$if(!byTagIndex && !sortFew, (b) => b.orderBy('r.area_path').orderBy('r.id'))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const grids = await gridsOfPaths(db, rows.map((r) => r.area_path));
  return { items: rows.map((r) => presentResident(r, grids.get(r.area_path))), total: Math.min(n, COUNT_CAP), totalIsEstimate: n > COUNT_CAP, page: query.page, pageSize: query.pageSize };
}

async function loadResident(db: Db, actor: Actor, id: number, permission: 'resident.read' | 'resident.write' | 'resident.reveal' = 'resident.read'): Promise<ResidentRow> {
  const row = await db.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.merged_into !== null) throw new AppError('NOT_FOUND', 'resident not found');
  // Unreadable → 404 first, so a write or reveal attempt never confirms that someone lives out there.
  requireAt(actor, 'resident.read', row.area_path, 'resident');
  if (permission !== 'resident.read') requireAt(actor, permission, row.area_path, 'resident');
  return row;
}

/** One resident with household and history; numbers masked (reveal them one at a time). */
export async function getResident(db: Db, actor: Actor, id: number): Promise<TResidentDetail> {
  const row = await loadResident(db, actor, id);
  const household = await db.selectFrom('households').leftJoin('residents as head', 'head.id', 'households.head_resident_id').select(['households.id', 'households.address', 'head.name as head_name']).where('households.id', '=', row.household_id).executeTakeFirstOrThrow();
  const [{ n }] = await db.selectFrom('residents').where('household_id', '=', row.household_id).where('status', '=', 'present').where('merged_into', 'is', null).select((eb) => eb.fn.countAll().as('n')).execute();
  const history = await db.selectFrom('resident_history').selectAll().where('resident_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc').execute();
  const grids = await gridsOfPaths(db, [row.area_path]);
  return {
    ...presentResident(row, grids.get(row.area_path)),
    household: { id: household.id, address: household.address, headName: household.head_name, memberCount: toInt(n) },
    history: history.map((h) => ({ at: h.at, kind: h.kind, note: h.note, fromAddress: h.from_address, toAddress: h.to_address, by: h.username })),
    canReveal: canAt(actor, 'resident.reveal', row.area_path),
  };
}

/** Show one resident's full ID number or phone to someone with the right; every reveal is audit-logged with the reason. */
export async function revealResidentField(db: Db, cipher: PersonalDataCipher, actor: Actor, id: number, field: 'idNumber' | 'phone', reason: string) {
  const row = await loadResident(db, actor, id, 'resident.reveal');
  const value = field === 'idNumber' ? cipher.decrypt(row.id_enc) : row.phone_enc ? cipher.decrypt(row.phone_enc) : null;
  await recordAudit(db, whoOf(actor), { action: 'resident.reveal', entityType: 'resident', entityId: id, areaId: row.area_id, areaPath: row.area_path, after: { field, reason, name: row.name } });
  return { field, value };
}

/** Message for an ID number already on the register, naming the record when the caller may see it. */
export async function duplicateMessage(db: Db, actor: Actor, idHash: string): Promise<string | null> {
  return (await duplicateMessages(db, actor, [idHash])).get(idHash) ?? null;
}

/**
 * `duplicateMessage` for many ID numbers at once (an import of 100,000 rows): keyed hash → the same
 * message, for those already registered; one query per 500 hashes. Keep the wording in step with it.
 */
export async function duplicateMessages(db: Db, actor: Actor, idHashes: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < idHashes.length; i += 500) {
    const rows = await db.selectFrom('residents').select(['id_hash', 'id', 'name', 'address', 'area_path']).where('id_hash', 'in', idHashes.slice(i, i + 500)).execute();
    for (const existing of rows) {
      found.set(
        existing.id_hash,
        canAt(actor, 'resident.read', existing.area_path)
          ? `this ID number is already registered: ${existing.name}, ${existing.address} (resident ${existing.id})`
          : 'this ID number is already registered in an area outside yours; ask the community office',
      );
    }
  }
  return found;
}

/** Register a resident in a household after checking the ID number, birth date, gender and phone. */
export async function createResident(db: Db, cipher: PersonalDataCipher, actor: Actor, input: TResidentCreate): Promise<TResidentDetail> {
  const id = await db.transaction().execute(async (trx) => {
    const household = await trx.selectFrom('households').selectAll().where('id', '=', input.householdId).executeTakeFirst();
    // Missing and out of scope answer alike (404, as every out-of-scope target does), naming the field.
    if (!household || !canAt(actor, 'resident.read', household.area_path)) throw new AppError('NOT_FOUND', 'household not found', { householdId: 'no such household in your areas' });
    requireAt(actor, 'resident.write', household.area_path, 'household');
    const checked = checkIdentity(input);
    if (!checked.ok) throw new AppError('RESIDENT_INVALID', Object.values(checked.fields).join('; '), checked.fields);
    const v = checked.value;
    const ids = idNumberColumns(cipher, v.idNumber);
    const dup = await duplicateMessage(trx, actor, ids.id_hash);
    if (dup) throw new AppError('RESIDENT_DUPLICATE', dup, { idNumber: dup });
    const now = nowIso();
    const py = namePinyin(input.name);
    const row = await trx
      .insertInto('residents')
      .values({
        household_id: household.id,
        area_id: household.area_id,
        area_path: household.area_path,
        name: input.name,
        name_initials: py.initials,
        name_pinyin: py.full,
        gender: v.gender,
        birth_date: v.birthDate,
        ...ids,
        ...phoneColumns(cipher, v.phone),
        relation: input.relation,
        residence_type: input.residenceType,
        status: 'present',
        tags: tagsToColumn(input.tags),
        address: household.address,
        move_in_date: input.moveInDate ?? null,
        move_out_date: null,
        merged_into: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceResidentTags(trx, [row.id]);
    if (input.relation === 'head' && !household.head_resident_id) await trx.updateTable('households').set({ head_resident_id: row.id }).where('id', '=', household.id).execute();
    await recordAudit(trx, whoOf(actor), { action: 'resident.create', entityType: 'resident', entityId: row.id, areaId: household.area_id, areaPath: household.area_path, after: { name: input.name, idNumber: maskIdNumber(v.idNumber), household: household.address } });
    return row.id;
  }).catch((err: unknown) => {
    // Two people registering the same person at the same moment: the unique index decides, and the loser hears why.
    if (isUniqueViolation(err)) throw new AppError('RESIDENT_DUPLICATE', 'this ID number was registered by someone else just now', { idNumber: 'already registered' });
    throw err;
  });
  return getResident(db, actor, id);
}

const auditView = (r: ResidentRow) => ({ name: r.name, phone: r.phone_last4 ? `****${r.phone_last4}` : null, relation: r.relation, residenceType: r.residence_type, status: r.status, tags: tagsFromColumn(r.tags), moveInDate: r.move_in_date });

/** Change a resident's details; the audit log keeps before and after (numbers masked). */
export async function updateResident(db: Db, cipher: PersonalDataCipher, actor: Actor, id: number, input: TResidentUpdate): Promise<TResidentDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await loadResident(trx, actor, id, 'resident.write');
    const set: Partial<ResidentRow> = { updated_at: nowIso() };
    if (input.name !== undefined) Object.assign(set, { name: input.name, name_initials: namePinyin(input.name).initials, name_pinyin: namePinyin(input.name).full });
    if (input.phone !== undefined) Object.assign(set, phoneColumns(cipher, input.phone));
    if (input.relation !== undefined) set.relation = input.relation;
    if (input.residenceType !== undefined) set.residence_type = input.residenceType;
    if (input.moveInDate !== undefined) set.move_in_date = input.moveInDate;
    if (input.status !== undefined) set.status = input.status;
    if (input.tags !== undefined) set.tags = tagsToColumn(input.tags);
    const after = await trx.updateTable('residents').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (input.tags !== undefined) await replaceResidentTags(trx, [id]);
    if (input.relation === 'head') await trx.updateTable('households').set({ head_resident_id: id }).where('id', '=', row.household_id).execute();
    await recordAudit(trx, whoOf(actor), { action: 'resident.update', entityType: 'resident', entityId: id, areaId: row.area_id, areaPath: row.area_path, before: auditView(row), after: auditView(after) });
  });
  return getResident(db, actor, id);
}

async function addHistory(trx: Db, actor: Actor, residentId: number, values: { kind: string; householdId: number | null; note?: string | null; from?: { address: string; areaId: number }; to?: { address: string; areaId: number } }) {
  await trx
    .insertInto('resident_history')
    .values({ resident_id: residentId, household_id: values.householdId, at: nowIso(), kind: values.kind, note: values.note ?? null, from_address: values.from?.address ?? null, to_address: values.to?.address ?? null, from_area_id: values.from?.areaId ?? null, to_area_id: values.to?.areaId ?? null, user_id: actor.userId || null, username: actor.username })
    .execute();
}

/** Move a resident into another household (e.g. in another grid); the history keeps where they were. */
export async function moveResident(db: Db, actor: Actor, id: number, input: { householdId: number; note?: string }): Promise<TResidentDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await loadResident(trx, actor, id, 'resident.write');
    const target = await trx.selectFrom('households').selectAll().where('id', '=', input.householdId).executeTakeFirst();
    if (!target || !canAt(actor, 'resident.read', target.area_path)) throw new AppError('NOT_FOUND', 'target household not found', { householdId: 'no such household in your areas' });
    requireAt(actor, 'resident.write', target.area_path, 'household');
    if (target.id === row.household_id) throw new AppError('RESIDENT_INVALID', 'the resident already lives in this household', { householdId: 'same household' });
    await trx.updateTable('residents').set({ household_id: target.id, area_id: target.area_id, area_path: target.area_path, address: target.address, status: 'present', move_out_date: null, updated_at: nowIso() }).where('id', '=', id).execute();
    await replaceResidentTags(trx, [id]);
    await trx.updateTable('households').set({ head_resident_id: null }).where('id', '=', row.household_id).where('head_resident_id', '=', id).execute();
    await addHistory(trx, actor, id, { kind: 'move', householdId: target.id, note: input.note, from: { address: row.address, areaId: row.area_id }, to: { address: target.address, areaId: target.area_id } });
    await recordAudit(trx, whoOf(actor), { action: 'resident.move', entityType: 'resident', entityId: id, areaId: target.area_id, areaPath: target.area_path, before: { address: row.address }, after: { address: target.address } });
  });
  return getResident(db, actor, id);
}

/** Mark a resident as moved out on a date; they stay on record (status moved_out). */
export async function moveOutResident(db: Db, actor: Actor, id: number, input: { date: string; note?: string }): Promise<TResidentDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await loadResident(trx, actor, id, 'resident.write');
    if (row.status === 'moved_out') throw new AppError('RESIDENT_INVALID', 'this resident is already marked as moved out', { status: 'already moved out' });
    await trx.updateTable('residents').set({ status: 'moved_out', move_out_date: input.date, updated_at: nowIso() }).where('id', '=', id).execute();
    await addHistory(trx, actor, id, { kind: 'move_out', householdId: row.household_id, note: input.note, from: { address: row.address, areaId: row.area_id } });
    await recordAudit(trx, whoOf(actor), { action: 'resident.move_out', entityType: 'resident', entityId: id, areaId: row.area_id, areaPath: row.area_path, after: { date: input.date } });
  });
  return getResident(db, actor, id);
}

/**
 * Merge a duplicate record into this one: the kept record takes the duplicate's phone and tags where
 * it has none, the duplicate disappears from lists (kept as merged for the record).
 */
export async function mergeResidents(db: Db, actor: Actor, keepId: number, duplicateId: number): Promise<TResidentDetail> {
  if (keepId === duplicateId) throw new AppError('RESIDENT_INVALID', 'a record cannot be merged into itself', { duplicateId: 'same record' });
  await db.transaction().execute(async (trx) => {
    const keep = await loadResident(trx, actor, keepId, 'resident.write');
    const dup = await loadResident(trx, actor, duplicateId, 'resident.write');
    const tags = [...new Set([...tagsFromColumn(keep.tags), ...tagsFromColumn(dup.tags)])];
    const phone = keep.phone_enc ? {} : { phone_enc: dup.phone_enc, phone_hash: dup.phone_hash, phone_last4: dup.phone_last4, phone_prefix3: dup.phone_prefix3 };
    await trx.updateTable('residents').set({ ...phone, tags: tagsToColumn(tags), updated_at: nowIso() }).where('id', '=', keepId).execute();
    // The duplicate gives up its ID hash so the unique index stays about real people.
    await trx.updateTable('residents').set({ merged_into: keepId, id_hash: `merged:${dup.id}`, updated_at: nowIso() }).where('id', '=', duplicateId).execute();
    await replaceResidentTags(trx, [keepId, duplicateId]);
    await trx.updateTable('households').set({ head_resident_id: keepId }).where('head_resident_id', '=', duplicateId).execute();
    await addHistory(trx, actor, keepId, { kind: 'merge', householdId: keep.household_id, note: `merged record ${dup.id} (${dup.name}, ${dup.address})` });
    await addHistory(trx, actor, duplicateId, { kind: 'merged', householdId: dup.household_id, note: `merged into record ${keepId}` });
    await recordAudit(trx, whoOf(actor), { action: 'resident.merge', entityType: 'resident', entityId: keepId, areaId: keep.area_id, areaPath: keep.area_path, before: { duplicate: duplicateId, duplicateName: dup.name }, after: { kept: keepId } });
  });
  return getResident(db, actor, keepId);
}

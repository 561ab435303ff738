import { type Insertable, type Kysely, sql } from 'kysely';
import type { AreaLevel, TRowError } from '../../common/areas.js';
import type { TResidentImportPreview } from '../../common/registry.js';
import { levelProblem, levelsInUse } from '../areas/area-levels.js';
import { insertArea } from '../areas/areas.repository.js';
import { type Actor, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { dialectOf, isUniqueViolation, nowIso, underAnyPath } from '../db/dialect.js';
import { refreshPlannerStatistics } from '../db/planner-statistics.js';
import { reserveIds } from '../db/reserve-ids.js';
import { bulkInsert } from '../db/bulk-insert.js';
import type { Database, ImportJobRow, ResidentTable } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { mapHeader, type SheetRow } from '../imports/read-rows.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { idNumberColumns, namePinyin, phoneColumns, tagsToColumn } from './resident-fields.js';
import { buildingName, type ColumnIndex, parseRelation, parseResidentRow, RESIDENT_IMPORT_COLUMNS, RESIDENT_IMPORT_REQUIRED, type ResidentImportRow, unitName } from './resident-import-row.js';
import { duplicateMessages } from './residents.service.js';
import { insertResidentTags } from './resident-tags-index.js';

type Db = Kysely<Database>;

/** Opens the rows of the file from the start; called once to check and once more to write, so nothing is held twice. */
export type RowSource = () => AsyncIterable<SheetRow>;

/** Levels a resident import may be aimed at: a grid, or a community/village whose rows name their grid. */
const IMPORT_LEVELS = ['grid', 'community', 'village'];
const BATCH = 500;
/** Residents prepared (encrypted, pinyin) per insert; the next batch is prepared while one is written. */
const WRITE_BATCH = 2000;
const RESIDENT_INTS = ['id', 'household_id', 'area_id', 'merged_into'];
const HOUSEHOLD_INTS = ['id', 'area_id', 'head_resident_id'];
const tick = () => new Promise<void>((r) => setImmediate(r));

interface AreaNode {
  id: number;
  code: string;
  name: string;
  level: string;
  parent_id: number | null;
  path: string;
  archived_at: string | null;
}

/** A building or unit the import will create; `parent` is an existing area or the key of another new area. */
interface NewArea {
  key: string;
  level: 'building' | 'unit';
  name: string;
  parent: { id: number } | { key: string };
  label: string;
}

interface HouseholdPlan {
  /** `a<id>` for an existing building or unit, otherwise the key of a new one. */
  placeKey: string;
  room: string;
  address: string;
  existing?: { id: number; hasHead: boolean };
  /** Index among the data rows of the row that is this household's head (户主). */
  headIndex?: number;
  headRow?: number;
}

interface RowInfo {
  row: number;
  hash?: string;
  household?: HouseholdPlan;
  head: boolean;
  problems: string[];
}

/** What checking a file found: the counts and messages of a preview, and the plan the write follows. */
export interface ResidentImportCheck {
  area: AreaNode;
  total: number;
  valid: number;
  errors: TRowError[];
  newBuildings: string[];
  newUnits: string[];
  households: number;
  newHouseholds: number;
  plan: Places;
}

export interface ResidentImportOutcome {
  residents: number;
  households: number;
  newHouseholds: number;
  newBuildings: number;
  newUnits: number;
}

/**
 * Where rows live: the grid a row names (or the chosen grid), its 楼栋 and 单元 matched by name among
 * the areas under the chosen one, new ones planned where none match, and one household per room.
 */
class Places {
  readonly byId = new Map<number, AreaNode>();
  private readonly byParentName = new Map<string, AreaNode>();
  private readonly grids: AreaNode[] = [];
  /** In the order first needed, so a new building always comes before its units. */
  readonly newAreas = new Map<string, NewArea>();
  readonly households = new Map<string, HouseholdPlan>();

  constructor(
    readonly area: AreaNode,
    nodes: AreaNode[],
    private readonly inUse: readonly AreaLevel[],
  ) {
    for (const n of nodes) {
      this.byId.set(n.id, n);
      if (n.parent_id !== null) this.byParentName.set(`${n.parent_id}|${n.level}|${n.name}`, n);
      if (n.level === 'grid') this.grids.push(n);
    }
  }

  private child(parentId: number, level: string, names: string[]): AreaNode | undefined {
    for (const name of names) {
      const n = this.byParentName.get(`${parentId}|${level}|${name}`);
      if (n) return n;
    }
    return undefined;
  }

  /** The grid a row belongs to: the chosen grid, or the one it names under the chosen community. */
  private gridOf(text: string, problems: string[]): AreaNode | undefined {
    // "第一网格" finds "幸福社区第一网格": offices often leave the community's name out.
    const matches = (g: AreaNode) => g.name === text || (text.length >= 2 && g.name.endsWith(text));
    if (this.area.level === 'grid') {
      if (text && !matches(this.area)) problems.push(`grid (网格) "${text}" is not the chosen grid "${this.area.name}"`);
      return this.area;
    }
    if (!text) {
      problems.push(`grid (网格) is empty: name the grid when importing into ${this.area.name}`);
      return undefined;
    }
    const exact = this.grids.filter((g) => g.name === text);
    const found = exact.length ? exact : this.grids.filter(matches);
    if (found.length === 0) problems.push(`no grid named "${text}" in ${this.area.name}`);
    else if (found.length > 1) problems.push(`grid (网格) "${text}" could be ${found.map((g) => g.name).join(' or ')}; write the full name`);
    else if (found[0].archived_at) problems.push(`grid "${found[0].name}" is archived`);
    else return found[0];
    return undefined;
  }

  private plan(area: NewArea, parentLevel: AreaLevel, problems: string[]): boolean {
    if (this.newAreas.has(area.key)) return true;
    const lp = levelProblem(parentLevel, area.level, this.inUse);
    if (lp) {
      problems.push(`cannot add ${area.level} "${area.name}": ${lp}`);
      return false;
    }
    this.newAreas.set(area.key, area);
    return true;
  }

  /** The household a row goes to, planning its building, unit and household when they are new. */
  householdOf(r: Pick<ResidentImportRow, 'grid' | 'building' | 'unit' | 'room'>, problems: string[]): HouseholdPlan | undefined {
    const grid = this.gridOf(r.grid, problems);
    if (!grid) return undefined;
    const gridLabel = this.area.level === 'grid' ? '' : `${grid.name} `;
    const bName = buildingName(r.building);
    const building = this.child(grid.id, 'building', [r.building, bName]);
    if (building?.archived_at) {
      problems.push(`building "${building.name}" is archived`);
      return undefined;
    }
    const buildingKey = building ? `a${building.id}` : `b${grid.id}|${bName}`;
    if (!building && !this.plan({ key: buildingKey, level: 'building', name: bName, parent: { id: grid.id }, label: `${gridLabel}${bName}` }, grid.level as AreaLevel, problems)) return undefined;
    let placeKey = buildingKey;
    let prefix = building?.name ?? bName;
    if (r.unit) {
      const uName = unitName(r.unit);
      const unit = building ? this.child(building.id, 'unit', [r.unit, uName]) : undefined;
      if (unit?.archived_at) {
        problems.push(`unit "${prefix}${unit.name}" is archived`);
        return undefined;
      }
      placeKey = unit ? `a${unit.id}` : `u${buildingKey}|${uName}`;
      if (!unit && !this.plan({ key: placeKey, level: 'unit', name: uName, parent: building ? { id: building.id } : { key: buildingKey }, label: `${gridLabel}${prefix}${uName}` }, 'building', problems)) return undefined;
      prefix += unit?.name ?? uName;
    }
    const key = `${placeKey}#${r.room}`;
    let household = this.households.get(key);
    if (!household) this.households.set(key, (household = { placeKey, room: r.room, address: `${prefix}${r.room}` }));
    return household;
  }
}

async function loadArea(db: Db, areaId: number): Promise<AreaNode> {
  const area = await db.selectFrom('areas').select(['id', 'code', 'name', 'level', 'parent_id', 'path', 'archived_at']).where('id', '=', areaId).executeTakeFirst();
  if (!area) throw new AppError('NOT_FOUND', 'area not found');
  return area;
}

/** The chosen area, after checking the caller may add residents there and that it is a grid or community. */
async function importTarget(db: Db, actor: Actor, areaId: number): Promise<AreaNode> {
  const area = await loadArea(db, areaId);
  requireAt(actor, 'resident.write', area.path);
  if (!IMPORT_LEVELS.includes(area.level)) throw new AppError('AREA_LEVEL_INVALID', `import residents into a grid or a community, not a ${area.level}`, { areaId: 'choose a grid or a community' });
  if (area.archived_at) throw new AppError('AREA_ARCHIVED', `"${area.name}" is archived`);
  return area;
}

/**
 * Check a resident file against the register without writing anything: every row's own problems, the
 * same ID number twice in the file, ID numbers already registered, two heads in one household, and the
 * buildings, units and households the rows need.
 */
export async function checkResidentImport(db: Db, cipher: PersonalDataCipher, actor: Actor, areaId: number, open: RowSource): Promise<ResidentImportCheck> {
  const area = await importTarget(db, actor, areaId);
  const nodes = await db
    .selectFrom('areas')
    .select(['id', 'code', 'name', 'level', 'parent_id', 'path', 'archived_at'])
    .where((eb) => underAnyPath(eb, 'path', [area.path]))
    .where('level', 'in', ['grid', 'building', 'unit'])
    .execute();
  const places = new Places(area, nodes, await levelsInUse(db));

  let col: ColumnIndex | undefined;
  const rows: RowInfo[] = [];
  const firstRowOfId = new Map<string, number>();
  for await (const { row, cells } of open()) {
    if (!col) {
      col = mapHeader(cells, RESIDENT_IMPORT_COLUMNS, RESIDENT_IMPORT_REQUIRED);
      continue;
    }
    const parsed = parseResidentRow(row, cells, col);
    const info: RowInfo = { row, head: false, problems: parsed.problems };
    if (parsed.idNumber) {
      info.hash = cipher.hash(parsed.idNumber);
      const first = firstRowOfId.get(info.hash);
      if (first !== undefined) info.problems.push(`the same ID number is in row ${first}`);
      else firstRowOfId.set(info.hash, row);
    }
    const cell = (k: keyof ColumnIndex) => (col![k] >= 0 ? (cells[col![k]] ?? '').trim() : '');
    const building = cell('building');
    const room = cell('room');
    if (building && room && room.length <= 20 && building.length <= 100 && cell('unit').length <= 100) {
      info.household = places.householdOf({ grid: cell('grid'), building, unit: cell('unit'), room }, info.problems);
      info.head = parseRelation(cell('relation')) === 'head';
    }
    rows.push(info);
    if (rows.length % 2000 === 0) await tick();
  }
  if (!col) throw new AppError('FILE_INVALID', 'the file is empty: expected a header row (姓名, 身份证号, 手机号, …) and one row per resident');
  if (rows.length === 0) throw new AppError('FILE_INVALID', 'the file has a header row but no residents');
  firstRowOfId.clear();

  // ID numbers already on the register, looked up a chunk at a time.
  const registered = await duplicateMessages(db, actor, rows.filter((r) => r.hash).map((r) => r.hash!));
  for (const r of rows) {
    const message = r.hash && registered.get(r.hash);
    if (message) r.problems.push(message);
  }

  // Households that exist already, and whether they have a head.
  const existingPlaces = [...new Set([...places.households.values()].map((h) => h.placeKey).filter((k) => k.startsWith('a')))].map((k) => Number(k.slice(1)));
  for (let i = 0; i < existingPlaces.length; i += BATCH) {
    const found = await db.selectFrom('households').select(['id', 'area_id', 'room', 'address', 'head_resident_id']).where('area_id', 'in', existingPlaces.slice(i, i + BATCH)).execute();
    for (const h of found) {
      const plan = places.households.get(`a${h.area_id}#${h.room}`);
      if (!plan) continue;
      plan.existing = { id: h.id, hasHead: h.head_resident_id !== null };
      plan.address = h.address;
    }
  }

  // One head per household: the register's, or the first row that says 户主.
  rows.forEach((r, index) => {
    if (!r.head || !r.household) return;
    const h = r.household;
    if (h.existing?.hasHead) r.problems.push(`${h.address} already has a head (户主) on the register; use another relation`);
    else if (h.headRow !== undefined) r.problems.push(`${h.address} already has a head (户主) in row ${h.headRow}`);
    else {
      h.headRow = r.row;
      h.headIndex = index;
    }
  });

  const errors: TRowError[] = [];
  const used = new Set<HouseholdPlan>();
  for (const r of rows) {
    if (r.problems.length) errors.push({ row: r.row, message: r.problems.join('; ') });
    else used.add(r.household!);
  }
  const newAreas = [...places.newAreas.values()];
  return {
    area,
    total: rows.length,
    valid: rows.length - errors.length,
    errors,
    newBuildings: newAreas.filter((a) => a.level === 'building').map((a) => a.label),
    newUnits: newAreas.filter((a) => a.level === 'unit').map((a) => a.label),
    households: used.size,
    newHouseholds: [...used].filter((h) => !h.existing).length,
    plan: places,
  };
}

/** Free codes for new buildings and units: the parent's code + "-B3" / "-U2", the lowest number not taken. */
function codeMaker(db: Db) {
  const state = new Map<string, { n: number; checkedUpTo: number; taken: Set<string> }>();
  return async (parentCode: string, parentId: number, letter: 'B' | 'U'): Promise<string> => {
    const prefix = parentCode.length > 56 ? `A${parentId}-${letter}` : `${parentCode}-${letter}`;
    let s = state.get(prefix);
    if (!s) state.set(prefix, (s = { n: 1, checkedUpTo: 0, taken: new Set() }));
    for (;;) {
      if (s.n > s.checkedUpTo) {
        // Exact codes, a window at a time, so the unique index on code answers.
        const window = Array.from({ length: 64 }, (_, i) => `${prefix}${s!.checkedUpTo + 1 + i}`);
        for (const r of await db.selectFrom('areas').select('code').where('code', 'in', window).execute()) s.taken.add(r.code);
        s.checkedUpTo += 64;
      }
      const code = `${prefix}${s.n++}`;
      if (!s.taken.has(code)) return code;
    }
  };
}

/**
 * Write a checked file in one transaction: new buildings and units, new households (with their heads),
 * then every resident, read from the file a second time. Refuses when the check found any bad row.
 */
export async function writeResidentImport(db: Db, cipher: PersonalDataCipher, actor: Actor, check: ResidentImportCheck, open: RowSource, audit: Record<string, unknown> = {}): Promise<ResidentImportOutcome> {
  if (check.errors.length) throw new AppError('IMPORT_INVALID', `${check.errors.length} row(s) have problems; nothing was imported`, undefined, check.errors);
  const places = check.plan;
  const outcome: ResidentImportOutcome = { residents: check.total, households: check.households, newHouseholds: check.newHouseholds, newBuildings: check.newBuildings.length, newUnits: check.newUnits.length };
  try {
    await db.transaction().execute(async (trx) => {
      const now = nowIso();
      // Paths as they are now, should an area have moved since the check.
      const known = new Set<number>();
      for (const h of places.households.values()) if (h.placeKey.startsWith('a')) known.add(Number(h.placeKey.slice(1)));
      for (const a of places.newAreas.values()) if ('id' in a.parent) known.add(a.parent.id);
      const knownIds = [...known];
      for (let i = 0; i < knownIds.length; i += BATCH) {
        for (const r of await trx.selectFrom('areas').select(['id', 'path', 'code']).where('id', 'in', knownIds.slice(i, i + BATCH)).execute()) Object.assign(places.byId.get(r.id)!, r);
      }
      // New buildings, then their units (the plan lists parents first), with generated codes.
      const placed = new Map<string, { id: number; path: string; code: string }>();
      const placeOf = (key: string) => placed.get(key) ?? places.byId.get(Number(key.slice(1)))!;
      const newCode = codeMaker(trx);
      for (const a of places.newAreas.values()) {
        const parent = 'key' in a.parent ? placed.get(a.parent.key)! : places.byId.get(a.parent.id)!;
        const code = await newCode(parent.code, parent.id, a.level === 'building' ? 'B' : 'U');
        const sort = Number(/\d+/.exec(a.name)?.[0] ?? 0);
        const row = await insertArea(trx, { code, name: a.name, level: a.level, parent_id: parent.id, sort_order: sort, archived_at: null, geo: null, created_at: now, updated_at: now }, parent.path);
        placed.set(a.key, { id: row.id, path: row.path, code: row.code });
      }

      const residentStart = await reserveIds(trx, 'residents', check.total);
      // Households: new ones get ids up front and their head at once; existing ones without a head get it set.
      const fresh = [...places.households.values()].filter((h) => !h.existing);
      const householdStart = await reserveIds(trx, 'households', fresh.length);
      const householdId = new Map<HouseholdPlan, { id: number; areaId: number; path: string }>();
      const householdRows = fresh.map((h, i) => {
        const place = placeOf(h.placeKey);
        const id = householdStart + i;
        householdId.set(h, { id, areaId: place.id, path: place.path });
        return { id, area_id: place.id, area_path: place.path, room: h.room, address: h.address, phone_enc: null, phone_hash: null, phone_last4: null, tags: '', head_resident_id: h.headIndex === undefined ? null : residentStart + h.headIndex, created_at: now, updated_at: now };
      });
      await bulkInsert(trx, 'households', householdRows, HOUSEHOLD_INTS);
      for (const h of places.households.values()) {
        if (!h.existing) continue;
        const place = placeOf(h.placeKey);
        householdId.set(h, { id: h.existing.id, areaId: place.id, path: place.path });
        if (h.headIndex !== undefined) await trx.updateTable('households').set({ head_resident_id: residentStart + h.headIndex, updated_at: now }).where('id', '=', h.existing.id).where('head_resident_id', 'is', null).execute();
      }

      // Residents, read from the file again in the same order the check saw.
      let col: ColumnIndex | undefined;
      let index = 0;
      let batch: Insertable<ResidentTable>[] = [];
      // One insert in flight while the next batch is prepared: PostgreSQL works on it meanwhile.
      let inFlight: Promise<unknown> = Promise.resolve();
      const flush = async () => {
        if (!batch.length) return;
        const values = batch;
        batch = [];
        await inFlight;
        inFlight = bulkInsert(trx, 'residents', values, RESIDENT_INTS).then(() => insertResidentTags(trx, values as { id: number; tags: string; area_path: string }[]));
        inFlight.catch(() => {}); // awaited before the next insert and at the end; this only keeps it from counting as unhandled
      };
      for await (const { row, cells } of open()) {
        if (!col) {
          col = mapHeader(cells, RESIDENT_IMPORT_COLUMNS, RESIDENT_IMPORT_REQUIRED);
          continue;
        }
        const parsed = parseResidentRow(row, cells, col);
        const problems: string[] = [];
        const plan = parsed.value && places.householdOf(parsed.value, problems);
        const target = plan && householdId.get(plan);
        if (!parsed.value || !target || problems.length) throw new Error(`row ${row} reads differently the second time; the file changed while importing`);
        const v = parsed.value;
        const py = namePinyin(v.name);
        batch.push({
          id: residentStart + index,
          household_id: target.id,
          area_id: target.areaId,
          area_path: target.path,
          name: v.name,
          name_initials: py.initials,
          name_pinyin: py.full,
          gender: v.gender,
          birth_date: v.birthDate,
          ...idNumberColumns(cipher, v.idNumber),
          ...phoneColumns(cipher, v.phone),
          relation: v.relation,
          residence_type: v.residenceType,
          status: 'present',
          tags: tagsToColumn(v.tags),
          address: plan.address,
          move_in_date: v.moveInDate,
          move_out_date: null,
          merged_into: null,
          created_at: now,
          updated_at: now,
        });
        index++;
        if (batch.length >= WRITE_BATCH) {
          await flush();
          await tick();
        }
      }
      await flush();
      await inFlight;
      if (index !== check.total) throw new Error(`the file has ${index} rows now, ${check.total} when it was checked; it changed while importing`);
      await recordAudit(trx, whoOf(actor), { action: 'resident.import', entityType: 'area', entityId: check.area.id, areaId: check.area.id, areaPath: check.area.path, after: { ...audit, ...outcome, buildings: check.newBuildings.slice(0, 50), units: check.newUnits.slice(0, 50) } });
    });
  } catch (err) {
    // Someone registered one of these people, or a room, between the check and the write.
    if (isUniqueViolation(err)) throw new AppError('IMPORT_INVALID', 'the register changed while importing (someone added one of these residents or households meanwhile); nothing was written, check the file again');
    throw err;
  }
  // After a big import, fresh planner statistics keep the first searches and exports on their indexes.
  if (check.total >= 5000) await refreshPlannerStatistics(db, ['residents', 'resident_tags', 'households', 'areas']);
  return outcome;
}

/**
 * Check and, when every row is good, write a file straight away (the command line). Throws IMPORT_INVALID
 * listing every bad row otherwise, having written nothing.
 */
export async function importResidents(db: Db, cipher: PersonalDataCipher, actor: Actor, areaId: number, open: RowSource, fileName: string): Promise<ResidentImportOutcome> {
  const check = await checkResidentImport(db, cipher, actor, areaId, open);
  return writeResidentImport(db, cipher, actor, check, open, { file: fileName });
}

// ——— previews kept between upload and confirm ———

interface StoredPreview {
  valid: number;
  newBuildings: string[];
  newUnits: string[];
  households: number;
  newHouseholds: number;
}

function summary(check: ResidentImportCheck): string {
  if (check.errors.length) return `${check.errors.length} of ${check.total} rows have problems; fix them and upload the file again`;
  const places = [check.newBuildings.length ? `${check.newBuildings.length} new building(s)` : '', check.newUnits.length ? `${check.newUnits.length} new unit(s)` : ''].filter(Boolean).join(' and ');
  return `${check.total} residents in ${check.households} households (${check.newHouseholds} new)${places ? `; ${places} will be created` : ''}; confirm to import`;
}

function presentJob(row: ImportJobRow): TResidentImportPreview {
  const stored = (row.preview ? JSON.parse(row.preview) : {}) as Partial<StoredPreview>;
  return {
    id: row.id,
    status: row.status as TResidentImportPreview['status'],
    fileName: row.file_name,
    areaId: row.area_id ?? 0,
    total: row.total,
    valid: stored.valid ?? 0,
    errors: JSON.parse(row.errors) as TRowError[],
    newBuildings: stored.newBuildings ?? [],
    newUnits: stored.newUnits ?? [],
    households: stored.households ?? 0,
    created: row.created_count,
    message: row.message,
  };
}

const storedPreview = (c: ResidentImportCheck): StoredPreview => ({ valid: c.valid, newBuildings: c.newBuildings, newUnits: c.newUnits, households: c.households, newHouseholds: c.newHouseholds });

/** Files of previews nobody confirmed are dropped after a week: they hold personal data. */
const KEEP_FILES_MS = 7 * 24 * 3600 * 1000;

/**
 * Check an uploaded file and keep it (encrypted) with its preview for the confirm step; writes nothing
 * to the register. Every bad row comes back with its row number and reason.
 */
export async function previewResidentImport(db: Db, cipher: PersonalDataCipher, actor: Actor, input: { areaId: number; fileName: string; content: Buffer; rows: RowSource }): Promise<TResidentImportPreview> {
  const check = await checkResidentImport(db, cipher, actor, input.areaId, input.rows);
  const now = nowIso();
  const id = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('import_files').where('created_at', '<', new Date(Date.now() - KEEP_FILES_MS).toISOString()).execute();
    const { id } = await trx
      .insertInto('import_jobs')
      .values({
        kind: 'residents',
        status: 'previewed',
        file_name: input.fileName.slice(0, 255),
        processed: check.total,
        total: check.total,
        created_count: 0,
        updated_count: 0,
        error_count: check.errors.length,
        errors: JSON.stringify(check.errors),
        message: summary(check),
        user_id: actor.userId || null,
        started_at: now,
        finished_at: null,
        area_id: check.area.id,
        preview: JSON.stringify(storedPreview(check)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Only a file that can be imported is kept for the confirm step; one with bad rows must be fixed and uploaded again.
    if (check.errors.length === 0) await trx.insertInto('import_files').values({ job_id: id, content: cipher.encryptBytes(input.content), created_at: now }).execute();
    return id;
  });
  return getResidentImport(db, actor, id);
}

async function loadJob(db: Db, actor: Actor, id: number): Promise<ImportJobRow> {
  const row = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).where('kind', '=', 'residents').executeTakeFirst();
  if (!row || (row.user_id !== actor.userId && !actor.isSuperAdmin)) throw new AppError('NOT_FOUND', 'import not found');
  return row;
}

/** A resident import's preview or outcome, for the person who uploaded it (or a system administrator). */
export async function getResidentImport(db: Db, actor: Actor, id: number): Promise<TResidentImportPreview> {
  return presentJob(await loadJob(db, actor, id));
}

/**
 * Import a previewed file: read it again, check it again against the register as it is now, and write
 * everything in one transaction — or, when any row is bad, refuse with every bad row and write nothing.
 */
export async function confirmResidentImport(db: Db, cipher: PersonalDataCipher, actor: Actor, id: number, readFile: (content: Buffer, fileName: string) => RowSource): Promise<TResidentImportPreview> {
  const job = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).where('kind', '=', 'residents').executeTakeFirst();
  if (!job || job.area_id === null) throw new AppError('NOT_FOUND', 'import not found');
  // Rights first (someone who may only read the area is told so), then whose import it is.
  const area = await loadArea(db, job.area_id).catch(() => null);
  if (!area) throw new AppError('NOT_FOUND', 'import not found');
  requireAt(actor, 'resident.write', area.path, 'import');
  await loadJob(db, actor, id);
  if (job.status === 'succeeded') throw new AppError('IMPORT_INVALID', 'this file has already been imported');
  if (job.error_count > 0 && job.status === 'previewed') {
    const rows = JSON.parse(job.errors) as TRowError[];
    throw new AppError('IMPORT_INVALID', `${rows.length} row(s) have problems; nothing was imported`, undefined, rows);
  }
  // Claim the job, so a double click imports once; a run whose process died is given up after 15 minutes.
  const stale = new Date(Date.now() - 15 * 60_000).toISOString();
  const claimed = await db
    .updateTable('import_jobs')
    .set({ status: 'running', started_at: nowIso() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', 'in', ['previewed', 'failed']), eb.and([eb('status', '=', 'running'), eb('started_at', '<', stale)])]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('IMPORT_INVALID', 'this import is already running');
  try {
    const file = await db.selectFrom('import_files').select('content').where('job_id', '=', id).executeTakeFirst();
    if (!file) throw new AppError('IMPORT_INVALID', 'the uploaded file is no longer kept (files are dropped a week after upload); upload it again');
    const rows = readFile(cipher.decryptBytes(Buffer.from(file.content)), job.file_name);
    const check = await checkResidentImport(db, cipher, actor, job.area_id, rows);
    if (check.errors.length) {
      await db
        .updateTable('import_jobs')
        .set({ status: 'previewed', total: check.total, processed: check.total, errors: JSON.stringify(check.errors), error_count: check.errors.length, message: summary(check), preview: JSON.stringify(storedPreview(check)) })
        .where('id', '=', id)
        .execute();
      await db.deleteFrom('import_files').where('job_id', '=', id).execute();
      throw new AppError('IMPORT_INVALID', `${check.errors.length} row(s) have problems; nothing was imported`, undefined, check.errors);
    }
    const outcome = await writeResidentImport(db, cipher, actor, check, rows, { file: job.file_name, importId: id });
    const message = `imported ${outcome.residents} residents into ${outcome.households} households (${outcome.newHouseholds} new)` + (outcome.newBuildings || outcome.newUnits ? `; created ${outcome.newBuildings} building(s) and ${outcome.newUnits} unit(s)` : '');
    await db
      .updateTable('import_jobs')
      .set({ status: 'succeeded', created_count: outcome.residents, total: check.total, processed: check.total, errors: '[]', error_count: 0, message, preview: JSON.stringify(storedPreview(check)), finished_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await db.deleteFrom('import_files').where('job_id', '=', id).execute();
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'IMPORT_INVALID' && err.rows)) {
      const message = err instanceof AppError ? err.message : 'the import failed on the server; nothing was written';
      await db.updateTable('import_jobs').set({ status: 'failed', message }).where('id', '=', id).execute();
    }
    throw err;
  }
  return getResidentImport(db, actor, id);
}

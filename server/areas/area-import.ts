import type { Kysely } from 'kysely';
import type { AreaLevel, TRowError } from '../../common/areas.js';
import { type Actor, canAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { dialectOf, nowIso } from '../db/dialect.js';
import { bulkInsert } from '../db/bulk-insert.js';
import { refreshPlannerStatistics } from '../db/planner-statistics.js';
import { reserveIds } from '../db/reserve-ids.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { mapHeader, type SheetRow } from '../imports/read-rows.js';
import { codeProblem, levelProblem, levelsInUse, parseLevel } from './area-levels.js';

type Db = Kysely<Database>;

export const AREA_IMPORT_COLUMNS = {
  code: ['code', '代码', '编码', '区划代码'],
  name: ['name', '名称', '名字'],
  parent_code: ['parent_code', 'parent', '上级代码', '上级编码', '父级代码'],
  level: ['level', '级别', '层级'],
  sort_order: ['sort_order', 'sort', '排序'],
} as const;

export interface ImportProgress {
  phase: 'reading' | 'checking' | 'writing' | 'done';
  processed: number;
  total: number;
}

export interface AreaImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

interface FileNode {
  row: number;
  code: string;
  name: string;
  parentCode: string;
  level: AreaLevel;
  sortOrder: number;
}

interface ExistingNode {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  parent_id: number | null;
  path: string;
  archived_at: string | null;
  sort_order: number;
}

const BATCH = 1000;
const tick = () => new Promise<void>((r) => setImmediate(r));

async function findExisting(db: Db, codes: string[]): Promise<Map<string, ExistingNode>> {
  const found = new Map<string, ExistingNode>();
  for (let i = 0; i < codes.length; i += BATCH) {
    const chunk = codes.slice(i, i + BATCH);
    const rows = await db.selectFrom('areas').select(['id', 'code', 'name', 'level', 'parent_id', 'path', 'archived_at', 'sort_order']).where('code', 'in', chunk).execute();
    for (const r of rows) found.set(r.code, r as ExistingNode);
  }
  return found;
}



/**
 * Import an area tree from rows with columns code, name, parent_code, level (and optional sort_order).
 * Parents may come after their children. Existing codes get their names updated; new codes are added.
 * Every bad row is reported with its row number and nothing is written when any row is bad.
 */
export async function importAreas(db: Db, actor: Actor, rows: AsyncIterable<SheetRow>, onProgress: (p: ImportProgress) => void = () => {}): Promise<AreaImportResult> {
  const errors: TRowError[] = [];
  const fileNodes: FileNode[] = [];
  const byCode = new Map<string, FileNode>();
  // First row of every code, good or bad: a repeat is reported even when the first row was bad,
  // and a child of a bad row is not also called an orphan.
  const firstRow = new Map<string, number>();
  const badCodes = new Set<string>();
  const inUse = await levelsInUse(db);
  let header: Record<keyof typeof AREA_IMPORT_COLUMNS, number> | undefined;
  let read = 0;

  for await (const { row, cells } of rows) {
    if (!header) {
      header = mapHeader<keyof typeof AREA_IMPORT_COLUMNS>(cells, AREA_IMPORT_COLUMNS, ['code', 'name', 'parent_code', 'level']);
      continue;
    }
    if (++read % 20000 === 0) {
      onProgress({ phase: 'reading', processed: read, total: 0 });
      await tick();
    }
    const code = cells[header.code] ?? '';
    const name = cells[header.name] ?? '';
    const parentCode = cells[header.parent_code] ?? '';
    const levelText = cells[header.level] ?? '';
    const sortText = header.sort_order >= 0 ? (cells[header.sort_order] ?? '') : '';
    const problems: string[] = [];
    if (!code) problems.push('code is empty');
    if (!name) problems.push('name is empty');
    else if (name.length > 100) problems.push('name is longer than 100 characters');
    const level = parseLevel(levelText);
    if (!level) problems.push(levelText ? `unknown level "${levelText}" (use province, city, district, subdistrict, township, community, village, grid, building or unit)` : 'level is empty');
    else if (!inUse.includes(level)) problems.push(`level "${level}" is not used in this deployment`);
    if (code && level) {
      const cp = codeProblem(level, code);
      if (cp) problems.push(cp);
    }
    if (code && parentCode === code) problems.push('an area cannot be its own parent (cycle)');
    const sortOrder = sortText ? Number(sortText) : 0;
    if (sortText && (!Number.isInteger(sortOrder) || sortOrder < 0)) problems.push(`sort_order "${sortText}" is not a whole number`);
    const seenAt = code ? firstRow.get(code) : undefined;
    if (seenAt !== undefined) problems.push(`duplicate code ${code} (first seen in row ${seenAt})`);
    else if (code) firstRow.set(code, row);
    if (problems.length) {
      errors.push({ row, message: problems.join('; ') });
      if (code) badCodes.add(code);
      continue;
    }
    const node = { row, code, name, parentCode, level: level!, sortOrder };
    fileNodes.push(node);
    byCode.set(code, node);
  }
  if (!header) throw new AppError('FILE_INVALID', 'the file is empty: expected a header row code,name,parent_code,level and data rows');
  const total = fileNodes.length + errors.length;
  onProgress({ phase: 'checking', processed: 0, total });

  // Codes that exist already, both as rows of the file and as parents outside it.
  const referenced = new Set<string>();
  for (const n of fileNodes) {
    referenced.add(n.code);
    if (n.parentCode && !byCode.has(n.parentCode)) referenced.add(n.parentCode);
  }
  const existing = await findExisting(db, [...referenced]);
  const writable = new Map<string, boolean>();
  const mayWrite = (path: string) => {
    let ok = writable.get(path);
    if (ok === undefined) writable.set(path, (ok = canAt(actor, 'area.write', path)));
    return ok;
  };

  // Cycles among rows of the file: follow parent links, colouring nodes as we go.
  const state = new Map<string, 1 | 2>();
  const inCycle = new Set<string>();
  for (const start of fileNodes) {
    if (state.has(start.code)) continue;
    const chain: FileNode[] = [];
    let cur: FileNode | undefined = start;
    while (cur && !state.has(cur.code)) {
      state.set(cur.code, 1);
      chain.push(cur);
      cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
    }
    if (cur && state.get(cur.code) === 1) {
      const loop = chain.slice(chain.indexOf(cur));
      const desc = [...loop.map((n) => n.code), cur.code].join(' → ');
      for (const n of loop) inCycle.add(n.code);
      for (const n of loop) if (n.parentCode !== n.code) errors.push({ row: n.row, message: `cycle in parent codes: ${desc}` });
    }
    for (const n of chain) state.set(n.code, 2);
  }

  const toCreate: FileNode[] = [];
  const toUpdate: { node: FileNode; current: ExistingNode }[] = [];
  let unchanged = 0;
  for (const n of fileNodes) {
    if (inCycle.has(n.code)) continue;
    const current = existing.get(n.code);
    const fileParent = n.parentCode ? byCode.get(n.parentCode) : undefined;
    const dbParent = n.parentCode && !fileParent ? existing.get(n.parentCode) : undefined;
    if (n.parentCode && !fileParent && !dbParent) {
      if (badCodes.has(n.parentCode)) continue; // the parent's own row is reported already
      errors.push({ row: n.row, message: `unknown parent code ${n.parentCode}: it is neither in the file nor in the tree` });
      continue;
    }
    const parentLevel = (fileParent?.level ?? dbParent?.level ?? null) as AreaLevel | null;
    const lp = levelProblem(parentLevel, n.level, inUse);
    if (lp) {
      errors.push({ row: n.row, message: lp });
      continue;
    }
    if (current) {
      if (current.level !== n.level) {
        errors.push({ row: n.row, message: `code ${n.code} already exists as a ${current.level}, not a ${n.level}` });
        continue;
      }
      const parentId = fileParent ? (existing.get(fileParent.code)?.id ?? -1) : (dbParent?.id ?? null);
      if (parentId !== current.parent_id) {
        errors.push({ row: n.row, message: `code ${n.code} already exists under another parent; move it in the area tree instead of re-importing it elsewhere` });
        continue;
      }
      if (!mayWrite(current.path)) {
        errors.push({ row: n.row, message: `you may not change ${n.code} "${current.name}": it is outside your areas` });
        continue;
      }
      if (current.name !== n.name || (header.sort_order >= 0 && current.sort_order !== n.sortOrder)) toUpdate.push({ node: n, current });
      else unchanged++;
      continue;
    }
    const storedParent = fileParent ? existing.get(fileParent.code) : undefined;
    if (storedParent?.archived_at) {
      errors.push({ row: n.row, message: `parent ${storedParent.code} "${storedParent.name}" is archived` });
      continue;
    }
    if (dbParent) {
      if (!mayWrite(dbParent.path)) {
        errors.push({ row: n.row, message: `you may not add areas under ${dbParent.code} "${dbParent.name}": it is outside your areas` });
        continue;
      }
      if (dbParent.archived_at) {
        errors.push({ row: n.row, message: `parent ${dbParent.code} "${dbParent.name}" is archived` });
        continue;
      }
    } else if (!n.parentCode && !actor.isSuperAdmin) {
      errors.push({ row: n.row, message: 'only a system administrator can import top-level areas (parent_code is empty)' });
      continue;
    }
    toCreate.push(n);
  }
  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    throw new AppError('IMPORT_INVALID', `${errors.length} row(s) have problems; nothing was imported`, undefined, errors);
  }

  // Depth of each new node among new nodes, so parents are inserted before their children.
  const depthOf = new Map<string, number>();
  for (const n of toCreate) {
    const stack: FileNode[] = [];
    let cur: FileNode | undefined = n;
    while (cur && !depthOf.has(cur.code) && !existing.has(cur.code)) {
      stack.push(cur);
      cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
    }
    let d = cur && depthOf.has(cur.code) ? depthOf.get(cur.code)! : -1;
    for (let i = stack.length - 1; i >= 0; i--) depthOf.set(stack[i].code, ++d);
  }
  toCreate.sort((a, b) => depthOf.get(a.code)! - depthOf.get(b.code)! || a.row - b.row);

  const result: AreaImportResult = { rows: total, created: toCreate.length, updated: toUpdate.length, unchanged };
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const placed = new Map<string, { id: number; path: string }>();
    for (const e of existing.values()) placed.set(e.code, { id: e.id, path: e.path });
    const start = toCreate.length ? await reserveIds(trx, 'areas', toCreate.length) : 0;
    let done = 0;
    // PostgreSQL takes the rows as arrays, so its statements can hold more of them.
    const rowsPerInsert = dialectOf(trx) === 'postgres' ? 5000 : BATCH;
    for (let i = 0; i < toCreate.length; i += rowsPerInsert) {
      const values = toCreate.slice(i, i + rowsPerInsert).map((n, j) => {
        const id = start + i + j;
        const parent = n.parentCode ? placed.get(n.parentCode)! : null;
        const path = `${parent?.path ?? '/'}${id}/`;
        placed.set(n.code, { id, path });
        return { id, code: n.code, name: n.name, level: n.level, parent_id: parent?.id ?? null, path, depth: path.split('/').length - 3, sort_order: n.sortOrder, archived_at: null, geo: null, created_at: now, updated_at: now };
      });
      await bulkInsert(trx, 'areas', values, ['id', 'parent_id', 'depth', 'sort_order']);
      done += values.length;
      onProgress({ phase: 'writing', processed: done, total: toCreate.length + toUpdate.length });
      await tick();
    }
    for (const { node, current } of toUpdate) {
      await trx.updateTable('areas').set({ name: node.name, sort_order: header!.sort_order >= 0 ? node.sortOrder : current.sort_order, updated_at: now }).where('id', '=', current.id).execute();
      if (++done % BATCH === 0) onProgress({ phase: 'writing', processed: done, total: toCreate.length + toUpdate.length });
    }
    await recordAudit(trx, whoOf(actor), { action: 'area.import', entityType: 'area', after: result });
  });
  if (toCreate.length >= 5000) await refreshPlannerStatistics(db, ['areas']);
  onProgress({ phase: 'done', processed: total, total });
  return result;
}

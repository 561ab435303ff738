import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Kysely, sql, type SqlBool } from 'kysely';
import { maskIdNumber, maskPhoneNumber } from '../../common/id-number.js';
import { RELATION_LABELS, RESIDENCE_TYPE_LABELS, type ResidentStatus, type TResidentQuery } from '../../common/registry.js';
import { idsOfPath } from '../areas/areas.repository.js';
import { type Actor, canAt, pathsWith } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { toInt } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { presentResident, residentsQuery } from './residents.service.js';

type Db = Kysely<Database>;

export type ResidentExportQuery = Omit<TResidentQuery, 'page' | 'pageSize'> & { reveal?: boolean; reason?: string };

/** The export's columns; 网格/楼栋/单元/房号 and the rest match the import, so a revealed export imports again. */
export const RESIDENT_EXPORT_HEADER = ['姓名', '身份证号', '手机号', '性别', '出生日期', '年龄', '网格', '楼栋', '单元', '房号', '地址', '与户主关系', '人员类型', '状态', '标签', '迁入日期', '迁出日期'];
const WIDTHS = [10, 21, 13, 5, 11, 5, 18, 10, 8, 7, 24, 10, 8, 7, 20, 11, 11];
const STATUS_LABELS: Record<ResidentStatus, string> = { present: '在住', moved_out: '已迁出', deceased: '已故' };

/** Rows fetched per query: the export walks the list in (area_path, id) order, one page after another. */
const PAGE = 2000;

export interface ResidentExport {
  stream: PassThrough;
  fileName: string;
  rows: number;
}

/** Search text as the audit log keeps it: a whole ID number or phone someone searched for stays masked there too. */
function auditText(q: string | undefined): string | undefined {
  if (!q) return q;
  if (/^\d{17}[\dXx]$/.test(q)) return maskIdNumber(q)!;
  if (/^1\d{10}$/.test(q)) return maskPhoneNumber(q)!;
  return q;
}

/** Resolve until `out` wants more data (or is gone), so a slow download does not pile rows up in memory. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (!out.writableNeedDrain || out.destroyed) return resolve();
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/**
 * Export the residents a list filter finds, in the caller's export scope, as an XLSX stream. ID numbers
 * and phones are masked unless `reveal` is asked for with a reason by someone who may reveal everywhere
 * the filter reaches. The audit entry (filters, row count, revealed or not) is written before any row leaves.
 */
export async function exportResidents(db: Db, cipher: PersonalDataCipher, actor: Actor, query: ResidentExportQuery): Promise<ResidentExport> {
  const { reveal, reason, ...filters } = query;
  // Scope and filters exactly as the list has them, but under the export right (grid workers have none: 403).
  const base = await residentsQuery(db, cipher, actor, filters, 'resident.export');
  const area = filters.area ? await db.selectFrom('areas').select(['id', 'path']).where('id', '=', filters.area).executeTakeFirstOrThrow() : null;
  if (reveal) {
    const scope = area ? [area.path] : pathsWith(actor, 'resident.export');
    const mayReveal = scope === 'all' || scope.every((p) => canAt(actor, 'resident.reveal', p));
    if (!mayReveal) throw new AppError('FORBIDDEN', 'your role does not allow full ID numbers and phones for every resident this export covers; export masked, or choose an area where you may reveal');
    if (!reason || reason.trim().length < 2) throw new AppError('VALIDATION_FAILED', 'say why you need full ID numbers and phones (at least 2 characters)', { reason: 'say why you need to see them' });
  }
  const counted = await db.selectFrom(base.select(sql`1`.as('one')).as('x')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = toInt(counted.n);
  await recordAudit(db, whoOf(actor), {
    action: 'resident.export',
    entityType: 'resident',
    areaId: area?.id ?? null,
    areaPath: area?.path ?? null,
    after: { filters: { ...filters, q: auditText(filters.q) }, rows, revealed: Boolean(reveal), ...(reveal ? { reason: reason!.trim() } : {}) },
  });

  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  void writeRows(db, cipher, base, Boolean(reveal), out).catch((err: unknown) => out.destroy(err as Error));
  return { stream: out, fileName: `居民-${day}.xlsx`, rows };
}

async function writeRows(db: Db, cipher: PersonalDataCipher, base: Awaited<ReturnType<typeof residentsQuery>>, reveal: boolean, out: PassThrough) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('居民');
  ws.columns = RESIDENT_EXPORT_HEADER.map((header, i) => ({ header, width: WIDTHS[i] }));
  // No styles (bold headers cost a style lookup per cell in exceljs): plain and fast.
  ws.getRow(1).commit();

  // Names of the grids, buildings and units rows sit in, looked up once per area.
  const areas = new Map<number, { name: string; level: string }>();
  const query = base.innerJoin('households as h', 'h.id', 'r.household_id').selectAll('r').select('h.room as room').orderBy('r.area_path').orderBy('r.id').limit(PAGE);
  const after = { path: '', id: 0, started: false };
  for (;;) {
    if (out.destroyed) return;
    const page = await (after.started ? query.where(sql<SqlBool>`(r.area_path, r.id) > (${after.path}, ${after.id})`) : query).execute();
    const missing = [...new Set(page.flatMap((r) => idsOfPath(r.area_path)))].filter((id) => !areas.has(id));
    for (let i = 0; i < missing.length; i += 500) {
      for (const a of await db.selectFrom('areas').select(['id', 'name', 'level']).where('id', 'in', missing.slice(i, i + 500)).execute()) areas.set(a.id, a);
    }
    for (const r of page) {
      const at: Record<string, string> = {};
      for (const id of idsOfPath(r.area_path)) {
        const a = areas.get(id);
        if (a) at[a.level] = a.name;
      }
      const p = presentResident(r, undefined, reveal ? { idNumber: cipher.decrypt(r.id_enc), phone: r.phone_enc ? cipher.decrypt(r.phone_enc) : null } : {});
      ws.addRow([
        p.name,
        p.idNumber,
        p.phone ?? '',
        p.gender === 'male' ? '男' : '女',
        p.birthDate,
        p.age,
        at.grid ?? '',
        at.building ?? '',
        at.unit ?? '',
        r.room,
        p.address,
        RELATION_LABELS[p.relation] ?? p.relation,
        RESIDENCE_TYPE_LABELS[p.residenceType] ?? p.residenceType,
        STATUS_LABELS[p.status] ?? p.status,
        p.tags.join('、'),
        p.moveInDate ?? '',
        p.moveOutDate ?? '',
      ]).commit();
    }
    if (page.length < PAGE) break;
    Object.assign(after, { path: page[page.length - 1].area_path, id: page[page.length - 1].id, started: true });
    await drained(out);
    // SQLite answers synchronously: without a turn of the event loop per page the first bytes would
    // only leave at the end, and every other request would wait for the whole export.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  ws.commit();
  await wb.commit();
}

import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { TAttachment } from '../../common/cases.js';
import { type Actor, canAnywhere, canAt } from '../auth/actor.js';
import { nowIso } from '../db/dialect.js';
import type { CaseAttachmentRow, Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { AttachmentStorage } from './attachment-storage.js';
import { examineUpload } from './attachment-content.js';

type Db = Kysely<Database>;

/** A public upload may be attached to a resident's report within this long. */
export const PUBLIC_UPLOAD_TTL_MS = 60 * 60 * 1000;

/** Who is uploading: a signed-in person, or a resident on the public report page. */
export type Uploader = { actor: Actor } | { public: true };

/** The name as the browser sent it, without folders or control characters, short enough for the column. */
function cleanName(raw: string | undefined, ext: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!name) return `attachment.${ext}`;
  return [...name].length > 200 ? [...name].slice(-200).join('') : name;
}

/** How a row leaves the server. */
export function presentAttachment(row: CaseAttachmentRow): TAttachment {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    url: `/api/case-attachments/${row.id}/file`,
    thumbUrl: row.thumb_file ? `/api/case-attachments/${row.id}/thumb` : null,
  };
}

/**
 * Check an upload by its content, store it (and its thumbnail) and record it, not yet attached to
 * anything. Signed-in uploaders need `case.report` somewhere; public uploads may be images only.
 * @example const row = await storeAttachment(db, storage, { actor }, { name: 'photo.jpg', bytes });
 */
export async function storeAttachment(db: Db, storage: AttachmentStorage, uploader: Uploader, file: { name?: string; bytes: Buffer }): Promise<CaseAttachmentRow> {
  const publicUpload = 'public' in uploader;
  if (!publicUpload && !canAnywhere(uploader.actor, 'case.report')) throw new AppError('FORBIDDEN', 'your role does not allow reporting cases');
  const examined = await examineUpload(file.bytes, { imagesOnly: publicUpload });
  const now = nowIso();
  const key = `${now.slice(0, 7)}/${randomUUID()}`;
  const fileKey = `${key}.${examined.ext}`;
  const thumbKey = examined.thumbnail ? `${key}.thumb.jpg` : null;
  await storage.put(fileKey, file.bytes);
  try {
    if (thumbKey) await storage.put(thumbKey, examined.thumbnail!);
    return await db
      .insertInto('case_attachments')
      .values({
        case_id: null,
        event_id: null,
        inspection_item_id: null,
        file: fileKey,
        thumb_file: thumbKey,
        name: cleanName(file.name, examined.ext),
        mime: examined.mime,
        size: file.bytes.length,
        width: examined.width,
        height: examined.height,
        uploaded_by: publicUpload ? null : uploader.actor.userId,
        public_upload: publicUpload ? 1 : 0,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    await storage.delete(fileKey).catch(() => undefined);
    if (thumbKey) await storage.delete(thumbKey).catch(() => undefined);
    throw err;
  }
}

/**
 * The bytes of an attachment or its thumbnail, for `actor`. Not yet attached: its uploader only.
 * Attached to a case (or an inspection item): whoever may read cases where that case (inspection)
 * is. Anyone else gets 404, so ids reveal nothing.
 */
export async function readAttachment(db: Db, storage: AttachmentStorage, actor: Actor, id: number, which: 'file' | 'thumb'): Promise<{ stream: Readable; size: number; mime: string; name: string }> {
  const row = await db
    .selectFrom('case_attachments as a')
    .leftJoin('cases as c', 'c.id', 'a.case_id')
    .leftJoin('inspection_items as ii', 'ii.id', 'a.inspection_item_id')
    .leftJoin('inspections as i', 'i.id', 'ii.inspection_id')
    .select(['a.case_id', 'a.inspection_item_id', 'a.uploaded_by', 'a.file', 'a.thumb_file', 'a.mime', 'a.name', 'c.area_path as case_path', 'i.area_path as inspection_path'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  const path = row?.case_path ?? row?.inspection_path ?? null;
  const linked = row !== undefined && (row.case_id !== null || row.inspection_item_id !== null);
  const readable = row !== undefined && (linked ? path !== null && canAt(actor, 'case.read', path) : row.uploaded_by === actor.userId);
  if (!row || !readable) throw new AppError('NOT_FOUND', 'attachment not found');
  const key = which === 'file' ? row.file : row.thumb_file;
  if (!key) throw new AppError('NOT_FOUND', 'thumbnail not found');
  const stored = await storage.get(key);
  if (!stored) throw new AppError('NOT_FOUND', which === 'file' ? 'attachment file not found' : 'thumbnail not found');
  return { ...stored, mime: which === 'file' ? row.mime : 'image/jpeg', name: row.name };
}

/** What an attachment is being attached to: a case (optionally one timeline entry of it) and/or an inspection item. */
export interface AttachTarget {
  caseId?: number | null;
  eventId?: number | null;
  inspectionItemId?: number | null;
}

/**
 * Attach uploaded files to a case (and the timeline entry they came with), inside the caller's
 * transaction. Every id must exist, be unattached, and belong to `uploader`: uploaded by that user,
 * or, for a resident's report, a public upload less than an hour old. Otherwise 400 VALIDATION_FAILED
 * on `attachmentIds`, and nothing is attached (the caller's transaction rolls back).
 * @example await linkAttachments(trx, [3, 4], { caseId, eventId }, { userId: actor.userId, publicUpload: false });
 */
export async function linkAttachments(trx: Db, ids: number[], target: AttachTarget, uploader: { userId: number | null; publicUpload: boolean }): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  if (target.caseId == null && target.inspectionItemId == null) throw new Error('linkAttachments needs a caseId or an inspectionItemId');
  const rows = await trx.selectFrom('case_attachments').select(['id', 'case_id', 'inspection_item_id', 'uploaded_by', 'public_upload', 'created_at']).where('id', 'in', wanted).execute();
  const since = new Date(Date.now() - PUBLIC_UPLOAD_TTL_MS).toISOString();
  const usable = new Set(
    rows
      .filter((r) => r.case_id === null && r.inspection_item_id === null)
      .filter((r) => (uploader.publicUpload ? r.public_upload === 1 && r.created_at >= since : uploader.userId !== null && r.uploaded_by === uploader.userId))
      .map((r) => r.id),
  );
  const refuse = (bad: number[]) => {
    const what = uploader.publicUpload ? 'were not found, are already attached, or were uploaded more than an hour ago' : 'were not found, are already attached, or were uploaded by someone else';
    return new AppError('VALIDATION_FAILED', 'some attachments cannot be added; upload them again', { attachmentIds: `attachments ${bad.join(', ')} ${what}; upload them again` });
  };
  const bad = wanted.filter((id) => !usable.has(id));
  if (bad.length) throw refuse(bad);
  // Conditional on still being unattached: of two requests attaching the same file, one wins.
  const result = await trx
    .updateTable('case_attachments')
    .set({ case_id: target.caseId ?? null, event_id: target.eventId ?? null, inspection_item_id: target.inspectionItemId ?? null })
    .where('id', 'in', wanted)
    .where('case_id', 'is', null)
    .where('inspection_item_id', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== wanted.length) throw refuse(wanted);
}

/** A case's attachments in upload order, each with the timeline entry it came with. */
export async function attachmentsOf(db: Db, caseId: number): Promise<(TAttachment & { eventId: number | null })[]> {
  const rows = await db.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  return rows.map((r) => ({ ...presentAttachment(r), eventId: r.event_id }));
}

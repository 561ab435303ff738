import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZResidentExportQuery, ZResidentImportPreview } from '../../common/registry.js';
import { canAnywhere } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { AppError } from '../http/errors.js';
import { detectFormat, readRows } from '../imports/read-rows.js';
import { exportResidents } from './resident-export.js';
import { confirmResidentImport, getResidentImport, previewResidentImport, type RowSource } from './resident-import.js';
import { residentTemplate } from './resident-template.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const tags = ['registry'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `attachment` with an ASCII fallback name and the real (Chinese) one for browsers that read filename*. */
const attachment = (fallback: string, name: string) => `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Rows of an uploaded file kept in memory once; each call reads them from the start. */
const rowsOf = (content: Buffer, fileName: string): RowSource => {
  const format = detectFormat(fileName, content.subarray(0, 4));
  return () => readRows(content, format);
};

/** Resident files: the import template, the import (preview, then confirm) and the XLSX export. */
export async function registryFilesRoutes(app: FastifyInstance, { db, cipher }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/imports/residents/template.xlsx', { schema: { tags, summary: 'The resident import template (XLSX: header row, an example, and a sheet explaining each column)' } }, async (req, reply) => {
    requireActor(req);
    return reply.header('content-type', XLSX).header('content-disposition', attachment('resident-import-template.xlsx', '居民导入模板.xlsx')).send(await residentTemplate());
  });

  r.post(
    '/api/imports/residents',
    { schema: { tags, summary: 'Upload residents (multipart: areaId = a grid or community, file = CSV/XLSX) and get a preview of every bad row; nothing is written', consumes: ['multipart/form-data'], response: { 200: ZResidentImportPreview } } },
    async (req) => {
      const actor = requireActor(req);
      // Someone who may add residents nowhere is refused before the upload is read.
      if (!canAnywhere(actor, 'resident.write')) throw new AppError('FORBIDDEN', 'your role does not allow importing residents');
      if (!req.isMultipart()) throw new AppError('FILE_INVALID', 'send the form as multipart/form-data with fields "areaId" and "file"');
      let areaText: string | undefined;
      let file: { name: string; content: Buffer } | undefined;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (file) throw new AppError('FILE_INVALID', 'upload one file at a time');
          file = { name: part.filename, content: await part.toBuffer() };
        } else if (part.fieldname === 'areaId') areaText = String(part.value);
      }
      const areaId = Number(areaText);
      if (!areaText || !Number.isInteger(areaId) || areaId <= 0) throw new AppError('VALIDATION_FAILED', 'choose the grid or community to import into (field "areaId")', { areaId: 'required' });
      if (!file) throw new AppError('FILE_INVALID', 'no file was uploaded; choose a CSV or XLSX file');
      if (file.content.length === 0) throw new AppError('FILE_INVALID', 'the uploaded file is empty');
      return previewResidentImport(db, cipher, actor, { areaId, fileName: file.name, content: file.content, rows: rowsOf(file.content, file.name) });
    },
  );

  r.get('/api/imports/residents/:id', { schema: { tags, summary: 'The preview or outcome of a resident import (its uploader only)', params: ZId, response: { 200: ZResidentImportPreview } } }, (req) =>
    getResidentImport(db, requireActor(req), req.params.id),
  );

  r.post('/api/imports/residents/:id/confirm', { schema: { tags, summary: 'Import a previewed file: checked again, then all rows or none (422 IMPORT_INVALID lists every bad row)', params: ZId, response: { 200: ZResidentImportPreview } } }, (req) =>
    confirmResidentImport(db, cipher, requireActor(req), req.params.id, rowsOf),
  );

  r.get('/api/residents/export.xlsx', { schema: { tags, summary: 'Export the filtered residents as XLSX (streamed; numbers masked unless reveal=1 with a reason; audit-logged)', querystring: ZResidentExportQuery } }, async (req, reply) => {
    const { reveal, ...filters } = req.query;
    const result = await exportResidents(db, cipher, requireActor(req), { ...filters, reveal: reveal === '1' });
    return reply.header('content-type', XLSX).header('content-disposition', attachment('residents.xlsx', result.fileName)).header('cache-control', 'no-store').header('x-row-count', String(result.rows)).send(result.stream);
  });
}

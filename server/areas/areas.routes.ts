import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZArea, ZAreaCreate, ZAreaLevelSettings, ZAreaListQuery, ZAreaPage, ZAreaUpdate, ZAreaWithAncestors, ZImportJob } from '../../common/areas.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { canAnywhere } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { requireActor } from '../http/auth-hook.js';
import { detectFormat, readRows } from '../imports/read-rows.js';
import { getImportJob, startImportJob } from '../imports/import-jobs.js';
import { levelsInUse, levelTemplates, saveLevelsInUse } from './area-levels.js';
import { importAreas } from './area-import.js';
import { createArea, deleteArea, getArea, listAreas, updateArea } from './areas.service.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const tags = ['areas'];

export async function areasRoutes(app: FastifyInstance, { db }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/areas', { schema: { tags, summary: 'Children of a node (paged), a node by code, a search, or the roots of your scope', querystring: ZAreaListQuery, response: { 200: ZAreaPage } } }, (req) =>
    listAreas(db, requireActor(req), req.query),
  );
  r.get('/api/areas/:id', { schema: { tags, summary: 'One area with its ancestors', params: ZId, response: { 200: ZAreaWithAncestors } } }, (req) => getArea(db, requireActor(req), req.params.id));
  r.post('/api/areas', { schema: { tags, summary: 'Create an area', body: ZAreaCreate, response: { 201: ZArea } } }, async (req, reply) => {
    const area = await createArea(db, requireActor(req), req.body);
    return reply.status(201).send(area);
  });
  r.patch('/api/areas/:id', { schema: { tags, summary: 'Rename, reorder, move, archive or restore an area', params: ZId, body: ZAreaUpdate, response: { 200: ZArea } } }, (req) =>
    updateArea(db, requireActor(req), req.params.id, req.body),
  );
  r.delete('/api/areas/:id', { schema: { tags, summary: 'Delete an area nothing refers to (otherwise 409: archive it)', params: ZId } }, async (req, reply) => {
    await deleteArea(db, requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  r.get('/api/settings/area-levels', { schema: { tags, summary: 'Area levels in use and the templates', response: { 200: ZAreaLevelSettings.extend({ templates: z.record(z.string(), z.array(z.string())) }) } } }, async (req) => {
    requireActor(req);
    return { levels: await levelsInUse(db), templates: levelTemplates as unknown as Record<string, string[]> };
  });
  r.put('/api/settings/area-levels', { schema: { tags, summary: 'Choose the area levels in use (system administrators)', body: ZAreaLevelSettings, response: { 200: ZAreaLevelSettings } } }, async (req) => {
    const actor = requireActor(req);
    if (!actor.isSuperAdmin) throw new AppError('FORBIDDEN', 'only a system administrator can change the levels in use');
    const before = await levelsInUse(db);
    const levels = req.body.template && req.body.template in levelTemplates ? [...levelTemplates[req.body.template as keyof typeof levelTemplates]] : req.body.levels;
    const saved = await saveLevelsInUse(db, levels);
    await recordAudit(db, whoOf(actor), { action: 'settings.area_levels', entityType: 'settings', entityId: 'area.levels', before, after: saved });
    return { levels: saved, template: req.body.template };
  });

  r.post('/api/imports/areas', { schema: { tags, summary: 'Import an area tree from CSV/XLSX (multipart field "file"); poll the job for progress', consumes: ['multipart/form-data'], response: { 202: ZImportJob } } }, async (req, reply) => {
    const actor = requireActor(req);
    // Rows are checked one by one later; someone who may change no area at all is refused before the upload is read.
    if (!canAnywhere(actor, 'area.write')) throw new AppError('FORBIDDEN', 'your role does not allow importing areas');
    if (!req.isMultipart()) throw new AppError('FILE_INVALID', 'send the file as multipart/form-data in a field named "file"');
    const file = await req.file();
    if (!file) throw new AppError('FILE_INVALID', 'no file was uploaded; choose a CSV or XLSX file');
    const buffer = await file.toBuffer();
    if (buffer.length === 0) throw new AppError('FILE_INVALID', 'the uploaded file is empty');
    const format = detectFormat(file.filename, buffer);
    const job = await startImportJob(db, actor, 'areas', file.filename, async (progress) => {
      const result = await importAreas(db, actor, readRows(buffer, format), (p) => progress(p.processed, p.total));
      return { created: result.created, updated: result.updated, total: result.rows };
    });
    return reply.status(202).send(job);
  });
  r.get('/api/imports/:id', { schema: { tags, summary: 'Progress and outcome of an import', params: ZId, response: { 200: ZImportJob } } }, (req) => getImportJob(db, requireActor(req), req.params.id));
}

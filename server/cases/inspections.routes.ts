import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZInspection, ZInspectionCreate, ZInspectionPage, ZInspectionQuery, ZInspectionRecord } from '../../common/cases.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { createInspection, getInspection, listInspections, recordInspection } from './inspections.service.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const tags = ['inspections'];

export async function inspectionsRoutes(app: FastifyInstance, deps: Deps) {
  const { db, cipher } = deps;
  const now = () => (deps.clock ? deps.clock() : new Date());
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/inspections', { schema: { tags, summary: 'Plan an inspection (督查) of a grid or a task there, with its checklist', body: ZInspectionCreate, response: { 201: ZInspection } } }, async (req, reply) =>
    reply.status(201).send(await createInspection(db, requireActor(req), req.body, now())),
  );
  r.get('/api/inspections', { schema: { tags, summary: 'Inspections where you read cases, newest first', querystring: ZInspectionQuery, response: { 200: ZInspectionPage } } }, (req) => listInspections(db, requireActor(req), req.query));
  r.get('/api/inspections/:id', { schema: { tags, summary: 'One inspection with its checklist and the case each failed item became', params: ZId, response: { 200: ZInspection } } }, (req) =>
    getInspection(db, requireActor(req), req.params.id),
  );
  r.post('/api/inspections/:id/record', { schema: { tags, summary: 'Record the results once: pass/fail per item; failed items become cases (409 if already recorded)', params: ZId, body: ZInspectionRecord, response: { 200: ZInspection } } }, (req) =>
    recordInspection(db, cipher, requireActor(req), req.params.id, req.body, now()),
  );
}

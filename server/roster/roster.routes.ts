import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAssignment, ZAssignmentCreate, ZAssignmentListQuery, ZAssignmentUpdate, ZRosterPage, ZRosterQuery } from '../../common/users.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { createAssignment, endAssignment, listAssignments, rosterOf, updateAssignmentDuties } from './roster.service.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const tags = ['roster'];

export async function rosterRoutes(app: FastifyInstance, { db }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/assignments', { schema: { tags, summary: 'Assignments in a subtree or of a user (history=1 includes ended ones)', querystring: ZAssignmentListQuery, response: { 200: z.object({ items: z.array(ZAssignment), total: z.number(), page: z.number(), pageSize: z.number() }) } } }, (req) =>
    listAssignments(db, requireActor(req), req.query),
  );
  r.post('/api/assignments', { schema: { tags, summary: 'Assign a user a role at an area', body: ZAssignmentCreate, response: { 201: ZAssignment } } }, async (req, reply) =>
    reply.status(201).send(await createAssignment(db, requireActor(req), req.body)),
  );
  r.patch('/api/assignments/:id', { schema: { tags, summary: "Change a grid worker's duties", params: ZId, body: ZAssignmentUpdate, response: { 200: ZAssignment } } }, (req) =>
    updateAssignmentDuties(db, requireActor(req), req.params.id, req.body.duties),
  );
  r.post('/api/assignments/:id/end', { schema: { tags, summary: 'End an assignment (kept as history)', params: ZId, response: { 200: ZAssignment } } }, (req) => endAssignment(db, requireActor(req), req.params.id));
  r.get('/api/roster', { schema: { tags, summary: 'Grids under an area with their people; gaps where nobody is responsible', querystring: ZRosterQuery, response: { 200: ZRosterPage } } }, (req) =>
    rosterOf(db, requireActor(req), req.query),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZHousehold,
  ZHouseholdCreate,
  ZHouseholdMove,
  ZHouseholdPage,
  ZHouseholdQuery,
  ZMerge,
  ZMoveOut,
  ZMoveResident,
  ZOverview,
  ZResidentCreate,
  ZResidentDetail,
  ZResidentPage,
  ZResidentQuery,
  ZResidentTags,
  ZResidentUpdate,
  ZReveal,
  ZRevealResult,
} from '../../common/registry.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { residentTagsInUse, saveResidentTags } from './resident-tags.js';
import { requireActor } from '../http/auth-hook.js';
import { createHousehold, getHousehold, listHouseholds, moveHousehold } from './households.service.js';
import { registryOverview } from './overview.service.js';
import { createResident, getResident, listResidents, mergeResidents, moveOutResident, moveResident, revealResidentField, updateResident } from './residents.service.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const tags = ['registry'];

export async function registryRoutes(app: FastifyInstance, { db, cipher }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/residents', { schema: { tags, summary: 'Search residents in your scope: name, pinyin initials, last 4 digits, address, tag (numbers masked)', querystring: ZResidentQuery, response: { 200: ZResidentPage } } }, (req) =>
    listResidents(db, cipher, requireActor(req), req.query),
  );
  r.post('/api/residents', { schema: { tags, summary: 'Register a resident in a household', body: ZResidentCreate, response: { 201: ZResidentDetail } } }, async (req, reply) =>
    reply.status(201).send(await createResident(db, cipher, requireActor(req), req.body)),
  );
  r.get('/api/residents/:id', { schema: { tags, summary: 'One resident with household and history (numbers masked)', params: ZId, response: { 200: ZResidentDetail } } }, (req) => getResident(db, requireActor(req), req.params.id));
  r.patch('/api/residents/:id', { schema: { tags, summary: "Change a resident's details", params: ZId, body: ZResidentUpdate, response: { 200: ZResidentDetail } } }, (req) =>
    updateResident(db, cipher, requireActor(req), req.params.id, req.body),
  );
  r.post('/api/residents/:id/reveal', { schema: { tags, summary: 'Reveal one ID number or phone (audit-logged with the reason)', params: ZId, body: ZReveal, response: { 200: ZRevealResult } } }, (req) =>
    revealResidentField(db, cipher, requireActor(req), req.params.id, req.body.field, req.body.reason),
  );
  r.post('/api/residents/:id/move', { schema: { tags, summary: 'Move a resident to another household (history kept)', params: ZId, body: ZMoveResident, response: { 200: ZResidentDetail } } }, (req) =>
    moveResident(db, requireActor(req), req.params.id, req.body),
  );
  r.post('/api/residents/:id/move-out', { schema: { tags, summary: 'Mark a resident as moved out', params: ZId, body: ZMoveOut, response: { 200: ZResidentDetail } } }, (req) =>
    moveOutResident(db, requireActor(req), req.params.id, req.body),
  );
  r.post('/api/residents/:id/merge', { schema: { tags, summary: 'Merge a duplicate record into this one', params: ZId, body: ZMerge, response: { 200: ZResidentDetail } } }, (req) =>
    mergeResidents(db, requireActor(req), req.params.id, req.body.duplicateId),
  );

  r.get('/api/households', { schema: { tags, summary: 'Households under an area', querystring: ZHouseholdQuery, response: { 200: ZHouseholdPage } } }, (req) => listHouseholds(db, requireActor(req), req.query));
  r.post('/api/households', { schema: { tags, summary: 'Register a household at a unit, building or grid', body: ZHouseholdCreate, response: { 201: ZHousehold } } }, async (req, reply) =>
    reply.status(201).send(await createHousehold(db, cipher, requireActor(req), req.body)),
  );
  r.get('/api/households/:id', { schema: { tags, summary: 'One household', params: ZId, response: { 200: ZHousehold } } }, (req) => getHousehold(db, requireActor(req), req.params.id));
  r.post('/api/households/:id/move', { schema: { tags, summary: 'Move a household with its members to another place', params: ZId, body: ZHouseholdMove, response: { 200: ZHousehold } } }, (req) =>
    moveHousehold(db, requireActor(req), req.params.id, req.body),
  );

  r.get('/api/settings/resident-tags', { schema: { tags, summary: 'The tags this deployment offers for residents (独居老人, 残疾人, …)', response: { 200: ZResidentTags } } }, async (req) => {
    requireActor(req);
    return { tags: await residentTagsInUse(db) };
  });
  r.put('/api/settings/resident-tags', { schema: { tags, summary: 'Set the tags offered for residents (system administrators)', body: ZResidentTags, response: { 200: ZResidentTags } } }, async (req) => {
    const actor = requireActor(req);
    if (!actor.isSuperAdmin) throw new AppError('FORBIDDEN', 'only a system administrator can change the tag list');
    const before = await residentTagsInUse(db);
    const saved = await saveResidentTags(db, req.body.tags);
    await recordAudit(db, whoOf(actor), { action: 'settings.resident_tags', entityType: 'settings', entityId: 'resident.tags', before, after: saved });
    return { tags: saved };
  });

  r.get('/api/registry/overview', { schema: { tags, summary: 'Per child area: households, residents, residence types, tags, grid workers', querystring: z.object({ area: z.coerce.number().int().positive() }), response: { 200: ZOverview } } }, (req) =>
    registryOverview(db, requireActor(req), req.query.area),
  );
}

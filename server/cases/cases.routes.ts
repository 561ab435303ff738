import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZCaseCategory,
  ZCaseCategoryCreate,
  ZCaseCategoryUpdate,
  ZCaseCreate,
  ZCaseDetail,
  ZCasePage,
  ZCaseQuery,
  ZCaseTransition,
  ZPublicCase,
  ZPublicCaseCreate,
  ZPublicCaseCreated,
  ZPublicRate,
} from '../../common/cases.js';
import type { Deps } from '../deps.js';
import { PhoneWindow } from '../forms/public-forms.service.js';
import { publicBaseUrl } from '../grid-card/grid-card.routes.js';
import { requireActor } from '../http/auth-hook.js';
import { createCategory, listCategories, updateCategory } from './categories.service.js';
import { createCase, getCase, listCases, transitionCase } from './cases.service.js';
import { confirmReceipt, publicCategories, rateCase, reportAsResident, trackCase } from './public-cases.service.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZToken = z.object({ token: z.string().min(10).max(40) });
const tags = ['cases'];
const publicTags = ['public'];

export async function casesRoutes(app: FastifyInstance, deps: Deps) {
  const { db, cipher, config } = deps;
  const now = () => (deps.clock ? deps.clock() : new Date());
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/case-categories', { schema: { tags, summary: 'Case categories of this deployment', querystring: z.object({ active: z.enum(['1']).optional() }), response: { 200: z.array(ZCaseCategory) } } }, (req) =>
    listCategories(db, requireActor(req), req.query.active === '1'),
  );
  r.post('/api/case-categories', { schema: { tags, summary: 'Add a category (type, default handler role, time limits)', body: ZCaseCategoryCreate, response: { 201: ZCaseCategory } } }, async (req, reply) =>
    reply.status(201).send(await createCategory(db, requireActor(req), req.body)),
  );
  r.patch('/api/case-categories/:id', { schema: { tags, summary: 'Change a category (new cases follow; open ones keep their time limits)', params: ZId, body: ZCaseCategoryUpdate, response: { 200: ZCaseCategory } } }, (req) =>
    updateCategory(db, requireActor(req), req.params.id, req.body),
  );

  r.post('/api/cases', { schema: { tags, summary: 'Raise a case (desktop, or a grid worker on patrol)', body: ZCaseCreate, response: { 201: ZCaseDetail } } }, async (req, reply) =>
    reply.status(201).send(await createCase(db, cipher, requireActor(req), req.body, now())),
  );
  r.get('/api/cases', { schema: { tags, summary: 'Cases in your scope; mine=1 for my work (assigned to me or my grid, waiting for my role, mine to verify)', querystring: ZCaseQuery, response: { 200: ZCasePage } } }, (req) =>
    listCases(db, requireActor(req), req.query, now()),
  );
  r.get('/api/cases/:id', { schema: { tags, summary: 'One case with its timeline and what you may do next', params: ZId, response: { 200: ZCaseDetail } } }, (req) => getCase(db, requireActor(req), req.params.id, now()));
  r.post('/api/cases/:id/transitions', { schema: { tags, summary: 'Act on a case: accept, reject, assign, claim, start, resolve, verify, return, comment (409 on an illegal step or a stale version)', params: ZId, body: ZCaseTransition, response: { 200: ZCaseDetail } } }, (req) =>
    transitionCase(db, requireActor(req), req.params.id, req.body, now()),
  );

  // Residents, without login: report, follow, rate, confirm an errand.
  const publicLimit = { max: config.rateLimits.publicPerMinute, timeWindow: '1 minute' };
  const reportLimit = { max: config.rateLimits.submitPerMinute, timeWindow: '1 minute' };
  const phoneLimit = config.rateLimits.enabled ? new PhoneWindow(config.rateLimits.submitPerPhonePerHour) : null;
  r.get('/api/public/case-categories', { schema: { tags: publicTags, summary: 'What a resident can report or ask for (no login)', security: [], querystring: z.object({ area: z.coerce.number().int().positive().optional() }), response: { 200: z.array(ZCaseCategory) } }, config: { rateLimit: publicLimit } }, (req) =>
    publicCategories(db, req.query.area),
  );
  r.post('/api/public/cases', { schema: { tags: publicTags, summary: 'Report a problem or ask for help (no login); the same id again returns the first case', security: [], body: ZPublicCaseCreate, response: { 200: ZPublicCaseCreated, 201: ZPublicCaseCreated } }, config: { rateLimit: reportLimit } }, async (req, reply) => {
    const result = await reportAsResident(db, cipher, req.body, { baseUrl: publicBaseUrl(req, config.publicUrl), phoneLimit, now: now() });
    return reply.status(result.created ? 201 : 200).send({ reference: result.reference, trackingToken: result.trackingToken, trackingUrl: result.trackingUrl });
  });
  r.get('/api/public/cases/:token', { schema: { tags: publicTags, summary: 'Follow a case by its tracking link (no login)', security: [], params: ZToken, response: { 200: ZPublicCase } }, config: { rateLimit: publicLimit } }, (req) => trackCase(db, req.params.token));
  r.post('/api/public/cases/:token/rate', { schema: { tags: publicTags, summary: 'Rate a closed case, once (no login)', security: [], params: ZToken, body: ZPublicRate, response: { 200: ZPublicCase } }, config: { rateLimit: publicLimit } }, (req) =>
    rateCase(db, req.params.token, req.body),
  );
  r.post('/api/public/cases/:token/confirm', { schema: { tags: publicTags, summary: 'Confirm an errand was done (no login)', security: [], params: ZToken, response: { 200: ZPublicCase } }, config: { rateLimit: publicLimit } }, (req) =>
    confirmReceipt(db, req.params.token),
  );
}

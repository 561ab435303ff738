import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZAuditPage, ZAuditQuery } from '../../common/audit.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { listAudit } from './audit.service.js';

export async function auditRoutes(app: FastifyInstance, { db }: Deps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    { schema: { tags: ['audit'], summary: 'The audit log, filterable by area, user, action and time (administrators)', querystring: ZAuditQuery, response: { 200: ZAuditPage } } },
    (req) => listAudit(db, requireActor(req), req.query),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCaseMapPoint, ZCaseMapQuery, ZCaseQuery, ZCaseStats, ZCaseStatsQuery, ZCaseSummary, ZCaseSummaryQuery } from '../../common/cases.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { caseMap, caseStats, caseSummary, exportCases, exportCaseStats, XLSX_TYPE } from './case-views.service.js';

const tags = ['cases'];
const attachment = (name: string) => `attachment; filename="${name}"`;

/**
 * Views over cases: the supervision summary, statistics (and their export), the list export and the map.
 * Static segments (`/api/cases/summary`) win over `/api/cases/:id` in Fastify's router, so these do not
 * collide with the case routes.
 */
export async function caseViewsRoutes(app: FastifyInstance, deps: Deps) {
  const { db, config } = deps;
  const now = () => (deps.clock ? deps.clock() : new Date());
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/cases/summary', { schema: { tags, summary: 'Counts per status, overdue and escalated per child area of an area (default: your area), with totals and your own work counts', querystring: ZCaseSummaryQuery, response: { 200: ZCaseSummary } } }, (req) =>
    caseSummary(db, requireActor(req), req.query, now()),
  );
  r.get('/api/cases/stats', { schema: { tags, summary: 'Per child area: cases opened and closed in a range of days (default: the last 30), mean hours to close, overdue rate, satisfaction', querystring: ZCaseStatsQuery, response: { 200: ZCaseStats } } }, (req) =>
    caseStats(db, requireActor(req), req.query, { timeZone: config.timeZone, now: now() }),
  );
  r.get('/api/cases/stats/export', { schema: { tags, summary: 'The statistics table as XLSX (audited)', querystring: ZCaseStatsQuery } }, async (req, reply) => {
    const result = await exportCaseStats(db, requireActor(req), req.query, { timeZone: config.timeZone, now: now() });
    return reply.type(XLSX_TYPE).header('content-disposition', attachment(result.fileName)).header('cache-control', 'no-store').send(result.body);
  });
  r.get('/api/cases/export', { schema: { tags, summary: 'The filtered case list as XLSX (streamed; phones masked; audited)', querystring: ZCaseQuery.omit({ page: true, pageSize: true }) } }, async (req, reply) => {
    const result = await exportCases(db, requireActor(req), req.query, { timeZone: config.timeZone, now: now() });
    return reply.type(XLSX_TYPE).header('content-disposition', attachment(result.fileName)).header('cache-control', 'no-store').send(result.stream);
  });
  r.get('/api/cases/map', { schema: { tags, summary: 'Cases with a location, newest first (at most 5000)', querystring: ZCaseMapQuery, response: { 200: z.array(ZCaseMapPoint) } } }, (req) =>
    caseMap(db, requireActor(req), req.query, now()),
  );
}

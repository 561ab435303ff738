import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZGridCard } from '../../common/grid-card.js';
import type { Deps } from '../deps.js';
import { gridCard, gridCardQrSvg } from './grid-card.service.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const tags = ['public'];

/** The base URL printed into QR codes: configured, or the host the request came to. */
export function publicBaseUrl(req: FastifyRequest, configured?: string): string {
  return configured ?? `${req.protocol}://${req.host}`;
}

export async function gridCardRoutes(app: FastifyInstance, { db, config }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const rateLimit = { max: config.rateLimits.publicPerMinute, timeWindow: '1 minute' };
  r.get('/api/public/grids/:id/card', { schema: { tags, summary: 'Public grid card (no login)', security: [], params: ZId, response: { 200: ZGridCard } }, config: { rateLimit } }, (req) =>
    gridCard(db, req.params.id, publicBaseUrl(req, config.publicUrl)),
  );
  r.get('/api/public/grids/:id/qr.svg', { schema: { tags, summary: 'QR code of the grid card page (SVG)', security: [], params: ZId }, config: { rateLimit } }, async (req, reply) => {
    const svg = await gridCardQrSvg(db, req.params.id, publicBaseUrl(req, config.publicUrl));
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=300').send(svg);
  });
}

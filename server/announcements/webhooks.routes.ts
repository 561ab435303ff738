import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDeliveryList, ZDeliveryQuery, ZWebhook, ZWebhookCreate, ZWebhookList, ZWebhookQuery, ZWebhookUpdate } from '../../common/announcement-webhooks.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { outboundPolicy } from '../http/outbound-url.js';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, updateWebhook } from './webhooks.service.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const tags = ['announcements'];

/** Group-chat robots per area that receive notices as they are published, and their delivery logs. */
export async function webhooksRoutes(app: FastifyInstance, { db, config }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const targets = { policy: outboundPolicy(config) };
  r.get('/api/announcement-webhooks', { schema: { tags, summary: 'Group-chat webhooks of an area and the areas below it (secrets masked)', querystring: ZWebhookQuery, response: { 200: ZWebhookList } } }, (req) =>
    listWebhooks(db, requireActor(req), req.query.area),
  );
  r.post('/api/announcement-webhooks', { schema: { tags, summary: 'Add a WeCom, DingTalk or Feishu group robot, or a JSON webhook, for an area', querystring: ZWebhookQuery, body: ZWebhookCreate, response: { 201: ZWebhook } } }, async (req, reply) =>
    reply.status(201).send(await createWebhook(db, requireActor(req), req.query.area, req.body, targets)),
  );
  r.patch('/api/announcement-webhooks/:id', { schema: { tags, summary: 'Change or switch off a webhook', params: ZId, body: ZWebhookUpdate, response: { 200: ZWebhook } } }, (req) =>
    updateWebhook(db, requireActor(req), req.params.id, req.body, targets),
  );
  r.delete('/api/announcement-webhooks/:id', { schema: { tags, summary: 'Remove a webhook and its delivery log', params: ZId } }, async (req, reply) => {
    await deleteWebhook(db, requireActor(req), req.params.id);
    return reply.status(204).send();
  });
  r.get('/api/announcement-webhooks/:id/deliveries', { schema: { tags, summary: 'Delivery log: status, attempts, last HTTP status or error, times', params: ZId, querystring: ZDeliveryQuery, response: { 200: ZDeliveryList } } }, (req) =>
    listDeliveries(db, requireActor(req), req.params.id, req.query.limit),
  );
}

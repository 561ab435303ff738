import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAck,
  ZAckResult,
  ZAnnouncementCreate,
  ZAnnouncementDetail,
  ZAnnouncementPage,
  ZAnnouncementQuery,
  ZAnnouncementReview,
  ZAnnouncementUpdate,
  ZPublicAnnouncement,
  ZPublicAnnouncementList,
  ZReach,
  ZReachQuery,
  ZReachReport,
  ZReachResult,
} from '../../common/announcements.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { createAnnouncement, getAnnouncement, listAnnouncements, publishAnnouncement, reviewAnnouncement, updateAnnouncement, withdrawAnnouncement } from './announcements.service.js';
import { acknowledge, broadcastScript, publicAnnouncement, publicAnnouncementsFor } from './public-announcements.service.js';
import { speakToWav } from './broadcast-audio.js';
import { reachReport, recordReach } from './reach.service.js';
import { publicBaseUrl } from '../grid-card/grid-card.routes.js';
import { languageOf } from '../http/localize.js';
import { announcementPoster } from '../posters/announcement-poster.js';
import { renderPdf, renderPng } from '../posters/poster.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZPosterQuery = z.object({ format: z.enum(['pdf', 'png']).default('pdf') });
const tags = ['announcements'];
const publicTags = ['public'];

export async function announcementsRoutes(app: FastifyInstance, { db, config }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/announcements', { schema: { tags, summary: 'Write a notice (draft) for an area subtree', body: ZAnnouncementCreate, response: { 201: ZAnnouncementDetail } } }, async (req, reply) =>
    reply.status(201).send(await createAnnouncement(db, requireActor(req), req.body)),
  );
  r.get('/api/announcements', { schema: { tags, summary: 'Notices in your scope, and live ones from the areas above it', querystring: ZAnnouncementQuery, response: { 200: ZAnnouncementPage } } }, (req) =>
    listAnnouncements(db, requireActor(req), req.query),
  );
  r.get('/api/announcements/:id', { schema: { tags, summary: 'One notice with its rendered body and earlier versions', params: ZId, response: { 200: ZAnnouncementDetail } } }, (req) =>
    getAnnouncement(db, requireActor(req), req.params.id),
  );
  r.patch('/api/announcements/:id', { schema: { tags, summary: 'Change a notice (edits after publishing keep the earlier version)', params: ZId, body: ZAnnouncementUpdate, response: { 200: ZAnnouncementDetail } } }, (req) =>
    updateAnnouncement(db, requireActor(req), req.params.id, req.body),
  );
  r.post('/api/announcements/:id/publish', { schema: { tags, summary: 'Publish a draft, or send it for review where review is required', params: ZId, response: { 200: ZAnnouncementDetail } } }, (req) =>
    publishAnnouncement(db, requireActor(req), req.params.id),
  );
  r.post('/api/announcements/:id/review', { schema: { tags, summary: 'Approve or send back a notice written by someone else', params: ZId, body: ZAnnouncementReview, response: { 200: ZAnnouncementDetail } } }, (req) =>
    reviewAnnouncement(db, requireActor(req), req.params.id, req.body),
  );
  r.post('/api/announcements/:id/withdraw', { schema: { tags, summary: 'Take a notice down', params: ZId, response: { 200: ZAnnouncementDetail } } }, (req) =>
    withdrawAnnouncement(db, requireActor(req), req.params.id),
  );
  r.post('/api/announcements/:id/reach', { schema: { tags, summary: 'Record that a household was reached by a door visit or a phone call', params: ZId, body: ZReach, response: { 200: ZReachResult } } }, (req) =>
    recordReach(db, requireActor(req), req.params.id, req.body),
  );
  r.get('/api/announcements/:id/reach', { schema: { tags, summary: 'Per grid: households reached, and whose door to knock on next', params: ZId, querystring: ZReachQuery, response: { 200: ZReachReport } } }, (req) =>
    reachReport(db, requireActor(req), req.params.id, req.query.area),
  );
  r.get('/api/announcements/:id/broadcast.txt', { schema: { tags, summary: 'Loudspeaker script: plain text with numbers, dates and times spelled out', params: ZId } }, async (req, reply) => {
    const text = await broadcastScript(db, requireActor(req), req.params.id);
    return reply.type('text/plain; charset=utf-8').send(text);
  });
  r.get('/api/announcements/:id/broadcast.wav', { schema: { tags, summary: 'Loudspeaker script read aloud (WAV, Mandarin); 501 AUDIO_UNAVAILABLE when espeak-ng is not installed', params: ZId } }, async (req, reply) => {
    const text = await broadcastScript(db, requireActor(req), req.params.id);
    const { stream, size } = await speakToWav(config.speechCommand, text);
    return reply
      .type('audio/wav')
      .header('content-length', size)
      .header('content-disposition', `attachment; filename="announcement-${req.params.id}.wav"`)
      .send(stream);
  });
  r.get('/api/announcements/:id/poster', { schema: { tags, summary: 'A4 poster of a live notice for bulletin boards: title, start of the text, big QR code to its page (PDF or PNG); 409 ANNOUNCEMENT_NOT_LIVE unless live, 501 POSTER_UNAVAILABLE without a Chinese font', params: ZId, querystring: ZPosterQuery } }, async (req, reply) => {
    const page = await announcementPoster(db, requireActor(req), req.params.id, { baseUrl: publicBaseUrl(req, config.publicUrl), language: languageOf(req), timeZone: config.timeZone });
    const { format } = req.query;
    const file = format === 'png' ? renderPng(page) : await renderPdf([page]);
    return reply
      .type(format === 'png' ? 'image/png' : 'application/pdf')
      .header('content-disposition', `attachment; filename="announcement-${req.params.id}-poster.${format}"`)
      .send(file);
  });

  const rateLimit = { max: config.rateLimits.publicPerMinute, timeWindow: '1 minute' };
  r.get('/api/public/areas/:id/announcements', { schema: { tags: publicTags, summary: 'Live notices for residents of an area: its own and those of the areas above it (no login)', security: [], params: ZId, response: { 200: ZPublicAnnouncementList } }, config: { rateLimit } }, (req) =>
    publicAnnouncementsFor(db, req.params.id),
  );
  r.get('/api/public/announcements/:id', { schema: { tags: publicTags, summary: 'One live notice by its shareable link (no login)', security: [], params: ZId, response: { 200: ZPublicAnnouncement } }, config: { rateLimit } }, (req) =>
    publicAnnouncement(db, req.params.id),
  );
  r.post('/api/public/announcements/:id/ack', { schema: { tags: publicTags, summary: "A resident's 已读 (no login; once per household)", security: [], params: ZId, body: ZAck, response: { 200: ZAckResult } }, config: { rateLimit } }, (req) =>
    acknowledge(db, req.params.id, req.body.householdId),
  );
}

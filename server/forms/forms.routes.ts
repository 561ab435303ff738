import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FORM_MODES } from '../../common/form-definition.js';
import {
  ZAlertAction,
  ZAlertPage,
  ZAlertQuery,
  ZDeleteSubmission,
  ZFormAlert,
  ZFormCreate,
  ZFormDetail,
  ZFormLink,
  ZFormLinkQuery,
  ZFormPage,
  ZFormQuery,
  ZFormUpdate,
  ZNotReported,
  ZNotReportedQuery,
  ZPosterQuery,
  ZReveal,
  ZStats,
  ZStatsQuery,
  ZSubmission,
  ZSubmissionCreate,
  ZSubmissionCreated,
  ZSubmissionDetail,
  ZSubmissionPage,
  ZSubmissionQuery,
  ZVerificationRequest,
  ZXlsFormImport,
} from '../../common/forms.js';
import { canAnywhere } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { publicBaseUrl } from '../grid-card/grid-card.routes.js';
import { requireActor } from '../http/auth-hook.js';
import { AppError } from '../http/errors.js';
import { languageOf } from '../http/localize.js';
import { actOnAlert, exportNotReported, listAlerts, notReported } from './follow-up.service.js';
import { formPosters } from './form-posters.js';
import { closeForm, createForm, formLink, getForm, listForms, publishForm, updateForm } from './forms.service.js';
import { forgetCachedLinks, logVerificationSender, PhoneWindow, publicForm, publicFormAreas, sendVerificationCode, submit } from './public-forms.service.js';
import { formStats } from './stats.service.js';
import { deleteSubmission, exportSubmissions, listSubmissions, revealSubmission, submissionDetail, submissionPhoto } from './submissions.service.js';
import { localizeXlsFormNotes, xlsformToDefinition } from './xlsform.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZSubmissionParams = z.object({ id: z.coerce.number().int().positive(), sid: z.string().uuid() });
const ZToken = z.object({ token: z.string().min(8).max(32) });
const ZExportQuery = ZSubmissionQuery.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  reveal: z.enum(['1', '0']).optional(),
  reason: z.string().max(200).optional(),
});
const tags = ['forms'];
const publicTags = ['public'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const attachment = (name: string) => `attachment; filename="${name}"`;

export async function formsRoutes(app: FastifyInstance, deps: Deps) {
  const { db, config, cipher } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const uploadsDir = join(config.dataDir, 'uploads');
  const tz = { timeZone: config.timeZone };

  r.post('/api/forms', { schema: { tags, summary: 'Design a form (draft) for an area subtree', body: ZFormCreate, response: { 201: ZFormDetail } } }, async (req, reply) =>
    reply.status(201).send(await createForm(db, requireActor(req), req.body)),
  );
  r.get('/api/forms', { schema: { tags, summary: 'Forms in your scope (and those of the areas above a chosen area)', querystring: ZFormQuery, response: { 200: ZFormPage } } }, (req) =>
    listForms(db, requireActor(req), req.query),
  );
  r.get('/api/forms/:id', { schema: { tags, summary: 'A form: its draft, published definition and versions', params: ZId, response: { 200: ZFormDetail } } }, (req) => getForm(db, requireActor(req), req.params.id));
  r.patch('/api/forms/:id', { schema: { tags, summary: 'Edit the draft (residents keep answering the published version until you publish)', params: ZId, body: ZFormUpdate, response: { 200: ZFormDetail } } }, (req) =>
    updateForm(db, requireActor(req), req.params.id, req.body),
  );
  r.post('/api/forms/:id/publish', { schema: { tags, summary: 'Publish the draft as the next version; answers already received keep theirs', params: ZId, response: { 200: ZFormDetail } } }, async (req) => {
    const detail = await publishForm(db, requireActor(req), req.params.id);
    forgetCachedLinks();
    return detail;
  });
  r.post('/api/forms/:id/close', { schema: { tags, summary: 'Stop accepting answers (publish again to reopen)', params: ZId, response: { 200: ZFormDetail } } }, async (req) => {
    const detail = await closeForm(db, requireActor(req), req.params.id);
    forgetCachedLinks();
    return detail;
  });

  r.post(
    '/api/forms/import/xlsform',
    { schema: { tags, summary: 'Make a draft form from an XLSForm (multipart: file, areaId, mode); lists what could not be carried over', consumes: ['multipart/form-data'], response: { 201: ZXlsFormImport } } },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!canAnywhere(actor, 'form.write')) throw new AppError('FORBIDDEN', 'your role does not allow designing forms');
      if (!req.isMultipart()) throw new AppError('FILE_INVALID', 'send the form as multipart/form-data with fields "areaId", "mode" and "file"');
      const fields: Record<string, string> = {};
      let file: Buffer | undefined;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (file) throw new AppError('FILE_INVALID', 'upload one file at a time');
          file = await part.toBuffer();
        } else fields[part.fieldname] = String(part.value);
      }
      const areaId = Number(fields.areaId);
      const problems: Record<string, string> = {};
      if (!Number.isInteger(areaId) || areaId <= 0) problems.areaId = 'choose the area the form is for';
      const mode = (fields.mode ?? 'survey') as (typeof FORM_MODES)[number];
      if (!FORM_MODES.includes(mode)) problems.mode = `must be one of ${FORM_MODES.join(', ')}`;
      if (Object.keys(problems).length > 0) throw new AppError('VALIDATION_FAILED', Object.values(problems)[0], problems);
      if (!file || file.length === 0) throw new AppError('FILE_INVALID', 'no file was uploaded; choose an XLSForm (.xlsx)');
      const { definition, unsupported } = await xlsformToDefinition(file);
      const form = await createForm(db, actor, { areaId, mode, definition });
      return reply.status(201).send({ form, unsupported: localizeXlsFormNotes(unsupported, languageOf(req)) });
    },
  );

  r.get('/api/forms/:id/links', { schema: { tags, summary: 'The QR link of the form for one area node (made on first ask; stable after)', params: ZId, querystring: ZFormLinkQuery, response: { 200: ZFormLink } } }, (req) =>
    formLink(db, requireActor(req), req.params.id, req.query.area, publicBaseUrl(req, config.publicUrl)),
  );
  r.get('/api/forms/:id/poster', { schema: { tags, summary: 'A4 poster(s) with the QR code: one area, or one page per grid/building/unit under it (each=…)', params: ZId, querystring: ZPosterQuery } }, async (req, reply) => {
    const poster = await formPosters(db, requireActor(req), req.params.id, req.query, publicBaseUrl(req, config.publicUrl));
    return reply.type(poster.type).header('content-disposition', attachment(poster.fileName)).header('cache-control', 'no-store').send(poster.body);
  });

  r.get('/api/forms/:id/stats', { schema: { tags, summary: 'Statistics table: a row per child area with submissions, expected reporters, coverage and option counts; totals; trend per day', params: ZId, querystring: ZStatsQuery, response: { 200: ZStats } } }, (req) =>
    formStats(db, requireActor(req), req.params.id, req.query, tz),
  );

  r.get('/api/forms/:id/submissions', { schema: { tags, summary: 'Submissions in your scope (personal answers masked)', params: ZId, querystring: ZSubmissionQuery, response: { 200: ZSubmissionPage } } }, (req) =>
    listSubmissions(db, cipher, requireActor(req), req.params.id, req.query),
  );
  r.get('/api/forms/:id/submissions/export', { schema: { tags, summary: 'Export submissions as XLSX or CSV (streamed; masked unless reveal=1 with a reason; audited)', params: ZId, querystring: ZExportQuery } }, async (req, reply) => {
    const { reveal, ...filter } = req.query;
    const result = await exportSubmissions(db, cipher, requireActor(req), req.params.id, { ...filter, reveal: reveal === '1' });
    return reply
      .type(filter.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX)
      .header('content-disposition', attachment(result.fileName))
      .header('cache-control', 'no-store')
      .send(result.stream);
  });
  r.get('/api/forms/:id/submissions/:sid', { schema: { tags, summary: 'One submission with the form version it answered', params: ZSubmissionParams, response: { 200: ZSubmissionDetail } } }, (req) =>
    submissionDetail(db, cipher, requireActor(req), req.params.id, req.params.sid),
  );
  r.post('/api/forms/:id/submissions/:sid/reveal', { schema: { tags, summary: 'One submission with personal answers in full (audited with the reason)', params: ZSubmissionParams, body: ZReveal, response: { 200: ZSubmission } } }, (req) =>
    revealSubmission(db, cipher, requireActor(req), req.params.id, req.params.sid, req.body.reason),
  );
  r.delete('/api/forms/:id/submissions/:sid', { schema: { tags, summary: 'Delete a submission (audited with the reason; statistics follow)', params: ZSubmissionParams, body: ZDeleteSubmission } }, async (req, reply) => {
    await deleteSubmission(db, requireActor(req), req.params.id, req.params.sid, req.body.reason);
    return reply.status(204).send();
  });
  r.get('/api/forms/:id/photos/:file', { schema: { tags, summary: 'A photo answer', params: z.object({ id: z.coerce.number().int().positive(), file: z.string().max(80) }) } }, async (req, reply) => {
    const photo = await submissionPhoto(db, requireActor(req), req.params.id, req.params.file, uploadsDir);
    return reply.type(photo.type).header('content-length', photo.size).header('cache-control', 'private, max-age=3600').send(photo.stream);
  });

  r.get('/api/forms/:id/not-reported', { schema: { tags, summary: 'Who has not reported (未报名单): present residents without a submission that day', params: ZId, querystring: ZNotReportedQuery, response: { 200: ZNotReported } } }, (req) =>
    notReported(db, requireActor(req), req.params.id, req.query, tz),
  );
  r.get('/api/forms/:id/not-reported/export', { schema: { tags, summary: 'The not-reported list as XLSX (phones masked; audited)', params: ZId, querystring: ZNotReportedQuery.omit({ page: true, pageSize: true }) } }, async (req, reply) => {
    const result = await exportNotReported(db, requireActor(req), req.params.id, req.query, tz);
    return reply.type(XLSX).header('content-disposition', attachment(result.fileName)).header('cache-control', 'no-store').send(result.stream);
  });

  r.get('/api/form-alerts', { schema: { tags, summary: 'Alerts raised by form rules in your scope', querystring: ZAlertQuery, response: { 200: ZAlertPage } } }, (req) => listAlerts(db, requireActor(req), req.query));
  r.post('/api/form-alerts/:id/actions', { schema: { tags, summary: 'Follow up (跟进), close or reopen an alert', params: ZId, body: ZAlertAction, response: { 200: ZFormAlert } } }, (req) =>
    actOnAlert(db, requireActor(req), req.params.id, req.body),
  );

  // Public: residents scanning a QR code. Limited per IP here and per phone in the service.
  const publicLimit = { max: config.rateLimits.publicPerMinute, timeWindow: '1 minute' };
  const submitLimit = { max: config.rateLimits.submitPerMinute, timeWindow: '1 minute' };
  const sender = deps.verificationSender ?? logVerificationSender(app.log);
  const phoneLimit = config.rateLimits.enabled ? new PhoneWindow(config.rateLimits.submitPerPhonePerHour) : null;
  r.get('/api/public/forms/:token', { schema: { tags: publicTags, summary: 'The form behind a QR code (no login)', security: [], params: ZToken }, config: { rateLimit: publicLimit } }, (req) => publicForm(db, req.params.token, tz));
  r.get(
    '/api/public/forms/:token/areas',
    { schema: { tags: publicTags, summary: 'Places under the QR code’s area, for the address question (no login)', security: [], params: ZToken, querystring: z.object({ parent: z.coerce.number().int().positive().optional() }) }, config: { rateLimit: publicLimit } },
    (req) => publicFormAreas(db, req.params.token, req.query.parent),
  );
  r.post(
    '/api/public/forms/:token/verification-codes',
    { schema: { tags: publicTags, summary: 'Send a 6-digit code to the phone (forms that require it; no login)', security: [], params: ZToken, body: ZVerificationRequest }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => reply.status(202).send(await sendVerificationCode(db, cipher, sender, req.params.token, req.body.phone)),
  );
  r.post(
    '/api/public/forms/:token/submissions',
    {
      schema: { tags: publicTags, summary: 'Submit answers (no login). Idempotent on the page-made id: the same id again returns the first receipt', security: [], params: ZToken, body: ZSubmissionCreate, response: { 200: ZSubmissionCreated, 201: ZSubmissionCreated } },
      config: { rateLimit: submitLimit },
      // Answers are small; photos arrive shrunk by the page (at most a few of ~1.5 MB).
      bodyLimit: 8 * 1024 * 1024,
    },
    async (req, reply) => {
      const result = await submit(db, req.params.token, req.body, {
        cipher,
        timeZone: config.timeZone,
        uploadsDir,
        lang: languageOf(req),
        phoneLimit,
      });
      return reply.status(result.created ? 201 : 200).send({ id: result.id, receipt: result.receipt });
    },
  );
}

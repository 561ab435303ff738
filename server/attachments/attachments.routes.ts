import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAttachment } from '../../common/cases.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { AppError } from '../http/errors.js';
import { type AttachmentStorage, diskStorage } from './attachment-storage.js';
import { ALLOWED_IMAGES_TEXT, ALLOWED_TYPES_TEXT, MAX_ATTACHMENT_BYTES, tooLarge } from './attachment-content.js';
import { presentAttachment, readAttachment, storeAttachment } from './attachments.service.js';

const tags = ['cases'];
const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZPublicAttachment = z.object({ id: z.number(), thumbUrl: z.string().nullable() });

/** The one `file` part of a multipart upload, read into memory up to the attachment limit. */
async function uploadedFile(req: FastifyRequest, allowed: string): Promise<{ name: string; bytes: Buffer }> {
  const none = () => new AppError('FILE_INVALID', `no file was uploaded; choose ${allowed} (multipart/form-data, field "file")`);
  if (!req.isMultipart()) throw none();
  // One byte over the limit is enough to know the file is too large; the rest is not kept.
  const part = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
  if (!part) throw none();
  try {
    return { name: part.filename, bytes: await part.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw err;
  }
}

/**
 * Case attachments (photos and PDFs): upload (signed-in, or a resident's photo without login) and
 * read back the file or its thumbnail. `deps.attachmentStorage` swaps the disk for an object store.
 */
export async function attachmentsRoutes(app: FastifyInstance, deps: Deps & { attachmentStorage?: AttachmentStorage }) {
  const { db, config } = deps;
  const storage = deps.attachmentStorage ?? diskStorage(config.attachmentsDir);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/case-attachments',
    {
      schema: {
        tags,
        summary: `Upload a photo or document for a case (multipart, field "file": ${ALLOWED_TYPES_TEXT}, at most 10 MB; checked by content; images get a thumbnail). Attach it with attachmentIds when reporting or acting on a case.`,
        consumes: ['multipart/form-data'],
        response: { 201: ZAttachment },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const file = await uploadedFile(req, ALLOWED_TYPES_TEXT);
      return reply.status(201).send(presentAttachment(await storeAttachment(db, storage, { actor }, file)));
    },
  );

  r.post(
    '/api/public/case-attachments',
    {
      schema: {
        tags: ['public'],
        summary: `A resident's photo for a report (no login; multipart, field "file": ${ALLOWED_IMAGES_TEXT}, at most 10 MB); attach it to the report within an hour`,
        security: [],
        consumes: ['multipart/form-data'],
        response: { 201: ZPublicAttachment },
      },
      config: { rateLimit: { max: config.rateLimits.publicPerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const file = await uploadedFile(req, ALLOWED_IMAGES_TEXT);
      const { id, thumbUrl } = presentAttachment(await storeAttachment(db, storage, { public: true }, file));
      return reply.status(201).send({ id, thumbUrl });
    },
  );

  for (const which of ['file', 'thumb'] as const) {
    r.get(
      `/api/case-attachments/:id/${which}`,
      {
        schema: {
          tags,
          summary: which === 'file' ? 'An attachment (its uploader before it is attached; afterwards whoever may read the case)' : `An image attachment's thumbnail (JPEG, at most 320 px; 404 for PDFs and WebP)`,
          params: ZId,
        },
      },
      async (req, reply) => {
        const file = await readAttachment(db, storage, requireActor(req), req.params.id, which);
        const image = file.mime.startsWith('image/');
        const name = which === 'thumb' ? `thumb-${file.name.replace(/\.[^.]*$/, '')}.jpg` : file.name;
        const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
        return reply
          .type(file.mime)
          .header('content-length', file.size)
          .header('content-disposition', `${image ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
          .header('cache-control', 'private, max-age=3600')
          .send(file.stream);
      },
    );
  }
}

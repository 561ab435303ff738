import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaRow } from '../db/types.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { diskStorage } from './attachment-storage.js';
import { MAX_ATTACHMENT_BYTES } from './attachment-content.js';
import { attachmentsRoutes } from './attachments.routes.js';
import { attachmentsOf, linkAttachments } from './attachments.service.js';

const dir = mkdtempSync(join(tmpdir(), 'wangge-attachments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A picture with a left-to-right gradient, so a wrongly turned thumbnail would show. */
function rgba(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([Math.round((x / width) * 255), 80, 160, 255], (y * width + x) * 4);
  return data;
}
const png = (width: number, height: number) => pngjs.PNG.sync.write({ width, height, data: rgba(width, height) });
const jpg = (width: number, height: number) => jpeg.encode({ width, height, data: rgba(width, height) }, 85).data;

/** A JPEG whose EXIF says "turn 90° clockwise to display" (orientation 6), as phones save portrait photos. */
function rotatedJpg(width: number, height: number): Buffer {
  const plain = jpg(width, height);
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(6, 18);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([plain.subarray(0, 2), app1, body, plain.subarray(2)]);
}

/** Only a PNG header claiming a huge picture: it must be refused without decoding. */
function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, randomBytes(64)]);
}

/** The first bytes of a lossless WebP (VP8L) of the given size; WebP is stored as it comes. */
function webp(width: number, height: number): Buffer {
  const head = Buffer.alloc(30);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(22, 4);
  head.write('WEBPVP8L', 8, 'latin1');
  head.writeUInt32LE(10, 16);
  head[20] = 0x2f;
  head.writeUInt32LE((width - 1) | ((height - 1) << 14), 21);
  return head;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function multipart(name: string, bytes: Buffer, type = 'application/octet-stream') {
  const boundary = `----wangge-${randomBytes(6).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The attachment routes, added to the test app when app.ts does not register them yet. */
async function withRoutes(t: TestDb) {
  if (!t.app.hasRoute({ method: 'POST', url: '/api/case-attachments' })) await t.app.register(async (scope) => attachmentsRoutes(scope, { db: t.db, dialect: t.dialect, config: t.config, cipher: undefined as never }));
}

/** A case row in `area`, written directly (the case service has its own tests). */
async function caseIn(t: TestDb, area: AreaRow): Promise<number> {
  const now = new Date().toISOString();
  const tag = randomBytes(6).toString('hex');
  const { id: categoryId } = await t.db
    .insertInto('case_categories')
    .values({ code: `T${tag}`, name: '测试类别', type: 'rectification', description: null, default_role: 'grid_worker', accept_hours: 24, resolve_hours: 72, public_reporting: 1, active: 1, sort_order: 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id } = await t.db
    .insertInto('cases')
    .values({
      reference: `C${tag}`, client_id: null, category_id: categoryId, type: 'rectification', status: 'reported', area_id: area.id, area_path: area.path, title: '井盖缺失', description: '路口井盖缺失', lat: null, lng: null, address: null,
      source: 'staff', reporter_user_id: null, reporter_name: null, reporter_phone_enc: null, reporter_phone_hash: null, reporter_phone_last4: null, household_id: null, needed_by: null, assignee_user_id: null, assignee_area_id: null,
      assignee_area_path: null, responsible_role: 'grid_worker', escalation_level: 0, due_at: null, next_escalation_at: null, overdue_once: 0, resolved_by: null, resolved_at: null, closed_at: null, rating: null, rating_note: null,
      inspection_id: null, inspection_item_id: null, tracking_token: tag, api_key_id: null, version: 1, created_at: now, updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

describeEachDialect(
  'case attachments',
  (t) => {
    let s: Scenario;
    beforeAll(async () => {
      await withRoutes(t);
      s = await buildScenario(t);
    });

    const send = (cookie: string | undefined, name: string, bytes: Buffer, url = '/api/case-attachments') => {
      const body = multipart(name, bytes);
      return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, ...(cookie ? { cookie } : {}) } });
    };
    const get = (cookie: string | undefined, url: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    const row = (id: number) => t.db.selectFrom('case_attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('stores a PNG with its size and a JPEG thumbnail of at most 320 px', async () => {
      const original = png(1000, 600);
      const res = await send(s.cookies.eastWorker, '井盖.png', original);
      expect(res.statusCode, res.body).toBe(201);
      const a = res.json();
      expect(a).toEqual({ id: expect.any(Number), name: '井盖.png', mime: 'image/png', size: original.length, url: `/api/case-attachments/${a.id}/file`, thumbUrl: `/api/case-attachments/${a.id}/thumb` });
      const stored = await row(a.id);
      expect(stored).toMatchObject({ width: 1000, height: 600, uploaded_by: s.users.eastWorker, public_upload: 0, case_id: null });
      expect(existsSync(join(dir, stored.file))).toBe(true);
      expect(existsSync(join(dir, stored.thumb_file!))).toBe(true);

      const file = await get(s.cookies.eastWorker, a.url);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['content-disposition']).toMatch(/^inline; /);
      expect(file.headers['cache-control']).toMatch(/^private/);
      expect(file.rawPayload.equals(original)).toBe(true);

      const thumb = await get(s.cookies.eastWorker, a.thumbUrl);
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/jpeg');
      const decoded = jpeg.decode(thumb.rawPayload);
      expect([decoded.width, decoded.height]).toEqual([320, 192]);
      // The gradient runs left (dark red) to right (bright red): the thumbnail keeps it that way round.
      expect(decoded.data[0]).toBeLessThan(40);
      expect(decoded.data[(319) * 4]).toBeGreaterThan(210);
    });

    it('stores a JPEG, downscaled for lists, and turns a phone portrait photo upright', async () => {
      const res = await send(s.cookies.eastWorker, 'photo.jpg', jpg(800, 1200));
      expect(res.statusCode, res.body).toBe(201);
      expect(await row(res.json().id)).toMatchObject({ mime: 'image/jpeg', width: 800, height: 1200 });
      const thumb = jpeg.decode((await get(s.cookies.eastWorker, res.json().thumbUrl)).rawPayload);
      expect(Math.max(thumb.width, thumb.height)).toBeLessThanOrEqual(320);
      expect([thumb.width, thumb.height]).toEqual([213, 320]);

      // Stored 600×400 with "rotate 90° clockwise": shown 400×600, dark side (left of the stored picture) on top.
      const rotated = await send(s.cookies.eastWorker, 'portrait.jpg', rotatedJpg(600, 400));
      expect(rotated.statusCode, rotated.body).toBe(201);
      expect(await row(rotated.json().id)).toMatchObject({ width: 400, height: 600 });
      const upright = jpeg.decode((await get(s.cookies.eastWorker, rotated.json().thumbUrl)).rawPayload);
      expect([upright.width, upright.height]).toEqual([213, 320]);
      const redAt = (x: number, y: number) => upright.data[(y * upright.width + x) * 4];
      expect(redAt(100, 5)).toBeLessThan(40);
      expect(redAt(100, 314)).toBeGreaterThan(210);
    });

    it('keeps a PDF as it is, without a thumbnail, and sends it as a download', async () => {
      const res = await send(s.cookies.eastWorker, '整改通知.pdf', PDF);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ mime: 'application/pdf', thumbUrl: null, size: PDF.length });
      expect(await row(res.json().id)).toMatchObject({ width: null, height: null, thumb_file: null });
      const file = await get(s.cookies.eastWorker, res.json().url);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('整改通知.pdf')}`);
      expect(file.rawPayload.equals(PDF)).toBe(true);
      expect((await get(s.cookies.eastWorker, `/api/case-attachments/${res.json().id}/thumb`)).statusCode).toBe(404);
    });

    it('records a WebP photo’s size and leaves it without a thumbnail', async () => {
      const res = await send(s.cookies.eastWorker, 'a.webp', webp(640, 480));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ mime: 'image/webp', thumbUrl: null });
      expect(await row(res.json().id)).toMatchObject({ width: 640, height: 480, thumb_file: null });
    });

    it('judges the type by content: a text file named .jpg, or declared as an image, is refused naming the allowed types', async () => {
      const body = multipart('photo.jpg', Buffer.from('just some text, not a photo'), 'image/jpeg');
      const real = await t.app.inject({ method: 'POST', url: '/api/case-attachments', payload: body.payload, headers: { ...body.headers, cookie: s.cookies.eastWorker } });
      expect(real.statusCode).toBe(400);
      expect(real.json().error).toMatchObject({ code: 'FILE_INVALID', message: 'this file type cannot be attached; upload JPEG, PNG or WebP photos, or PDF documents' });
      const zh = await t.app.inject({ method: 'POST', url: '/api/case-attachments', payload: body.payload, headers: { ...body.headers, cookie: s.cookies.eastWorker, 'accept-language': 'zh-CN' } });
      expect(zh.json().error.message).toBe('不支持此文件类型；请上传 JPEG、PNG、WebP 格式的照片或 PDF 文档');
      // A GIF is an image, but not one of the accepted kinds.
      expect((await send(s.cookies.eastWorker, 'a.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).json().error.code).toBe('FILE_INVALID');
    });

    it('refuses an empty file, a request without a file, and a file over 10 MB with a clear message', async () => {
      const empty = await send(s.cookies.eastWorker, 'empty.png', Buffer.alloc(0));
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.message).toBe('the uploaded file is empty');

      const noFile = await t.app.inject({ method: 'POST', url: '/api/case-attachments', payload: { file: 'x' }, headers: { cookie: s.cookies.eastWorker } });
      expect(noFile.statusCode).toBe(400);
      expect(noFile.json().error.code).toBe('FILE_INVALID');

      const big = Buffer.concat([png(10, 10), Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
      const res = await send(s.cookies.eastWorker, 'big.png', big);
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'the file is larger than 10 MB; shrink the photo or split the document and retry' });
      expect(await t.db.selectFrom('case_attachments').select('id').where('name', '=', 'big.png').executeTakeFirst()).toBeUndefined();
    });

    it('refuses a PNG claiming 50000×50000 pixels without decoding it', async () => {
      const started = Date.now();
      const res = await send(s.cookies.eastWorker, 'bomb.png', pngBomb(50_000, 50_000));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'FILE_INVALID', message: 'the image is 50000×50000 pixels; at most 40 megapixels are accepted, so shrink it and retry' });
      expect(Date.now() - started).toBeLessThan(1000);
      // A header that promises a small picture but holds garbage is damaged, not a server error.
      const broken = await send(s.cookies.eastWorker, 'broken.png', pngBomb(100, 100));
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.message).toMatch(/^the PNG image is damaged/);
    });

    it('lets only people who may report cases upload', async () => {
      expect((await send(undefined, 'a.png', png(4, 4))).statusCode).toBe(401);
      const observer = await send(s.cookies.observer, 'a.png', png(4, 4));
      expect(observer.statusCode).toBe(403);
      expect((await send(s.cookies.nobody, 'a.png', png(4, 4))).statusCode).toBe(403);
    });

    it('takes a resident’s photo without login, images only', async () => {
      const res = await send(undefined, 'IMG_0001.JPG', jpg(64, 48), '/api/public/case-attachments');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ id: expect.any(Number), thumbUrl: `/api/case-attachments/${res.json().id}/thumb` });
      expect(await row(res.json().id)).toMatchObject({ public_upload: 1, uploaded_by: null, width: 64, height: 48 });
      // Nobody reads it before it is part of a report.
      expect((await get(s.cookies.eastLeader, `/api/case-attachments/${res.json().id}/file`)).statusCode).toBe(404);

      const pdf = await send(undefined, 'a.pdf', PDF, '/api/public/case-attachments');
      expect(pdf.statusCode).toBe(400);
      expect(pdf.json().error.message).toBe('this file type cannot be attached; upload JPEG, PNG or WebP photos');
    });

    it('shows an unattached file to its uploader only, and an attached one to whoever may read the case', async () => {
      const a = (await send(s.cookies.eastWorker, 'a.png', png(40, 30))).json();
      expect((await get(s.cookies.eastWorker, a.url)).statusCode).toBe(200);
      for (const who of ['eastLeader', 'westLeader', 'observer', 'nobody'] as const) {
        const res = await get(s.cookies[who], a.url);
        expect(res.statusCode, who).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
        expect((await get(s.cookies[who], a.thumbUrl)).statusCode, who).toBe(404);
      }
      expect((await get(undefined, a.url)).statusCode).toBe(401);
      expect((await get(s.cookies.admin, '/api/case-attachments/999999/file')).statusCode).toBe(404);

      const caseId = await caseIn(t, s.eastGrid1);
      await t.db.transaction().execute((trx) => linkAttachments(trx, [a.id], { caseId }, { userId: s.users.eastWorker, publicUpload: false }));
      for (const who of ['eastWorker', 'eastLeader', 'observer', 'chief', 'admin'] as const) {
        expect((await get(s.cookies[who], a.url)).statusCode, who).toBe(200);
        expect((await get(s.cookies[who], a.thumbUrl)).statusCode, who).toBe(200);
      }
      for (const who of ['westLeader', 'nobody'] as const) expect((await get(s.cookies[who], a.url)).statusCode, who).toBe(404);
    });

    it('attaches only unattached files of the same uploader, all or none', async () => {
      const mine = (await send(s.cookies.eastWorker, 'm.png', png(8, 8))).json().id;
      const theirs = (await send(s.cookies.eastLeader, 't.png', png(8, 8))).json().id;
      const caseId = await caseIn(t, s.eastGrid1);
      const link = (ids: number[], from: { userId: number | null; publicUpload: boolean }, target: { caseId: number; eventId?: number } = { caseId }) =>
        t.db.transaction().execute((trx) => linkAttachments(trx, ids, target, from));

      const refused = await link([mine, theirs], { userId: s.users.eastWorker, publicUpload: false }).catch((e) => e);
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', fields: { attachmentIds: `attachments ${theirs} were not found, are already attached, or were uploaded by someone else; upload them again` } });
      expect((await row(mine)).case_id).toBeNull();
      await expect(link([999_999], { userId: s.users.eastWorker, publicUpload: false })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

      await link([mine, mine], { userId: s.users.eastWorker, publicUpload: false }, { caseId, eventId: 77 });
      expect(await row(mine)).toMatchObject({ case_id: caseId, event_id: 77 });
      // Once attached, it cannot be moved to another case.
      await expect(link([mine], { userId: s.users.eastWorker, publicUpload: false }, { caseId: await caseIn(t, s.eastGrid1) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      // A signed-in file is not a resident's, and a resident's is not a signed-in user's.
      await expect(link([theirs], { userId: null, publicUpload: true })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

      const fresh = (await send(undefined, 'p.jpg', jpg(8, 8), '/api/public/case-attachments')).json().id;
      const stale = (await send(undefined, 'q.jpg', jpg(8, 8), '/api/public/case-attachments')).json().id;
      await t.db.updateTable('case_attachments').set({ created_at: new Date(Date.now() - 61 * 60_000).toISOString() }).where('id', '=', stale).execute();
      await expect(link([fresh], { userId: s.users.eastWorker, publicUpload: false })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const old = await link([fresh, stale], { userId: null, publicUpload: true }).catch((e) => e);
      expect(old.fields.attachmentIds).toBe(`attachments ${stale} were not found, are already attached, or were uploaded more than an hour ago; upload them again`);
      await link([fresh], { userId: null, publicUpload: true });

      expect(await attachmentsOf(t.db, caseId)).toEqual([
        { id: mine, name: 'm.png', mime: 'image/png', size: expect.any(Number), url: `/api/case-attachments/${mine}/file`, thumbUrl: `/api/case-attachments/${mine}/thumb`, eventId: 77 },
        { id: fresh, name: 'p.jpg', mime: 'image/jpeg', size: expect.any(Number), url: `/api/case-attachments/${fresh}/file`, thumbUrl: `/api/case-attachments/${fresh}/thumb`, eventId: null },
      ]);
    });
  },
  { attachmentsDir: dir },
);

describeEachDialect(
  'public attachment uploads are rate-limited',
  (t) => {
    beforeAll(() => withRoutes(t));
    it('answers 429 after the per-minute allowance', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const body = multipart('a.png', png(4, 4));
        statuses.push((await t.app.inject({ method: 'POST', url: '/api/public/case-attachments', payload: body.payload, headers: body.headers })).statusCode);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    });
  },
  { attachmentsDir: dir, rateLimits: { publicPerMinute: 3 } },
);

describe('disk storage', () => {
  it('keeps keys inside its folder', async () => {
    const storage = diskStorage(dir);
    for (const key of ['../x', '/etc/passwd', 'a/../../b', '.hidden', 'a//b']) await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(/invalid attachment key/);
    await storage.put('2026-11/k.bin', Buffer.from('hello'));
    const got = await storage.get('2026-11/k.bin');
    expect(got?.size).toBe(5);
    got?.stream.destroy();
    await storage.delete('2026-11/k.bin');
    await storage.delete('2026-11/k.bin');
    expect(await storage.get('2026-11/k.bin')).toBeNull();
  });
});

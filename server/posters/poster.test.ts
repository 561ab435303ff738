import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_REQUIRED_KEY } from '../announcements/announcements.service.js';
import { nowIso } from '../db/dialect.js';
import { describeEachDialect } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { A4_HEIGHT, A4_WIDTH, cjkFontAvailable, findCjkFont, type PosterPage, posterSvg, renderPdf, renderPng, wrapText, textWidthEm } from './poster.js';

/** A decoded 8-bit RGBA PNG, as resvg writes it (no QR or image library needed). */
interface Image {
  width: number;
  height: number;
  rgba: Buffer;
}

function decodePng(png: Buffer): Image {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // 8-bit, RGBA, not interlaced
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rgba[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

const pixel = (img: Image, x: number, y: number) => {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.rgba[i]!, img.rgba[i + 1]!, img.rgba[i + 2]!];
};
const isWhite = ([r, g, b]: number[]) => r! > 235 && g! > 235 && b! > 235;

/**
 * Read the QR code's modules back from a rendered poster. Only the code is drawn in pure black (text
 * is #111 or coloured), so the box of pure black pixels is the symbol; sample each module's centre.
 */
function qrModulesInPng(img: Image, size: number): boolean[][] {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (img.rgba[i] === 0 && img.rgba[i + 1] === 0 && img.rgba[i + 2] === 0) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  const step = (x1 - x0 + 1) / size;
  expect(Math.abs((y1 - y0 + 1) / size - step)).toBeLessThan(0.5); // square
  return Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => !isWhite(pixel(img, x0 + (c + 0.5) * step, y0 + (r + 0.5) * step))));
}

function expectedModules(url: string): boolean[][] {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, r) => Array.from({ length: modules.size }, (_, c) => Boolean(modules.get(r, c))));
}

/** The vector QR code of a poster SVG, module by module. */
function qrModulesInSvg(svg: string): boolean[][] {
  const g = /<g id="qr" data-modules="(\d+)"[^>]*>.*?<path[^>]* d="([^"]+)"/.exec(svg);
  expect(g).not.toBeNull();
  const size = Number(g![1]);
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const m of g![2]!.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(m[3]); i++) grid[Number(m[2])]![Number(m[1]) + i] = true;
  }
  return grid;
}

const page = (extra: Partial<PosterPage> = {}): PosterPage => ({
  title: '幸福小区1号楼 居民健康自主申报',
  subtitle: '东社区居委会',
  lines: ['用微信扫描二维码，填写申报表', '每天上午十点前申报一次；不会用手机的，请联系网格员代为申报'],
  qrUrl: 'https://grid.example.gov.cn/f/42?b=1001',
  footer: '东社区 · 2026-03-05',
  ...extra,
});

describe('posters', () => {
  it('has a Chinese font on this machine (CI installs fonts-wqy-zenhei)', () => {
    expect(cjkFontAvailable()).toBe(true);
    // Without any font the renderers refuse instead of printing boxes.
    expect(findCjkFont([], '/nonexistent/fc-list')).toBeNull();
  });

  it('renders an A4 PNG whose QR code reads back as the link', () => {
    const png = renderPng(page(), { dpi: 150 });
    const img = decodePng(png);
    expect(img.width).toBe(1240);
    expect(img.height / img.width).toBeCloseTo(297 / 210, 2);
    expect(qrModulesInPng(img, expectedModules(page().qrUrl).length)).toEqual(expectedModules(page().qrUrl));
    // Title text is drawn (dark pixels in the title band, left of the QR code).
    const titleRow = Array.from({ length: 200 }, (_, i) => 110 + i).some((y) => Array.from({ length: 600 }, (_, x) => 90 + x).some((x) => !isWhite(pixel(img, x, y))));
    expect(titleRow).toBe(true);
  });

  it('draws the QR code as vector modules exactly as the qrcode library encodes the link', () => {
    const url = 'https://grid.example.gov.cn/n/7/42';
    expect(qrModulesInSvg(posterSvg(page({ qrUrl: url })))).toEqual(expectedModules(url));
    expect(posterSvg(page())).toContain(`viewBox="0 0 ${A4_WIDTH} ${A4_HEIGHT}"`);
  });

  it('escapes hostile text and still renders it', () => {
    const hostile = `<script>alert("x")</script> & '引号' ]]> <!--`;
    const svg = posterSvg(page({ title: hostile, subtitle: hostile, lines: [hostile], footer: hostile }));
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<!--');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;引号&apos;');
    const img = decodePng(renderPng(page({ title: hostile, subtitle: hostile, lines: [hostile], footer: `${hostile}\u0001` }), { dpi: 100 }));
    expect(img.width).toBe(827);
    expect(qrModulesInPng(img, expectedModules(page().qrUrl).length)).toEqual(expectedModules(page().qrUrl));
  });

  it('wraps long titles and instructions inside the page margins, cutting what cannot fit', () => {
    expect(wrapText('社区居民自主申报', 4)).toEqual(['社区居民', '自主申报']);
    expect(wrapText('请扫码，谢谢。', 3)).toEqual(['请扫码，', '谢谢。']); // punctuation never starts a line
    expect(wrapText('Scan the code to report', 6)).toEqual(['Scan the', 'code to', 'report']);
    for (const line of wrapText('很长的标题'.repeat(30) + ' averyveryverylongwordwithoutanyspacesatall', 14)) expect(textWidthEm(line)).toBeLessThanOrEqual(14);

    const long = page({ title: '关于做好2026年春季传染病防控和居民健康自主申报工作的紧急通知'.repeat(4), lines: Array.from({ length: 30 }, (_, i) => `第${i + 1}条：请各位居民按时申报，如有发热、咳嗽等症状及时联系网格员。`) });
    const svg = posterSvg(long);
    expect(svg).toContain('…');
    const img = decodePng(renderPng(long, { dpi: 100 }));
    // Nothing is drawn in the side margins below the coloured band (180 of 2480 units each side).
    const k = img.width / A4_WIDTH;
    for (let y = Math.ceil(100 * k); y < img.height; y += 2) {
      for (const x of [...Array(Math.floor(170 * k)).keys()].flatMap((i) => [i, img.width - 1 - i])) expect(isWhite(pixel(img, x, y)), `pixel ${x},${y}`).toBe(true);
    }
    // The QR code keeps a usable size however much text there is.
    expect(qrModulesInPng(img, expectedModules(long.qrUrl).length)).toEqual(expectedModules(long.qrUrl));
  });

  it('puts one poster per A4 page into a PDF', async () => {
    const pages = ['1号楼', '2号楼', '3号楼'].map((b, i) => page({ title: `${b} 居民健康自主申报`, qrUrl: `https://grid.example.gov.cn/f/42?b=${i}`, accent: (['normal', 'urgent', 'refute'] as const)[i] }));
    const pdf = await PDFDocument.load(await renderPdf(pages));
    expect(pdf.getPageCount()).toBe(3);
    for (const p of pdf.getPages()) {
      expect(p.getWidth()).toBeCloseTo(595.28, 1);
      expect(p.getHeight()).toBeCloseTo(841.89, 1);
    }
    expect(pdf.getTitle()).toBe('1号楼 居民健康自主申报');
  });
});

describeEachDialect(
  'notice posters',
  (t) => {
    let s: Scenario;
    beforeAll(async () => {
      s = await buildScenario(t);
      const exists = await t.db.selectFrom('settings').select('key').where('key', '=', REVIEW_REQUIRED_KEY).executeTakeFirst();
      if (exists) await t.db.updateTable('settings').set({ value: 'false', updated_at: nowIso() }).where('key', '=', REVIEW_REQUIRED_KEY).execute();
      else await t.db.insertInto('settings').values({ key: REVIEW_REQUIRED_KEY, value: 'false', updated_at: nowIso() }).execute();
    });

    const call = (who: keyof Scenario['cookies'], url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookies[who], ...headers } });
    async function notice(publish: boolean, extra: Record<string, unknown> = {}): Promise<number> {
      const res = await t.app.inject({ method: 'POST', url: '/api/announcements', headers: { cookie: s.cookies.eastLeader }, payload: { title: '停水通知', body: '**明天**上午 8 点到 12 点停水，请提前储水。', areaId: s.east.id, category: 'other', ...extra } });
      expect(res.statusCode, res.body).toBe(201);
      const id: number = res.json().id;
      if (publish) {
        const p = await t.app.inject({ method: 'POST', url: `/api/announcements/${id}/publish`, headers: { cookie: s.cookies.eastLeader } });
        expect(p.json().status, p.body).toBe('published');
      }
      return id;
    }

    it('downloads a PNG poster whose QR code opens the notice page', async () => {
      const id = await notice(true, { urgency: 'urgent' });
      const res = await call('eastWorker', `/api/announcements/${id}/poster?format=png`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="announcement-${id}-poster.png"`);
      const url = `https://grid.example.gov.cn/n/${s.east.id}/${id}`;
      const img = decodePng(res.rawPayload);
      expect(img.height / img.width).toBeCloseTo(297 / 210, 2);
      expect(qrModulesInPng(img, expectedModules(url).length)).toEqual(expectedModules(url));
    });

    it('downloads a one-page A4 PDF, by default', async () => {
      const id = await notice(true, { category: 'rumour_refuted', refutes: '自来水被污染' });
      for (const url of [`/api/announcements/${id}/poster?format=pdf`, `/api/announcements/${id}/poster`]) {
        const res = await call('eastLeader', url);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toBe(`attachment; filename="announcement-${id}-poster.pdf"`);
        const pdf = await PDFDocument.load(res.rawPayload);
        expect(pdf.getPageCount()).toBe(1);
        expect(pdf.getPage(0).getHeight()).toBeCloseTo(841.89, 1);
      }
    });

    it('hides notices outside your scope and refuses drafts', async () => {
      const id = await notice(true);
      for (const who of ['westLeader', 'nobody'] as const) {
        const res = await call(who, `/api/announcements/${id}/poster?format=png`);
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
      const draft = await notice(false);
      const res = await call('eastLeader', `/api/announcements/${draft}/poster?format=png`, { 'accept-language': 'zh-CN' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'ANNOUNCEMENT_NOT_LIVE', message: '只有已发布且未过期的公告才能生成海报，否则居民扫码后无法打开' });
      const bad = await call('eastLeader', `/api/announcements/${id}/poster?format=gif`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields).toHaveProperty('format');
      const anonymous = await t.app.inject({ method: 'GET', url: `/api/announcements/${id}/poster` });
      expect(anonymous.statusCode).toBe(401);
    });
  },
  { publicUrl: 'https://grid.example.gov.cn/' },
);

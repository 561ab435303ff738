import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { PDFDocument, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import QRCode from 'qrcode';
import { AppError } from '../http/errors.js';

/**
 * A4 posters for bulletin boards: a title, a big QR code and instructions in large type, drawn as SVG
 * and rendered on the server to PNG (resvg) or PDF (pdf-lib, one page per poster). Text is drawn with
 * a Chinese font installed on the machine; without one the renderers refuse (POSTER_UNAVAILABLE)
 * rather than print tofu boxes.
 */

export interface PosterPage {
  title: string;
  subtitle?: string;
  /** Instructions in large type, one paragraph each (wrapped to the page). */
  lines: string[];
  /** What the QR code opens. */
  qrUrl: string;
  /** Small print at the bottom: area name, date. */
  footer?: string;
  /** Colour of the band and the title: blue, red for urgent notices, orange for rumour refutations. */
  accent?: 'normal' | 'urgent' | 'refute';
}

/** A4 at 300 dpi: the SVG's coordinate system, in pixels. */
export const A4_WIDTH = 2480;
export const A4_HEIGHT = 3508;
/** A4 in PDF points (1/72 inch). */
const A4_PT = { width: (210 / 25.4) * 72, height: (297 / 25.4) * 72 };
const MARGIN = 180;
const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;

const FONT_STACK = "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', 'Droid Sans Fallback', sans-serif";
const ACCENTS = { normal: '#1d4ed8', urgent: '#c62828', refute: '#e65100' } as const;
const INK = '#111111';
const MUTED = '#555555';

/** Where Debian and friends put a Chinese font; fc-list is asked when none of these exists. */
const CJK_FONT_FILES = [
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
];

/**
 * The file of a font that has Chinese glyphs: the first of `files` that exists, else the first that
 * `fc-list :lang=zh` names, else null.
 * @example findCjkFont() // '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'
 */
export function findCjkFont(files: readonly string[] = CJK_FONT_FILES, fcList = 'fc-list'): string | null {
  const known = files.find((f) => existsSync(f));
  if (known) return known;
  try {
    const out = execFileSync(fcList, [':lang=zh', 'file'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    const file = out
      .split('\n')
      .map((l) => l.trim().replace(/:$/, ''))
      .find((l) => l && existsSync(l));
    return file ?? null;
  } catch {
    return null;
  }
}

let cachedFont: string | null | undefined;
function cjkFont(): string | null {
  if (cachedFont === undefined) cachedFont = findCjkFont();
  return cachedFont;
}

/** Whether this machine has a Chinese font to draw posters with (looked up once per process). */
export function cjkFontAvailable(): boolean {
  return cjkFont() !== null;
}

/** Throws POSTER_UNAVAILABLE (501) when there is no Chinese font; every renderer calls it first. */
export function requirePosterFonts(): void {
  if (!cjkFontAvailable()) {
    throw new AppError('POSTER_UNAVAILABLE', 'no Chinese font on this server: install fonts-wqy-zenhei (apt-get install -y fonts-wqy-zenhei) to download posters');
  }
}

// ---------------------------------------------------------------- text layout

/** Escape text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Drop characters XML 1.0 cannot carry at all (control characters other than tab and newline). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]|\p{Extended_Pictographic}/u;
/** Punctuation that must not start a line (it hangs at the end of the previous one instead). */
const NO_LINE_START = /^[，。、；：？！）》」』】〕…,.;:?!)\]}%]/;

/** Advance of one character in em. */
type Advance = (ch: string) => number;

/** Rough advance of one character in em: CJK and full-width 1, latin about half. */
const estimateWidth: Advance = (ch) => {
  if (WIDE.test(ch)) return 1;
  if (ch === ' ') return 0.3;
  if (/[il.,:;'!|]/.test(ch)) return 0.3;
  if (/[mwMW@]/.test(ch)) return 0.85;
  if (/[A-Z0-9]/.test(ch)) return 0.65;
  return 0.55;
};

/** Width of `text` in em: roughly, or as the font draws it when `advance` is given. */
export function textWidthEm(text: string, advance: Advance = estimateWidth): number {
  let w = 0;
  for (const ch of text) w += advance(ch);
  return w;
}

/** Split into units that may not be broken: CJK characters one by one, latin words with their trailing spaces. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of text) {
    if (WIDE.test(ch)) {
      if (word) out.push(word), (word = '');
      out.push(ch);
    } else if (ch === ' ') {
      word += ch;
      out.push(word);
      word = '';
    } else {
      if (word.endsWith(' ')) out.push(word), (word = '');
      word += ch;
    }
  }
  if (word) out.push(word);
  return out;
}

/**
 * Wrap `text` to lines no wider than `maxEm`: Chinese breaks between any two characters, latin
 * between words (a word longer than a line breaks anywhere), closing punctuation never starts a line.
 * @example wrapText('社区居民自主申报', 4) // ['社区居民', '自主申报']
 */
export function wrapText(text: string, maxEm: number, advance: Advance = estimateWidth): string[] {
  const measure = (t: string) => textWidthEm(t, advance);
  const lines: string[] = [];
  for (const paragraph of clean(text).split(/\r?\n/)) {
    let line = '';
    let width = 0;
    for (let tok of tokens(paragraph.replace(/\s+/g, ' ').trim())) {
      let w = measure(tok.trimEnd());
      if (line && width + w > maxEm && !NO_LINE_START.test(tok)) {
        lines.push(line.trimEnd());
        line = '';
        width = 0;
      }
      // A word wider than a whole line: cut it character by character.
      while (!line && w > maxEm) {
        let cut = '';
        let cw = 0;
        for (const ch of tok) {
          if (cut && cw + advance(ch) > maxEm) break;
          cut += ch;
          cw += advance(ch);
        }
        lines.push(cut);
        tok = tok.slice(cut.length);
        w = measure(tok.trimEnd());
      }
      line += tok;
      width += measure(tok);
    }
    if (line.trim() || lines.length === 0) lines.push(line.trimEnd());
  }
  return lines;
}

/** At most `max` lines; the last one ends with an ellipsis when text was cut. */
function clampLines(lines: string[], max: number, maxEm: number, advance: Advance): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  let last = kept[max - 1]!;
  while (last && textWidthEm(last, advance) + 1 > maxEm) last = [...last].slice(0, -1).join('');
  kept[max - 1] = `${last}…`;
  return kept;
}

// ---------------------------------------------------------------- SVG

/** The QR code of `url` as one SVG path in module units (runs of dark modules merged per row). */
function qrPath(url: string): { size: number; d: string } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const parts: string[] = [];
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && modules.get(y, x)) x++;
      parts.push(`M${start} ${y}h${x - start}v1h-${x - start}z`);
    }
  }
  return { size: n, d: parts.join('') };
}

interface TextBlock {
  lines: string[];
  size: number;
  lineHeight: number;
}
const blockHeight = (b: TextBlock) => b.lines.length * b.size * b.lineHeight;

/** How text is measured and drawn: as SVG <text> with estimated widths, or as the font's outlines. */
interface Typesetter {
  advance: Advance;
  /** One line with its baseline at (x, y). */
  line(text: string, x: number, y: number, size: number, fill: string, bold: boolean): string;
  /** Shared definitions (glyph outlines) to put in <defs>. */
  defs(): string;
}

const textTypesetter: Typesetter = {
  advance: estimateWidth,
  line: (text, x, y, size, fill, bold) =>
    `<text x="${x}" y="${y.toFixed(1)}" font-size="${size}" fill="${fill}"${bold ? ' font-weight="bold"' : ''}>${escapeXml(text)}</text>`,
  defs: () => '',
};

/**
 * Lay the poster out and draw it. Coloured band, title (up to three lines, smaller for long titles),
 * subtitle, the QR code as vector squares, the instructions and a footer. The QR code shrinks (never
 * below ~8 cm) to leave room for long instructions; text that still does not fit is cut with "…".
 */
function composeSvg(page: PosterPage, ts: Typesetter): string {
  const accent = ACCENTS[page.accent ?? 'normal'];
  const band = 90;
  let y = band + 150;

  const block = (text: string, size: number, lineHeight: number, maxLines: number): TextBlock => {
    const maxEm = CONTENT_WIDTH / size;
    return { lines: clampLines(wrapText(text, maxEm, ts.advance), maxLines, maxEm, ts.advance), size, lineHeight };
  };
  const draw = (b: TextBlock, top: number, fill: string, bold = false) =>
    b.lines
      // The baseline sits about 0.8em below the top of a line box, centred in the line height.
      .map((line, i) => ts.line(line, MARGIN, top + i * b.size * b.lineHeight + b.size * (0.8 + (b.lineHeight - 1) / 2), b.size, fill, bold))
      .join('');

  const titleSize = textWidthEm(page.title, ts.advance) * 150 > CONTENT_WIDTH * 2 ? 120 : 150;
  const title = block(page.title, titleSize, 1.25, 3);
  const subtitle = page.subtitle?.trim() ? block(page.subtitle, 72, 1.35, 3) : null;
  const footer = page.footer?.trim() ? block(page.footer, 56, 1.3, 2) : null;
  const lines = page.lines.filter((l) => l.trim()).map((l) => block(l, 88, 1.4, 12));

  const parts: string[] = [];
  parts.push(`<rect width="${A4_WIDTH}" height="${A4_HEIGHT}" fill="#ffffff"/>`);
  parts.push(`<rect width="${A4_WIDTH}" height="${band}" fill="${accent}"/>`);
  parts.push(draw(title, y, page.accent && page.accent !== 'normal' ? accent : INK, true));
  y += blockHeight(title) + 30;
  if (subtitle) {
    parts.push(draw(subtitle, y, MUTED));
    y += blockHeight(subtitle) + 20;
  }
  y += 30;
  parts.push(`<rect x="${MARGIN}" y="${y}" width="${CONTENT_WIDTH}" height="8" fill="${accent}"/>`);
  y += 8 + 60;

  const footerTop = footer ? A4_HEIGHT - MARGIN + 40 - blockHeight(footer) : A4_HEIGHT - MARGIN;
  const bottom = footerTop - 60;
  const gap = 40;
  const textHeight = lines.reduce((h, b) => h + blockHeight(b) + gap, 0);

  // QR code: as large as fits (at most 1500 px ≈ 12.7 cm), at least 950 px ≈ 8 cm; then cut text to fit.
  const qrSide = Math.max(950, Math.min(1500, bottom - y - 80 - textHeight));
  let room = bottom - (y + qrSide + 80);
  const fitted: TextBlock[] = [];
  for (const b of lines) {
    const maxLines = Math.floor((room - gap) / (b.size * b.lineHeight));
    if (maxLines <= 0) break;
    const kept = { ...b, lines: clampLines(b.lines, maxLines, CONTENT_WIDTH / b.size, ts.advance) };
    fitted.push(kept);
    room -= blockHeight(kept) + gap;
    if (kept.lines.length < b.lines.length) break;
  }

  const qr = qrPath(page.qrUrl);
  const quiet = 4;
  const scale = qrSide / (qr.size + 2 * quiet);
  const qrX = (A4_WIDTH - qrSide) / 2;
  parts.push(
    `<g id="qr" data-modules="${qr.size}" data-quiet="${quiet}" transform="translate(${qrX.toFixed(2)} ${y.toFixed(2)}) scale(${scale.toFixed(6)})">` +
      `<rect width="${qr.size + 2 * quiet}" height="${qr.size + 2 * quiet}" fill="#ffffff"/>` +
      `<path transform="translate(${quiet} ${quiet})" d="${qr.d}" fill="#000000" shape-rendering="crispEdges"/></g>`,
  );
  y += qrSide + 80;

  for (const b of fitted) {
    parts.push(draw(b, y, INK));
    y += blockHeight(b) + gap;
  }
  if (footer) {
    parts.push(`<rect x="${MARGIN}" y="${footerTop - 30}" width="${CONTENT_WIDTH}" height="3" fill="#cccccc"/>`);
    parts.push(draw(footer, footerTop, MUTED));
  }

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 ${A4_WIDTH} ${A4_HEIGHT}" font-family="${FONT_STACK}">` +
    `<title>${escapeXml(clean(page.title))}</title><defs>${ts.defs()}</defs>${parts.join('')}</svg>`
  );
}

/**
 * The poster as an A4 portrait SVG (viewBox 2480×3508 = 300 dpi) with its text as SVG text in a
 * Chinese font stack, for browsers and other SVG tools. The PNG and PDF renderers draw the same
 * layout with the installed font's outlines instead.
 * @example posterSvg({ title: '疫情防控通知', lines: ['微信扫码查看全文'], qrUrl: 'https://x/n/1/2' })
 */
export function posterSvg(page: PosterPage): string {
  return composeSvg(page, textTypesetter);
}

// ---------------------------------------------------------------- glyph outlines

/** A glyph's outline at 1000 units per em, baseline at y = `base`, and its advance in em. */
interface Glyph {
  d: string;
  /** The outline is drawn at x = shift, baseline y = base; translate back to put it at the origin. */
  shift: number;
  base: number;
  advance: number;
}
const GLYPH_EM = 1000;
/** Distance between characters set for their outlines: far more than any glyph is wide. */
const BAND = 4000;
const MAX_CACHED_GLYPHS = 6000;
const glyphCache = new Map<string, Glyph>();

/** Chinese, Japanese and Korean ideographs and full-width forms: one em wide in every CJK font. */
const FULL_WIDTH = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]/;

/**
 * Outlines of `chars` from the installed fonts, cached for the process. resvg spends a few
 * milliseconds on every glyph it sets (it reads the font file again each time), so a poster set as
 * text would cost ~0.3 s; drawn from cached outlines it costs a few milliseconds, and a batch of
 * building posters shares nearly all its characters.
 * The characters are set in one text element, each at its own absolute x, so each comes out as its
 * own path; ideographs are one em wide, the others are set a second time right-anchored at the same
 * x, and the distance between the two outlines is the advance.
 */
function loadGlyphs(chars: string[], font: string): void {
  const missing = [...new Set(chars)].filter((c) => !glyphCache.has(c) && !/\s/.test(c));
  if (missing.length === 0) return;
  if (glyphCache.size + missing.length > MAX_CACHED_GLYPHS) glyphCache.clear();
  const narrow = missing.filter((c) => !FULL_WIDTH.test(c));
  const run = (list: string[], y: number, anchor: string) =>
    list.length ? `<text x="${list.map((_, i) => i * BAND).join(' ')}" y="${y}" text-anchor="${anchor}">${escapeXml(list.join(''))}</text>` : '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" font-family="${FONT_STACK}" font-size="${GLYPH_EM}">` +
    `${run(missing, 0, 'start')}${run(narrow, BAND, 'end')}</svg>`;
  const flat = new Resvg(svg, { font: { loadSystemFonts: true, fontFiles: [font] } }).toString();
  // Each path is one character; its first point tells which (x band) and which copy (y band).
  const left = new Map<number, { d: string; x: number }>();
  const right = new Map<number, number>();
  for (const m of flat.matchAll(/<path[^>]* d="([^"]+)"/g)) {
    const d = m[1]!;
    const first = /^M\s*(-?[\d.]+)[ ,]+(-?[\d.]+)/.exec(d);
    if (!first) continue;
    const x = Number(first[1]);
    const slot = Math.round(x / BAND);
    if (Math.round(Number(first[2]) / BAND) === 0) left.set(slot, { d: `${left.get(slot)?.d ?? ''} ${d}`.trim(), x: left.get(slot)?.x ?? x });
    else if (!right.has(slot)) right.set(slot, x);
  }
  missing.forEach((c, i) => {
    const outline = left.get(i);
    const d = outline?.d ?? '';
    let advance = 1;
    if (!FULL_WIDTH.test(c)) {
      const j = narrow.indexOf(c);
      const r = right.get(j);
      // right-anchored copy sits `advance` to the left of the left-anchored copy placed at the same x
      advance = outline && r !== undefined ? (outline.x - i * BAND - (r - j * BAND)) / GLYPH_EM : estimateWidth(c);
    }
    glyphCache.set(c, { d, base: 0, shift: i * BAND, advance });
  });
}

/** Draws lines with the cached outlines: exact widths, one <path> per distinct character in <defs>. */
function outlineTypesetter(page: PosterPage, font: string): Typesetter {
  const texts = [page.title, page.subtitle ?? '', page.footer ?? '', ...page.lines, '…'].map(clean);
  loadGlyphs(texts.flatMap((t) => [...t]), font);
  const ids = new Map<string, string>();
  const advance: Advance = (ch) => (/\s/.test(ch) ? 0.3 : (glyphCache.get(ch)?.advance ?? estimateWidth(ch)));
  return {
    advance,
    line(text, x, y, size, fill, bold) {
      const k = size / GLYPH_EM;
      const uses: string[] = [];
      let at = 0;
      for (const ch of text) {
        const g = glyphCache.get(ch);
        if (g?.d) {
          let id = ids.get(ch);
          if (!id) ids.set(ch, (id = `g${ids.size}`));
          uses.push(`<use href="#${id}" x="${at.toFixed(1)}"/>`);
        }
        at += advance(ch) * GLYPH_EM;
      }
      // There is no bold face in most Chinese fonts: a stroke in the fill colour thickens the letters.
      const stroke = bold ? ` stroke="${fill}" stroke-width="${(0.03 * GLYPH_EM).toFixed(0)}" stroke-linejoin="round"` : '';
      return `<g transform="translate(${x} ${y.toFixed(1)}) scale(${k.toFixed(5)})" fill="${fill}"${stroke}>${uses.join('')}</g>`;
    },
    defs: () =>
      [...ids]
        .map(([ch, id]) => {
          const g = glyphCache.get(ch)!;
          return `<path id="${id}" transform="translate(${-g.shift} ${-g.base})" d="${g.d}"/>`;
        })
        .join(''),
  };
}

// ---------------------------------------------------------------- rendering

function rasterize(page: PosterPage, dpi: number) {
  requirePosterFonts();
  const font = cjkFont()!;
  const width = Math.round((210 / 25.4) * dpi);
  const resvg = new Resvg(composeSvg(page, outlineTypesetter(page, font)), {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: { loadSystemFonts: false },
  });
  return resvg.render();
}

/**
 * The poster as a PNG, A4 at `dpi` (default 200: 1654×2339 pixels).
 * Throws POSTER_UNAVAILABLE when the server has no Chinese font.
 */
export function renderPng(page: PosterPage, { dpi = 200 }: { dpi?: number } = {}): Buffer {
  return rasterize(page, dpi).asPng();
}

/**
 * A PDF with one A4 page per poster, each page a full-page image rendered at `dpi` (default 150), so
 * Chinese text needs no embedded font. Pages are rendered one at a time; only the compressed image of
 * each stays in memory until the file is written.
 * Throws POSTER_UNAVAILABLE when the server has no Chinese font.
 */
export async function renderPdf(pages: PosterPage[], { dpi = 150 }: { dpi?: number } = {}): Promise<Buffer> {
  requirePosterFonts();
  const pdf = await PDFDocument.create();
  pdf.setCreator('Wangge');
  pdf.setProducer('Wangge');
  if (pages[0]) pdf.setTitle(clean(pages[0].title));
  for (const poster of pages) {
    const image = rasterize(poster, dpi);
    const { width, height } = image;
    const rgb = rgbaToRgb(image.pixels, width * height);
    const stream = pdf.context.stream(deflateSync(rgb, { level: 6 }), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: width,
      Height: height,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    });
    const ref = pdf.context.register(stream);
    const page = pdf.addPage([A4_PT.width, A4_PT.height]);
    const name = page.node.newXObject('Poster', ref);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(A4_PT.width, 0, 0, A4_PT.height, 0, 0), drawObject(name), popGraphicsState());
    // Let the renderer's answer go before the next page is drawn.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** RGBA (on an opaque white background) to RGB, as PDF images carry no alpha here. */
function rgbaToRgb(rgba: Buffer, pixels: number): Buffer {
  const out = Buffer.allocUnsafe(pixels * 3);
  for (let i = 0, j = 0; i < pixels * 4; i += 4, j += 3) {
    out[j] = rgba[i]!;
    out[j + 1] = rgba[i + 1]!;
    out[j + 2] = rgba[i + 2]!;
  }
  return out;
}

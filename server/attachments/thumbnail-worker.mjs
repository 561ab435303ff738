// Makes attachment thumbnails off the main thread: decoding a 12-megapixel phone photo in JavaScript
// takes seconds, and the server must keep answering meanwhile. Plain JavaScript (not TypeScript), so
// Node runs it in a worker thread as it is, under tsx, vitest or a build alike. Its one caller is
// thumbnailer.ts; the header checks (type, size, pixel limit) were done there before anything comes here.
import { parentPort } from 'node:worker_threads';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';

/**
 * Shrink RGBA pixels to fit `size` on the long side by averaging every source pixel into its target
 * pixel (a box filter: one pass over the source). Transparent parts become white. Returns RGB sums
 * already divided, as bytes.
 */
function shrink(src, size) {
  const { width: w, height: h, data: d } = src;
  const scale = Math.min(1, size / Math.max(w, h));
  const tw = Math.max(1, Math.round(w * scale));
  const th = Math.max(1, Math.round(h * scale));
  const sum = new Uint32Array(tw * th * 3);
  const count = new Uint32Array(tw * th);
  const xs = new Int32Array(w);
  for (let x = 0; x < w; x++) xs[x] = Math.min(tw - 1, Math.floor((x * tw) / w)) * 3;
  for (let y = 0; y < h; y++) {
    const rowT = Math.min(th - 1, Math.floor((y * th) / h));
    const base = rowT * tw * 3;
    let p = y * w * 4;
    for (let x = 0; x < w; x++, p += 4) {
      const t = base + xs[x];
      const a = d[p + 3];
      if (a === 255) {
        sum[t] += d[p];
        sum[t + 1] += d[p + 1];
        sum[t + 2] += d[p + 2];
      } else {
        const white = 255 - a;
        sum[t] += ((d[p] * a) / 255 + white) | 0;
        sum[t + 1] += ((d[p + 1] * a) / 255 + white) | 0;
        sum[t + 2] += ((d[p + 2] * a) / 255 + white) | 0;
      }
    }
    const cbase = rowT * tw;
    for (let x = 0; x < w; x++) count[cbase + xs[x] / 3]++;
  }
  const rgb = new Uint8Array(tw * th * 3);
  for (let t = 0; t < tw * th; t++) {
    const n = count[t] || 1;
    rgb[t * 3] = Math.round(sum[t * 3] / n);
    rgb[t * 3 + 1] = Math.round(sum[t * 3 + 1] / n);
    rgb[t * 3 + 2] = Math.round(sum[t * 3 + 2] / n);
  }
  return { width: tw, height: th, rgb };
}

/** Turn the shrunk picture upright as EXIF orientation 1–8 says, into RGBA for the encoder. */
function upright(img, orientation) {
  const { width: w, height: h, rgb } = img;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new Uint8Array(ow * oh * 4);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let sx = x;
      let sy = y;
      switch (orientation) {
        case 2: sx = w - 1 - x; break;
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;
        case 4: sy = h - 1 - y; break;
        case 5: sx = y; sy = x; break;
        case 6: sx = y; sy = h - 1 - x; break;
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;
        case 8: sx = w - 1 - y; sy = x; break;
      }
      const s = (sy * w + sx) * 3;
      const o = (y * ow + x) * 4;
      out[o] = rgb[s];
      out[o + 1] = rgb[s + 1];
      out[o + 2] = rgb[s + 2];
      out[o + 3] = 255;
    }
  }
  return { width: ow, height: oh, data: out };
}

/** { id, kind: 'jpeg'|'png', bytes, orientation, width, height, size, maxPixels } → { id, thumbnail } or { id, error } */
parentPort.on('message', (job) => {
  try {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    const pixels =
      job.kind === 'png'
        ? pngjs.PNG.sync.read(bytes)
        : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: job.maxPixels / 1_000_000, maxMemoryUsageInMB: 1024 });
    if (pixels.width !== job.width || pixels.height !== job.height) throw new Error('decoded size differs from the header');
    const thumb = upright(shrink(pixels, job.size), job.orientation);
    const encoded = jpeg.encode({ width: thumb.width, height: thumb.height, data: thumb.data }, 80).data;
    parentPort.postMessage({ id: job.id, thumbnail: encoded });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err?.message ?? err) });
  }
});

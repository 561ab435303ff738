import { AppError } from '../http/errors.js';
import { makeThumbnail } from './thumbnailer.js';

/** Largest attachment accepted, in bytes (photos from phones and scanned PDFs fit comfortably). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Images with more pixels than this are refused before decoding (decompression bombs). */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Thumbnails fit in this many pixels on their long side. */
export const THUMB_SIZE = 320;

export type AttachmentKind = 'jpeg' | 'png' | 'webp' | 'pdf';
const MIME: Record<AttachmentKind, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', pdf: 'application/pdf' };
const EXT: Record<AttachmentKind, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', pdf: 'pdf' };

export const ALLOWED_TYPES_TEXT = 'JPEG, PNG or WebP photos, or PDF documents';
export const ALLOWED_IMAGES_TEXT = 'JPEG, PNG or WebP photos';

/** What the bytes of an upload turned out to be. */
export interface ExaminedFile {
  kind: AttachmentKind;
  mime: string;
  ext: string;
  /** As displayed (EXIF orientation applied); null for PDFs. */
  width: number | null;
  height: number | null;
  /** A JPEG of at most THUMB_SIZE on the long side; null for PDFs and WebP (not decoded on the server). */
  thumbnail: Buffer | null;
}

const startsWith = (b: Buffer, bytes: number[], at = 0) => b.length >= at + bytes.length && bytes.every((v, i) => b[at + i] === v);

/** The file type by its first bytes, whatever its name or declared type says. */
export function sniffKind(b: Buffer): AttachmentKind | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  return null;
}

const damaged = (what: string) => new AppError('FILE_INVALID', `the ${what} is damaged or uses an encoding that cannot be read; save it again as JPEG or PNG and retry`);

interface Header {
  width: number;
  height: number;
  /** EXIF orientation 1–8 (JPEG only; 1 otherwise). */
  orientation: number;
}

function pngHeader(b: Buffer): Header {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') throw damaged('PNG image');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), orientation: 1 };
}

function webpHeader(b: Buffer): Header {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ' && b.length >= 30 && startsWith(b, [0x9d, 0x01, 0x2a], 23)) return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff, orientation: 1 };
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, orientation: 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1, orientation: 1 };
  throw damaged('WebP image');
}

/** The orientation tag (0x0112) of an EXIF block (`Exif\0\0` + TIFF), or 1 when absent or unreadable. */
function exifOrientation(b: Buffer, start: number, end: number): number {
  const tiff = start + 6;
  if (end - tiff < 8) return 1;
  const le = b.toString('latin1', tiff, tiff + 2) === 'II';
  if (!le && b.toString('latin1', tiff, tiff + 2) !== 'MM') return 1;
  const u16 = (at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return 1;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** Size from the first frame header (SOFn), orientation from EXIF; nothing is decoded. */
function jpegHeader(b: Buffer): Header {
  let orientation = 1;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) throw damaged('JPEG image');
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = b.readUInt16BE(at + 2);
    const end = at + 2 + length;
    if (length < 2 || end > b.length) break;
    if (marker === 0xe1 && b.toString('latin1', at + 4, at + 10) === 'Exif\0\0') orientation = exifOrientation(b, at + 4, end);
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof && length >= 7) return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7), orientation };
    at = end;
  }
  throw damaged('JPEG image');
}

/**
 * Check an upload by its content and prepare what is stored with it: the type (JPEG, PNG, WebP or
 * PDF, from the first bytes), an image's size as displayed, and a thumbnail for JPEG and PNG.
 * Throws 400 FILE_INVALID naming the allowed types, or a 413 for files over 10 MB.
 * @example const file = await examineUpload(bytes, { imagesOnly: true });
 */
export async function examineUpload(bytes: Buffer, opts: { imagesOnly?: boolean } = {}): Promise<ExaminedFile> {
  const allowed = opts.imagesOnly ? ALLOWED_IMAGES_TEXT : ALLOWED_TYPES_TEXT;
  if (bytes.length === 0) throw new AppError('FILE_INVALID', 'the uploaded file is empty');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw tooLarge();
  const kind = sniffKind(bytes);
  if (!kind || (opts.imagesOnly && kind === 'pdf')) throw new AppError('FILE_INVALID', `this file type cannot be attached; upload ${allowed}`);
  const base = { kind, mime: MIME[kind], ext: EXT[kind] };
  if (kind === 'pdf') return { ...base, width: null, height: null, thumbnail: null };

  const header = kind === 'png' ? pngHeader(bytes) : kind === 'webp' ? webpHeader(bytes) : jpegHeader(bytes);
  if (header.width < 1 || header.height < 1) throw damaged('image');
  if (header.width * header.height > MAX_IMAGE_PIXELS) {
    throw new AppError('FILE_INVALID', `the image is ${header.width}×${header.height} pixels; at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are accepted, so shrink it and retry`);
  }
  const swap = header.orientation >= 5;
  const width = swap ? header.height : header.width;
  const height = swap ? header.width : header.height;
  if (kind === 'webp') return { ...base, width, height, thumbnail: null };

  const thumbnail = await makeThumbnail({ kind, bytes, orientation: header.orientation, width: header.width, height: header.height, size: THUMB_SIZE, maxPixels: MAX_IMAGE_PIXELS }).catch(() => {
    throw damaged(kind === 'png' ? 'PNG image' : 'JPEG image');
  });
  return { ...base, width, height, thumbnail };
}

export const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `the file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB; shrink the photo or split the document and retry`);

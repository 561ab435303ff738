import { Worker } from 'node:worker_threads';

export interface ThumbnailJob {
  kind: 'jpeg' | 'png';
  bytes: Buffer;
  /** EXIF orientation 1–8. */
  orientation: number;
  /** As stored (before orientation), from the header; the decoded picture must match. */
  width: number;
  height: number;
  /** Long side of the thumbnail. */
  size: number;
  maxPixels: number;
}

type Pending = { resolve: (b: Buffer) => void; reject: (e: Error) => void };

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, Pending>();

/** The one thumbnail worker of this process, started when first needed; it never keeps the process alive. */
function thumbnailWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./thumbnail-worker.mjs', import.meta.url));
  w.unref();
  w.on('message', (m: { id: number; thumbnail?: Uint8Array; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.thumbnail) p.resolve(Buffer.from(m.thumbnail.buffer, m.thumbnail.byteOffset, m.thumbnail.byteLength));
    else p.reject(new Error(m.error ?? 'thumbnail failed'));
  });
  const fail = (err: Error) => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`thumbnail worker stopped (${code})`)));
  worker = w;
  return w;
}

/**
 * Decode an image and make its JPEG thumbnail in a worker thread, one image at a time, so a slow
 * decode never holds up other requests. Rejects when the image cannot be decoded.
 */
export function makeThumbnail(job: ThumbnailJob): Promise<Buffer> {
  const w = thumbnailWorker();
  const id = ++seq;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ ...job, id, bytes: new Uint8Array(job.bytes) });
  });
}

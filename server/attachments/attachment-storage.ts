import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';

/**
 * Where attachment bytes live. Keys are relative, slash-separated names made by the server
 * (`2026-11/3f2a….jpg`); the database holds the key, never a path. The disk store is the default; an
 * object store (S3, MinIO, OSS) implements the same three calls.
 */
export interface AttachmentStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes as a stream with their size, or null when nothing is stored under `key`. */
  get(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Remove the object; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Refuse anything but the server's own key shape, so no key can reach outside the folder. */
function checkKey(key: string): void {
  if (key.length > 200 || !KEY.test(key) || key.split('/').some((p) => p === '.' || p === '..')) throw new Error(`invalid attachment key: ${JSON.stringify(key)}`);
}

/**
 * Attachments as files under `dir` (created when first needed). Writes go to a temporary name and
 * are renamed into place, so a reader never sees half a file.
 * @example const storage = diskStorage(config.attachmentsDir); await storage.put('2026-11/a.jpg', bytes);
 */
export function diskStorage(dir: string): AttachmentStorage {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    checkKey(key);
    const path = join(root, ...key.split('/'));
    if (!path.startsWith(root + sep)) throw new Error(`invalid attachment key: ${JSON.stringify(key)}`);
    return path;
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, bytes, { flag: 'wx' });
        await rename(tmp, path);
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
    },
    async get(key) {
      const path = pathOf(key);
      // Opened before answering, so a file deleted meanwhile is either streamed whole or reported missing.
      const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (!handle) return null;
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        return null;
      }
      return { stream: handle.createReadStream(), size: info.size };
    },
    async delete(key) {
      try {
        await unlink(pathOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    },
  };
}

/**
 * How much JavaScript the resident page makes a phone download, gzipped: the entry script of
 * `form.html`, its modulepreloads, and every chunk those import (statically or dynamically), each
 * counted once. Node only (the e2e size test and the benchmark use it); the page never imports it.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageJsFile {
  /** Path as the browser asks for it, e.g. `/assets/form-abc123.js`. */
  path: string;
  bytes: number;
  gzipBytes: number;
}

/** The resident page's JavaScript files with their raw and gzipped sizes. */
export function residentPageJsFiles(distDir: string): PageJsFile[] {
  const html = readFileSync(join(distDir, 'form.html'), 'utf8');
  const queue: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) queue.push(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0]);
    if (href) queue.push(href[1]);
  }
  if (queue.length === 0) throw new Error(`${join(distDir, 'form.html')} loads no script`);
  const seen = new Map<string, PageJsFile>();
  while (queue.length > 0) {
    const path = posix.normalize(queue.shift()!);
    if (seen.has(path) || /^(https?:)?\/\//.test(path)) continue;
    const code = readFileSync(join(distDir, path));
    seen.set(path, { path, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
    const text = code.toString('utf8');
    // Relative imports between chunks: `from"./x.js"`, `import"./x.js"`, `import("./x.js")`, and
    // the preload helper's dependency lists (`"assets/x.js"`).
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+\.js)["']/g)) queue.push(posix.join(posix.dirname(path), m[1]));
    for (const m of text.matchAll(/["'](assets\/[^"']+\.js)["']/g)) queue.push(`/${m[1]}`);
  }
  return [...seen.values()];
}

/** Total gzipped bytes of all JavaScript the resident page (`dist/web/form.html`) loads. */
export function residentPageJsGzipBytes(distDir: string): number {
  return residentPageJsFiles(distDir).reduce((sum, f) => sum + f.gzipBytes, 0);
}

/** The budget from issue 4: opens in under a second on a slow phone connection. */
export const RESIDENT_PAGE_JS_BUDGET_BYTES = 150 * 1024;

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const apiTarget = process.env.WANGGE_API ?? 'http://127.0.0.1:3000';

/**
 * The production server answers `/card/*`, `/n/*` and `/screen/*` with mobile.html and `/f/*` with form.html; the dev server must do the same,
 * otherwise its SPA fallback would hand the grid card URL to the admin app.
 */
/**
 * Write `.br` and `.gz` beside every text asset: the server sends them to browsers that accept them
 * (@fastify/static preCompressed), so a phone on a slow connection downloads the resident page's
 * ~80 KB instead of ~250 KB, with no compression work per request.
 */
function precompress(): Plugin {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  let dir = outDir;
  return {
    name: 'wangge-precompress',
    apply: 'build',
    configResolved(config) {
      dir = config.build.outDir;
    },
    closeBundle() {
      for (const file of walk(dir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

function mobileEntryInDev(): Plugin {
  return {
    name: 'wangge-mobile-entry-dev',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url && /^\/f\/[^/?]/.test(req.url)) req.url = '/form.html';
        else if (req.url && /^\/(card|n|screen|report|track|m)(\/|$|\?)/.test(req.url)) req.url = '/mobile.html';
        next();
      });
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [react(), mobileEntryInDev(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // antd alone is ~250 KB gzip; it lives in its own cached chunk, split from the per-route chunks.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: {
        index: `${webRoot}/index.html`,
        mobile: `${webRoot}/mobile.html`,
        // The resident self-report page (/f/:token): React only, 150 KB gzip budget for all its JavaScript.
        form: `${webRoot}/form.html`,
      },
      output: {
        codeSplitting: {
          groups: [
            // The runtime all entries share (React): one long-cached chunk; i18next, which the resident
            // form page does without, in another. Everything else (antd, pages) is split automatically
            // per route and never reaches the mobile or form entry.
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|use-sync-external-store)[\\/]/, priority: 2 },
            { name: 'vendor-i18n', test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
});

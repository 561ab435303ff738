// Builds the web app once, so `npm install && npm start` needs nothing run by hand.
// Skips when the build is present, or when vite is absent (production install without dev deps).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
if (existsSync(`${root}dist/web/index.html`) && !process.argv.includes('--force')) process.exit(0);
if (!existsSync(`${root}node_modules/vite/package.json`) || !existsSync(`${root}web/index.html`)) {
  console.warn('[wangge] web app not built (vite or web sources missing); the API still runs.');
  process.exit(0);
}
console.log('[wangge] building the web app (first start only)…');
const r = spawnSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } }); // under vitest NODE_ENV=test would ship development React
process.exit(r.status ?? 1);

// `npm test`: type-check, then every test project (server on SQLite + PostgreSQL, then browser tests).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => `${root}node_modules/${name}`;
const run = (label, args) => {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`\n✖ ${label} failed`);
    process.exit(r.status ?? 1);
  }
};
run('type-check', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']);
run('tests (server on SQLite and PostgreSQL, browser in Chromium)', [bin('vitest/vitest.mjs'), 'run', ...process.argv.slice(2)]);

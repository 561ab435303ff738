#!/usr/bin/env node
// The `wangge` command: runs the TypeScript sources through tsx, so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/main.ts');
const code = await runCli(process.argv.slice(2));
if (code >= 0) process.exit(code);

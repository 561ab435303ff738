#!/usr/bin/env node
// Run a TypeScript file (benchmarks, scripts) with tsx.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
await import(pathToFileURL(resolve(process.argv[2])).href);

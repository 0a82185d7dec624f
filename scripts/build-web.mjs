#!/usr/bin/env node
// Builds the web app into web/dist (run by `npm install` through `prepare`, and by `npm start`
// when the build is missing). With --if-missing, an existing build is kept.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (process.argv.includes('--if-missing') && existsSync('web/dist/index.html')) process.exit(0);
if (!existsSync('node_modules/vite')) {
  console.log('vite is not installed (production install without dev tools?): skipping the web build');
  process.exit(0);
}
console.log('Building the web app…');
const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

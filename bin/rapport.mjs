#!/usr/bin/env node
// The `rapport` command. Runs the compiled server (server/dist/cli.mjs, built at install by
// scripts/build-server.mjs) when it is up to date with the sources; otherwise the TypeScript
// sources through tsx, so an edited checkout never runs stale code (RAPPORT_RUN overrides).
import { pathToFileURL } from 'node:url';

if (process.argv[2] === 'serve') process.stdout.write('Starting Rapport…\n');
const { chooseServer, serverBuild } = await import('../scripts/build-server.mjs');
let choice;
try {
  choice = chooseServer();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
if (choice === 'compiled') {
  await import(pathToFileURL(serverBuild).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/src/cli.ts');
}

#!/usr/bin/env node
// Compiles the server (server/src, and the common/src it uses) into one JavaScript file,
// server/dist/cli.mjs (and chunks it loads on demand), so `npm start` and `npx rapport` run JavaScript instead of compiling
// TypeScript at every start. Run by `npm install` through `prepare`, and by `npm start` when
// the build is missing or older than the sources (--if-stale). Packages stay external: they are
// loaded from node_modules as usual. `npm run dev` and the tests keep running the sources.
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverBuild = path.join(root, 'server/dist/cli.mjs');
const sources = ['server/src', 'common/src'].map((dir) => path.join(root, dir));

/** The newest modification time of a source file the build is made from (tests aside). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        newest = Math.max(newest, statSync(file).mtimeMs);
    }
  };
  for (const dir of sources) walk(dir);
  return newest;
}

/** True when server/dist/cli.mjs exists and no source is newer: running it runs the sources' code. */
export function serverBuildIsFresh() {
  try {
    return statSync(serverBuild).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

/**
 * What `rapport` runs: the build when it is fresh, else the sources. RAPPORT_RUN=compiled insists
 * on the build (an error without a fresh one), RAPPORT_RUN=source on the sources.
 */
export function chooseServer(setting = process.env.RAPPORT_RUN ?? 'auto') {
  if (!['auto', 'compiled', 'source'].includes(setting))
    throw new Error(`RAPPORT_RUN must be auto, compiled or source, not "${setting}"`);
  if (setting === 'source') return 'source';
  if (serverBuildIsFresh()) return 'compiled';
  if (setting === 'compiled')
    throw new Error(
      'RAPPORT_RUN=compiled, but server/dist is missing or older than the sources: run `npm run build:server`',
    );
  return 'source';
}

export async function buildServer() {
  const { build } = await import('esbuild');
  const dist = path.dirname(serverBuild);
  // Built aside, then swapped in: a `rapport` starting meanwhile finds either no build (and runs
  // the sources) or a whole one, never half of one.
  const aside = `${dist}.building-${process.pid}`;
  rmSync(aside, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(root, 'server/src/cli.ts')],
    outdir: aside,
    outExtension: { '.js': '.mjs' },
    // Parts loaded on demand (the demo generator) stay in chunks of their own, loaded when used.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    logLevel: 'warning',
    legalComments: 'none',
    banner: { js: '// Built from server/src by scripts/build-server.mjs: do not edit.' },
  });
  rmSync(dist, { recursive: true, force: true });
  renameSync(aside, dist);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-stale') && serverBuildIsFresh()) process.exit(0);
  const began = performance.now();
  await buildServer();
  console.log(`Built the server into server/dist/cli.mjs (${Math.round(performance.now() - began)} ms)`);
}

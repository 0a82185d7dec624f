#!/usr/bin/env node
// Builds the web app into web/dist (run by `npm install` through `prepare`, and by `npm start`
// when the build is missing). With --if-missing, an existing build is kept.
// With --chunks, lists the chunks each main screen loads first.
// Then writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside each text file of
// 1 KB or more: compressed once here, at the highest levels, instead of on every request; the
// server sends them with their Content-Encoding (@fastify/static's preCompressed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

if (process.argv.includes('--if-missing') && existsSync('web/dist/index.html')) process.exit(0);
if (!existsSync('node_modules/vite')) {
  console.log('vite is not installed (production install without dev tools?): skipping the web build');
  process.exit(0);
}
console.log('Building the web app…');
const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;
let plain = 0;
let brotli = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (COMPRESSIBLE.test(entry.name) && statSync(file).size >= 1024) {
      const body = readFileSync(file);
      const br = zlib.brotliCompressSync(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
      writeFileSync(`${file}.br`, br);
      writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
      plain += body.length;
      brotli += br.length;
    }
  }
};
walk('web/dist');
console.log(
  `Compressed the web app: ${Math.round(plain / 1024)} KB → ${Math.round(brotli / 1024)} KB with brotli`,
);

// What the main screens download before they show anything: the entry and every chunk it imports,
// plus the screen's own chunk and its imports (the lazy route), counted as brotli sends them.
// Chunks loaded later (a chart, a dialog, another tab) are not counted.
const manifestFile = 'web/dist/.vite/manifest.json';
if (existsSync(manifestFile)) {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const sent = (file) => {
    const br = `web/dist/${file}.br`;
    return existsSync(br) ? statSync(br).size : statSync(`web/dist/${file}`).size;
  };
  const closure = (keys, seen = new Set()) => {
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      closure(manifest[key].imports ?? [], seen);
    }
    return seen;
  };
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const screens = [
    ['sign-in', ['src/pages/sign-in/SignInPage.tsx']],
    ['Home', ['src/pages/home/HomePage.tsx']],
    ['Partners', ['src/pages/partners/PartnersPage.tsx']],
    ['partner page', ['src/pages/partner/PartnerPage.tsx']],
  ];
  const lines = [];
  for (const [name, routes] of screens) {
    const chunks = closure([entry, ...routes.filter((key) => manifest[key])]);
    const js = [...chunks].reduce((sum, key) => sum + sent(manifest[key].file), 0);
    const css = [...new Set([...chunks].flatMap((key) => manifest[key].css ?? []))].reduce(
      (sum, file) => sum + sent(file),
      0,
    );
    if (process.argv.includes('--chunks')) {
      for (const key of chunks)
        lines.push(`      ${Math.round(sent(manifest[key].file) / 1024)} KB ${manifest[key].file}`);
    }
    lines.push(
      `  ${name.padEnd(13)} JS ${String(Math.round(js / 1024)).padStart(4)} KB  CSS ${Math.round(css / 1024)} KB`,
    );
  }
  console.log(
    `First load, brotli (entry ${Math.round(sent(manifest[entry].file) / 1024)} KB):\n${lines.join('\n')}`,
  );
  rmSync('web/dist/.vite', { recursive: true, force: true });
}

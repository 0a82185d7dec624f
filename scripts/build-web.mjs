#!/usr/bin/env node
// Builds the web app into web/dist (run by `npm install` through `prepare`, and by `npm start`
// when the build is missing). With --if-missing, an existing build is kept.
// Then writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside each text file of
// 1 KB or more: compressed once here, at the highest levels, instead of on every request; the
// server sends them with their Content-Encoding (@fastify/static's preCompressed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

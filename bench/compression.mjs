// `node bench/compression.mjs`: CPU per compression of a 20 KB API-like JSON answer at the levels
// considered for API answers (plugins/compression.ts). A measurement, never a test.
import zlib from 'node:zlib';

// An API-like answer: 50 partners with fields.
const items = Array.from({ length: 50 }, (_, i) => ({
  id: crypto.randomUUID(),
  name: `Partner ${i} Holdings Ltd`,
  type: 'employer',
  status: 'active',
  sector: 'Health',
  unitIds: [crypto.randomUUID(), crypto.randomUUID()],
  manager: { id: crypto.randomUUID(), name: 'Jo Bloggs' },
  updatedAt: new Date().toISOString(),
  tags: ['placements', 'research'],
  can: { update: true, archive: false },
}));
const body = Buffer.from(JSON.stringify({ items, next: null }));
const cases = {
  'gzip 1': (b) => zlib.gzipSync(b, { level: 1 }),
  'gzip 4': (b) => zlib.gzipSync(b, { level: 4 }),
  'gzip 6 (default)': (b) => zlib.gzipSync(b, { level: 6 }),
  'brotli 4': (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }),
  'brotli 11 (default)': (b) => zlib.brotliCompressSync(b),
};
console.log('body', body.length, 'bytes');
for (const [name, f] of Object.entries(cases)) {
  for (let i = 0; i < 20; i++) f(body);
  const n = 200;
  const t = process.cpuUsage();
  let size = 0;
  for (let i = 0; i < n; i++) size = f(body).length;
  const u = process.cpuUsage(t);
  console.log(name.padEnd(20), `${size} bytes`, `${((u.user + u.system) / n / 1000).toFixed(3)} ms CPU each`);
}

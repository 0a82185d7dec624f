import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { CHECK_BATCH } from './imports.service.ts';

/**
 * No row cap: a file far larger than one batch is uploaded and previewed as streams, and the
 * process's resident memory stays flat, well under the file's size.
 */
let t: TestApp;
let staff: Agent;
beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

const ROWS = 120_000;
const NOTE = 'Met at the placement fair; wants two summer placements and a talk to second years. '.repeat(24);

/** A multipart body streamed a row at a time: never the whole file in memory. */
function streamedUpload(boundary: string) {
  return Readable.from(
    (function* () {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nName,Notes\r\n`,
      );
      for (let i = 0; i < ROWS; i++) yield Buffer.from(`Person ${i},"${NOTE}"\r\n`);
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })(),
  );
}

it(`uploads and previews ${ROWS.toLocaleString('en-GB')} rows (${Math.round((ROWS * NOTE.length) / 1e6)} MB, ${ROWS / CHECK_BATCH} batches) in flat memory`, async () => {
  const bytes = ROWS * (NOTE.length + 14);
  expect(ROWS).toBeGreaterThan(CHECK_BATCH * 100);
  // The JavaScript heap is where rows would pile up if they were held; resident memory also counts
  // PGlite's WebAssembly memory (which never shrinks) and pages the collector has not returned yet,
  // so it is reported but not judged (it swung from 20 to 202 MB between runs of this same test).
  // What is measured is what stays alive: each sample first collects the garbage (V8 on a 24 GB
  // machine otherwise lets it pile up for hundreds of MB before it bothers).
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc') as () => void;
  let peak = 0;
  let peakRss = 0;
  collect();
  const baseline = process.memoryUsage();
  const sampler = setInterval(() => {
    collect();
    const now = process.memoryUsage();
    peak = Math.max(peak, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 250);
  try {
    const boundary = '----rapportmemory';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?kind=contacts',
      headers: { ...staff.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: streamedUpload(boundary),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ rowCount: ROWS, mapping: { name: 'Name', notes: 'Notes' } });
    const shown = await t.call(staff, 'GET', `/api/v1/imports/${created.json().id}/preview?rows=3`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({ rowCount: ROWS, errorCount: 0 });
  } finally {
    clearInterval(sampler);
  }
  const grown = peak - baseline.heapUsed;
  console.log(
    `file ${Math.round(bytes / 1e6)} MB; heap grew by at most ${Math.round(grown / 1e6)} MB, resident memory by ${Math.round((peakRss - baseline.rss) / 1e6)} MB`,
  );
  // The rows stream through one batch at a time: what is alive stays far below the 240 MB file
  // (held as strings it would take twice that).
  expect(grown).toBeLessThan(bytes * 0.25);
  // Generous: a full collection four times a second, on two cores shared with the rest of the suite.
}, 600_000);

import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { CHECK_BATCH } from './imports.service.ts';

/**
 * No row cap: a file far larger than one batch is uploaded, previewed and run as streams, a
 * batch at a time, and what stays alive does not grow with the rows. The JavaScript heap is
 * where rows would pile up if they were held; resident memory also counts PGlite's WebAssembly
 * memory (which never shrinks) and pages the collector has not returned yet, so it is not
 * judged (it swung from 20 to 202 MB between runs of the same upload). What is measured is the
 * live heap: each sample first forces a full collection.
 */
let t: TestApp;
let staff: Agent;
beforeAll(async () => {
  t = await createTestApp({}, { jobs: { work: true, queue: 'in-process' } });
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

const ROWS = 10_000;
/** About 2 KB a row: a run that held each row's text would grow by at least that much a row. */
const NOTE = 'Met at the placement fair; wants two summer placements and a talk to second years. '.repeat(24);
/**
 * The most the live heap may grow per row. What a run remembers of each row on purpose (for the
 * in-file duplicates: a digest of its e-mail, a flat copy of its name) is tens of bytes; a
 * row's text is NOTE.length bytes.
 */
const BYTES_PER_ROW = 400;

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
const liveHeap = () => {
  collect();
  return process.memoryUsage().heapUsed;
};

/** A multipart body streamed a row at a time: never the whole file in memory. */
function streamedUpload(boundary: string) {
  return Readable.from(
    (function* () {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nName,Notes\r\n`,
      );
      for (let i = 0; i < ROWS; i++) yield Buffer.from(`Person ${i} Memory,"${NOTE}"\r\n`);
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })(),
  );
}

/** Least-squares slope of the heap against rows done: bytes that stay alive per row. */
function slope(samples: { rows: number; heap: number }[]) {
  const n = samples.length;
  const mx = samples.reduce((s, p) => s + p.rows, 0) / n;
  const my = samples.reduce((s, p) => s + p.heap, 0) / n;
  const sxy = samples.reduce((s, p) => s + (p.rows - mx) * (p.heap - my), 0);
  const sxx = samples.reduce((s, p) => s + (p.rows - mx) ** 2, 0);
  return sxy / sxx;
}

it(`uploads, previews and runs ${ROWS.toLocaleString('en-GB')} rows (${Math.round((ROWS * NOTE.length) / 1e6)} MB, ${ROWS / CHECK_BATCH} batches) with the live heap flat`, async () => {
  expect(ROWS).toBeGreaterThanOrEqual(CHECK_BATCH * 20);
  const baseline = liveHeap();
  const boundary = '----rapportmemory';
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports?kind=contacts',
    headers: { ...staff.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: streamedUpload(boundary),
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect(created.json()).toMatchObject({ rowCount: ROWS, mapping: { name: 'Name', notes: 'Notes' } });
  const shown = await t.call(staff, 'GET', `/api/v1/imports/${id}/preview?rows=3`);
  expect(shown.statusCode, shown.body).toBe(200);
  expect(shown.json()).toMatchObject({ rowCount: ROWS, errorCount: 0 });
  const afterUpload = liveHeap();

  // Sampled while the job runs in this process: the rows the run has committed, then the live
  // heap (the run yields to the event loop between batches, so the samples fall between them).
  const samples: { rows: number; heap: number }[] = [];
  let sampling: Promise<void> | null = null;
  const sample = async () => {
    const [row] = await queryRows<{ rows: number }>(
      t.db,
      sql`select rows_done as rows from imports where id = ${id}`,
    );
    samples.push({ rows: row!.rows, heap: liveHeap() });
  };
  const sampler = setInterval(() => {
    sampling ??= sample().finally(() => {
      sampling = null;
    });
  }, 300);
  try {
    const started = await t.call(staff, 'POST', `/api/v1/imports/${id}/run`);
    expect(started.statusCode, started.body).toBe(202);
    await t.app.jobs.drain();
  } finally {
    clearInterval(sampler);
    await sampling;
  }
  const done = await t.call(staff, 'GET', `/api/v1/imports/${id}`);
  expect(done.json()).toMatchObject({
    run: { status: 'finished', rowsDone: ROWS, created: ROWS, failed: 0 },
  });
  const afterRun = liveHeap();

  // The first two batches warm caches up (statements, the in-file keys' tables): judged after them.
  const during = samples.filter((s) => s.rows >= 2 * CHECK_BATCH && s.rows < ROWS);
  const perRow = slope(during);
  const keptPerRow = (afterRun - afterUpload) / ROWS;
  console.log(
    `${during.length} samples from ${during[0]?.rows} to ${during.at(-1)?.rows} rows: live heap ${Math.round((afterUpload - baseline) / 1e6)} MB above baseline after upload and preview; during the run it grew ${Math.round(perRow)} bytes a row; after it, ${Math.round(keptPerRow)} bytes a row were still alive`,
  );
  expect(during.length).toBeGreaterThanOrEqual(5);
  // Streamed through one batch at a time: the upload and preview keep far less than the file.
  expect(afterUpload - baseline).toBeLessThan(ROWS * BYTES_PER_ROW);
  expect(perRow).toBeLessThan(BYTES_PER_ROW);
  expect(keptPerRow).toBeLessThan(BYTES_PER_ROW);
}, 300_000);

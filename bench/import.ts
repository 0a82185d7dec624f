/**
 * The import benchmark (issue 14): N contacts (100,000 unless told) with their affiliations,
 * checked for duplicates against the demo University of Northmoor's data, uploaded and run
 * through the API as the wizard does, with the background job in this process. Resident memory
 * is sampled every 200 ms through the whole run and its peak reported. The dataset is generated
 * here, row by row, as a stream: nothing is committed, nothing is held whole.
 *
 *   npm run bench:import -- --driver postgres --rows 100000   (BENCH_DATABASE_URL or
 *     TEST_DATABASE_URL names the server; a database of its own is created and dropped)
 *   npm run bench:import -- --driver pglite --rows 100000
 *   npm run bench:import -- --kind partners --rows 20000   (N partners imported, then a second
 *     file of the same partners with another city: only that second run, N updates, is timed)
 *
 * Writes bench/results/<time>-import-<driver>-<rows>.json. Targets: ≤ 30 s on PostgreSQL,
 * PGlite within 3× that.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { type Database, openDatabase, queryRows } from '../server/src/db/client.ts';
import { migrateDatabase } from '../server/src/db/migrate.ts';
import { seedDemo } from '../server/src/demo/seed.ts';
import { buildUser } from '../server/src/test/factories/index.ts';

const { values: args } = parseArgs({
  options: {
    driver: { type: 'string', default: 'postgres' },
    rows: { type: 'string', default: '100000' },
    label: { type: 'string' },
    kind: { type: 'string', default: 'contacts' },
  },
});
const KIND = args.kind === 'partners' ? 'partners' : 'contacts';
const driver = args.driver === 'pglite' ? 'pglite' : 'postgres';
const ROWS = Number(args.rows);
const PASSWORD = 'correct horse battery staple';

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (driver === 'pglite') {
    // On disk, as the product keeps it.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-pglite-'));
    const database = await openDatabase({ driver: 'pglite', dataDir });
    return { database, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server');
  const name = `rapport_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ driver: 'postgres', url: u.toString(), poolSize: 5 });
  return {
    database,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * The spreadsheet, a row at a time: a contact at a demo partner; one in fifty an address Rapport
 * holds (each once, while there are enough: a repeat within the file would fail its update).
 */
function rowsOf(boundary: string, partnerNames: string[], knownEmails: string[]) {
  const titles = [
    'Placement coordinator',
    'Graduate recruitment manager',
    'Research liaison',
    'Talent partner',
  ];
  return Readable.from(
    (function* () {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contacts-${ROWS}.csv"\r\nContent-Type: text/csv\r\n\r\nFull name,E-mail,Job title,Organisation\r\n`,
      );
      let chunk = '';
      for (let i = 0; i < ROWS; i++) {
        const email =
          i % 50 === 49
            ? knownEmails[Math.floor(i / 50) % knownEmails.length]!
            : `person.${i}@bench-${i % 997}.example`;
        chunk += `Person ${i} Bench,${email},${titles[i % titles.length]},"${partnerNames[i % partnerNames.length]!.replace(/"/g, '""')}"\r\n`;
        if (chunk.length > 64 * 1024) {
          yield Buffer.from(chunk);
          chunk = '';
        }
      }
      yield Buffer.from(`${chunk}\r\n--${boundary}--\r\n`);
    })(),
  );
}

/**
 * A file of N partners (names of random letters, so no two are alike), each with a website of
 * its own, in `city`: uploaded twice, the second time every row matches its partner by domain.
 */
function partnerRowsOf(boundary: string, type: string, city: string) {
  return Readable.from(
    (function* () {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="partners-${ROWS}-${city}.csv"\r\nContent-Type: text/csv\r\n\r\nName,Partner type,Website,City\r\n`,
      );
      let chunk = '';
      for (let i = 0; i < ROWS; i++) {
        const word = createHash('sha1').update(String(i)).digest('hex').slice(0, 12);
        chunk += `Bench ${word},${type},https://www.${word}.example,${city}\r\n`;
        if (chunk.length > 64 * 1024) {
          yield Buffer.from(chunk);
          chunk = '';
        }
      }
      yield Buffer.from(`${chunk}\r\n--${boundary}--\r\n`);
    })(),
  );
}

async function main() {
  const { database, drop } = await open();
  const attachments = mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-import-'));
  try {
    await migrateDatabase(database);
    await seedDemo(database.db, new Date());
    await database.analyze();
    const existing = await queryRows<{ partners: number; contacts: number }>(
      database.db,
      sql`select (select count(*)::int from partners) as partners, (select count(*)::int from contacts) as contacts`,
    );
    const config = loadConfig({
      RAPPORT_DEMO: '0',
      LOG_LEVEL: 'silent',
      RAPPORT_ATTACHMENTS_DIR: attachments,
    });
    const app = await buildApp({
      config,
      database,
      jobs: { work: true, queue: 'in-process' },
      validateResponses: false,
    });
    await app.ready();
    const unit = await queryRows<{ id: string }>(database.db, sql`select id from units where code = 'CAR'`);
    const user = await buildUser(database.db, { role: 'staff', unitId: unit[0]!.id, password: PASSWORD });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    const headers = {
      cookie: `rapport_session=${login.cookies.find((c) => c.name === 'rapport_session')!.value}`,
      'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
    };
    const partnerNames = (
      await queryRows<{ name: string }>(
        database.db,
        sql`select name from partners where not is_internal and parent_id is null order by name`,
      )
    ).map((p) => p.name);
    const knownEmails = (
      await queryRows<{ email: string }>(
        database.db,
        sql`select emails[1] as email from contacts where cardinality(emails) > 0 order by id limit 500`,
      )
    ).map((c) => c.email);

    const call = async (what: InjectOptions, status: number) => {
      const response = await app.inject(what);
      if (response.statusCode !== status) throw new Error(`${response.statusCode} ${response.body}`);
      return response;
    };
    const boundary = '----rapportbench';
    const upload = (payload: Readable) =>
      call(
        {
          method: 'POST',
          url: `/api/v1/imports?kind=${KIND}`,
          headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        },
        201,
      );
    const type = (
      await queryRows<{ name: string }>(
        database.db,
        sql`select name from partner_types order by name limit 1`,
      )
    )[0]!.name;
    if (KIND === 'partners') {
      // The partners the timed run updates, brought in by an import of their own (not timed).
      const first = (await upload(partnerRowsOf(boundary, type, 'Leeds'))).json<{ id: string }>().id;
      await call({ method: 'POST', url: `/api/v1/imports/${first}/run`, headers }, 202);
      await app.jobs.drain();
      await database.analyze();
    }

    let peakRss = process.memoryUsage().rss;
    const baselineRss = peakRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 200);
    const loadBefore = os.loadavg();
    const t0 = performance.now();
    const uploaded = await upload(
      KIND === 'partners'
        ? partnerRowsOf(boundary, type, 'York')
        : rowsOf(boundary, partnerNames, knownEmails),
    );
    const id = uploaded.json<{ id: string }>().id;
    const t1 = performance.now();
    // Rows that look like a record Rapport holds update it; the rest are created.
    const chose = await app.inject({
      method: 'PATCH',
      url: `/api/v1/imports/${id}`,
      headers,
      payload: { choices: { all: 'update', rows: {} } },
    });
    if (chose.statusCode !== 200) throw new Error(`choices: ${chose.statusCode} ${chose.body}`);
    const started = await app.inject({ method: 'POST', url: `/api/v1/imports/${id}/run`, headers });
    if (started.statusCode !== 202) throw new Error(`run: ${started.statusCode} ${started.body}`);
    await app.jobs.drain();
    const t2 = performance.now();
    clearInterval(sampler);
    const done = (await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers })).json<{
      run: Record<string, unknown>;
    }>();
    const stored =
      KIND === 'partners'
        ? await queryRows<{ partners: number; inYork: number }>(
            database.db,
            sql`select count(*)::int as partners, (count(*) filter (where city = 'York'))::int as "inYork"
                from partners where name like 'Bench %'`,
          )
        : await queryRows<{ contacts: number; affiliations: number }>(
            database.db,
            sql`select (select count(*)::int from contacts where name like '% Bench') as contacts,
                       (select count(*)::int from affiliations a join contacts c on c.id = a.contact_id where c.name like '% Bench') as affiliations`,
          );
    const seconds = (ms: number) => Math.round(ms / 100) / 10;
    const result = {
      scenario: KIND === 'partners' ? 'import-partners-update' : 'import-contacts',
      driver,
      rows: ROWS,
      existing: existing[0],
      uploadAndReadSeconds: seconds(t1 - t0),
      runSeconds: seconds(t2 - t1),
      totalSeconds: seconds(t2 - t0),
      rowsPerSecond: Math.round(ROWS / ((t2 - t1) / 1000)),
      run: done.run,
      stored: stored[0],
      peakRssMb: Math.round(peakRss / 1e6),
      rssGrowthMb: Math.round((peakRss - baselineRss) / 1e6),
      targetSeconds: driver === 'postgres' ? 30 : 90,
      node: process.version,
      cpus: os.cpus().length,
      // The machine's 1-, 5- and 15-minute load averages as the run began and as it ended:
      // figures from a shared machine are slower than the run alone would be.
      loadAverage: {
        before: loadBefore.map((l) => Math.round(l * 100) / 100),
        after: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/${result.at.replace(/[:.]/g, '-')}-import-${KIND === 'partners' ? 'partners-' : ''}${driver}-${ROWS}${args.label ? `-${args.label}` : ''}.json`;
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${file}`);
    await app.close();
  } finally {
    await database.close().catch(() => {});
    await drop();
    rmSync(attachments, { recursive: true, force: true });
  }
}

await main();

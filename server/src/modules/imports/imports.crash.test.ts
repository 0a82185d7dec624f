import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import type { ImportDto } from '../../../../common/src/contracts/imports.ts';
import {
  call,
  killServer,
  type Server,
  type Session,
  signIn,
  startServer,
  stopServer,
  type Target,
} from '../../../../scripts/reliability/server.ts';
import { loadConfig } from '../../config.ts';
import { queryRows } from '../../db/client.ts';
import { openConfiguredDatabase } from '../../db/open.ts';
import { testDriver, withDatabaseName } from '../../test/driver.ts';
import { CHECK_BATCH } from './imports.service.ts';

/**
 * kill -9 of a real server half way through an import: the batches committed before the kill
 * are whole (their rows and the position that counts them), and the restarted server resumes
 * at the first row not applied, so every row of the file is applied exactly once.
 */
const driver = testDriver();
const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-import-crash-'));
const databaseName = `rapport_import_crash_${randomUUID().slice(0, 8)}`;
const target: Target =
  driver.kind === 'postgres'
    ? { driver: 'postgres', url: withDatabaseName(driver.url, databaseName) }
    : { driver: 'pglite', dataDir: path.join(dir, 'data') };
const env = { RAPPORT_ATTACHMENTS_DIR: path.join(dir, 'attachments'), LOG_LEVEL: 'info' };
let server: Server | null = null;

afterAll(async () => {
  if (server) await stopServer(server);
  if (driver.kind === 'postgres') {
    const admin = new pg.Client({ connectionString: driver.url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
  rmSync(dir, { recursive: true, force: true });
});

const ROWS = CHECK_BATCH * 4;
const tag = randomUUID().slice(0, 6);

async function uploadFile(session: Session): Promise<ImportDto> {
  const lines = ['Organisation,Type,Town'];
  for (let i = 1; i <= ROWS; i++) lines.push(`Crash ${tag} ${String(i).padStart(5, '0')},Employer,Leeds`);
  const form = new FormData();
  form.append('file', new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), 'crash.csv');
  const response = await fetch(`${session.url}/api/v1/imports?kind=partners`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: form,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as ImportDto;
}

/** Asks for the import until `done` holds (the server moves it on its own; each answer is a fresh look). */
async function watch(session: Session, id: string, done: (dto: ImportDto) => boolean, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const answer = await call(session, 'GET', `/imports/${id}`);
    const dto = answer.body as ImportDto;
    if (done(dto)) return dto;
    if (Date.now() > until)
      throw new Error(`the import did not get there in ${ms} ms: ${JSON.stringify(dto.run)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What the server writes from now on (for the message when it fails). */
function listen(s: Server) {
  let output = '';
  const add = (chunk: Buffer) => {
    output += chunk.toString();
  };
  s.child.stdout!.on('data', add);
  s.child.stderr!.on('data', add);
  return () => output;
}

/** Looks into the database while no server runs: the rows written and the position recorded. */
async function stateOf(id: string) {
  const config = loadConfig(
    target.driver === 'postgres'
      ? { DATABASE_URL: target.url, RAPPORT_DEMO: '0' }
      : { RAPPORT_DATA_DIR: target.dataDir, RAPPORT_DEMO: '0' },
  );
  const database = await openConfiguredDatabase(config);
  try {
    const [state] = await queryRows<{
      rows_done: number;
      outcomes: number;
      partners: number;
      history: number;
    }>(
      database.db,
      sql`select (select rows_done from imports where id = ${id}) as rows_done,
            (select count(*)::int from import_rows where import_id = ${id}) as outcomes,
            (select count(*)::int from partners where name like ${`Crash ${tag} %`}) as partners,
            (select count(*)::int from audit_log where request_id = ${`import:${id}`}) as history`,
    );
    return state!;
  } finally {
    await database.close();
  }
}

it(`a server killed with SIGKILL half way through ${ROWS.toLocaleString('en-GB')} rows resumes on restart: every row once, never half a batch`, async () => {
  if (driver.kind === 'postgres') {
    const admin = new pg.Client({ connectionString: driver.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
  }
  server = await startServer(target, 0, env);
  const first = listen(server);
  let session = await signIn(server.url);
  const created = await uploadFile(session);
  const started = await call(session, 'POST', `/imports/${created.id}/run`);
  expect(started.status).toBe(202);
  // Killed once the first batch is in and before the last is.
  const before = await watch(session, created.id, (d) => d.run.rowsDone >= CHECK_BATCH, 240_000).catch(
    (error: Error) => {
      const exit = `exit code ${server?.child.exitCode}, signal ${server?.child.signalCode}`;
      throw new Error(`${error.message} (${exit})\nThe server wrote:\n${first().slice(-5000)}`);
    },
  );
  await killServer(server);
  server = null;
  expect(before.run.rowsDone).toBeLessThan(ROWS);

  const killed = await stateOf(created.id);
  expect(killed.rows_done % CHECK_BATCH).toBe(0);
  expect(killed.rows_done).toBeLessThan(ROWS);
  // What is committed is whole batches: as many partners, outcomes and history entries as the position counts.
  expect(killed).toEqual({
    rows_done: killed.rows_done,
    outcomes: killed.rows_done,
    partners: killed.rows_done,
    history: killed.rows_done,
  });

  server = await startServer(target, 0, env);
  const restarted = listen(server);
  session = await signIn(server.url);
  const finished = await watch(session, created.id, (d) => d.run.status !== 'running', 240_000).catch(
    (error: Error) => {
      throw new Error(`${error.message}\nThe restarted server wrote:\n${restarted().slice(-5000)}`);
    },
  );
  expect(finished.run).toMatchObject({ status: 'finished', rowsDone: ROWS, created: ROWS, failed: 0 });
  await stopServer(server);
  server = null;
  expect(await stateOf(created.id)).toEqual({
    rows_done: ROWS,
    outcomes: ROWS,
    partners: ROWS,
    history: ROWS,
  });
}, 600_000);

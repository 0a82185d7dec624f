/**
 * The crash suite: `tsx scripts/reliability/crash.ts --driver pglite|postgres --trials N [--minutes M] [--out bench/results]`
 * (`npm run test:crash` is the short form: 3 trials on PGlite, 5 on PostgreSQL; `--admin-url` or
 * TEST_DATABASE_URL names the PostgreSQL server, where each run makes and drops its own database).
 *
 * Starts the real server, drives concurrent writes at it (partners, touch points with their
 * people and a follow-up task, bulk touch points, requests; each with an Idempotency-Key), kills
 * it with SIGKILL at a random moment, restarts it on the same data, and checks that every
 * acknowledged write is there and replays its answer, and that every key whose answer was lost
 * resolves (replayed, performed once, or reported as carried out). After the last trial the
 * database itself is checked: each write's rows exactly once and whole, nothing half-written.
 * Exits 1 on any problem. On PGlite, each restart must take over the lock the killed process left.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  call,
  killServer,
  type Server,
  type Session,
  signIn,
  startServer,
  stopServer,
  type Target,
} from './server.ts';
import { type Problem, type Resolved, verifyDatabase } from './verify.ts';
import { buildWrite, createFixture, idsOf, send, type Write, type WriteKind } from './writes.ts';

const { values: args } = parseArgs({
  options: {
    driver: { type: 'string', default: 'pglite' },
    trials: { type: 'string', default: '3' },
    writers: { type: 'string', default: '8' },
    /** Start no trial after this many minutes (the run then checks the database and reports). */
    minutes: { type: 'string' },
    port: { type: 'string' },
    out: { type: 'string' },
    'admin-url': {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const driver = args.driver as 'pglite' | 'postgres';
if (driver !== 'pglite' && driver !== 'postgres') throw new Error('--driver must be pglite or postgres');
const trials = Number(args.trials);
const stopStartingAt = args.minutes ? Date.now() + Number(args.minutes) * 60_000 : Number.POSITIVE_INFINITY;
const writers = Number(args.writers);
const port = Number(args.port ?? (driver === 'pglite' ? 4100 : 4101));
/** Short, so a claim the killed server held can be taken over seconds after the restart. */
const LEASE_SECONDS = 3;
const runId = randomUUID().slice(0, 8);

// Deterministic per run id would hide nothing: the kill moment is meant to vary.
const random = Math.random;
const kinds: WriteKind[] = [
  'partner',
  'partner',
  'touchpoint',
  'touchpoint',
  'touchpoint',
  'bulk',
  'request',
  'request',
];

type Sent = { write: Write; trial: number; status: number | null; body: unknown };
type TrialFigures = {
  trial: number;
  killAfterMs: number;
  sent: number;
  acknowledged: number;
  inFlight: number;
  restartMs: number;
  lockTakenOver: boolean | null;
};

const problems: Problem[] = [];
const report = (key: string | null, message: string) => problems.push({ key, message });
const resolved: Resolved[] = [];
const outcomes = { replayed: 0, performedOnRetry: 0, reportedCarriedOut: 0, waitedForLease: 0 };

async function prepareTarget(): Promise<{ target: Target; cleanup: () => Promise<void> }> {
  if (driver === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-'));
    return {
      target: { driver, dataDir: path.join(dir, 'data') },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `rapport_crash_${process.pid}_${runId}`;
  const admin = new pg.Client({ connectionString: args['admin-url'] });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(args['admin-url']!);
  url.pathname = `/${name}`;
  return {
    target: { driver, url: url.toString() },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: args['admin-url'] });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const lockOwner = (target: Target): number | null => {
  if (target.driver !== 'pglite') return null;
  try {
    return (JSON.parse(readFileSync(`${target.dataDir}/.rapport.lock/owner`, 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
};

/** Concurrent writers until the kill; each write's answer, or null when none came. */
async function writeUntilKilled(
  server: Server,
  session: Session,
  fixture: Awaited<ReturnType<typeof createFixture>>,
  trial: number,
) {
  const sent: Sent[] = [];
  let killed = false;
  let n = 0;
  const writer = async () => {
    while (!killed) {
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      const write = buildWrite(kind, `crash-${runId}-${trial}-${n++}`, fixture, session);
      const entry: Sent = { write, trial, status: null, body: null };
      sent.push(entry);
      try {
        const answer = await send(session, write);
        entry.status = answer.status;
        entry.body = answer.body;
      } catch {
        // The connection died with the server: the answer never came.
      }
    }
  };
  const killAfterMs = Math.round(300 + random() * 2200);
  const running = Array.from({ length: writers }, writer);
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  killed = true; // no new writes from here: those in flight are the ones the kill interrupts
  await killServer(server);
  await Promise.all(running);
  return { sent, killAfterMs };
}

/** Retries a key whose answer was lost until it resolves; a live lease answers 409 until it runs out. */
async function resolveKey(session: Session, entry: Sent): Promise<Resolved | null> {
  const deadline = Date.now() + (LEASE_SECONDS + 30) * 1000;
  let waited = false;
  while (Date.now() < deadline) {
    const answer = await send(session, entry.write);
    const body = answer.body as { record?: { id: string }; detail?: string } | null;
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.headers.get('idempotent-replayed') === 'true') outcomes.replayed++;
      else outcomes.performedOnRetry++;
      if (waited) outcomes.waitedForLease++;
      return { write: entry.write, acknowledged: false, ids: idsOf(entry.write, answer.body) };
    }
    if (answer.status === 409 && body?.record) {
      outcomes.reportedCarriedOut++;
      if (waited) outcomes.waitedForLease++;
      // The answer names the first record written; the database check finds the rest by marker.
      return {
        write: entry.write,
        acknowledged: false,
        ids: entry.write.kind === 'bulk' ? [] : [body.record.id],
      };
    }
    if (answer.status !== 409) {
      report(entry.write.key, `retry answered ${answer.status} ${JSON.stringify(answer.body)}`);
      return null;
    }
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  report(entry.write.key, `still 409 ${LEASE_SECONDS + 30} s after the restart`);
  return null;
}

/** An acknowledged write: its retry replays the same answer, and its record reads back whole. */
async function checkAcknowledged(session: Session, entry: Sent) {
  const ids = idsOf(entry.write, entry.body);
  const answer = await send(session, entry.write);
  if (answer.status !== entry.status || answer.headers.get('idempotent-replayed') !== 'true') {
    report(entry.write.key, `acknowledged ${entry.status}, but its retry answered ${answer.status}`);
  } else if (idsOf(entry.write, answer.body).join() !== ids.join()) {
    report(entry.write.key, `its retry named other records`);
  }
  const route = entry.write.kind === 'bulk' ? '/touchpoints' : entry.write.route;
  for (const id of entry.write.kind === 'bulk' ? [ids[0]!, ids.at(-1)!] : ids) {
    const read = await call(session, 'GET', `${route}/${id}`);
    if (read.status !== 200) report(entry.write.key, `acknowledged record ${id} reads ${read.status}`);
    else if (
      entry.write.kind === 'touchpoint' &&
      (read.body as { contacts: unknown[] }).contacts.length !== 2
    ) {
      report(entry.write.key, `acknowledged touch point ${id} lost its contacts`);
    }
  }
  resolved.push({ write: entry.write, acknowledged: true, ids });
}

async function main() {
  const { target, cleanup } = await prepareTarget();
  const figures: TrialFigures[] = [];
  const started = Date.now();
  let server = await startServer(target, port, { RAPPORT_IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS) });
  try {
    let session = await signIn(server.url);
    const fixture = await createFixture(session, runId);
    for (let trial = 1; trial <= trials && Date.now() < stopStartingAt; trial++) {
      const { sent, killAfterMs } = await writeUntilKilled(server, session, fixture, trial);
      const killedPid = server.pid;
      const leftLock = lockOwner(target);
      const restartAt = Date.now();
      server = await startServer(target, port, { RAPPORT_IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS) });
      const restartMs = Date.now() - restartAt;
      let lockTakenOver: boolean | null = null;
      if (target.driver === 'pglite') {
        lockTakenOver = leftLock === killedPid && lockOwner(target) === server.pid;
        if (!lockTakenOver)
          report(
            null,
            `trial ${trial}: the lock was not taken over (left ${leftLock}, now ${lockOwner(target)})`,
          );
      }
      session = await signIn(server.url);
      let acknowledged = 0;
      let inFlight = 0;
      for (const entry of sent) {
        if (entry.status === null) {
          inFlight++;
          const result = await resolveKey(session, entry);
          if (result) resolved.push(result);
        } else if (entry.status === 201) {
          acknowledged++;
          await checkAcknowledged(session, entry);
        } else {
          report(entry.write.key, `answered ${entry.status} before the kill: ${JSON.stringify(entry.body)}`);
        }
      }
      figures.push({
        trial,
        killAfterMs,
        sent: sent.length,
        acknowledged,
        inFlight,
        restartMs,
        lockTakenOver,
      });
      process.stdout.write(
        `trial ${trial}/${trials}: killed after ${killAfterMs} ms, ${acknowledged} acknowledged, ${inFlight} in flight, restarted in ${restartMs} ms${lockTakenOver ? ', lock taken over' : ''}; problems so far ${problems.length}\n`,
      );
    }
    const code = await stopServer(server);
    if (code !== 0) report(null, `the server exited with ${code} on SIGTERM`);
    problems.push(...(await verifyDatabase(target, runId, resolved)));
  } finally {
    server.child.kill('SIGKILL');
    await cleanup();
  }
  const sum = (pick: (f: TrialFigures) => number) => figures.reduce((total, f) => total + pick(f), 0);
  const acknowledgedKeys = new Set(resolved.filter((r) => r.acknowledged).map((r) => r.write.key));
  const restarts = figures.map((f) => f.restartMs).sort((a, b) => a - b);
  const summary = {
    suite: 'crash',
    driver,
    at: new Date().toISOString(),
    trials: figures.length,
    trialsAsked: trials,
    writers,
    writesSent: sum((f) => f.sent),
    acknowledged: sum((f) => f.acknowledged),
    inFlightAtKill: sum((f) => f.inFlight),
    ...outcomes,
    acknowledgedLostOrChanged: new Set(
      problems.filter((p) => p.key && acknowledgedKeys.has(p.key)).map((p) => p.key),
    ).size,
    keysWithProblems: new Set(problems.map((p) => p.key).filter(Boolean)).size,
    problems: problems.length,
    lockTakeovers: driver === 'pglite' ? figures.filter((f) => f.lockTakenOver).length : null,
    restartMs: { median: restarts[Math.floor(restarts.length / 2)] ?? 0, max: restarts.at(-1) ?? 0 },
    seconds: Math.round((Date.now() - started) / 1000),
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg()[0] },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  for (const { key, message } of problems.slice(0, 50))
    process.stdout.write(`PROBLEM ${key ?? ''} ${message}\n`);
  if (args.out) {
    mkdirSync(args.out, { recursive: true });
    const file = path.join(args.out, `${summary.at.replace(/[:.]/g, '-')}-crash-${driver}.json`);
    writeFileSync(file, `${JSON.stringify({ ...summary, problemList: problems, figures }, null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
  process.exitCode = problems.length === 0 ? 0 : 1;
}

await main();

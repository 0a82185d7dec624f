/**
 * The migration lock check: `npm run check:migration-locks -- [--base <git ref>] [--scale large]
 * [--threshold-ms 1000] [--out bench/results] [--keep-base]`.
 *
 * An upgrade applies this release's pending migrations to a database full of an older release's
 * data. The check does exactly that on PostgreSQL: it takes the older release's sources (`--base`,
 * by default the last commit before the platform's migrations), lets that release's own
 * `bench/data.ts` migrate a fresh database and fill it with the synthetic dataset at the chosen
 * scale, then runs this release's `rapport migrate` path (`migrateDatabase`: indexes of pending
 * migrations built CONCURRENTLY, then drizzle's migrator in one transaction) while it watches:
 * - every relation lock the migrating session holds, sampled every 20 ms from `pg_locks`, with
 *   the statement it was running when the lock was first seen;
 * - what the application would feel: a reader and a writer on the busiest tables, each timed.
 *
 * It reports every lock held for longer than the threshold (default one second), with what that
 * lock blocks (reads and writes, writes only, or neither), and the longest wait of each probe.
 * Figures go to bench/results/<time>-migration-locks-<scale>.json and
 * latest-migration-locks-<scale>.md. The base dataset is kept between runs (as a template
 * database named after the base commit and scale) when `--keep-base` is given, so a second check
 * after a new migration takes minutes instead of regenerating the data. Exits 1 only if the
 * migrations fail; long locks are a finding to read, not a crash.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { buildIndexesConcurrently } from '../../server/src/db/concurrent-indexes.ts';
import { migrationsFolder } from '../../server/src/db/migrate.ts';
import { repositoryRoot } from '../../server/src/lib/root.ts';

const { values: args } = parseArgs({
  options: {
    /** The older release whose data is upgraded: 847a0c9 is the last commit before migration 0007. */
    base: { type: 'string', default: '847a0c9' },
    scale: { type: 'string', default: 'large' },
    'threshold-ms': { type: 'string', default: '1000' },
    out: { type: 'string', default: 'bench/results' },
    'keep-base': { type: 'boolean', default: false },
    'admin-url': {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const scale = args.scale!;
if (!['small', 'medium', 'large'].includes(scale)) throw new Error('--scale must be small, medium or large');
const thresholdMs = Number(args['threshold-ms']);
if (!Number.isFinite(thresholdMs) || thresholdMs < 0) throw new Error('--threshold-ms must be a number');
const SAMPLE_MS = 20;
/** How long a probe waits for a lock before it counts as blocked and tries again. */
const LOCK_TIMEOUT_S = 60;

/** What a lock mode held by a migration stops the application from doing. */
export function blocks(mode: string): 'reads and writes' | 'writes' | 'nothing the application does' {
  if (mode === 'AccessExclusiveLock') return 'reads and writes';
  if (mode === 'ExclusiveLock' || mode === 'ShareRowExclusiveLock' || mode === 'ShareLock') return 'writes';
  // ShareUpdateExclusive (CONCURRENTLY, VACUUM), RowExclusive, RowShare and AccessShare conflict
  // only with DDL and with each other's stronger modes, never with SELECT/INSERT/UPDATE/DELETE.
  return 'nothing the application does';
}

const git = (...a: string[]) => execFileSync('git', a, { cwd: repositoryRoot, encoding: 'utf8' }).trim();
const databaseUrl = (name: string) => {
  const url = new URL(args['admin-url']!);
  url.pathname = `/${name}`;
  return url.toString();
};
const admin = new pg.Client({ connectionString: args['admin-url'] });
const log = (line: string) => console.log(`[migration-locks] ${line}`);

async function exists(name: string) {
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  return (rowCount ?? 0) > 0;
}

/** Runs the base release's own data generator against `database` (it migrates to the base first). */
async function generateBase(commit: string, database: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-base-'));
  try {
    execFileSync('bash', ['-c', `git -C "${repositoryRoot}" archive ${commit} | tar -x -C "${dir}"`]);
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(dir, 'node_modules'));
    await new Promise<void>((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'bench/data.ts', '--scale', scale], {
        cwd: dir,
        env: { ...process.env, DATABASE_URL: databaseUrl(database) },
        stdio: 'inherit',
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`base data generator exited ${code}`)),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Held = {
  relation: string;
  mode: string;
  firstMs: number;
  lastMs: number;
  statement: string;
  phase: string;
};
type Probe = {
  table: string;
  kind: 'read' | 'write';
  samples: number;
  maxWaitMs: number;
  waitsOverThreshold: number;
  timedOut: number;
};

/** The busiest tables, read and written the way requests do, each probe timed. */
const PROBED = ['partners', 'touchpoints', 'requests', 'relationships', 'contacts', 'tasks'];

async function main() {
  await admin.connect();
  const commit = git('rev-parse', '--short', args.base!);
  const head = git('rev-parse', '--short', 'HEAD');
  const baseName = `rapport_locks_base_${commit}_${scale}`;
  const checkName = `rapport_locks_check_${process.pid}`;
  const started = new Date();

  if (!(await exists(baseName))) {
    log(`generating the ${scale} dataset at ${commit} into ${baseName}…`);
    const t = performance.now();
    await admin.query(`create database ${baseName}`);
    try {
      await generateBase(commit, baseName);
    } catch (error) {
      await admin.query(`drop database if exists ${baseName} with (force)`);
      throw error;
    }
    log(`base dataset ready in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  } else log(`reusing ${baseName}`);
  await admin.query(`create database ${checkName} template ${baseName}`);

  const migrator = new pg.Client({
    connectionString: databaseUrl(checkName),
    application_name: 'rapport-migrate',
  });
  const monitor = new pg.Client({ connectionString: databaseUrl(checkName) });
  const reader = new pg.Client({ connectionString: databaseUrl(checkName) });
  const writer = new pg.Client({ connectionString: databaseUrl(checkName) });
  await Promise.all([migrator.connect(), monitor.connect(), reader.connect(), writer.connect()]);
  const pid = (await migrator.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const probes = new Map<string, Probe>();
  const held = new Map<string, Held[]>();
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  let phase = 'concurrent index builds';
  let done = false;

  const sample = async () => {
    while (!done) {
      const at = now();
      const { rows } = await monitor.query<{ relation: string; mode: string; query: string }>(
        `select coalesce(c.relname, l.relation::text) as relation, l.mode, a.query
           from pg_locks l join pg_stat_activity a on a.pid = l.pid
           left join pg_class c on c.oid = l.relation
          where l.pid = $1 and l.locktype = 'relation' and l.granted
            and coalesce(c.relnamespace, 0) not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)`,
        [pid],
      );
      for (const row of rows) {
        const key = `${row.relation}|${row.mode}`;
        const list = held.get(key) ?? [];
        const last = list.at(-1);
        // Seen in the previous samples: the same holding goes on; after a gap, a new one.
        if (last && last.lastMs >= at - 5 * SAMPLE_MS - 250) last.lastMs = at;
        else
          list.push({
            relation: row.relation,
            mode: row.mode,
            firstMs: at,
            lastMs: at,
            statement: row.query.replace(/\s+/g, ' ').slice(0, 160),
            phase,
          });
        held.set(key, list);
      }
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  };

  const probe = async (client: pg.Client, kind: 'read' | 'write') => {
    await client.query(`set lock_timeout = '${LOCK_TIMEOUT_S}s'`);
    let i = 0;
    while (!done) {
      const table = PROBED[i++ % PROBED.length]!;
      const key = `${table}|${kind}`;
      const entry = probes.get(key) ?? {
        table,
        kind,
        samples: 0,
        maxWaitMs: 0,
        waitsOverThreshold: 0,
        timedOut: 0,
      };
      const t = performance.now();
      try {
        if (kind === 'read') await client.query(`select id from ${table} order by id limit 1`);
        else {
          // A real row lock and a real write, rolled back: what an update would wait for.
          await client.query('begin');
          await client.query(
            `update ${table} set id = id where id = (select id from ${table} order by id limit 1)`,
          );
          await client.query('rollback');
        }
      } catch (error) {
        if (kind === 'write') await client.query('rollback').catch(() => {});
        const code = (error as { code?: string }).code;
        // A table the base does not have yet is not probed; a wait that outlived lock_timeout is
        // the finding itself (counted below with the time it waited).
        if (code !== '42P01' && code !== '55P03') throw error;
        if (code === '55P03') entry.timedOut++;
      }
      const waited = performance.now() - t;
      entry.samples++;
      entry.maxWaitMs = Math.max(entry.maxWaitMs, waited);
      if (waited > thresholdMs) entry.waitsOverThreshold++;
      probes.set(key, entry);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const watchers = Promise.all([sample(), probe(reader, 'read'), probe(writer, 'write')]);
  const applied = async () =>
    Number(
      (await migrator.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations'))
        .rows[0]!.n,
    );
  const appliedBefore = await applied();
  const phases: { phase: string; ms: number }[] = [];
  let failure: unknown = null;
  try {
    let t = now();
    const built = await buildIndexesConcurrently(migrator, migrationsFolder);
    phases.push({
      phase: `concurrent index builds (${built.length}: ${built.join(', ') || 'none'})`,
      ms: now() - t,
    });
    phase = 'migrations transaction';
    t = now();
    await migrate(drizzle(migrator), { migrationsFolder });
    phases.push({ phase: 'migrations transaction', ms: now() - t });
  } catch (error) {
    failure = error;
  }
  done = true;
  await watchers;
  const appliedAfter = failure ? appliedBefore : await applied();
  await Promise.all([migrator.end(), monitor.end(), reader.end(), writer.end()]);
  await admin.query(`drop database if exists ${checkName} with (force)`);
  if (!args['keep-base']) await admin.query(`drop database if exists ${baseName} with (force)`);
  await admin.end();
  if (failure) throw failure;

  const locks = [...held.values()]
    .flat()
    .map((h) => ({ ...h, heldMs: Math.round(h.lastMs - h.firstMs + SAMPLE_MS), blocks: blocks(h.mode) }))
    .sort((a, b) => b.heldMs - a.heldMs);
  const long = locks.filter((l) => l.heldMs > thresholdMs);
  const result = {
    at: started.toISOString(),
    base: commit,
    head,
    scale,
    thresholdMs,
    migrationsApplied: appliedAfter - appliedBefore,
    phases: phases.map((p) => ({ ...p, ms: Math.round(p.ms) })),
    locksOverThreshold: long,
    blockingLocksOverThreshold: long.filter((l) => l.blocks !== 'nothing the application does').length,
    locksObserved: locks.length,
    probes: [...probes.values()].map((p) => ({ ...p, maxWaitMs: Math.round(p.maxWaitMs) })),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, load ${os.loadavg()[0]?.toFixed(2)}`,
  };
  mkdirSync(args.out!, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(
    path.join(args.out!, `${stamp}-migration-locks-${scale}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  const md = [
    `# Migration lock check, ${scale} dataset`,
    '',
    `${result.migrationsApplied} migrations applied to the ${scale} dataset of ${commit}, by ${head}'s \`rapport migrate\`, ${result.at.slice(0, 16)} UTC, ${result.machine}. Locks sampled every ${SAMPLE_MS} ms; a reader and a writer probed ${PROBED.join(', ')} throughout.`,
    '',
    '| phase | time |',
    '|---|---|',
    ...result.phases.map((p) => `| ${p.phase} | ${(p.ms / 1000).toFixed(1)} s |`),
    '',
    `**Locks held over ${thresholdMs} ms: ${long.length}** (${result.blockingLocksOverThreshold} of them block the application).`,
    '',
    ...(long.length
      ? [
          '| relation | mode | held | blocks | phase | statement when first seen |',
          '|---|---|---|---|---|---|',
          ...long.map(
            (l) =>
              `| ${l.relation} | ${l.mode} | ${(l.heldMs / 1000).toFixed(1)} s | ${l.blocks} | ${l.phase} | \`${l.statement.replace(/\|/g, '\\|')}\` |`,
          ),
          '',
        ]
      : []),
    '| probe | samples | longest wait | waits over threshold |',
    '|---|---|---|---|',
    ...result.probes.map(
      (p) => `| ${p.kind} ${p.table} | ${p.samples} | ${p.maxWaitMs} ms | ${p.waitsOverThreshold} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(path.join(args.out!, `latest-migration-locks-${scale}.md`), md);
  console.log(`\n${md}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

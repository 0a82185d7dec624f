import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import { prepareStatementsOfPglite } from './pglite-prepared.ts';
import { prepareStatementsOf } from './prepared.ts';
import * as schema from './schema/index.ts';
import { markTransactions, refuseInsideTransactions } from './transaction-guard.ts';

export type Schema = typeof schema;
/** The one database type the rest of the server sees, whichever driver runs underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
// biome-ignore lint/suspicious/noExplicitAny: the relational-config type parameter differs per driver.
export type Tx = PgTransaction<PgQueryResultHKT, Schema, any>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Db | Tx;

export type Database = {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** The connection URL on PostgreSQL (the job queue opens its own connections with it). */
  url?: string;
  /** Refreshes planner statistics (PGlite never autovacuums, so we call it ourselves). */
  analyze(): Promise<void>;
  /**
   * Hears NOTIFY on `channel` from every connection (every instance's, this one's too), in commit
   * order. `onState(false)` while not listening (a lost connection is retried every second);
   * resolves to a function that stops.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onState: (listening: boolean) => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

/** How long PostgreSQL work may take before it is cut off; 0 turns a limit off. */
export type PostgresTimeouts = {
  /** A statement running longer is cancelled (statement_timeout). */
  statementMs: number;
  /** A session idle inside an open transaction longer is closed, releasing its locks (idle_in_transaction_session_timeout). */
  idleInTransactionMs: number;
  /** Waiting longer for a connection (a new one, or a free one from a full pool) fails instead of queueing for ever. */
  connectMs: number;
};

export const defaultPostgresTimeouts: PostgresTimeouts = {
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
  connectMs: 10_000,
};

export type OpenOptions =
  | {
      driver: 'postgres';
      url: string;
      poolSize?: number;
      timeouts?: Partial<PostgresTimeouts>;
      /** Refuse root queries inside transaction callbacks (default on; see transaction-guard.ts). */
      guard?: boolean;
    }
  | {
      driver: 'pglite';
      dataDir: string;
      /** Named statements (pglite-prepared.ts); on unless `false`. */
      prepared?: boolean;
    }
  | { driver: 'pglite'; loadDataDir: Blob; prepared?: boolean };

export const pgliteExtensions = { pg_trgm };

/**
 * Settings for every PostgreSQL session. JIT compilation pays off for long analytical queries,
 * not for ours: it starts at a plan cost that counting a large partner's touch points reaches,
 * and then spends 20–30 ms compiling a query that runs in 10. random_page_cost 1.1 (data in
 * memory or on SSD, not spinning disks): with the default 4 the planner prefers reading all
 * 5,000 partners and scoring each name by trigram similarity (60 ms) to the trigram index (1 ms).
 */
export const postgresSessionOptions = '-c jit=off -c random_page_cost=1.1';

/**
 * The session settings with the time limits: a stuck statement or a transaction left open by a
 * bug is ended by the server after a bounded time, so it cannot hold a pool connection for good.
 */
export function postgresSessionOptionsWith(
  timeouts: Pick<PostgresTimeouts, 'statementMs' | 'idleInTransactionMs'>,
) {
  return `${postgresSessionOptions} -c statement_timeout=${timeouts.statementMs} -c idle_in_transaction_session_timeout=${timeouts.idleInTransactionMs}`;
}
/** The same planner setting for PGlite's one session (it has no JIT). */
export const pgliteSessionSettings = 'set random_page_cost = 1.1';

/** Opens PostgreSQL (node-postgres pool) or PGlite (embedded, data in a folder). */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.driver === 'postgres') {
    const timeouts = { ...defaultPostgresTimeouts, ...options.timeouts };
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: timeouts.connectMs,
      options: postgresSessionOptionsWith(timeouts),
    });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on next use.
    });
    pool.on('connect', (client) => {
      // A checked-out client can lose its connection too (the server ended a session idle in a
      // transaction, or restarted): its pending and next queries fail, and the pool discards it on
      // release. Without a listener the 'error' event would crash the process.
      client.on('error', () => {});
      prepareStatementsOf(client);
    });
    const plain = drizzleNodePg(pool, { schema }) as unknown as Db;
    // The guard follows every transaction with AsyncLocalStorage, which on Node 20 slows every
    // promise in the process; a server on PostgreSQL may leave it off (its timeouts end a stuck
    // transaction), while tests and PGlite, where such a bug hangs everything, keep it on.
    const guard = options.guard ?? true;
    if (guard) refuseInsideTransactions(pool, ['query', 'connect']);
    const db = guard ? markTransactions(plain) : plain;
    return {
      db,
      driver: 'postgres',
      url: options.url,
      analyze: async () => {
        await db.execute(sql`ANALYZE`);
      },
      listen: (channel, onMessage, onState) => listenOnPostgres(options.url, channel, onMessage, onState),
      close: () => pool.end(),
    };
  }
  let release: (() => Promise<void>) | undefined;
  let client: PGlite;
  if ('dataDir' in options) {
    mkdirSync(options.dataDir, { recursive: true });
    release = await lockDataDir(options.dataDir);
    client = await PGlite.create(options.dataDir, { extensions: pgliteExtensions });
  } else {
    client = await PGlite.create({ loadDataDir: options.loadDataDir, extensions: pgliteExtensions });
  }
  await client.exec(pgliteSessionSettings);
  if (options.prepared ?? true) prepareStatementsOfPglite(client);
  refuseInsideTransactions(client, ['query', 'exec', 'sql', 'transaction']);
  const db = markTransactions(drizzlePglite(client, { schema }) as unknown as Db);
  return {
    db,
    driver: 'pglite',
    analyze: async () => {
      await client.exec('ANALYZE');
    },
    listen: async (channel, onMessage, onState) => {
      const stop = await client.listen(channel, onMessage);
      onState(true);
      return async () => {
        onState(false);
        if (!client.closed) await stop();
      };
    },
    close: async () => {
      await client.close();
      await release?.();
    },
  };
}

/** LISTEN on a connection of its own (outside the pool), reconnecting after a loss. */
async function listenOnPostgres(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onState: (listening: boolean) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const lost = (client: pg.Client) => {
    if (current !== null && current !== client) return; // an earlier connection's late goodbye
    current = null;
    onState(false);
    client.end().catch(() => {});
    if (!stopped && !retry) retry = setTimeout(connect, 1000).unref();
  };
  async function connect() {
    retry = undefined;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client.on('notification', (m) => {
      if (m.channel === channel) onMessage(m.payload ?? '');
    });
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      if (stopped) return void client.end().catch(() => {});
      current = client;
      onState(true);
    } catch {
      lost(client);
    }
  }
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    onState(false);
    await current?.end().catch(() => {});
  };
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

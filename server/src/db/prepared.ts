import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * How many statements one PostgreSQL connection keeps prepared at most. The hot paths need a
 * few dozen; statements whose text varies with their input (a bulk insert of n rows, a list of n
 * ids) would otherwise grow the cache of the connection and of its server process without end,
 * so past the limit a new text runs unnamed, as before.
 */
export const PREPARED_PER_CONNECTION = 200;

/** "cached plan must not change result type": a named statement outlived a change of its tables. */
export const RESULT_TYPE_CHANGED = '0A000';

/** A statement's name: a digest of its text, so a name never stands for two texts. */
export function statementName(text: string): string {
  return `r_${createHash('sha1').update(text).digest('base64url')}`;
}

type QueryConfig = { name?: string; text?: unknown; values?: unknown[]; callback?: unknown };
type Callback = (err: Error | null, result?: unknown) => void;
type Query = (...args: unknown[]) => unknown;
/** The part of node-postgres's connection a submitted query writes to, and its record of parsed names. */
type Connection = {
  close(message: { type: 'S'; name: string }): void;
  sync(): void;
  parsedStatements: Record<string, string>;
};

/**
 * A Close of the statement `name` and a Sync, queued on the client like a query (node-postgres's
 * submittable interface, as pg-cursor uses). PostgreSQL accepts a Close even in an aborted
 * transaction and answers one of an unknown name without an error. Once the server has dropped
 * it, node-postgres is told to parse the name again on its next use.
 */
function closeStatement(name: string, done: (err: Error | null) => void) {
  let connection: Connection | undefined;
  return {
    submit(c: Connection) {
      connection = c;
      c.close({ type: 'S', name });
      c.sync();
    },
    handleError(err: Error) {
      connection = undefined; // the connection is lost: nothing to run again on
      done(err);
    },
    handleReadyForQuery() {
      if (!connection) return;
      delete connection.parsedStatements[name];
      done(null);
    },
  };
}

/**
 * Makes every parameterised statement a client sends a named (prepared) one: PostgreSQL parses
 * and plans it on the first call and reuses the plan on the next ones (after five custom plans it
 * keeps a generic plan when that is no worse), where an unnamed statement is parsed and planned
 * again on every call — most of a typical overview's database time. Statements without
 * parameters stay unnamed: they may hold several commands (migrations, ANALYZE), which the
 * extended protocol refuses.
 *
 * After a change of a table (a migration, while the pool's connections live on) PostgreSQL
 * refuses a named statement whose result type would change, and would refuse it on every later
 * call too. Then the statement is closed, so its next use parses it afresh; outside a transaction
 * it is run once more at once, as `prepareStatementsOfPglite` does. Inside one the failure has
 * already aborted the transaction, so it surfaces as before.
 */
export function prepareStatementsOf(client: pg.ClientBase): void {
  const prepared = new Set<string>();
  const query = client.query.bind(client) as Query;
  const named = (config: QueryConfig, values: unknown[] | undefined): QueryConfig => {
    if (config.name || typeof config.text !== 'string' || !(values ?? config.values)?.length) return config;
    const name = statementName(config.text);
    if (!prepared.has(name)) {
      if (prepared.size >= PREPARED_PER_CONNECTION) return config;
      prepared.add(name);
    }
    return { ...config, name };
  };

  /** Runs a statement we named; on a changed result type closes it and, outside a transaction, runs it again. */
  const run = (config: QueryConfig & { name: string }, values: unknown[] | undefined, callback: Callback) => {
    query(config, values, (err: (Error & { code?: string }) | null, result?: unknown) => {
      if (err?.code !== RESULT_TYPE_CHANGED) return callback(err, result);
      // The transaction status is the one PostgreSQL reported before this statement ran.
      const again = client.getTransactionStatus() === 'I';
      query(
        closeStatement(config.name, (closeError) => {
          if (again && !closeError) query(config, values, callback);
          else callback(err);
        }),
      );
    });
  };

  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const [config, second, third] = args;
    if (!config || typeof config !== 'object' || 'submit' in config) return query(...args);
    const values = Array.isArray(second) ? second : undefined;
    const request = named(config as QueryConfig, values);
    if (request === config || request.callback) {
      args[0] = request;
      return query(...args);
    }
    const namedRequest = request as QueryConfig & { name: string };
    const given = typeof second === 'function' ? second : typeof third === 'function' ? third : undefined;
    if (given) return void run(namedRequest, values, given as Callback);
    return new Promise((resolve, reject) => {
      run(namedRequest, values, (err, result) => (err ? reject(err) : resolve(result)));
    });
  };
}

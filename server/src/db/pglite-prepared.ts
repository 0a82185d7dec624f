import {
  messages as backend,
  type PGlite,
  parse,
  protocol,
  type QueryOptions,
  type Results,
  type Transaction,
} from '@electric-sql/pglite';
import { PREPARED_PER_CONNECTION, statementName } from './prepared.ts';

type Messages = Awaited<ReturnType<PGlite['execProtocolStream']>>;
type Message = Messages[number];
type RowDescription = Extract<Message, { name: 'rowDescription' }>;
type Query = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

/** What Parse and Describe told us of a named statement: its parameters' types and its rows' shape. */
type Statement = { text: string; name: string; parameterTypes: number[]; rows: RowDescription | null };

/** PGlite's internal locks and hooks that its own `query` uses (TypeScript-private, not JS-private). */
type Internals = {
  _checkReady(): Promise<void>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
};

/** "cached plan must not change result type": a named statement outlived a change of its tables. */
const RESULT_TYPE_CHANGED = '0A000';

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Makes PGlite's parameterised statements named (prepared) ones, as `prepareStatementsOf` does on
 * PostgreSQL: PGlite's own `query` sends an unnamed Parse, Describe, Bind, Describe, Execute and
 * Sync on every call, so every query is parsed and planned again — in WebAssembly, on the
 * server's one thread. Here the first call of a text parses and describes it under
 * `statementName(text)`, and later calls send Bind, Execute and Sync in one message, its rows read
 * with the row description kept from the first call by PGlite's own result parser (so `rows`,
 * `fields` and `affectedRows` are what PGlite's `query` returns, in either row mode).
 *
 * The locks are PGlite's: outside a transaction the transaction lock, then the query lock; inside
 * one (the transaction's `query`) the query lock only. An error is PGlite's own DatabaseError (its
 * code and message as before); the statement is closed and parsed again on its next call. After a
 * change of a table (a migration) PostgreSQL refuses a statement whose result type would change;
 * outside a transaction it is parsed again and run once more. At most PREPARED_PER_CONNECTION
 * texts are kept; past that, and for statements without parameters (they may hold several
 * commands), options this does not handle (a blob, parameter types), PGlite's `query` runs as before.
 */
export function prepareStatementsOfPglite(client: PGlite): void {
  const internals = client as unknown as Internals;
  const statements = new Map<string, Statement>();
  const unnamed = client.query.bind(client) as Query;

  const exec = (message: Uint8Array, options: QueryOptions | undefined) =>
    client.execProtocolStream(message, { syncToFs: false, onNotice: options?.onNotice });

  const forget = async (statement: Statement, options: QueryOptions | undefined) => {
    statements.delete(statement.text);
    await exec(concat([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]), options);
  };

  const prepare = async (text: string, options: QueryOptions | undefined): Promise<Statement> => {
    const name = statementName(text);
    // Closing first makes the name free even if the session still held it (a Close of an unknown
    // statement is no error), so a lost track of it can never make every later Parse fail.
    const messages = await exec(
      concat([
        serialize.close({ type: 'S', name }),
        serialize.parse({ name, text }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      options,
    );
    const statement: Statement = {
      text,
      name,
      parameterTypes: parse.parseDescribeStatementResults(messages),
      rows: (messages.find((m) => m.name === 'rowDescription') as RowDescription | undefined) ?? null,
    };
    statements.set(text, statement);
    return statement;
  };

  const run = async <T>(
    statement: Statement,
    params: unknown[],
    options: QueryOptions | undefined,
  ): Promise<Results<T>> => {
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = statement.parameterTypes[i]!;
      const serializer = options?.serializers?.[oid] ?? client.serializers[oid];
      return serializer ? serializer(param) : (param as { toString(): string }).toString();
    });
    let messages: Messages;
    try {
      messages = await exec(
        concat([
          serialize.bind({ statement: statement.name, values }),
          serialize.execute({}),
          serialize.sync(),
        ]),
        options,
      );
    } catch (e) {
      // The Sync in the same message has ended the failed command; the statement may be what
      // failed (its tables changed), so it is closed and parsed afresh next time.
      await forget(statement, options);
      throw e;
    }
    const all = statement.rows ? [statement.rows, ...messages] : messages;
    return parse.parseResults(all, client.parsers, options)[0] as Results<T>;
  };

  /** The work PGlite's `#runQuery` does, for a named statement; the caller holds the query lock. */
  const named = async <T>(
    text: string,
    params: unknown[],
    options: QueryOptions | undefined,
    inTransaction: boolean,
  ): Promise<Results<T>> => {
    const cached = statements.get(text);
    let result: Results<T>;
    try {
      try {
        result = await run<T>(cached ?? (await prepare(text, options)), params, options);
      } catch (e) {
        if (!cached || inTransaction || (e as { code?: string }).code !== RESULT_TYPE_CHANGED) throw e;
        result = await run<T>(await prepare(text, options), params, options);
      }
    } catch (e) {
      // As PGlite's makePGliteError does: the error carries the statement that failed.
      if (e instanceof backend.DatabaseError)
        Object.assign(e, { query: text, params, queryOptions: options });
      throw e;
    }
    if (!inTransaction) await client.syncToFs();
    return result;
  };

  const wanted = (text: string, params: unknown[] | undefined, options: QueryOptions | undefined) =>
    typeof text === 'string' &&
    params !== undefined &&
    params.length > 0 &&
    !options?.blob &&
    !options?.paramTypes &&
    (statements.has(text) || statements.size < PREPARED_PER_CONNECTION);

  const query: Query = async (text, params, options) => {
    if (!wanted(text, params, options)) return unnamed(text, params, options);
    await internals._checkReady();
    return internals._runExclusiveTransaction(() =>
      internals._runExclusiveQuery(() => named(text, params!, options, false)),
    );
  };
  client.query = query as PGlite['query'];

  const transaction = client.transaction.bind(client);
  client.transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      const inner = tx.query.bind(tx) as Query;
      const txQuery: Query = async (text, params, options) => {
        if (!wanted(text, params, options)) return inner(text, params, options);
        if (tx.closed) throw new Error('Transaction is closed');
        return internals._runExclusiveQuery(() => named(text, params!, options, true));
      };
      tx.query = txQuery as Transaction['query'];
      return callback(tx);
    });
}

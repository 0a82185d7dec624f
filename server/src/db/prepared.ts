import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * How many statements one PostgreSQL connection keeps prepared at most. The hot paths need a
 * few dozen; statements whose text varies with their input (a bulk insert of n rows, a list of n
 * ids) would otherwise grow the cache of the connection and of its server process without end,
 * so past the limit a new text runs unnamed, as before.
 */
export const PREPARED_PER_CONNECTION = 200;

/** A statement's name: a digest of its text, so a name never stands for two texts. */
export function statementName(text: string): string {
  return `r_${createHash('sha1').update(text).digest('base64url')}`;
}

type QueryConfig = { name?: string; text?: unknown; values?: unknown[] };

/**
 * Makes every parameterised statement a client sends a named (prepared) one: PostgreSQL parses
 * and plans it on the first call and reuses the plan on the next ones (after five custom plans it
 * keeps a generic plan when that is no worse), where an unnamed statement is parsed and planned
 * again on every call — most of a typical overview's database time. Statements without
 * parameters stay unnamed: they may hold several commands (migrations, ANALYZE), which the
 * extended protocol refuses.
 */
export function prepareStatementsOf(client: pg.ClientBase): void {
  const prepared = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (config: QueryConfig, values: unknown[] | undefined): QueryConfig => {
    if (config.name || typeof config.text !== 'string' || !(values ?? config.values)?.length) return config;
    const name = statementName(config.text);
    if (!prepared.has(name)) {
      if (prepared.size >= PREPARED_PER_CONNECTION) return config;
      prepared.add(name);
    }
    return { ...config, name };
  };
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [config, values] = args;
    if (config && typeof config === 'object' && !('submit' in config)) {
      args[0] = named(config as QueryConfig, Array.isArray(values) ? values : undefined);
    }
    return query(...args);
  };
}

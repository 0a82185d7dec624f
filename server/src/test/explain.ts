import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Database, Db } from '../db/client.ts';
import * as schema from '../db/schema/index.ts';

/** For tests that pin a statement's plan: what it sent, replayed with EXPLAIN. */
export type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
};
export const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

/** The statements `work` sends, with their parameters. */
export async function capturedStatements(database: Database, work: (db: Db) => Promise<unknown>) {
  const sent: { query: string; params: unknown[] }[] = [];
  const logger = { logQuery: (query: string, params: unknown[]) => sent.push({ query, params }) };
  const pool =
    database.driver === 'postgres' ? new pg.Pool({ connectionString: database.url, max: 1 }) : null;
  try {
    const handle = (pool
      ? drizzleNodePg(pool, { schema, logger })
      : drizzlePglite((database.db as unknown as { $client: never }).$client, {
          schema,
          logger,
        })) as unknown as Db;
    await work(handle);
  } finally {
    await pool?.end();
  }
  return sent;
}

/** A statement with its parameters written in, as literals, for EXPLAIN. */
export function inline({ query, params }: { query: string; params: unknown[] }) {
  const literal = (value: unknown): string => {
    if (value === null) return 'null';
    if (Array.isArray(value)) return `array[${value.map(literal).join(', ')}]`;
    if (typeof value === 'number') return String(value);
    return `'${String(value).replace(/'/g, "''")}'`;
  };
  return query.replace(/\$(\d+)/g, (_, n) => {
    const value = params[Number(n) - 1];
    // An empty array keeps its type from the cast the statement puts after it.
    return Array.isArray(value) && value.length === 0 ? `'{}'` : literal(value);
  });
}

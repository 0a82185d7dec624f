import path from 'node:path';
import { QueryPromise } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import {
  integer,
  PgDatabase,
  PgInsertBuilder,
  PgSelectBase,
  PgSelectBuilder,
  PgUpdateBuilder,
  pgTable,
} from 'drizzle-orm/pg-core';
import pg from 'pg';

/**
 * Records each query sent on a pg.Client that is still busy with another (two queries at once on one connection: `Promise.all` over a
 * transaction, a query started without awaiting it, a write left running in the background).
 * node-postgres only queues such a query and warns; pg 9 refuses it, and PGlite has a single
 * connection too. `busy-sends.ts`, a vitest setup file, fails the test that sends one, listing
 * each origin (the stack of the second send, inside our code) once.
 */

Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 200);

type Send = { stack: string; sql: string; busyWith: string; busyStack: string };

/*
 * Installed once per worker however this module is loaded (the setup file and a test may reach it
 * by different module graphs): a second install would record each busy send twice.
 */
const key = Symbol.for('rapport.busy-sends');
const global = globalThis as { [key]?: Send[] };
const firstInstall = global[key] === undefined;
if (firstInstall) global[key] = [];
const sends: Send[] = global[key] ?? [];

/*
 * `await query` on a drizzle builder calls its `then` from a microtask of its own, where the async
 * stack trace no longer reaches the function that awaited it. So the stack is also taken where the
 * builder is made (synchronously, in that function), and `then` hands it to the send below.
 */
const madeAt = new WeakMap<object, string>();
let sending: string | undefined;

type Method = (this: unknown, ...args: unknown[]) => unknown;
function tagResults(proto: object, names: string[]): void {
  const record = proto as Record<string, Method>;
  for (const name of names) {
    const made = record[name];
    if (typeof made !== 'function') throw new Error(`busy-sends: drizzle has no ${name} to follow`);
    record[name] = function (this: unknown, ...args: unknown[]) {
      const result = made.apply(this, args);
      if (result && typeof result === 'object' && !madeAt.has(result))
        madeAt.set(result, new Error('made').stack ?? '');
      return result;
    };
  }
}
function followThen(proto: object): void {
  const record = proto as Record<string, Method>;
  const then = record.then;
  if (typeof then !== 'function') throw new Error('busy-sends: a drizzle query has no then to follow');
  // biome-ignore lint/suspicious/noThenProperty: follows drizzle's own then, which makes its builders awaitable
  record.then = function (this: unknown, ...args: unknown[]) {
    const before = sending;
    sending = madeAt.get(this as object) ?? before;
    try {
      return then.apply(this, args);
    } finally {
      sending = before;
    }
  };
}
if (firstInstall) {
  // Sample builders (never run) give the classes drizzle does not export.
  const sample = pgTable('busy_sends_sample', { id: integer() });
  const db = drizzle(new pg.Pool(), { schema: { sample } });
  const relational = db.query.sample;
  tagResults(PgDatabase.prototype, ['$count', 'delete', 'execute', 'refreshMaterializedView']);
  tagResults(PgSelectBuilder.prototype, ['from']);
  tagResults(PgInsertBuilder.prototype, ['values', 'select']);
  tagResults(PgUpdateBuilder.prototype, ['set']);
  tagResults(Object.getPrototypeOf(relational), ['findMany', 'findFirst']);
  followThen(QueryPromise.prototype);
  followThen(PgSelectBase.prototype);
  followThen(Object.getPrototypeOf(db.$count(sample)));
}

const root = path.resolve(import.meta.dirname, '../../..');
const thisFile = import.meta.filename;

/** Our frames only (no node_modules, no node internals, not this file), relative to the repository. */
function ourFrames(stack: string): string[] {
  return stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line.includes(root) && !line.includes('node_modules') && !line.includes(thisFile))
    .map((line) => line.replace(`file://${root}/`, '').replace(`${root}/`, ''));
}

function textOf(config: unknown): string {
  if (typeof config === 'string') return config;
  if (config && typeof config === 'object' && 'text' in config)
    return String((config as { text: unknown }).text);
  return String(config);
}

type Internals = {
  _activeQuery?: { text?: string } | null;
  _queryQueue?: { text?: string }[];
  pipeline?: boolean;
  __sentStacks?: WeakMap<object, string>;
};

const original = pg.Client.prototype.query;
const stackOf = new WeakMap<object, string>();

if (firstInstall)
  pg.Client.prototype.query = function query(this: pg.Client, ...args: unknown[]) {
    const client = this as unknown as Internals;
    const busy = !client.pipeline && (client._activeQuery != null || (client._queryQueue?.length ?? 0) > 0);
    const stack =
      (new Error('send').stack ?? '') + (sending ? `\n--- the query was made at:\n${sending}` : '');
    if (busy) {
      const first = client._activeQuery ?? client._queryQueue?.[0] ?? null;
      sends.push({
        stack,
        sql: textOf(args[0]).slice(0, 160),
        busyWith: (first?.text ?? '').slice(0, 160),
        busyStack: (first && stackOf.get(first)) ?? '',
      });
    }
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    // Remember who sent each query, so a busy send can name what it collided with.
    const queued = client._queryQueue?.at(-1) ?? client._activeQuery;
    if (queued && typeof queued === 'object' && !stackOf.has(queued)) stackOf.set(queued, stack);
    return result;
  } as typeof pg.Client.prototype.query;

/** How many busy sends were recorded so far: a mark for `takeBusySends`. */
export function busySendCount(): number {
  return sends.length;
}

/** Takes the busy sends recorded since `mark` out of the record (so nobody reports them again). */
export function takeBusySends(mark: number): Send[] {
  return sends.splice(mark);
}

/** The failure message for `found`, each origin once; undefined when there are none. */
export function describeBusySends(found: Send[], where: string): string | undefined {
  if (found.length === 0) return undefined;
  const origins = new Map<string, { count: number; send: Send; frames: string[]; busyFrames: string[] }>();
  for (const send of found) {
    const frames = ourFrames(send.stack);
    const key = frames.join('\n') || send.sql;
    const seen = origins.get(key);
    if (seen) seen.count += 1;
    else origins.set(key, { count: 1, send, frames, busyFrames: ourFrames(send.busyStack) });
  }
  const lines = [...origins.values()].map(
    ({ count, send, frames, busyFrames }, i) =>
      `#${i + 1} (${count}×) sent: ${send.sql}\n    while busy with: ${send.busyWith}\n` +
      `    second send from:\n${(frames.length ? frames : ['(no frame of ours)']).map((f) => `      ${f}`).join('\n')}\n` +
      `    the query in flight from:\n${(busyFrames.length ? busyFrames : ['(unknown)']).map((f) => `      ${f}`).join('\n')}`,
  );
  return (
    `${found.length} quer${found.length === 1 ? 'y was' : 'ies were'} sent on a connection busy with another (${where}), ` +
    `from ${origins.size} origin${origins.size === 1 ? '' : 's'}:\n${lines.join('\n')}`
  );
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite, type QueryOptions, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openTestDatabase } from '../test/database.ts';
import { type Database, openDatabase, pgliteExtensions, queryRows } from './client.ts';
import { openConfiguredDatabase } from './open.ts';
import { prepareStatementsOfPglite } from './pglite-prepared.ts';
import { PREPARED_PER_CONNECTION, prepareStatementsOf, statementName } from './prepared.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** Statements of every type the server reads, each with parameters (so they are named). */
const samples: [string, unknown[]][] = [
  ['select $1::int8 as big, $2::int4 as small, $3::int2 as tiny', ['9007199254740993', 7, 3]],
  ['select $1::numeric as amount, $2::float8 as ratio', ['12345678901234567890.123456789', 0.25]],
  [
    'select $1::timestamptz as at, $2::date as day, $3::interval as span',
    ['2026-03-01T10:00:00Z', '2026-03-01', '1 day'],
  ],
  ['select $1::json as doc, $2::jsonb as bin', [{ a: [1, 'x'] }, { b: null }]],
  [
    'select $1::int[] as ids, $2::text[] as names, $3::timestamptz[] as ats',
    [[1, 2], ['a', 'b,c'], ['2026-01-01T00:00:00Z']],
  ],
  ['select $1::text as nothing, $2::int as none, null::uuid as missing', [null, undefined]],
  ['select $1::bytea as blob, $2::bool as yes', [new Uint8Array([0, 1, 255]), true]],
  ['select g as n, $1::text || g as label from generate_series(1, $2::int) g', ['row ', 3]],
  ['select 1 as one where $1::int = 2', [1]],
];

/** drizzle's options (see drizzle-orm/pglite/session.js): dates and times stay strings. */
const drizzleParsers = Object.fromEntries(
  [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map((t) => [
    t,
    (v: string) => v,
  ]),
);
const modes: (QueryOptions | undefined)[] = [
  undefined,
  { rowMode: 'array', parsers: drizzleParsers },
  { rowMode: 'object', parsers: drizzleParsers },
];

const pgliteOnly = () => database.driver !== 'pglite';

/** A PGlite with named statements, and its own unnamed `query` to compare with. */
async function twoWays() {
  const client = await PGlite.create({ extensions: pgliteExtensions });
  const unnamed = PGlite.prototype.query.bind(client);
  prepareStatementsOfPglite(client);
  const names = async () =>
    (
      await unnamed<{ name: string; custom_plans: number; generic_plans: number }>(
        "select name, custom_plans, generic_plans from pg_prepared_statements where name like 'r\\_%'",
      )
    ).rows;
  return { client, unnamed, names };
}

describe('named statements on PGlite', () => {
  it('prepares a text once and runs it again without parsing it', async () => {
    if (pgliteOnly()) return;
    const { client, names } = await twoWays();
    try {
      const text = 'select $1::int + 1 as next';
      expect((await client.query(text, [1])).rows).toEqual([{ next: 2 }]);
      expect((await client.query(text, [41])).rows).toEqual([{ next: 42 }]);
      expect(await client.query(text, [1])).toMatchObject({ rows: [{ next: 2 }], affectedRows: 0 });
      const mine = (await names()).filter((n) => n.name === statementName(text));
      // One statement, executed three times: a second Parse would have reset its counts.
      expect(mine).toHaveLength(1);
      expect(mine[0]!.custom_plans + mine[0]!.generic_plans).toBe(3);
      // Without parameters a statement stays unnamed: it may hold several commands.
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await client.exec('select 1; select 2');
      expect((await names()).map((n) => n.name)).toEqual([statementName(text)]);
    } finally {
      await client.close();
    }
  });

  it('answers exactly as the unnamed statement does, the first time and after', async () => {
    if (pgliteOnly()) return;
    const { client, unnamed } = await twoWays();
    try {
      for (const [text, params] of samples) {
        for (const options of modes) {
          const expected = await unnamed(text, params, options);
          expect(await client.query(text, params, options)).toEqual(expected);
          expect(await client.query(text, params, options)).toEqual(expected);
        }
      }
      expect((await client.query<{ big: string }>(samples[0]![0], samples[0]![1])).rows[0]!.big).toBe(
        9007199254740993n,
      );
    } finally {
      await client.close();
    }
  });

  it('counts affected rows of writes as before, with and without RETURNING', async () => {
    if (pgliteOnly()) return;
    const { client, unnamed } = await twoWays();
    try {
      await client.exec('create table t (id int primary key, name text)');
      const writes: [string, unknown[]][] = [
        ['insert into t select g, $1 from generate_series($2::int, $3::int) g', ['a', 1, 4]],
        ['update t set name = $1 where id <= $2 returning id', ['b', 2]],
        ['delete from t where id > $1', [3]],
        ['select count(*) as n from t where name = $1', ['b']],
      ];
      for (const [text, params] of writes) {
        await client.exec('begin');
        const expected = await unnamed(text, params);
        await client.exec('rollback');
        for (let i = 0; i < 2; i++) {
          await client.exec('begin');
          expect(await client.query(text, params)).toEqual(expected);
          await client.exec('rollback');
        }
      }
    } finally {
      await client.close();
    }
  });

  it("throws PGlite's own error with the same code and message, and the next call works", async () => {
    if (pgliteOnly()) return;
    const { client, unnamed, names } = await twoWays();
    try {
      await client.exec('create table t (id int primary key)');
      const insert = 'insert into t values ($1)';
      await client.query(insert, [1]);
      const caught = (p: Promise<unknown>) =>
        p.then(
          () => new Error('no error'),
          (e: unknown) => e,
        );
      const expected = (await caught(unnamed(insert, [1]))) as Record<string, unknown>;
      expect(expected.code).toBe('23505');
      const cases: [string, unknown[], string][] = [
        [insert, [1], '23505'], // at execution, of a statement already named
        ['select $1::int as n', ['not a number'], '22P02'], // at Bind
        ['select $1::int from nowhere', [1], '42P01'], // at Parse
      ];
      for (const [text, params, code] of cases) {
        const want = (await caught(unnamed(text, params))) as Record<string, unknown>;
        const got = (await caught(client.query(text, params))) as Record<string, unknown>;
        expect(got).toBeInstanceOf(Error);
        expect(got.constructor).toBe(want.constructor);
        for (const field of ['code', 'message', 'detail', 'constraint', 'table', 'severity', 'query']) {
          expect(got[field]).toEqual(want[field]);
        }
        expect(got.code).toBe(code);
        expect(got.params).toEqual(params);
      }
      // The failed statement was forgotten; the next call parses it again and works.
      expect((await names()).map((n) => n.name)).not.toContain(statementName(insert));
      await client.query(insert, [2]);
      expect((await client.query('select $1::int as n', [5])).rows).toEqual([{ n: 5 }]);
      expect((await unnamed('select count(*)::int as n from t')).rows).toEqual([{ n: 2 }]);
    } finally {
      await client.close();
    }
  });

  it('keeps at most a bounded number of texts, and runs the rest unnamed', async () => {
    if (pgliteOnly()) return;
    const { client, names } = await twoWays();
    try {
      for (let i = 0; i < PREPARED_PER_CONNECTION + 20; i++) {
        const text = `select $1::int as n, ${i} as k`;
        expect((await client.query(text, [i])).rows).toEqual([{ n: i, k: i }]);
        expect((await client.query(text, [i + 1])).rows).toEqual([{ n: i + 1, k: i }]);
      }
      expect(await names()).toHaveLength(PREPARED_PER_CONNECTION);
    } finally {
      await client.close();
    }
  });

  it('names statements inside a transaction, under its lock only, and keeps them after', async () => {
    if (pgliteOnly()) return;
    const { client } = await twoWays();
    try {
      const text = 'select $1::int * 2 as twice';
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const order: string[] = [];
      const inside = client.transaction(async (tx) => {
        expect((await tx.query(text, [1])).rows).toEqual([{ twice: 2 }]);
        expect((await tx.query(text, [2])).rows).toEqual([{ twice: 4 }]);
        await held;
        order.push('transaction ends');
        const listed = await tx.query<{ name: string }>('select name from pg_prepared_statements');
        return listed.rows.map((n) => n.name);
      });
      // Outside the transaction a query waits for it to end, as PGlite's own query does.
      const outside = client.query(text, [3]).then((r) => {
        order.push('outside runs');
        return r.rows;
      });
      await new Promise((resolve) => setImmediate(resolve));
      release();
      expect(await inside).toContain(statementName(text));
      expect(await outside).toEqual([{ twice: 6 }]);
      expect(order).toEqual(['transaction ends', 'outside runs']);

      // A failed statement aborts the transaction as before; after it, the statement still works.
      await expect(
        client.transaction(async (tx) => {
          await tx.query('select $1::int / 0 as boom', [1]).catch(() => undefined);
          await tx.query(text, [3]);
        }),
      ).rejects.toMatchObject({ code: '25P02' });
      expect((await client.query(text, [21])).rows).toEqual([{ twice: 42 }]);
      // A closed transaction refuses more queries, as PGlite's own transaction does.
      let kept: Parameters<Parameters<PGlite['transaction']>[0]>[0] | undefined;
      await client.transaction(async (tx) => {
        kept = tx;
      });
      await expect(kept!.query(text, [1])).rejects.toThrow('Transaction is closed');
    } finally {
      await client.close();
    }
  });

  it('parses a statement again when a change of its table changed its result type', async () => {
    if (pgliteOnly()) return;
    const { client } = await twoWays();
    try {
      await client.exec('create table t (a int); insert into t values (1)');
      const text = 'select * from t where a = $1';
      expect((await client.query(text, [1])).rows).toEqual([{ a: 1 }]);
      await client.exec("alter table t add column b text default 'x'");
      expect((await client.query(text, [1])).rows).toEqual([{ a: 1, b: 'x' }]);
      expect((await client.query(text, [1])).rows).toEqual([{ a: 1, b: 'x' }]);
      // Inside a transaction the failure aborts it, so it is not retried: it surfaces.
      await client.exec('alter table t add column c int default 2');
      await expect(client.transaction((tx) => tx.query(text, [1]))).rejects.toMatchObject({ code: '0A000' });
      expect((await client.query(text, [1])).rows).toEqual([{ a: 1, b: 'x', c: 2 }]);
    } finally {
      await client.close();
    }
  });
});

describe('named statements through the server database, on either driver', () => {
  const query = (n: number) =>
    sql`select ${n}::int8 as big, ${String(n)}::numeric as amount, now() - now() as none`;
  const namesOf = (db: Database['db']) =>
    queryRows<{ name: string }>(
      db,
      sql`select name from pg_prepared_statements where name = ${statementName(new PgDialect().sqlToQuery(query(1)).sql)}`,
    );

  it('answers as unnamed statements do', async () => {
    const first = await queryRows<Record<string, unknown>>(database.db, query(1));
    expect(await queryRows(database.db, query(1))).toEqual(first);
    expect(await queryRows(database.db, query(2))).toEqual([
      { ...first[0], big: expect.anything(), amount: '2' },
    ]);
  });

  it('names them on PGlite by default, not with RAPPORT_PGLITE_PREPARED=false, with the same answers', async () => {
    if (pgliteOnly()) return;
    const folder = mkdtempSync(path.join(tmpdir(), 'rapport-prepared-'));
    try {
      const answers: unknown[] = [];
      const settings: [Record<string, string>, number][] = [
        [{}, 1],
        [{ RAPPORT_PGLITE_PREPARED: 'true' }, 1],
        [{ RAPPORT_PGLITE_PREPARED: 'false' }, 0],
      ];
      for (const [i, [env, named]] of settings.entries()) {
        const config = loadConfig({ RAPPORT_DATA_DIR: path.join(folder, String(i)), ...env });
        expect(config.pglitePrepared).toBe(named === 1);
        const opened = await openConfiguredDatabase(config);
        try {
          answers.push([await queryRows(opened.db, query(1)), await queryRows(opened.db, query(2))]);
          expect(await namesOf(opened.db)).toHaveLength(named);
        } finally {
          await opened.close();
        }
      }
      // Opened without saying, as tests and tools do, the database names them too.
      const plain = await openDatabase({ driver: 'pglite', dataDir: path.join(folder, 'plain') });
      try {
        await queryRows(plain.db, query(1));
        expect(await namesOf(plain.db)).toHaveLength(1);
      } finally {
        await plain.close();
      }
      expect(answers[0]).toEqual(answers[2]);
      expect(answers[1]).toEqual(answers[2]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives the same rows and fields as an unnamed statement on PostgreSQL', async () => {
    if (database.driver !== 'postgres') return;
    const plain = new pg.Client({ connectionString: database.url });
    const named = new pg.Client({ connectionString: database.url });
    await Promise.all([plain.connect(), named.connect()]);
    prepareStatementsOf(named);
    try {
      for (const [text, params] of samples) {
        const expected = await plain.query(text, params);
        for (let i = 0; i < 2; i++) {
          const got = await named.query(text, params);
          expect(got.rows).toEqual(expected.rows);
          expect(got.fields.map((f) => [f.name, f.dataTypeID])).toEqual(
            expected.fields.map((f) => [f.name, f.dataTypeID]),
          );
        }
      }
      const code = await named.query('select $1::int as n', ['x']).catch((e: { code: string }) => e.code);
      expect(code).toBe('22P02');
      expect((await named.query('select $1::int as n', [3])).rows).toEqual([{ n: 3 }]);
    } finally {
      await Promise.all([plain.end(), named.end()]);
    }
  });
});

import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOf } from '../lib/all-of.ts';
import { openTestDatabase } from '../test/database.ts';
import { type Database, openDatabase, queryRows } from './client.ts';
import { PREPARED_PER_CONNECTION, statementName } from './prepared.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const preparedNames = (db: Database['db']) =>
  queryRows<{ name: string }>(
    db,
    sql`select name from pg_prepared_statements where name like ${'r\\_%'}`,
  ).then((rows) => rows.map((r) => r.name));

describe('prepared statements on PostgreSQL', () => {
  it('prepares a parameterised statement once per connection and answers as before', async () => {
    if (database.driver !== 'postgres') return; // PGlite's named statements: pglite-prepared.test.ts
    const one = await openDatabase({ driver: 'postgres', url: database.url!, poolSize: 1 });
    try {
      const query = (n: number) => sql`select ${n}::int + 1 as next`;
      expect(await queryRows(one.db, query(1))).toEqual([{ next: 2 }]);
      expect(await queryRows(one.db, query(41))).toEqual([{ next: 42 }]);
      const text = new PgDialect().sqlToQuery(query(1)).sql;
      const names = await preparedNames(one.db);
      // The statement and the look-up itself, each prepared once under the digest of its text.
      expect(names).toContain(statementName(text));
      expect(new Set(names).size).toBe(names.length);
      // Inside a transaction, on the transaction's connection, too.
      const inside = await one.db.transaction(async (tx) => {
        await queryRows(tx, query(2));
        return preparedNames(tx);
      });
      expect(inside).toContain(statementName(text));
      // A statement without parameters is not prepared (it may hold several commands).
      await one.db.execute(sql.raw('select 1; select 2'));
    } finally {
      await one.close();
    }
  });

  it('keeps at most a bounded number prepared per connection, and still runs the rest', async () => {
    if (database.driver !== 'postgres') return;
    const one = await openDatabase({ driver: 'postgres', url: database.url!, poolSize: 1 });
    try {
      for (let i = 0; i < PREPARED_PER_CONNECTION + 20; i++) {
        const rows = await queryRows<{ n: number }>(
          one.db,
          sql`select ${i}::int as n, ${sql.raw(String(i))} as k`,
        );
        expect(rows[0]!.n).toBe(i);
      }
      const names = await preparedNames(one.db);
      expect(names.length).toBe(PREPARED_PER_CONNECTION);
    } finally {
      await one.close();
    }
  });

  it('keeps a statement first prepared in a transaction that rolled back or failed', async () => {
    if (database.driver !== 'postgres') return;
    const one = await openDatabase({ driver: 'postgres', url: database.url!, poolSize: 1 });
    try {
      const query = (n: number) => sql`select ${n}::int * 2 as twice`;
      await expect(
        one.db.transaction(async (tx) => {
          await queryRows(tx, query(1));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      // A statement that fails leaves the transaction aborted; the next one's parse fails too.
      await expect(
        one.db.transaction(async (tx) => {
          await queryRows(tx, sql`select ${1}::int / 0 as boom`).catch(() => undefined);
          await queryRows(tx, sql`select ${3}::int * 3 as thrice`);
        }),
      ).rejects.toThrow();
      expect(await queryRows(one.db, query(21))).toEqual([{ twice: 42 }]);
      expect(await queryRows(one.db, sql`select ${3}::int * 3 as thrice`)).toEqual([{ thrice: 9 }]);
    } finally {
      await one.close();
    }
  });
  it('parses a statement again after a change of its table: at once outside a transaction, next time inside one', async () => {
    if (database.driver !== 'postgres') return;
    const one = await openDatabase({ driver: 'postgres', url: database.url!, poolSize: 1 });
    try {
      const backend = async () =>
        (await queryRows<{ pid: number }>(one.db, sql`select pg_backend_pid() as pid`))[0]!.pid;
      await one.db.execute(sql.raw('create table changing (a int); insert into changing values (1)'));
      const query = sql`select * from changing where a = ${1}`;
      const name = statementName(new PgDialect().sqlToQuery(query).sql);
      const pid = await backend();
      expect(await queryRows(one.db, query)).toEqual([{ a: 1 }]);
      await one.db.execute(sql.raw("alter table changing add column b text default 'x'"));
      // Outside a transaction: the first call after the change already answers, on the same connection.
      expect(await queryRows(one.db, query)).toEqual([{ a: 1, b: 'x' }]);
      expect(await queryRows(one.db, query)).toEqual([{ a: 1, b: 'x' }]);
      expect(await backend()).toBe(pid);
      // Inside one the failure has aborted the transaction: it surfaces, and the transaction rolls back.
      await one.db.execute(sql.raw('alter table changing add column c int default 2'));
      const failure = await one.db
        .transaction(async (tx) => {
          await tx.execute(sql`insert into changing (a) values (${2})`);
          await queryRows(tx, query);
        })
        .catch((e: { cause?: { code?: string } }) => e);
      expect(failure).toMatchObject({ cause: { code: '0A000' } });
      // The statement was closed: its next call, in a transaction or not, parses it afresh.
      expect(await one.db.transaction((tx) => queryRows(tx, query))).toEqual([{ a: 1, b: 'x', c: 2 }]);
      expect(await queryRows(one.db, query)).toEqual([{ a: 1, b: 'x', c: 2 }]);
      expect(await queryRows(one.db, sql`select count(*)::int as n from changing`)).toEqual([{ n: 1 }]);
      expect((await preparedNames(one.db)).filter((n) => n === name)).toHaveLength(1);
      expect(await backend()).toBe(pid);
    } finally {
      await one.close();
    }
  });
});

describe('allOf', () => {
  it('runs reads at once on the database and one after another on a transaction', async () => {
    const order: string[] = [];
    const task =
      (db: Database['db'] | Parameters<Parameters<Database['db']['transaction']>[0]>[0], name: string) =>
      async () => {
        order.push(`start ${name}`);
        await queryRows(db, sql`select ${name}::text as name`);
        order.push(`end ${name}`);
        return name;
      };
    expect(await allOf(database.db, [task(database.db, 'a'), task(database.db, 'b')])).toEqual(['a', 'b']);
    expect(order.slice(0, 2)).toEqual(['start a', 'start b']);
    order.length = 0;
    const inside = await database.db.transaction((tx) => allOf(tx, [task(tx, 'c'), task(tx, 'd')]));
    expect(inside).toEqual(['c', 'd']);
    expect(order).toEqual(['start c', 'end c', 'start d', 'end d']);
  });
});

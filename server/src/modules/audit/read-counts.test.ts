import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { unitReads } from '../../db/schema/audit.ts';
import { openTestDatabase } from '../../test/database.ts';
import { buildUnit } from '../../test/factories/core.ts';
import { flushReads, tallyReads } from './read-counts.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const counted = async () =>
  (await database.db.select().from(unitReads)).map((r) => ({
    reader: r.readerUnitId,
    owner: r.ownerUnitId,
    month: String(r.month).slice(0, 10),
    reads: r.reads,
  }));

describe('counting reads across units', () => {
  it('tallies in memory, writes one sum per pair and month when flushed, and adds to it later', async () => {
    const [reader, owner, other] = await Promise.all([
      buildUnit(database.db),
      buildUnit(database.db),
      buildUnit(database.db),
    ]);
    const december = new Date('2026-12-02T10:00:00Z');
    tallyReads(database.db, reader.id, new Map([[owner.id, 3]]), december);
    tallyReads(
      database.db,
      reader.id,
      new Map([
        [owner.id, 2],
        [other.id, 1],
      ]),
      december,
    );
    tallyReads(database.db, reader.id, new Map([[owner.id, 1]]), new Date('2026-11-30T10:00:00Z'));
    // Nothing is written on the reading path.
    expect(await counted()).toEqual([]);

    expect(await flushReads(database.db)).toBe(true);
    const sorted = (rows: Awaited<ReturnType<typeof counted>>) =>
      rows.sort((a, b) => `${a.owner}${a.month}`.localeCompare(`${b.owner}${b.month}`));
    expect(sorted(await counted())).toEqual(
      sorted([
        { reader: reader.id, owner: owner.id, month: '2026-12-01', reads: 5 },
        { reader: reader.id, owner: other.id, month: '2026-12-01', reads: 1 },
        { reader: reader.id, owner: owner.id, month: '2026-11-01', reads: 1 },
      ]),
    );

    tallyReads(database.db, reader.id, new Map([[owner.id, 4]]), december);
    await flushReads(database.db);
    const rows = await counted();
    expect(rows.find((r) => r.owner === owner.id && r.month === '2026-12-01')?.reads).toBe(9);
    // Flushing with nothing tallied writes nothing and changes nothing.
    expect(await flushReads(database.db)).toBe(true);
    expect((await counted()).length).toBe(3);
  });

  it('drops a tally it cannot write, without throwing, so later reads are still counted', async () => {
    await database.db.delete(unitReads);
    const [reader, owner] = await Promise.all([buildUnit(database.db), buildUnit(database.db)]);
    const at = new Date('2026-12-02T10:00:00Z');
    // A unit deleted between the read and the count: its row breaks the foreign key.
    tallyReads(
      database.db,
      reader.id,
      new Map([
        [randomUUID(), 1],
        [owner.id, 1],
      ]),
      at,
    );
    expect(await flushReads(database.db)).toBe(false);
    expect(await counted()).toEqual([]);

    tallyReads(database.db, reader.id, new Map([[owner.id, 2]]), at);
    expect(await flushReads(database.db)).toBe(true);
    expect(await counted()).toEqual([{ reader: reader.id, owner: owner.id, month: '2026-12-01', reads: 2 }]);
  });
});

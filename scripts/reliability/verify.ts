import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../server/src/db/client.ts';
import type { Target } from './server.ts';
import { BULK_ITEMS, type Write } from './writes.ts';

/** A write as the crash suite saw it, once its key has been resolved after the restart. */
export type Resolved = { write: Write; acknowledged: boolean; ids: string[] };
/** What went wrong, and with which write's key (null: not one write's). */
export type Problem = { key: string | null; message: string };

type Row = Record<string, unknown>;
const counted = (row: Row, column: string) => Number(row[column]);

const whole = (entity: string, alias: string) =>
  sql.raw(`
  (select count(*) from audit_log a where a.entity = '${entity}' and a.entity_id = ${alias}.id and a.action = 'create') as audits,
  (select count(*) from events e where e.entity = '${entity}' and e.entity_id = ${alias}.id and e.name = '${entity}.created') as events`);

/**
 * Reads the database directly (the server stopped) and checks every write the suite resolved:
 * its rows are there exactly once, with the ids its answer gave, and whole: each record with its
 * audit entry and event, a touch point with its people and its follow-up task, a bulk write with
 * all its items. Also that no record anywhere in the database lacks its audit entry or event.
 */
export async function verifyDatabase(
  target: Target,
  runId: string,
  resolved: Resolved[],
): Promise<Problem[]> {
  const database =
    target.driver === 'postgres'
      ? await openDatabase({ driver: 'postgres', url: target.url })
      : await openDatabase({ driver: 'pglite', dataDir: target.dataDir });
  const problems: Problem[] = [];
  const report = (key: string | null, message: string) => problems.push({ key, message });
  try {
    const rows = (query: ReturnType<typeof sql>) => queryRows<Row>(database.db, query);
    const like = `crash-${runId}-%`;
    const partners = await rows(
      sql`select p.id, substr(p.name, 7) as marker, ${whole('partner', 'p')} from partners p where p.name like ${`Crash ${like}`}`,
    );
    const touchpoints = await rows(sql`
      select t.id, t.subject as marker, ${whole('touchpoint', 't')},
        (select count(*) from touchpoint_contacts c where c.touchpoint_id = t.id) as contacts,
        (select count(*) from touchpoint_staff s where s.touchpoint_id = t.id) as staff
      from touchpoints t where t.subject like ${like}`);
    const tasks = await rows(sql`
      select k.id, substr(k.title, 11) as marker, k.touchpoint_id, ${whole('task', 'k')}
      from tasks k where k.title like ${`Follow up ${like}`}`);
    const requests = await rows(
      sql`select r.id, r.title as marker, ${whole('request', 'r')} from requests r where r.title like ${like}`,
    );

    const byMarker = (list: Row[]) => {
      const map = new Map<string, Row[]>();
      for (const row of list) map.set(String(row.marker), [...(map.get(String(row.marker)) ?? []), row]);
      return map;
    };
    const maps = {
      partner: byMarker(partners),
      touchpoint: byMarker(touchpoints),
      task: byMarker(tasks),
      request: byMarker(requests),
    };
    const expectWhole = (key: string, what: string, row: Row) => {
      if (counted(row, 'audits') !== 1) report(key, `${what} ${row.id} has ${row.audits} audit entries`);
      if (counted(row, 'events') !== 1) report(key, `${what} ${row.id} has ${row.events} events`);
    };
    const seen = new Set<string>();
    for (const { write, ids } of resolved) {
      const key = write.key;
      const markers =
        write.kind === 'bulk' ? Array.from({ length: BULK_ITEMS }, (_, i) => `${key} item ${i}`) : [key];
      const table = write.kind === 'bulk' ? maps.touchpoint : maps[write.kind];
      const found = markers.flatMap((marker) => {
        seen.add(marker);
        const list = table.get(marker) ?? [];
        if (list.length !== 1) report(key, `${list.length} rows for "${marker}", not 1`);
        return list;
      });
      if (found.length !== markers.length) continue;
      if (ids.length > 0 && found.map((row) => String(row.id)).join() !== ids.join()) {
        report(key, `the rows are not the records its answer named (${ids.join()})`);
      }
      for (const row of found) {
        expectWhole(key, write.kind, row);
        if (write.kind === 'touchpoint' || write.kind === 'bulk') {
          const contacts = write.kind === 'bulk' ? 1 : 2;
          if (counted(row, 'contacts') !== contacts) report(key, `${row.contacts} contacts, not ${contacts}`);
        }
        if (write.kind === 'touchpoint') {
          if (counted(row, 'staff') !== 1) report(key, `${row.staff} staff, not 1`);
          const followUps = maps.task.get(key) ?? [];
          if (followUps.length !== 1 || followUps[0]!.touchpoint_id !== row.id) {
            report(key, `${followUps.length} follow-up tasks for the touch point, not 1`);
          } else expectWhole(key, 'follow-up task', followUps[0]!);
        }
      }
    }
    for (const [kind, map] of Object.entries(maps)) {
      for (const marker of map.keys()) {
        if (!seen.has(marker)) report(null, `a ${kind} "${marker}" that no write asked for`);
      }
    }

    // Every record of these kinds in the whole database, not only the suite's.
    for (const [entity, table] of [
      ['partner', 'partners'],
      ['touchpoint', 'touchpoints'],
      ['task', 'tasks'],
      ['request', 'requests'],
    ] as const) {
      const [row] = await rows(
        sql.raw(`select count(*) as missing from ${table} x where not exists
          (select 1 from audit_log a where a.entity = '${entity}' and a.entity_id = x.id and a.action = 'create')
          or not exists (select 1 from events e where e.entity = '${entity}' and e.entity_id = x.id)`),
      );
      if (counted(row!, 'missing') > 0)
        report(null, `${row!.missing} ${table} without their audit entry or event`);
      const [orphans] = await rows(
        sql.raw(`select count(*) as orphans from audit_log a where a.entity = '${entity}'
          and not exists (select 1 from ${table} x where x.id = a.entity_id)`),
      );
      if (counted(orphans!, 'orphans') > 0)
        report(null, `${orphans!.orphans} ${entity} audit entries without their record`);
    }
    return problems;
  } finally {
    await database.close();
  }
}

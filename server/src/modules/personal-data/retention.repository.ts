import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { RetentionRuleKey } from '../../../../common/src/labels/personal-data.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { retentionRules, retentionRuns } from '../../db/schema/personal-data.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';

/** How many records a report names (the counts are always whole). */
export const EXAMPLES = 20;
/** How many records a run keeps the ids of. */
const KEPT_IDS = 1000;

export const listRules = (db: Executor) => db.select().from(retentionRules).orderBy(asc(retentionRules.key));

export async function findRule(db: Executor, key: RetentionRuleKey) {
  const [row] = await db.select().from(retentionRules).where(eq(retentionRules.key, key));
  return row ?? null;
}

export async function updateRule(
  db: Executor,
  key: RetentionRuleKey,
  version: number,
  values: { years: number; enabled: boolean },
) {
  const [row] = await db
    .update(retentionRules)
    .set({ ...values, version: sql`${retentionRules.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(retentionRules.key, key), eq(retentionRules.version, version)))
    .returning();
  return row ?? null;
}

/** The latest run of each rule. */
export const lastRuns = (db: Executor) =>
  db
    .selectDistinctOn([retentionRuns.rule], {
      rule: retentionRuns.rule,
      at: retentionRuns.at,
      dryRun: retentionRuns.dryRun,
      affected: retentionRuns.affected,
    })
    .from(retentionRuns)
    .orderBy(retentionRuns.rule, desc(retentionRuns.at));

export const listRuns = (db: Executor, limit: number) =>
  db
    .select({
      id: retentionRuns.id,
      rule: retentionRuns.rule,
      dryRun: retentionRuns.dryRun,
      affected: retentionRuns.affected,
      byName: users.name,
      at: retentionRuns.at,
    })
    .from(retentionRuns)
    .leftJoin(users, eq(users.id, retentionRuns.runById))
    .orderBy(desc(retentionRuns.at), desc(retentionRuns.id))
    .limit(limit);

export async function insertRun(
  db: Executor,
  run: {
    rule: RetentionRuleKey;
    dryRun: boolean;
    cutoff: string;
    affected: number;
    ids: string[];
    runById: string | null;
  },
) {
  const [row] = await db
    .insert(retentionRuns)
    .values({
      rule: run.rule,
      dryRun: run.dryRun,
      cutoff: run.cutoff,
      affected: run.affected,
      recordIds: run.ids.slice(0, KEPT_IDS),
      runById: run.runById,
    })
    .returning({ id: retentionRuns.id });
  return row!.id;
}

type Found = { id: string; label: string };
const count = async (db: Executor, query: ReturnType<typeof sql>) =>
  Number(
    (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${query}) as found`))[0]?.n ?? 0,
  );

/** Touch points older than the cut-off that still have notes. */
const oldNotes = (cutoff: string) =>
  sql`select id, subject as label from touchpoints where occurred_at < ${cutoff}::date and notes is not null`;

/**
 * Contacts not yet erased, unchanged since the cut-off, with no current affiliation and no touch
 * point, request or invitation since then.
 */
const unlinkedContacts = (cutoff: string) => sql`
  select c.id, c.name as label from contacts c
  where c.updated_at < ${cutoff}::date
    and not exists (select 1 from erasures e where e.contact_id = c.id)
    and not exists (select 1 from affiliations a where a.contact_id = c.id and (a.end_date is null or a.end_date >= current_date))
    and not exists (select 1 from touchpoint_contacts tc join touchpoints t on t.id = tc.touchpoint_id
                    where tc.contact_id = c.id and t.occurred_at >= ${cutoff}::date)
    and not exists (select 1 from requests r where r.raised_by_contact_id = c.id and r.created_at >= ${cutoff}::date)
    and not exists (select 1 from activity_invitations i where i.contact_id = c.id and i.created_at >= ${cutoff}::date)`;

/** Dormant partners with no touch point since the cut-off: their contacts' data is due a review. */
const dormantPartners = (cutoff: string) => sql`
  select p.id, p.name || ' (' || (select count(*) from affiliations a where a.partner_id = p.id) || ' contacts)' as label
  from partners p
  where p.status = 'dormant'
    and not exists (select 1 from touchpoint_partners tp where tp.partner_id = p.id and tp.occurred_at >= ${cutoff}::date)`;

const queries: Record<RetentionRuleKey, (cutoff: string) => ReturnType<typeof sql>> = {
  touchpoint_notes: oldNotes,
  unlinked_contacts: unlinkedContacts,
  dormant_partners: dormantPartners,
};

/** What a rule reaches at this cut-off: the count, the first records by label, and ids (bounded). */
export async function reachedBy(db: Executor, rule: RetentionRuleKey, cutoff: string, limit = KEPT_IDS) {
  const query = queries[rule](cutoff);
  const [affected, rows] = await allOf(db, [
    () => count(db, query),
    () => queryRows<Found>(db, sql`${query} order by 2, 1 limit ${limit}`),
  ]);
  return { affected, rows };
}

/**
 * Clears the notes of touch points older than the cut-off, and the notes kept in their history
 * (audit entries and events), so cleared means gone. Answers how many touch points changed.
 */
export async function clearOldNotes(tx: Executor, cutoff: string) {
  const cleared = await queryRows<{ id: string }>(
    tx,
    sql`update touchpoints set notes = null where occurred_at < ${cutoff}::date and notes is not null returning id`,
  );
  if (cleared.length === 0) return [];
  const old = sql`select id from touchpoints where occurred_at < ${cutoff}::date`;
  await tx.execute(sql`
    update audit_log set before = before - 'notes', after = after - 'notes'
    where entity = 'touchpoint' and entity_id in (${old})
      and (before ? 'notes' or after ? 'notes')`);
  await tx.execute(sql`
    update events set payload = payload #- '{before,notes}' #- '{after,notes}'
    where entity = 'touchpoint' and entity_id in (${old})`);
  return cleared.map((r) => r.id);
}

import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import { briefingItems, briefings } from '../../db/schema/briefings.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { escalations, requests } from '../../db/schema/requests.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';

export type NewBriefingItem = Omit<typeof briefingItems.$inferInsert, 'id' | 'briefingId' | 'position'>;

/** Active senior managers: the people a weekly briefing is for. */
export async function seniorManagerIds(db: Executor) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'senior_manager'), isNull(users.deactivatedAt)))
    .orderBy(users.id);
  return rows.map((r) => r.id);
}

/**
 * Creates the person's briefing for the week with its lines, unless one exists: the unique key
 * (recipient, week) makes a second run, or a second worker at the same moment, a no-op. Returns
 * the new briefing's id, or null when it was there already.
 */
export async function insertBriefing(
  tx: Executor,
  recipientId: string,
  weekOf: string,
  now: Date,
  items: NewBriefingItem[],
) {
  const [row] = await tx
    .insert(briefings)
    .values({ recipientId, weekOf, createdAt: now })
    .onConflictDoNothing({ target: [briefings.recipientId, briefings.weekOf] })
    .returning({ id: briefings.id });
  if (!row) return null;
  if (items.length)
    await tx
      .insert(briefingItems)
      .values(items.map((item, position) => ({ ...item, briefingId: row.id, position })));
  return row.id;
}

/** New concerns and complaints raised since `since` that the scope lets the reader see, newest first. */
export async function newConcerns(db: Executor, since: Date, scope: SQL | undefined, limit: number) {
  return db
    .select({
      id: requests.id,
      kind: requests.kind,
      title: requests.title,
      partnerId: requests.partnerId,
      relationshipId: requests.relationshipId,
      unitName: units.name,
      createdAt: requests.createdAt,
    })
    .from(requests)
    .innerJoin(units, eq(units.id, requests.unitId))
    .where(
      and(
        scope,
        inArray(requests.kind, ['concern', 'complaint']),
        sql`${requests.createdAt} >= ${since}`,
        sql`${requests.status} not in ('resolved', 'closed')`,
      ),
    )
    .orderBy(desc(requests.createdAt))
    .limit(limit);
}

// The outer row spelt out in full: inside a select list drizzle writes a column unqualified,
// which within the sub-select would name the line's own id.
const summaryColumns = {
  id: briefings.id,
  weekOf: briefings.weekOf,
  createdAt: briefings.createdAt,
  readAt: briefings.readAt,
  items: sql<number>`(select count(*)::int from ${briefingItems} i where i.briefing_id = "briefings"."id")`,
  acted: sql<number>`(select count(*)::int from ${briefingItems} i where i.briefing_id = "briefings"."id" and i.acted_at is not null)`,
};

/** One person's briefings, newest first. */
export async function briefingsOf(db: Executor, recipientId: string, limit: number) {
  return db
    .select(summaryColumns)
    .from(briefings)
    .where(eq(briefings.recipientId, recipientId))
    .orderBy(desc(briefings.weekOf))
    .limit(limit);
}

/** The briefing if it is this person's (anyone else's is "not found"). */
export async function briefingOf(db: Executor, recipientId: string, id: string) {
  const [row] = await db
    .select(summaryColumns)
    .from(briefings)
    .where(and(eq(briefings.id, id), eq(briefings.recipientId, recipientId)));
  return row ?? null;
}

export async function linesOf(db: Executor, briefingId: string) {
  return db
    .select({
      id: briefingItems.id,
      section: briefingItems.section,
      partnerId: briefingItems.partnerId,
      partnerName: partners.name,
      requestId: briefingItems.requestId,
      relationshipId: briefingItems.relationshipId,
      title: briefingItems.title,
      detail: briefingItems.detail,
      actedAt: briefingItems.actedAt,
      actedNote: briefingItems.actedNote,
    })
    .from(briefingItems)
    .innerJoin(partners, eq(partners.id, briefingItems.partnerId))
    .where(eq(briefingItems.briefingId, briefingId))
    .orderBy(asc(briefingItems.position));
}

/** Marks the briefing read (the first reading is the one kept); true when this was the first. */
export async function markBriefingRead(db: Executor, id: string, at: Date) {
  const rows = await db
    .update(briefings)
    .set({ readAt: at })
    .where(and(eq(briefings.id, id), isNull(briefings.readAt)))
    .returning({ id: briefings.id });
  return rows.length > 0;
}

/**
 * Records what was done about one line of the briefing, returning what it said before (null
 * when the line is not in it). The line is locked, so two at once are recorded in turn.
 */
export async function markItemActed(
  tx: Executor,
  briefingId: string,
  itemId: string,
  note: string,
  at: Date,
) {
  const [before] = await tx
    .select({ actedAt: briefingItems.actedAt, actedNote: briefingItems.actedNote })
    .from(briefingItems)
    .where(and(eq(briefingItems.id, itemId), eq(briefingItems.briefingId, briefingId)))
    .for('update');
  if (!before) return null;
  await tx.update(briefingItems).set({ actedAt: at, actedNote: note }).where(eq(briefingItems.id, itemId));
  return before;
}

export type EscalationBriefed = {
  unitId: string;
  unitName: string;
  raisedAt: Date;
  firstBriefedAt: Date | null;
};

/**
 * Every escalation raised since `since` that the reader may see (a confidential request's only
 * by its readers; a relationship's by everyone), with its unit and the first time a briefing
 * (anyone's) named its subject before it was raised: the request itself, or its partner.
 */
export async function escalationsWithFirstBriefing(db: Executor, since: Date, requestScope: SQL | undefined) {
  const rows = await queryRows<{
    unitId: string;
    unitName: string;
    raisedAt: string;
    firstBriefedAt: string | null;
  }>(
    db,
    sql`select u.id as "unitId", u.name as "unitName", e.raised_at as "raisedAt",
               (select min(b.created_at) from ${briefingItems} bi join ${briefings} b on b.id = bi.briefing_id
                 where b.created_at < e.raised_at
                   and (bi.request_id = e.request_id or bi.partner_id = coalesce(${requests.partnerId}, rl.partner_id))
               ) as "firstBriefedAt"
        from ${escalations} e
        left join ${requests} on ${requests.id} = e.request_id
        left join ${relationships} rl on rl.id = e.relationship_id
        join ${units} u on u.id = coalesce(${requests.unitId}, rl.unit_id)
        where e.raised_at >= ${since} and (e.request_id is null or ${requestScope ?? sql`true`})`,
  );
  return rows.map(
    (r): EscalationBriefed => ({
      unitId: r.unitId,
      unitName: r.unitName,
      raisedAt: new Date(r.raisedAt),
      firstBriefedAt: r.firstBriefedAt === null ? null : new Date(r.firstBriefedAt),
    }),
  );
}

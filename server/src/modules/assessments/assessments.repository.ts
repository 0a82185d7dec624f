import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { ChecklistItem, MaturityStage } from '../../../../common/src/labels/assessments.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { activities, activityInvitations } from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { assessmentItems, assessments } from '../../db/schema/assessments.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { escalations, requests } from '../../db/schema/requests.ts';
import {
  touchpointContacts,
  touchpointPartners,
  touchpointStaff,
  touchpoints,
} from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';

/** The relationship assessed, with what the policy needs (its unit, manager and deputies). */
export async function findRelationship(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: relationships.id,
      unitId: relationships.unitId,
      unitName: units.name,
      partnerId: relationships.partnerId,
      partnerName: partners.name,
      managerId: relationships.managerId,
      deputyIds: sql<
        string[]
      >`coalesce((select array_agg(${relationshipDeputies.userId}) from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id}), '{}')`,
    })
    .from(relationships)
    .innerJoin(units, eq(units.id, relationships.unitId))
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .where(eq(relationships.id, id));
  return row ?? null;
}

const currentAffiliation = or(isNull(affiliations.endDate), sql`${affiliations.endDate} >= current_date`);

/** The partner's current contacts (at most 200), by name: who may be asked to score the partner's side. */
export async function currentContactsOf(db: Executor, partnerId: string, only?: string) {
  return db
    .selectDistinctOn([contacts.name, contacts.id], {
      id: contacts.id,
      name: contacts.name,
      email: sql<string | null>`${contacts.emails}[1]`,
    })
    .from(contacts)
    .innerJoin(affiliations, eq(affiliations.contactId, contacts.id))
    .where(
      and(
        eq(affiliations.partnerId, partnerId),
        currentAffiliation,
        only ? eq(contacts.id, only) : undefined,
      ),
    )
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(200);
}

export type NewAssessment = typeof assessments.$inferInsert;
export type NewItem = typeof assessmentItems.$inferInsert;

export async function insertAssessment(
  tx: Executor,
  row: Omit<
    NewAssessment,
    'id' | 'createdAt' | 'partnerAnsweredAt' | 'partnerMeanScore' | 'partnerStage' | 'partnerEmailedAt'
  >,
) {
  const [inserted] = await tx.insert(assessments).values(row).returning();
  return inserted!;
}

export async function insertItems(tx: Executor, rows: NewItem[]) {
  if (rows.length) await tx.insert(assessmentItems).values(rows);
}

/** The assessments of a relationship, newest first, with the assessor's and the partner contact's names. */
export async function assessmentsOf(db: Executor, where: { relationshipId: string } | { id: string }) {
  return db
    .select({
      id: assessments.id,
      relationshipId: assessments.relationshipId,
      unitName: units.name,
      assessedByName: users.name,
      createdAt: assessments.createdAt,
      meanScore: assessments.meanScore,
      stage: assessments.stage,
      partnerContactName: contacts.name,
      partnerClosesAt: assessments.partnerClosesAt,
      partnerEmailedAt: assessments.partnerEmailedAt,
      partnerAnsweredAt: assessments.partnerAnsweredAt,
      partnerMeanScore: assessments.partnerMeanScore,
      partnerStage: assessments.partnerStage,
    })
    .from(assessments)
    .innerJoin(units, eq(units.id, assessments.unitId))
    .innerJoin(users, eq(users.id, assessments.assessedById))
    .leftJoin(contacts, eq(contacts.id, assessments.partnerContactId))
    .where(
      'id' in where ? eq(assessments.id, where.id) : eq(assessments.relationshipId, where.relationshipId),
    )
    .orderBy(desc(assessments.createdAt), desc(assessments.id))
    .limit(200);
}

/** Both sides' items of these assessments. */
export async function itemsOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(assessmentItems)
    .where(inArray(assessmentItems.assessmentId, [...ids]));
}

/** The assessment a partner link's hash names; with `lock`, its row is locked so the link is used once. */
export async function assessmentByTokenHash(db: Executor, tokenHash: string, lock = false) {
  const query = db
    .select({
      id: assessments.id,
      relationshipId: assessments.relationshipId,
      partnerContactId: assessments.partnerContactId,
      closesAt: assessments.partnerClosesAt,
      answeredAt: assessments.partnerAnsweredAt,
      unitName: units.name,
      partnerName: partners.name,
      contactName: contacts.name,
    })
    .from(assessments)
    .innerJoin(relationships, eq(relationships.id, assessments.relationshipId))
    .innerJoin(units, eq(units.id, assessments.unitId))
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .innerJoin(contacts, eq(contacts.id, assessments.partnerContactId))
    .where(eq(assessments.partnerTokenHash, tokenHash));
  const [row] = await (lock ? query.for('update', { of: assessments }) : query);
  return row ?? null;
}

/** Keeps the partner's side and marks the link used. */
export async function recordPartnerSide(
  tx: Executor,
  id: string,
  result: { meanScore: number; stage: MaturityStage },
  items: { item: ChecklistItem; score: number; comment: string | null }[],
) {
  await tx
    .update(assessments)
    .set({ partnerAnsweredAt: sql`now()`, partnerMeanScore: result.meanScore, partnerStage: result.stage })
    .where(eq(assessments.id, id));
  await insertItems(
    tx,
    items.map((i) => ({
      assessmentId: id,
      side: 'partner' as const,
      item: i.item,
      score: i.score,
      evidence: i.comment,
    })),
  );
}

export async function linkTask(tx: Executor, assessmentId: string, item: ChecklistItem, taskId: string) {
  await tx
    .update(assessmentItems)
    .set({ taskId })
    .where(
      and(
        eq(assessmentItems.assessmentId, assessmentId),
        eq(assessmentItems.side, 'unit'),
        eq(assessmentItems.item, item),
      ),
    );
}

/** Which records the evidence counts: the where-clauses of the viewer's scopes. */
export type EvidenceScope = {
  touchpoints: SQL | undefined;
  requests: SQL | undefined;
  activities: SQL | undefined;
};

export type EvidenceFacts = {
  touchpoints: number;
  kinds: number;
  formal: number;
  staff: number;
  contacts: number;
  sentiment: number | null;
  concerns: number;
  concernsResolved: number;
  disputes: number;
  disputesResolved: number;
  escalations: number;
  invitations: number;
  placesTaken: number;
};

const resolved = sql`${requests.status} in ('resolved', 'closed')`;

/**
 * The figures behind the evidence suggestions: the unit's records with the partner since
 * `from`, counted only where the viewer's scopes let them through (so a confidential touch
 * point or request never shows in a suggestion to someone who cannot read it). Four queries.
 */
export async function evidenceFacts(
  db: Executor,
  r: { unitId: string; partnerId: string },
  scope: EvidenceScope,
  from: Date,
): Promise<EvidenceFacts> {
  const since = sql`${from.toISOString()}::timestamptz`;
  const [[tp], [rq], [es], [ac]] = await allOf(db, [
    () =>
      queryRows<{
        touchpoints: number;
        kinds: number;
        formal: number;
        staff: number;
        contacts: number;
        sentiment: string | null;
      }>(
        db,
        // The touch points the viewer may read first, then what they add up to: staff and contacts
        // who took part are counted over the same rows, so a hidden touch point adds no name.
        sql`with seen as (
            select ${touchpointPartners.touchpointId} as id, ${touchpointPartners.kind} as kind,
                   ${touchpoints.isFormal} as formal, ${touchpoints.sentiment} as sentiment
            from ${touchpointPartners}
            join ${touchpoints} on ${touchpoints.id} = ${touchpointPartners.touchpointId}
            where ${touchpointPartners.partnerId} = ${r.partnerId} and ${touchpointPartners.unitId} = ${r.unitId}
              and ${touchpointPartners.occurredAt} >= ${since} and ${scope.touchpoints ?? sql`true`})
          select (select count(*)::int from seen) as touchpoints,
            (select count(distinct kind)::int from seen) as kinds,
            (select count(*)::int from seen where formal) as formal,
            (select count(distinct s.user_id)::int from ${touchpointStaff} s where s.touchpoint_id in (select id from seen)) as staff,
            (select count(distinct c.contact_id)::int from ${touchpointContacts} c where c.touchpoint_id in (select id from seen)) as contacts,
            (select avg(sentiment) from seen) as sentiment`,
      ),
    () =>
      queryRows<{ concerns: number; concernsResolved: number; disputes: number; disputesResolved: number }>(
        db,
        sql`select (count(*) filter (where ${requests.kind} = 'concern'))::int as concerns,
            (count(*) filter (where ${requests.kind} = 'concern' and ${resolved}))::int as "concernsResolved",
            (count(*) filter (where ${requests.kind} in ('complaint', 'dispute')))::int as disputes,
            (count(*) filter (where ${requests.kind} in ('complaint', 'dispute') and ${resolved}))::int as "disputesResolved"
          from ${requests}
          where ${requests.partnerId} = ${r.partnerId} and ${requests.unitId} = ${r.unitId}
            and ${requests.createdAt} >= ${since} and ${scope.requests ?? sql`true`}`,
      ),
    () =>
      queryRows<{ escalations: number }>(
        db,
        sql`select count(*)::int as escalations from ${escalations} e
          where e.raised_at >= ${since} and (
            e.relationship_id in (select ${relationships.id} from ${relationships}
              where ${relationships.partnerId} = ${r.partnerId} and ${relationships.unitId} = ${r.unitId})
            or e.request_id in (select ${requests.id} from ${requests}
              where ${requests.partnerId} = ${r.partnerId} and ${requests.unitId} = ${r.unitId} and ${scope.requests ?? sql`true`}))`,
      ),
    () =>
      queryRows<{ invitations: number; placesTaken: number }>(
        db,
        sql`select count(distinct i.id)::int as invitations,
            (count(distinct i.id) filter (where i.status = 'registered'))::int as "placesTaken"
          from ${activities}
          join ${activityInvitations} i on i.activity_id = ${activities.id}
          join ${affiliations} af on af.contact_id = i.contact_id and af.partner_id = ${r.partnerId}
          where ${activities.unitId} = ${r.unitId} and ${activities.startsAt} >= ${since}
            and ${scope.activities ?? sql`true`}`,
      ),
  ]);
  return {
    touchpoints: tp?.touchpoints ?? 0,
    kinds: tp?.kinds ?? 0,
    formal: tp?.formal ?? 0,
    staff: tp?.staff ?? 0,
    contacts: tp?.contacts ?? 0,
    sentiment: tp?.sentiment === null || tp?.sentiment === undefined ? null : Number(tp.sentiment),
    concerns: rq?.concerns ?? 0,
    concernsResolved: rq?.concernsResolved ?? 0,
    disputes: rq?.disputes ?? 0,
    disputesResolved: rq?.disputesResolved ?? 0,
    escalations: es?.escalations ?? 0,
    invitations: ac?.invitations ?? 0,
    placesTaken: ac?.placesTaken ?? 0,
  };
}

/**
 * Claims up to `limit` assessment links waiting to be e-mailed to the partner's key contact, with
 * what the e-mail needs; rows another worker holds are skipped (SKIP LOCKED), so none goes twice.
 */
export async function claimUnsentAssessmentMail(tx: Executor, limit: number) {
  const due = tx
    .select({ id: assessments.id })
    .from(assessments)
    .where(sql`${assessments.partnerToken} is not null`)
    .orderBy(assessments.createdAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return tx
    .select({
      id: assessments.id,
      token: assessments.partnerToken,
      closesAt: assessments.partnerClosesAt,
      answeredAt: assessments.partnerAnsweredAt,
      contactId: contacts.id,
      contactName: contacts.name,
      email: sql<string | null>`${contacts.emails}[1]`,
      unitName: units.name,
      partnerName: partners.name,
      assessedByName: users.name,
    })
    .from(assessments)
    .innerJoin(contacts, eq(contacts.id, assessments.partnerContactId))
    .innerJoin(units, eq(units.id, assessments.unitId))
    .innerJoin(users, eq(users.id, assessments.assessedById))
    .innerJoin(relationships, eq(relationships.id, assessments.relationshipId))
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .where(inArray(assessments.id, due));
}

/** Erases the links of these assessments: sent (`emailed`, and when) or dropped unsent. */
export async function markAssessmentMail(tx: Executor, ids: readonly string[], emailed: boolean) {
  if (ids.length === 0) return;
  await tx
    .update(assessments)
    .set({ partnerToken: null, ...(emailed ? { partnerEmailedAt: sql`now()` } : {}) })
    .where(inArray(assessments.id, [...ids]));
}

/**
 * Per unit (those with an active relationship or an assessment, by name): its active
 * relationships, and over the latest assessment of each of its relationships the stages, each
 * side's mean (in hundredths) and the mean gap where both sides scored. One statement.
 */
export async function assessmentsByUnit(db: Executor) {
  return queryRows<{
    unitId: string;
    unitName: string;
    activeRelationships: number;
    assessed: number;
    adHoc: number;
    orderTaker: number;
    serviceProvider: number;
    trustedAdvisor: number;
    strategicPartner: number;
    unitMean: number | null;
    partnerAnswered: number;
    partnerMean: number | null;
    meanGap: number | null;
  }>(
    db,
    sql`with latest as (
          select distinct on (a.relationship_id) a.relationship_id, r.unit_id, a.stage, a.mean_score, a.partner_mean_score
          from ${assessments} a join ${relationships} r on r.id = a.relationship_id
          order by a.relationship_id, a.created_at desc, a.id desc
        ), active as (
          select r.unit_id, count(*)::int as n from ${relationships} r where r.status = 'active' group by r.unit_id
        ), judged as (
          select l.unit_id, count(*)::int as assessed,
            count(*) filter (where l.stage = 'ad_hoc')::int as "adHoc",
            count(*) filter (where l.stage = 'order_taker')::int as "orderTaker",
            count(*) filter (where l.stage = 'service_provider')::int as "serviceProvider",
            count(*) filter (where l.stage = 'trusted_advisor')::int as "trustedAdvisor",
            count(*) filter (where l.stage = 'strategic_partner')::int as "strategicPartner",
            avg(l.mean_score)::float8 as "unitMean",
            count(l.partner_mean_score)::int as "partnerAnswered",
            avg(l.partner_mean_score)::float8 as "partnerMean",
            avg(l.partner_mean_score - l.mean_score)::float8 as "meanGap"
          from latest l group by l.unit_id
        )
        select u.id as "unitId", u.name as "unitName", coalesce(ac.n, 0) as "activeRelationships",
          coalesce(j.assessed, 0) as assessed, coalesce(j."adHoc", 0) as "adHoc",
          coalesce(j."orderTaker", 0) as "orderTaker", coalesce(j."serviceProvider", 0) as "serviceProvider",
          coalesce(j."trustedAdvisor", 0) as "trustedAdvisor", coalesce(j."strategicPartner", 0) as "strategicPartner",
          j."unitMean", coalesce(j."partnerAnswered", 0) as "partnerAnswered", j."partnerMean", j."meanGap"
        from ${units} u left join active ac on ac.unit_id = u.id left join judged j on j.unit_id = u.id
        where ac.n is not null or j.assessed is not null
        order by u.name, u.id
        limit 1000`,
  );
}

import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { HealthPart, HealthWeights } from '../../../../common/src/contracts/relationship-health.ts';
import type { SurveyAnswer, SurveyQuestion } from '../../../../common/src/contracts/surveys.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { activities, activityInvitations, activityReaders } from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { partners } from '../../db/schema/partners.ts';
import {
  healthAudiences,
  healthRules,
  relationshipHealth,
  relationshipHealthSnapshots,
} from '../../db/schema/relationship-health.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { escalations, requestReaders, requests } from '../../db/schema/requests.ts';
import { surveyReaders, surveyResponses, surveys } from '../../db/schema/surveys.ts';
import { touchpointPartners, touchpointReaders, touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Actor } from '../../modules/access/actor.ts';
import { visibleTo } from '../../modules/access/visibility.ts';
import {
  FREQUENCY_CADENCES,
  type HealthFacts,
  SENTIMENT_DAYS,
  summariseSurveys,
  WINDOW_DAYS,
} from './score.ts';

export { healthAudiences };
export type HealthAudience = (typeof healthAudiences)[number];

/**
 * Which records count: the where-clauses for touch points (over touchpoint_partners' copies),
 * requests and activities. A kept audience is a plain visibility test, because every record of
 * a relationship is its unit's (see factsOf); a viewer's is the visibility rule itself.
 */
export type HealthScope = {
  touchpoints: SQL | undefined;
  requests: SQL | undefined;
  activities: SQL | undefined;
  surveys: SQL | undefined;
};

/** The surveys a viewer may read, by the one visibility rule (their unit, their named readers). */
export const surveyViewerScope = (actor: Actor) =>
  visibleTo(actor, {
    visibility: surveys.visibility,
    unitId: surveys.unitId,
    isNamedReader: (userId) =>
      sql`exists (select 1 from ${surveyReaders} where ${surveyReaders.surveyId} = ${surveys.id} and ${surveyReaders.userId} = ${userId})`,
  });

const visibilityIn = (column: PgColumn, audience: HealthAudience): SQL | undefined =>
  audience === 'all'
    ? undefined
    : audience === 'unit'
      ? sql`${column} in ('institution', 'unit')`
      : sql`${column} = 'institution'`;

export const audienceScope = (audience: HealthAudience): HealthScope => ({
  touchpoints: visibilityIn(touchpointPartners.visibility, audience),
  requests: visibilityIn(requests.visibility, audience),
  activities: visibilityIn(activities.visibility, audience),
  surveys: visibilityIn(surveys.visibility, audience),
});

/**
 * `= any(…)` of one array parameter, never an `in` list of one parameter per id: the statement's
 * text is then the same for a portfolio of 3 or 300, so it is prepared once and its plan reused
 * (an `in` list gave each size its own text, parsed and planned again on every call).
 */
const anyId = (ids: readonly string[]) => sql`any(${sql.param([...ids])}::uuid[])`;

/** The (relationship, audience) pairs wanted, as a table of two array parameters (same text for any count). */
const wantedPairs = (wanted: { relationshipId: string; audience: HealthAudience }[]) =>
  sql`unnest(${sql.param(wanted.map((w) => w.relationshipId))}::uuid[], ${sql.param(wanted.map((w) => w.audience))}::text[]) as w(id, audience)`;

const DAY_MS = 86_400_000;

const open = sql`${requests.status} not in ('resolved', 'closed')`;

type FactRow = { id: string; cadenceDays: number | null } & Partial<Record<string, unknown>>;

/**
 * The facts behind the health of these relationships, counted from the records the scope lets
 * through. A relationship's records are its unit's with its partner: the unit's touch points
 * with the partner (joint ones included), its requests for the partner and their escalations,
 * the relationship's own escalations, and invitations of the partner's contacts to activities
 * the unit organised, and the relationship's surveys with their anonymous answers. Five grouped
 * queries, however many relationships.
 */
export async function factsOf(db: Executor, ids: readonly string[], scope: HealthScope, at: Date) {
  if (ids.length === 0) return new Map<string, HealthFacts & { hasConfidential: boolean }>();
  const list = anyId(ids);
  // Counted as of `at` (now, or a past day for the demo's history): records made later are left out.
  const now = sql`${at.toISOString()}::timestamptz`;
  const days = (n: number) => sql`(${now} - make_interval(days => ${n}))`;
  const [base, contact, reqs, escs, acts, surveyRows] = await allOf(db, [
    () =>
      queryRows<FactRow>(
        db,
        sql`select r.id, r.cadence_days as "cadenceDays" from ${relationships} r where r.id = ${list}`,
      ),
    () =>
      queryRows<{
        id: string;
        lastContactAt: Date | string | null;
        recentContacts: number;
        recentCount: number;
        recentAverage: string | null;
        previousCount: number;
        previousAverage: string | null;
        confidential: number;
      }>(
        db,
        sql`select r.id, max(${touchpointPartners.occurredAt}) as "lastContactAt",
            (count(*) filter (where r.cadence_days is not null and ${touchpointPartners.occurredAt} >=
               ${now} - make_interval(days => r.cadence_days * ${FREQUENCY_CADENCES})))::int as "recentContacts",
            (count(${touchpoints.sentiment}) filter (where ${touchpointPartners.occurredAt} >= ${days(SENTIMENT_DAYS)}))::int as "recentCount",
            avg(${touchpoints.sentiment}) filter (where ${touchpointPartners.occurredAt} >= ${days(SENTIMENT_DAYS)}) as "recentAverage",
            (count(${touchpoints.sentiment}) filter (where ${touchpointPartners.occurredAt} < ${days(SENTIMENT_DAYS)}
               and ${touchpointPartners.occurredAt} >= ${days(2 * SENTIMENT_DAYS)}))::int as "previousCount",
            avg(${touchpoints.sentiment}) filter (where ${touchpointPartners.occurredAt} < ${days(SENTIMENT_DAYS)}
               and ${touchpointPartners.occurredAt} >= ${days(2 * SENTIMENT_DAYS)}) as "previousAverage",
            (count(*) filter (where ${touchpointPartners.visibility} = 'confidential'))::int as confidential
          from ${relationships} r
          join ${touchpointPartners} on ${touchpointPartners.partnerId} = r.partner_id and ${touchpointPartners.unitId} = r.unit_id
          join ${touchpoints} on ${touchpoints.id} = ${touchpointPartners.touchpointId}
          where r.id = ${list} and ${touchpointPartners.occurredAt} <= ${now} and ${scope.touchpoints ?? sql`true`}
          group by r.id`,
      ),
    () =>
      queryRows<{
        id: string;
        total: number;
        open: number;
        breached: number;
        resolved: number;
        resolvedMet: number;
        raised: number;
        openConcerns: number;
        settledConcerns: number;
        confidential: number;
      }>(
        db,
        sql`select r.id, count(*)::int as total,
            (count(*) filter (where ${open}))::int as open,
            (count(*) filter (where ${open} and (
               (${requests.firstRespondedAt} is null and ${requests.responseDueAt} < ${now})
               or (${requests.clockPausedAt} is null and ${requests.resolveDueAt} < ${now}))))::int as breached,
            (count(*) filter (where not ${open}))::int as resolved,
            (count(*) filter (where not ${open} and (${requests.resolveDueAt} is null
               or coalesce(${requests.resolvedAt}, ${requests.closedAt}) <= ${requests.resolveDueAt})))::int as "resolvedMet",
            (count(*) filter (where ${requests.createdAt} >= ${days(WINDOW_DAYS)}))::int as raised,
            (count(*) filter (where ${open} and ${requests.kind} = 'concern'))::int as "openConcerns",
            (count(*) filter (where not ${open} and ${requests.kind} = 'concern'
               and coalesce(${requests.resolvedAt}, ${requests.closedAt}) >= ${days(90)}))::int as "settledConcerns",
            (count(*) filter (where ${requests.visibility} = 'confidential'))::int as confidential
          from ${relationships} r
          join ${requests} on ${requests.partnerId} = r.partner_id and ${requests.unitId} = r.unit_id
          where r.id = ${list} and (${requests.createdAt} >= ${days(WINDOW_DAYS)} or ${open}) and ${requests.createdAt} <= ${now}
            and ${scope.requests ?? sql`true`}
          group by r.id`,
      ),
    () =>
      queryRows<{ id: string; raised: number; open: number; settled: number }>(
        db,
        sql`select r.id,
            (count(*) filter (where e.raised_at >= ${days(WINDOW_DAYS)}))::int as raised,
            (count(*) filter (where e.deescalated_at is null))::int as open,
            (count(*) filter (where e.deescalated_at >= ${days(90)}))::int as settled
          from ${relationships} r
          join ${escalations} e on e.relationship_id = r.id or e.request_id in (
            select ${requests.id} from ${requests}
            where ${requests.partnerId} = r.partner_id and ${requests.unitId} = r.unit_id and ${scope.requests ?? sql`true`})
          where r.id = ${list} and (e.raised_at >= ${days(WINDOW_DAYS)} or e.deescalated_at is null) and e.raised_at <= ${now}
          group by r.id`,
      ),
    () =>
      queryRows<{ id: string; invited: number; registered: number; confidential: number }>(
        db,
        sql`select r.id, count(distinct i.id)::int as invited,
            (count(distinct i.id) filter (where i.status = 'registered'))::int as registered,
            (count(distinct i.id) filter (where ${activities.visibility} = 'confidential'))::int as confidential
          from ${relationships} r
          join ${activities} on ${activities.unitId} = r.unit_id
            and ${activities.startsAt} <= ${now} and ${activities.startsAt} >= ${days(WINDOW_DAYS)}
          join ${activityInvitations} i on i.activity_id = ${activities.id}
          join ${affiliations} af on af.contact_id = i.contact_id and af.partner_id = r.partner_id
          where r.id = ${list} and ${scope.activities ?? sql`true`}
          group by r.id`,
      ),
    // One row per survey sent in the year; its answers come whole, so the anonymity threshold is
    // applied to the survey before any answer is looked at (summariseSurveys).
    () =>
      queryRows<{
        id: string;
        threshold: number;
        questions: SurveyQuestion[];
        responses: SurveyAnswer[][];
        confidential: boolean;
      }>(
        db,
        sql`select ${surveys.relationshipId} as id, ${surveys.anonymityThreshold} as threshold, ${surveys.questions} as questions,
            coalesce(jsonb_agg(${surveyResponses.answers}) filter (where ${surveyResponses.id} is not null), '[]'::jsonb) as responses,
            ${surveys.visibility} = 'confidential' as confidential
          from ${surveys}
          left join ${surveyResponses} on ${surveyResponses.surveyId} = ${surveys.id}
            and ${surveyResponses.answeredOn} <= to_char(${now}, 'YYYY-MM-DD')
          where ${surveys.relationshipId} = ${list} and ${surveys.createdAt} >= ${days(WINDOW_DAYS)}
            and ${surveys.createdAt} <= ${now} and ${scope.surveys ?? sql`true`}
          group by ${surveys.id}`,
      ),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const c = byId(contact);
  const q = byId(reqs);
  const e = byId(escs);
  const a = byId(acts);
  const surveysOf = new Map<string, typeof surveyRows>();
  for (const row of surveyRows) surveysOf.set(row.id, [...(surveysOf.get(row.id) ?? []), row]);
  const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const facts = new Map<string, HealthFacts & { hasConfidential: boolean }>();
  for (const r of base) {
    const tc = c.get(r.id);
    const rq = q.get(r.id);
    const es = e.get(r.id);
    const ac = a.get(r.id);
    const sv = surveysOf.get(r.id) ?? [];
    facts.set(r.id, {
      cadenceDays: r.cadenceDays,
      lastContactAt: tc?.lastContactAt ? new Date(tc.lastContactAt) : null,
      recentContacts: tc?.recentContacts ?? 0,
      requests: {
        total: rq?.total ?? 0,
        open: rq?.open ?? 0,
        breached: rq?.breached ?? 0,
        resolved: rq?.resolved ?? 0,
        resolvedMet: rq?.resolvedMet ?? 0,
      },
      escalations: {
        raised: (rq?.raised ?? 0) + (es?.raised ?? 0),
        openEscalations: es?.open ?? 0,
        openConcerns: rq?.openConcerns ?? 0,
        recentlySettled: (es?.settled ?? 0) + (rq?.settledConcerns ?? 0),
      },
      sentiment: {
        recentCount: tc?.recentCount ?? 0,
        recentAverage: num(tc?.recentAverage),
        previousCount: tc?.previousCount ?? 0,
        previousAverage: num(tc?.previousAverage),
      },
      activities: { invited: ac?.invited ?? 0, registered: ac?.registered ?? 0 },
      surveys: summariseSurveys(sv),
      hasConfidential:
        (tc?.confidential ?? 0) + (rq?.confidential ?? 0) + (ac?.confidential ?? 0) > 0 ||
        sv.some((x) => x.confidential),
    });
  }
  return facts;
}

export type KeptHealth = {
  relationshipId: string;
  audience: HealthAudience;
  score: number | null;
  parts: HealthPart[];
  ruleVersion: number;
  hasConfidential: boolean;
};

/** Replaces the kept scores of these relationships and audiences. */
export async function keepHealth(db: Executor, rows: KeptHealth[]) {
  if (rows.length === 0) return;
  await db
    .insert(relationshipHealth)
    .values(rows.map((r) => ({ ...r, computedAt: sql`now()` })))
    .onConflictDoUpdate({
      target: [relationshipHealth.relationshipId, relationshipHealth.audience],
      set: {
        score: sql`excluded.score`,
        parts: sql`excluded.parts`,
        ruleVersion: sql`excluded.rule_version`,
        hasConfidential: sql`excluded.has_confidential`,
        computedAt: sql`excluded.computed_at`,
      },
    });
}

/** Records the day's snapshot of the kept scores of these relationships (a second run the same day replaces it). */
export async function snapshotHealth(db: Executor, day: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  await db.execute(sql`
    insert into ${relationshipHealthSnapshots} (relationship_id, audience, day, score, rule_version)
    select relationship_id, audience, ${day}::date, score, rule_version from ${relationshipHealth}
    where relationship_id = ${anyId(ids)}
    on conflict (relationship_id, audience, day) do update
      set score = excluded.score, rule_version = excluded.rule_version`);
}

/** Relationship ids in id order after `after`, a page at a time (the daily job walks them all). */
export async function relationshipIdsAfter(db: Executor, after: string | null, limit: number) {
  const rows = await db
    .select({ id: relationships.id })
    .from(relationships)
    .where(after ? sql`${relationships.id} > ${after}` : undefined)
    .orderBy(relationships.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The relationships of these units with these partners (what a touch point or request concerns). */
export async function relationshipIdsFor(
  db: Executor,
  unitIds: readonly string[],
  partnerIds: readonly string[],
) {
  if (unitIds.length === 0 || partnerIds.length === 0) return [];
  const rows = await db
    .select({ id: relationships.id })
    .from(relationships)
    .where(
      and(inArray(relationships.unitId, [...unitIds]), inArray(relationships.partnerId, [...partnerIds])),
    );
  return rows.map((r) => r.id);
}

/** The relationships an activity's invitation of this contact concerns: the activity's unit's, with the contact's partners. */
export async function relationshipIdsForInvitation(db: Executor, activityId: string, contactId: string) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select r.id from ${relationships} r
        join ${activities} on ${activities.id} = ${activityId} and ${activities.unitId} = r.unit_id
        join ${affiliations} af on af.partner_id = r.partner_id and af.contact_id = ${contactId}`,
  );
  return [...new Set(rows.map((r) => r.id))];
}

export type RelationshipHead = {
  relationshipId: string;
  partnerId: string;
  partnerName: string;
  unitId: string;
  unitName: string;
};

const headColumns = {
  relationshipId: relationships.id,
  partnerId: relationships.partnerId,
  partnerName: partners.name,
  unitId: relationships.unitId,
  unitName: units.name,
};

/** Relationships with their partner's and unit's names: one, a partner's, or a manager's portfolio. */
export async function relationshipHeads(
  db: Executor,
  which: { id: string } | { partnerId: string } | { managerId: string },
): Promise<RelationshipHead[]> {
  const where =
    'id' in which
      ? eq(relationships.id, which.id)
      : 'partnerId' in which
        ? eq(relationships.partnerId, which.partnerId)
        : and(eq(relationships.managerId, which.managerId), eq(relationships.status, 'active'));
  return db
    .select(headColumns)
    .from(relationships)
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .innerJoin(units, eq(units.id, relationships.unitId))
    .where(where)
    .orderBy(partners.name, units.name)
    .limit(1000);
}

/** The kept scores of these relationships, each for the audience the caller chose for it. */
export async function keptHealthOf(
  db: Executor,
  wanted: { relationshipId: string; audience: HealthAudience }[],
) {
  if (wanted.length === 0) return [];
  return queryRows<KeptHealth & { computedAt: Date | string }>(
    db,
    sql`select h.relationship_id as "relationshipId", h.audience, h.score, h.parts, h.rule_version as "ruleVersion",
               h.has_confidential as "hasConfidential", h.computed_at as "computedAt"
        from ${wantedPairs(wanted)}
        join ${relationshipHealth} h on h.relationship_id = w.id and h.audience = w.audience`,
  );
}

/**
 * Daily points since `from` for these relationships and audiences, oldest first. Aggregated per
 * relationship in the database (one row each, not one per day: a portfolio of 300 relationships
 * with a month each is 300 rows, not 9,000).
 */
export async function trendsOf(
  db: Executor,
  wanted: { relationshipId: string; audience: HealthAudience }[],
  from: string,
) {
  if (wanted.length === 0)
    return new Map<string, { day: string; score: number | null; ruleVersion: number }[]>();
  // Days come as whole days after `from` and are dated here: formatting 9,000 dates with
  // to_char cost more than the rest of the statement on PGlite (WebAssembly).
  const rows = await queryRows<{
    relationshipId: string;
    days: number[];
    scores: (number | null)[];
    versions: number[];
  }>(
    db,
    sql`select s.relationship_id as "relationshipId",
               array_agg(s.day - ${from}::date order by s.day) as days,
               array_agg(s.score order by s.day) as scores, array_agg(s.rule_version order by s.day) as versions
        from ${wantedPairs(wanted)}
        join ${relationshipHealthSnapshots} s on s.relationship_id = w.id and s.audience = w.audience
        where s.day >= ${from}::date
        group by s.relationship_id`,
  );
  const start = Date.parse(`${from}T00:00:00Z`);
  const dayOf = (offset: number) => new Date(start + offset * DAY_MS).toISOString().slice(0, 10);
  return new Map(
    rows.map((r) => [
      r.relationshipId,
      r.days.map((offset, i) => ({
        day: dayOf(offset),
        score: r.scores[i] ?? null,
        ruleVersion: r.versions[i]!,
      })),
    ]),
  );
}

/** Every version of the rule, newest first, with who made it. */
export async function ruleVersions(db: Executor) {
  return db
    .select({
      version: healthRules.version,
      weights: healthRules.weights,
      createdAt: healthRules.createdAt,
      createdByName: users.name,
    })
    .from(healthRules)
    .leftJoin(users, eq(users.id, healthRules.createdById))
    .orderBy(desc(healthRules.version))
    .limit(500);
}

/** The newest version of the rule, if any was ever written. */
export async function latestRule(db: Executor) {
  const [row] = await db
    .select({ version: healthRules.version, weights: healthRules.weights })
    .from(healthRules)
    .orderBy(desc(healthRules.version))
    .limit(1);
  return row ?? null;
}

/** Adds a version of the rule; the table is locked so two administrators' changes get two versions in order. */
export async function addRuleVersion(
  tx: Executor,
  weights: HealthWeights,
  createdById: string,
  firstWeights: HealthWeights,
) {
  await tx.execute(sql`lock table ${healthRules} in share row exclusive mode`);
  const latest = await latestRule(tx);
  // The first rule (the defaults) is written down when it is first replaced, so history names it.
  if (!latest) await tx.insert(healthRules).values({ version: 1, weights: firstWeights, createdById: null });
  const version = (latest?.version ?? 1) + 1;
  await tx.insert(healthRules).values({ version, weights, createdById });
  return version;
}

/** Whether the partner exists (a partner without relationships has no health, but is not "not found"). */
export async function partnerExists(db: Executor, partnerId: string) {
  const rows = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
  return rows.length > 0;
}

/**
 * Of these relationships, those where this person is named on a record only its named readers
 * see (a confidential touch point, activity or survey, a request not open to the institution)
 * that counts in the relationship's health: theirs must be computed from what they read. Walks
 * the person's own reader rows (an index each), not the relationships' records.
 */
export async function namedReaderIn(db: Executor, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  const list = anyId(ids);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select r.id from ${relationships} r
          join ${touchpointPartners} on ${touchpointPartners.partnerId} = r.partner_id and ${touchpointPartners.unitId} = r.unit_id
          join ${touchpointReaders} on ${touchpointReaders.touchpointId} = ${touchpointPartners.touchpointId}
        where r.id = ${list} and ${touchpointReaders.userId} = ${userId} and ${touchpointPartners.visibility} = 'confidential'
        union
        select r.id from ${relationships} r
          join ${requests} on ${requests.partnerId} = r.partner_id and ${requests.unitId} = r.unit_id
          join ${requestReaders} on ${requestReaders.requestId} = ${requests.id}
        where r.id = ${list} and ${requestReaders.userId} = ${userId} and ${requests.visibility} <> 'institution'
        union
        select r.id from ${relationships} r
          join ${activities} on ${activities.unitId} = r.unit_id
          join ${activityReaders} on ${activityReaders.activityId} = ${activities.id}
        where r.id = ${list} and ${activityReaders.userId} = ${userId} and ${activities.visibility} = 'confidential'
        union
        select ${surveys.relationshipId} as id from ${surveys}
          join ${surveyReaders} on ${surveyReaders.surveyId} = ${surveys.id}
        where ${surveys.relationshipId} = ${list} and ${surveyReaders.userId} = ${userId} and ${surveys.visibility} = 'confidential'`,
  );
  return new Set(rows.map((r) => r.id));
}

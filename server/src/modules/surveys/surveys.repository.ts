import { and, asc, desc, eq, inArray, isNotNull, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import type { NewRow } from '../../db/records.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import {
  surveyInvitations,
  surveyReaders,
  surveyResponses,
  surveys,
  surveyTemplates,
  surveyTemplateVersions,
} from '../../db/schema/surveys.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import type { Actor } from '../access/actor.ts';
import { visibleTo } from '../access/visibility.ts';

/** The relationship a survey is about, with what the policy needs (its unit, manager and deputies). */
export async function findRelationship(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: relationships.id,
      unitId: relationships.unitId,
      unitName: units.name,
      partnerId: relationships.partnerId,
      managerId: relationships.managerId,
      deputyIds: sql<
        string[]
      >`coalesce((select array_agg(${relationshipDeputies.userId}) from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id}), '{}')`,
    })
    .from(relationships)
    .innerJoin(units, eq(units.id, relationships.unitId))
    .where(eq(relationships.id, id));
  return row ?? null;
}

export async function partnerExists(db: Executor, id: string) {
  const [row] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, id));
  return Boolean(row);
}

/** The partner's relationships with what the policy needs, by unit name. */
export async function relationshipsOfPartner(db: Executor, partnerId: string) {
  return db
    .select({
      id: relationships.id,
      unitId: relationships.unitId,
      unitName: units.name,
      managerId: relationships.managerId,
      deputyIds: sql<
        string[]
      >`coalesce((select array_agg(${relationshipDeputies.userId}) from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id}), '{}')`,
    })
    .from(relationships)
    .innerJoin(units, eq(units.id, relationships.unitId))
    .where(eq(relationships.partnerId, partnerId))
    .orderBy(asc(units.name), asc(relationships.id))
    .limit(500);
}

/** The partner's current contacts who have an e-mail address, with their role there (at most 200). */
export async function recipientsOf(db: Executor, partnerId: string) {
  const current = or(isNull(affiliations.endDate), sql`${affiliations.endDate} >= current_date`);
  return db
    .selectDistinctOn([contacts.name, contacts.id], {
      contactId: contacts.id,
      name: contacts.name,
      role: affiliations.role,
    })
    .from(contacts)
    .innerJoin(affiliations, eq(affiliations.contactId, contacts.id))
    .where(and(eq(affiliations.partnerId, partnerId), current, sql`cardinality(${contacts.emails}) > 0`))
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(200);
}

/** Of these contacts, those currently affiliated with the partner, with their first address. */
export async function contactsOfPartner(db: Executor, partnerId: string, contactIds: readonly string[]) {
  if (contactIds.length === 0) return [];
  const current = or(isNull(affiliations.endDate), sql`${affiliations.endDate} >= current_date`);
  return db
    .selectDistinct({
      id: contacts.id,
      name: contacts.name,
      email: sql<string | null>`${contacts.emails}[1]`,
    })
    .from(contacts)
    .innerJoin(affiliations, eq(affiliations.contactId, contacts.id))
    .where(and(inArray(contacts.id, [...contactIds]), eq(affiliations.partnerId, partnerId), current));
}

/** Users among these ids that exist (for a confidential survey's readers). */
export async function existingUserIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

export async function insertSurvey(
  tx: Executor,
  row: NewRow<typeof surveys, 'closedAt' | 'templateId' | 'templateVersion'> & {
    templateId?: string | null;
    templateVersion?: number | null;
  },
) {
  const [inserted] = await tx.insert(surveys).values(row).returning();
  return inserted!;
}

export async function insertReaders(tx: Executor, surveyId: string, userIds: readonly string[]) {
  if (userIds.length)
    await tx
      .insert(surveyReaders)
      .values(userIds.map((userId) => ({ surveyId, userId })))
      .onConflictDoNothing();
}

export async function insertInvitations(
  tx: Executor,
  rows: NewRow<typeof surveyInvitations, 'emailedAt' | 'answeredAt' | 'reminderTokenHash' | 'remindedAt'>[],
) {
  if (rows.length === 0) return [];
  return tx
    .insert(surveyInvitations)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: surveyInvitations.id });
}

const isNamedReader = (userId: string) =>
  sql`exists (select 1 from ${surveyReaders} where ${surveyReaders.surveyId} = ${surveys.id} and ${surveyReaders.userId} = ${userId})`;

/** The survey scope: the one visibility rule, over surveys (their unit, their named readers). */
export const surveyScope = (actor: Actor) =>
  visibleTo(actor, { visibility: surveys.visibility, unitId: surveys.unitId, isNamedReader });

/**
 * The surveys of a partner's relationships (or of one relationship) this viewer may read,
 * newest first, each with its counts: asked, e-mailed, answered. One query.
 */
export async function visibleSurveys(
  db: Executor,
  actor: Actor,
  where: { partnerId: string } | { surveyId: string },
) {
  const count = (condition: ReturnType<typeof sql>) =>
    sql<number>`(select count(*)::int from ${surveyInvitations} i where i.survey_id = ${surveys.id} and ${condition})`;
  return db
    .select({
      id: surveys.id,
      title: surveys.title,
      relationshipId: surveys.relationshipId,
      unitId: surveys.unitId,
      unitName: units.name,
      questions: surveys.questions,
      visibility: surveys.visibility,
      anonymityThreshold: surveys.anonymityThreshold,
      closesAt: surveys.closesAt,
      closedAt: surveys.closedAt,
      createdAt: surveys.createdAt,
      createdById: surveys.createdById,
      createdByName: users.name,
      managerId: relationships.managerId,
      templateId: surveys.templateId,
      templateVersion: surveys.templateVersion,
      templateName: sql<
        string | null
      >`(select st.name from ${surveyTemplates} st where st.id = ${surveys.templateId})`,
      asked: count(sql`true`),
      emailed: count(sql`i.emailed_at is not null`),
      answered: count(sql`i.answered_at is not null`),
    })
    .from(surveys)
    .innerJoin(relationships, eq(relationships.id, surveys.relationshipId))
    .innerJoin(units, eq(units.id, surveys.unitId))
    .innerJoin(users, eq(users.id, surveys.createdById))
    .where(
      and(
        'partnerId' in where ? eq(relationships.partnerId, where.partnerId) : eq(surveys.id, where.surveyId),
        surveyScope(actor),
      ),
    )
    .orderBy(desc(surveys.createdAt), desc(surveys.id))
    .limit(500);
}

export type VisibleSurvey = Awaited<ReturnType<typeof visibleSurveys>>[number];

/** The answers given to these surveys (anonymous rows). */
export async function responsesOf(db: Executor, surveyIds: readonly string[]) {
  if (surveyIds.length === 0) return [];
  return db
    .select({ surveyId: surveyResponses.surveyId, answers: surveyResponses.answers })
    .from(surveyResponses)
    .where(inArray(surveyResponses.surveyId, [...surveyIds]))
    .orderBy(asc(surveyResponses.id));
}

export async function closeSurvey(tx: Executor, id: string) {
  await tx.update(surveys).set({ closedAt: sql`now()` }).where(eq(surveys.id, id));
}

/**
 * The invitation a link's hash names, with its survey and what the answer page shows. With
 * `lock`, the invitation row is locked (FOR UPDATE), so two answers by one link count once.
 */
export async function invitationByTokenHash(db: Executor, tokenHash: string, lock = false) {
  const query = db
    .select({
      id: surveyInvitations.id,
      contactId: surveyInvitations.contactId,
      answeredAt: surveyInvitations.answeredAt,
      survey: surveys,
      contactName: contacts.name,
      unitName: units.name,
      partnerName: partners.name,
    })
    .from(surveyInvitations)
    .innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
    .innerJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
    .innerJoin(relationships, eq(relationships.id, surveys.relationshipId))
    .innerJoin(units, eq(units.id, surveys.unitId))
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .where(
      or(eq(surveyInvitations.tokenHash, tokenHash), eq(surveyInvitations.reminderTokenHash, tokenHash)),
    );
  const [row] = await (lock ? query.for('update', { of: surveyInvitations }) : query);
  return row ?? null;
}

/** Records that a link was used and keeps the answers apart from it. */
export async function recordAnswers(
  tx: Executor,
  invitationId: string,
  surveyId: string,
  answers: NewRow<typeof surveyResponses>['answers'],
  answeredOn: string,
) {
  await tx
    .update(surveyInvitations)
    .set({ answeredAt: sql`now()` })
    .where(eq(surveyInvitations.id, invitationId));
  await tx.insert(surveyResponses).values({ surveyId, answers, answeredOn });
}

/**
 * Claims up to `limit` unsent survey e-mails with what they need; rows another worker holds
 * are skipped (SKIP LOCKED), so nothing is sent twice.
 */
export async function claimUnsentMail(tx: Executor, limit: number) {
  const due = tx
    .select({ id: surveyInvitations.id })
    .from(surveyInvitations)
    .where(isNotNull(surveyInvitations.token))
    .orderBy(surveyInvitations.createdAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return tx
    .select({
      id: surveyInvitations.id,
      token: surveyInvitations.token,
      email: surveyInvitations.email,
      contactId: surveyInvitations.contactId,
      contactName: contacts.name,
      title: surveys.title,
      closesAt: surveys.closesAt,
      closedAt: surveys.closedAt,
      unitName: units.name,
    })
    .from(surveyInvitations)
    .innerJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
    .innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
    .innerJoin(units, eq(units.id, surveys.unitId))
    .where(inArray(surveyInvitations.id, due));
}

/** Erases the links of these invitations: sent (`emailed`) or dropped unsent. */
export async function markMail(tx: Executor, ids: readonly string[], emailed: boolean) {
  if (ids.length === 0) return;
  await tx
    .update(surveyInvitations)
    .set({ token: null, ...(emailed ? { emailedAt: sql`now()` } : {}) })
    .where(inArray(surveyInvitations.id, [...ids]));
}

/**
 * Claims up to `limit` invitations due a reminder at `now`: e-mailed at least `sinceEmailed` ms
 * before, not answered, not reminded, of an open survey closing within `window` ms, other than
 * `except` (those this run passed over). Rows another
 * worker holds are skipped (SKIP LOCKED), so none is reminded twice.
 */
export async function claimDueReminders(
  tx: Executor,
  now: Date,
  window: { closingWithin: number; sinceEmailed: number },
  limit: number,
  except: readonly string[] = [],
) {
  const at = (ms: number) => sql`${new Date(now.getTime() + ms).toISOString()}::timestamptz`;
  const due = tx
    .select({ id: surveyInvitations.id })
    .from(surveyInvitations)
    .innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
    .where(
      and(
        isNull(surveyInvitations.answeredAt),
        isNull(surveyInvitations.remindedAt),
        isNotNull(surveyInvitations.email),
        sql`${surveyInvitations.emailedAt} <= ${at(-window.sinceEmailed)}`,
        isNull(surveys.closedAt),
        sql`${surveys.closesAt} > ${at(0)}`,
        sql`${surveys.closesAt} <= ${at(window.closingWithin)}`,
        except.length ? notInArray(surveyInvitations.id, [...except]) : undefined,
      ),
    )
    .orderBy(surveyInvitations.createdAt)
    .limit(limit)
    .for('update', { of: surveyInvitations, skipLocked: true });
  return tx
    .select({
      id: surveyInvitations.id,
      email: surveyInvitations.email,
      contactId: surveyInvitations.contactId,
      contactName: contacts.name,
      title: surveys.title,
      closesAt: surveys.closesAt,
      unitName: units.name,
    })
    .from(surveyInvitations)
    .innerJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
    .innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
    .innerJoin(units, eq(units.id, surveys.unitId))
    .where(inArray(surveyInvitations.id, due));
}

/** Records that a reminder went, with its link's hash (the link itself is never kept). */
export async function markReminded(tx: Executor, id: string, reminderTokenHash: string, at: Date) {
  await tx
    .update(surveyInvitations)
    .set({ reminderTokenHash, remindedAt: at })
    .where(eq(surveyInvitations.id, id));
}

const templateColumns = {
  id: surveyTemplates.id,
  name: surveyTemplates.name,
  questions: surveyTemplates.questions,
  version: surveyTemplates.version,
  createdById: surveyTemplates.createdById,
  createdByName: users.name,
  updatedAt: surveyTemplates.updatedAt,
};

/** Every saved survey template by name (at most 500), or one; with `lock`, its row is locked for an edit. */
export async function surveyTemplatesOf(db: Executor, id?: string, lock = false) {
  const query = db
    .select(templateColumns)
    .from(surveyTemplates)
    .innerJoin(users, eq(users.id, surveyTemplates.createdById))
    .where(id ? eq(surveyTemplates.id, id) : undefined)
    .orderBy(asc(surveyTemplates.name), asc(surveyTemplates.id))
    .limit(500);
  return lock ? query.for('update', { of: surveyTemplates }) : query;
}

/** Every version of a template as saved, newest first. */
export async function templateVersionsOf(db: Executor, templateId: string) {
  return db
    .select({
      version: surveyTemplateVersions.version,
      name: surveyTemplateVersions.name,
      questions: surveyTemplateVersions.questions,
      savedByName: users.name,
      savedAt: surveyTemplateVersions.savedAt,
    })
    .from(surveyTemplateVersions)
    .innerJoin(users, eq(users.id, surveyTemplateVersions.savedById))
    .where(eq(surveyTemplateVersions.templateId, templateId))
    .orderBy(desc(surveyTemplateVersions.version))
    .limit(1000);
}

export async function insertTemplate(
  tx: Executor,
  row: { name: string; questions: NewRow<typeof surveyTemplates>['questions']; createdById: string },
) {
  const [inserted] = await tx.insert(surveyTemplates).values(row).returning({ id: surveyTemplates.id });
  await tx.insert(surveyTemplateVersions).values({
    templateId: inserted!.id,
    version: 1,
    name: row.name,
    questions: row.questions,
    savedById: row.createdById,
  });
  return inserted!.id;
}

/** Saves a new version of a template, if it is still at `expected`; false when it is not. */
export async function saveTemplateVersion(
  tx: Executor,
  id: string,
  expected: number,
  next: { name: string; questions: NewRow<typeof surveyTemplates>['questions']; savedById: string },
) {
  const [saved] = await tx
    .update(surveyTemplates)
    .set({
      name: next.name,
      questions: next.questions,
      version: sql`${surveyTemplates.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(surveyTemplates.id, id), eq(surveyTemplates.version, expected)))
    .returning({ version: surveyTemplates.version });
  if (!saved) return false;
  await tx.insert(surveyTemplateVersions).values({
    templateId: id,
    version: saved.version,
    name: next.name,
    questions: next.questions,
    savedById: next.savedById,
  });
  return true;
}

import { createHash } from 'node:crypto';
import { count } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { surveyTemplate } from '../../../common/src/contracts/surveys.ts';
import type { Executor } from '../db/client.ts';
import {
  affiliations,
  agreementChanges,
  agreementReaders,
  agreements,
  agreementVersions,
  communicationLevels,
  communicationPlanItems,
  consents,
  contacts,
  escalations,
  importRows,
  imports,
  notifications,
  partners,
  partnerTypes,
  peerPairs,
  playbookRunSteps,
  playbookRuns,
  playbookSteps,
  relationshipDeputies,
  relationships,
  requestComments,
  requestReaders,
  requests,
  requestTransitions,
  surveyInvitations,
  surveyResponses,
  surveys,
  tasks,
  touchpointContacts,
  touchpointReaders,
  touchpointStaff,
  touchpoints,
  units,
  users,
} from '../db/schema/index.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { dueDates } from '../modules/requests/targets.ts';
import { loadCalendar } from '../modules/service-levels/calendar.ts';
import { listServiceLevels } from '../modules/service-levels/service-levels.service.ts';
import { loadDemoActivities } from './activities.ts';
import { demoPassword } from './catalogue.ts';
import type { DemoData } from './generate.ts';
import { demoImport } from './imports.ts';

const BATCH = 500;

/** Inserts rows in batches: set-based, a few statements rather than thousands. */
async function insertAll<T extends object>(
  db: Executor,
  table: Parameters<Executor['insert']>[0],
  rows: T[],
) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db.insert(table).values(rows.slice(i, i + BATCH) as never);
  }
}

/** True when there is nothing to lose: no partners and no users. */
export async function isDatabaseEmpty(db: Executor): Promise<boolean> {
  const [p] = await db.select({ n: count() }).from(partners);
  const [u] = await db.select({ n: count() }).from(users);
  return (p?.n ?? 0) === 0 && (u?.n ?? 0) === 0;
}

/**
 * Loads the demo University of Northmoor in one transaction (the demo is the only bulk loader
 * without audit entries). Returns the demo import's file and its storage key, for the caller to keep.
 */
export async function loadDemo(
  db: Executor,
  data: DemoData,
  today = new Date(),
): Promise<{ file: Buffer; key: string }> {
  const sasha = data.users.find((u) => u.email === 'staff@northmoor.ac.uk')!;
  const demoRun = demoImport(data, today, sasha.id);
  const passwordHash = await hashPassword(demoPassword);
  const typeIds = new Map((await db.select().from(partnerTypes)).map((t) => [t.name, t.id]));
  await db.transaction(async (tx) => {
    // Parents before children: faculties, then the rest.
    await insertAll(
      tx,
      units,
      data.units.filter((u) => u.parentId === null),
    );
    await insertAll(
      tx,
      units,
      data.units.filter((u) => u.parentId !== null),
    );
    await insertAll(
      tx,
      users,
      data.users.map((u) => ({ ...u, passwordHash })),
    );
    const partnerRows = data.partners.map(({ type, ...p }) => ({ ...p, typeId: typeIds.get(type)! }));
    await insertAll(
      tx,
      partners,
      partnerRows.filter((p) => p.parentId === null),
    );
    await insertAll(
      tx,
      partners,
      partnerRows.filter((p) => p.parentId !== null),
    );
    await insertAll(tx, contacts, data.contacts);
    await insertAll(tx, affiliations, data.affiliations);
    await insertAll(tx, consents, demoConsents(data));
    await insertAll(
      tx,
      relationships,
      data.relationships.map(({ deputyIds: _d, ...r }) => r),
    );
    await insertAll(
      tx,
      relationshipDeputies,
      data.relationships.flatMap((r) => r.deputyIds.map((userId) => ({ relationshipId: r.id, userId }))),
    );
    await insertAll(
      tx,
      touchpoints,
      data.touchpoints.map(({ staffIds: _s, contactIds: _c, readerIds: _r, ...t }) => t),
    );
    await insertAll(
      tx,
      touchpointStaff,
      data.touchpoints.flatMap((t) => t.staffIds.map((userId) => ({ touchpointId: t.id, userId }))),
    );
    await insertAll(
      tx,
      touchpointContacts,
      data.touchpoints.flatMap((t) => t.contactIds.map((contactId) => ({ touchpointId: t.id, contactId }))),
    );
    await insertAll(
      tx,
      touchpointReaders,
      data.touchpoints.flatMap((t) => t.readerIds.map((userId) => ({ touchpointId: t.id, userId }))),
    );
    await insertAll(tx, tasks, data.tasks);
    await loadRequests(tx, data);
    await loadCommunicationPlans(tx, data, typeIds);
    await loadPlaybooks(tx, data, typeIds, today);
    await loadAgreements(tx, data);
    await loadSurveys(tx, data);
    await loadDemoActivities(tx, data, today);
    // The import that brought a few of the contacts in, with its report.
    await insertAll(tx, contacts, demoRun.contacts);
    await insertAll(tx, affiliations, demoRun.affiliations);
    await insertAll(tx, imports, [demoRun.run]);
    await insertAll(tx, importRows, demoRun.rows);
  });
  return { file: demoRun.file, key: demoRun.run.storageKey };
}

/**
 * Communication plans: defaults for Academic Schools and Employers (checked against the demo's
 * touch points like any other plan), and peer pairs on the demo manager's relationships: the
 * manager with each School's Head of School, and a deputy with its computing representative.
 */
async function loadCommunicationPlans(tx: Executor, data: DemoData, typeIds: Map<string, string>) {
  const levels = new Map((await tx.select().from(communicationLevels)).map((l) => [l.name, l.id]));
  const school = typeIds.get('Academic School');
  const employer = typeIds.get('Employer');
  const items = [
    school && {
      partnerTypeId: school,
      purpose: 'Termly service review',
      channel: 'meeting',
      direction: 'both',
      frequencyDays: 91,
    },
    school && {
      partnerTypeId: school,
      purpose: 'Monthly IT news for Schools',
      channel: 'newsletter',
      direction: 'to_partner',
      frequencyDays: 30,
    },
    employer && {
      partnerTypeId: employer,
      purpose: 'Placement planning call',
      channel: 'call',
      direction: 'both',
      frequencyDays: 60,
    },
  ].filter((i) => !!i) as (typeof communicationPlanItems.$inferInsert)[];
  await insertAll(tx, communicationPlanItems, items);
  const manager = data.users.find((u) => u.email === 'manager@northmoor.ac.uk');
  const senior = levels.get('Senior');
  const operational = levels.get('Operational');
  if (!manager || !senior || !operational) return;
  const roleOf = new Map(data.affiliations.map((a) => [`${a.partnerId}:${a.role}`, a.contactId]));
  const pairs = data.relationships
    .filter((r) => r.managerId === manager.id)
    .slice(0, 8)
    .flatMap((r) => {
      const head = roleOf.get(`${r.partnerId}:Head of School`);
      const rep = roleOf.get(`${r.partnerId}:Local Computing Representative`);
      return [
        head && {
          relationshipId: r.id,
          levelId: senior,
          userId: manager.id,
          contactId: head,
          cadenceDays: 60,
        },
        rep &&
          r.deputyIds[0] && {
            relationshipId: r.id,
            levelId: operational,
            userId: r.deputyIds[0],
            contactId: rep,
            cadenceDays: 30,
          },
      ].filter((p) => !!p) as (typeof peerPairs.$inferInsert)[];
    });
  await insertAll(tx, peerPairs, pairs);
}

/**
 * Getting-to-know-you playbooks under way on the demo manager's three newest relationships,
 * begun three weeks ago with their partner type's steps (the migration's defaults). The first
 * has its exchange of information ticked by hand; the other steps complete from the demo's own
 * touch points, plans and pairs as they would for any run. Inserted in bulk, without events.
 */
async function loadPlaybooks(tx: Executor, data: DemoData, typeIds: Map<string, string>, today: Date) {
  const manager = data.users.find((u) => u.email === 'manager@northmoor.ac.uk');
  if (!manager) return;
  const typeOf = new Map(data.partners.map((p) => [p.id, typeIds.get(p.type)]));
  const newest = data.relationships
    .filter((r) => r.managerId === manager.id)
    .sort((a, b) => b.startDate.localeCompare(a.startDate))
    .slice(0, 3);
  const steps = await tx.select().from(playbookSteps);
  const startedAt = new Date(today.getTime() - 21 * 86_400_000);
  for (const [i, r] of newest.entries()) {
    const own = steps
      .filter((s) => s.partnerTypeId === typeOf.get(r.partnerId))
      .sort((a, b) => a.position - b.position);
    if (own.length === 0) continue;
    const runId = uuidv7();
    await tx.insert(playbookRuns).values({
      id: runId,
      relationshipId: r.id,
      managerId: manager.id,
      reason: 'started',
      startedByEvent: null,
      startedAt,
    });
    await insertAll(
      tx,
      playbookRunSteps,
      own.map((s) => {
        const ticked = i === 0 && s.completesWhen === 'by_hand';
        return {
          runId,
          position: s.position,
          title: s.title,
          completesWhen: s.completesWhen,
          touchpointKind: s.touchpointKind,
          tickedAt: ticked ? new Date(startedAt.getTime() + 2 * 86_400_000) : null,
          tickedById: ticked ? manager.id : null,
          evidence: ticked ? 'Swapped service guides and our ways of working at the first meeting' : null,
        };
      }),
    );
  }
}

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Agreements on the demo manager's first relationships: a service level agreement in force whose
 * review comes up within its reminder days, one with a change waiting for the manager's approval,
 * and a draft memorandum of understanding. Inserted in bulk, without events, like the rest.
 */
async function loadAgreements(tx: Executor, data: DemoData) {
  const manager = data.users.find((u) => u.email === 'manager@northmoor.ac.uk');
  if (!manager) return;
  const [first, second, third] = data.relationships.filter((r) => r.managerId === manager.id);
  if (!first || !second || !third) return;
  const contactOf = (partnerId: string) =>
    data.affiliations.find((a) => a.partnerId === partnerId)?.contactId ?? null;
  const terms = (title: string, partnerCommitments: string) => ({
    title,
    universityCommitments: 'Answer incidents within one working day; a named consultant for the School',
    partnerCommitments,
    keyTerms: 'Reviewed yearly; either side may propose changes with a reason',
    startDate: dayFromNow(-340),
    endDate: dayFromNow(390),
    reviewDate: dayFromNow(20),
  });
  const base = {
    status: 'active' as const,
    revision: 1,
    reviewReminderDays: 30,
    ownerId: manager.id,
    createdById: manager.id,
  };
  const sla = {
    id: uuidv7(),
    relationshipId: first.id,
    unitId: first.unitId,
    kind: 'service_level_agreement' as const,
    partnerContactId: contactOf(first.partnerId),
    ...base,
    ...terms(
      'IT service level agreement',
      'Name a Local Computing Representative; report faults through the service desk',
    ),
  };
  const placements = {
    id: uuidv7(),
    relationshipId: second.id,
    unitId: second.unitId,
    kind: 'placement_agreement' as const,
    partnerContactId: contactOf(second.partnerId),
    ...base,
    ...terms('Student placements', 'Offer ten paid summer placements'),
    reviewDate: dayFromNow(120),
  };
  const mou = {
    id: uuidv7(),
    relationshipId: third.id,
    unitId: third.unitId,
    kind: 'memorandum_of_understanding' as const,
    partnerContactId: null,
    ...base,
    status: 'draft' as const,
    revision: 0,
    ...terms('Memorandum of understanding on shared training', 'Host two training sessions a year'),
  };
  await insertAll(tx, agreements, [sla, placements, mou]);
  await insertAll(
    tx,
    agreementReaders,
    [sla, placements, mou].map((a) => ({ agreementId: a.id, userId: manager.id })),
  );
  const versionOf = (a: { id: string; title: string; partnerCommitments: string }) => ({
    agreementId: a.id,
    revision: 1,
    terms: terms(a.title, a.partnerCommitments),
    changeId: null,
  });
  await insertAll(tx, agreementVersions, [
    versionOf(sla),
    {
      ...versionOf(placements),
      terms: { ...terms(placements.title, placements.partnerCommitments), reviewDate: placements.reviewDate },
    },
  ]);
  const proposer = second.deputyIds[0] ?? manager.id;
  await insertAll(tx, agreementChanges, [
    {
      agreementId: placements.id,
      baseRevision: 1,
      reason: 'The partner can take two more students from next summer',
      terms: { partnerCommitments: 'Offer twelve paid summer placements' },
      baseTerms: {
        ...terms(placements.title, placements.partnerCommitments),
        reviewDate: placements.reviewDate,
      },
      proposedById: proposer,
      partnerContactId: placements.partnerContactId,
    },
  ]);
}

/**
 * Consent per purpose for the demo's contacts, from the consent the generator gave them: those
 * who gave it agreed to events and (every third) newsletters; one in eleven of the rest withdrew
 * from events, so an invitation leaves them out.
 */
function demoConsents(data: DemoData): (typeof consents.$inferInsert)[] {
  return data.contacts.flatMap((c, i): (typeof consents.$inferInsert)[] => {
    const on = c.consentRecordedOn ?? c.createdAt.toISOString().slice(0, 10);
    const base = { contactId: c.id, recordedOn: on, lawfulBasis: 'consent' as const, recordedById: null };
    if (c.consentStatus === 'given')
      return [
        {
          ...base,
          purpose: 'events',
          decision: 'given' as const,
          source: 'form' as const,
          evidence: 'Registration form',
        },
        ...(i % 3 === 0
          ? [
              {
                ...base,
                purpose: 'newsletters',
                decision: 'given' as const,
                source: 'form' as const,
                evidence: 'Newsletter sign-up',
              },
            ]
          : []),
      ];
    if (i % 11 === 0)
      return [
        {
          ...base,
          purpose: 'events',
          decision: 'withdrawn' as const,
          source: 'email' as const,
          evidence: 'Asked by e-mail not to be invited',
        },
      ];
    return [];
  });
}

/** The request register, with targets from the configured service levels and working week. */
async function loadRequests(tx: Executor, data: DemoData) {
  const calendar = await loadCalendar(tx);
  const levels = (await listServiceLevels(tx)).items;
  const escalatedTo = new Map(
    data.escalations.flatMap((e) => (e.requestId && !e.deescalatedAt ? [[e.requestId, e.level]] : [])),
  );
  await insertAll(
    tx,
    requests,
    data.requests.map(({ transitions, comments: _c, ...r }) => {
      const level = levels.find((l) => l.kind === r.kind && l.priority === r.priority)!;
      const at = (status: string) => transitions.find((t) => t.toStatus === status)?.at ?? null;
      return {
        ...r,
        ...dueDates(calendar, r.createdAt, level),
        updatedAt: transitions.at(-1)!.at,
        firstRespondedAt: transitions[1]?.at ?? null,
        resolvedAt: at('resolved'),
        closedAt: at('closed'),
        clockPausedAt: r.status === 'waiting_on_partner' ? transitions.at(-1)!.at : null,
        escalationLevel: escalatedTo.get(r.id) ?? null,
      };
    }),
  );
  await insertAll(
    tx,
    requestReaders,
    data.requests.flatMap((r) =>
      [...new Set([r.createdById, r.ownerId])].map((userId) => ({ requestId: r.id, userId })),
    ),
  );
  await insertAll(
    tx,
    requestTransitions,
    data.requests.flatMap((r) => r.transitions.map((t) => ({ requestId: r.id, ...t }))),
  );
  await insertAll(
    tx,
    requestComments,
    data.requests.flatMap((r) => r.comments.map((c) => ({ requestId: r.id, ...c }))),
  );
  const senior = data.users.find((u) => u.email === 'senior@northmoor.ac.uk')!;
  await insertAll(
    tx,
    escalations,
    data.escalations.map((e) => ({ ...e, namedUserIds: [senior.id] })),
  );
  const titleOf = new Map(data.requests.map((r) => [r.id, r]));
  await insertAll(
    tx,
    notifications,
    data.escalations.flatMap((e) => {
      // The senior manager was told of each escalation still open to them.
      const r = e.requestId && !e.deescalatedAt ? titleOf.get(e.requestId) : undefined;
      return r
        ? [
            {
              userId: senior.id,
              kind: 'escalated' as const,
              title: `Escalated to senior management: ${r.title}`,
              body: e.briefing,
              link: `/requests/${r.id}`,
              createdAt: e.raisedAt,
              // Already "sent": the demo must not e-mail anyone when SMTP is switched on.
              emailedAt: e.raisedAt,
            },
          ]
        : [];
    }),
  );
}

/**
 * Relationship surveys on the demo manager's first relationships, sent three weeks ago and open
 * for another week: most with enough answers for their results to show, the last with two (below
 * the anonymity threshold, so its breakdown is withheld). Already "e-mailed": the demo sends
 * nothing, and its links (hashes of nothing anyone holds) cannot be opened.
 */
async function loadSurveys(tx: Executor, data: DemoData) {
  const manager = data.users.find((u) => u.email === 'manager@northmoor.ac.uk');
  if (!manager) return;
  const now = Date.now();
  const sentAt = new Date(now - 21 * 86_400_000);
  const closesAt = new Date(now + 7 * 86_400_000);
  const mine = data.relationships.filter((r) => r.managerId === manager.id).slice(0, 4);
  const withEmail = new Set(data.contacts.filter((c) => c.emails.length).map((c) => c.id));
  for (const [n, r] of mine.entries()) {
    const asked = [
      ...new Set(
        data.affiliations
          .filter((a) => a.partnerId === r.partnerId && withEmail.has(a.contactId))
          .map((a) => a.contactId),
      ),
    ].slice(0, 8);
    if (asked.length < 2) continue;
    const [survey] = await tx
      .insert(surveys)
      .values({
        relationshipId: r.id,
        unitId: r.unitId,
        title: 'How are we doing? Autumn term',
        questions: surveyTemplate,
        closesAt,
        createdById: manager.id,
        createdAt: sentAt,
        anonymityThreshold: Math.min(5, asked.length),
      })
      .returning({ id: surveys.id });
    const answering = n === mine.length - 1 ? 2 : Math.max(Math.min(5, asked.length), asked.length - 2);
    await insertAll(
      tx,
      surveyInvitations,
      asked.map((contactId, i) => ({
        surveyId: survey!.id,
        contactId,
        email: data.contacts.find((c) => c.id === contactId)!.emails[0]!,
        tokenHash: createHash('sha256').update(`demo-survey:${survey!.id}:${contactId}`).digest('base64url'),
        emailedAt: sentAt,
        answeredAt: i < answering ? new Date(sentAt.getTime() + (i + 1) * 86_400_000) : null,
        createdAt: sentAt,
      })),
    );
    await insertAll(
      tx,
      surveyResponses,
      asked.slice(0, answering).map((_, i) => ({
        surveyId: survey!.id,
        answeredOn: new Date(sentAt.getTime() + (i + 1) * 86_400_000).toISOString().slice(0, 10),
        answers: [
          ...['trust', 'openness', 'communication', 'responsiveness', 'value'].map((questionId, q) => ({
            questionId,
            value: 3 + ((i + q + n) % 3),
          })),
          { questionId: 'recommend', value: 6 + ((i * 3 + n) % 5) },
          ...(i % 2 === 0
            ? [
                {
                  questionId: 'comments',
                  value: [
                    'Earlier notice of changes, please.',
                    'More regular catch-ups.',
                    'Keep the termly reviews going.',
                  ][(i / 2 + n) % 3]!,
                },
              ]
            : []),
        ],
      })),
    );
  }
}

import { count } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import {
  affiliations,
  contacts,
  escalations,
  notifications,
  partners,
  partnerTypes,
  relationshipDeputies,
  relationships,
  requestComments,
  requestReaders,
  requests,
  requestTransitions,
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
import { demoPassword } from './catalogue.ts';
import type { DemoData } from './generate.ts';

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

/** Loads the demo University of Northmoor in one transaction (the demo is the only bulk loader without audit entries). */
export async function loadDemo(db: Executor, data: DemoData): Promise<void> {
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

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing } from '../../../../common/src/contracts/briefings.ts';
import { auditLog } from '../../db/schema/audit.ts';
import { briefingItems, briefings } from '../../db/schema/briefings.ts';
import { events } from '../../db/schema/events.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { escalations, requests } from '../../db/schema/requests.ts';
import { relationshipReviews } from '../../db/schema/reviews.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';
import { insertBriefing } from './briefings.repository.ts';
import { prepareBriefings } from './briefings.service.ts';

const DAY = 86_400_000;
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let unitA: string;
let unitB: string;
let staffA: Agent;
let staffB: Agent;
let headA: Agent;
let headB: Agent;
let manager: Agent;
let admin: Agent;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  const faculty = (await buildUnit(t.db, { name: 'Faculty of Engineering', kind: 'faculty' })).id;
  unitA = (await buildUnit(t.db, { name: 'School of Computing', parentId: faculty })).id;
  unitB = (await buildUnit(t.db, { name: 'School of Law', parentId: faculty })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  staffB = await t.signIn('staff', { unitId: unitB });
  headA = await t.signIn('senior_manager', { unitId: unitA, email: 'head.computing@northmoor.ac.uk' });
  headB = await t.signIn('senior_manager', { unitId: unitB, email: 'head.law@northmoor.ac.uk' });
  manager = await t.signIn('relationship_manager', { unitId: unitA });
  admin = await t.signIn('administrator');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const raise = async (agent: Agent, body: Record<string, unknown>) => {
  const res = await t.call(agent, 'POST', '/api/v1/requests', { kind: 'complaint', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; partnerId: string };
};
const mailsTo = (address: string) =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));
const latestOf = async (agent: Agent) => {
  const list = (await t.call(agent, 'GET', '/api/v1/me/briefings')).json().items as { id: string }[];
  const res = await t.call(agent, 'GET', `/api/v1/me/briefings/${list[0]!.id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Briefing;
};

describe('the weekly briefing', () => {
  let concern: { id: string };
  let late: { id: string };
  let secret: { id: string };
  let lawOnly: { id: string };

  beforeAll(async () => {
    const norbridge = (await buildPartner(t.db, { name: 'Norbridge Rail' })).id;
    concern = await raise(staffA, {
      partnerId: norbridge,
      kind: 'concern',
      title: 'Placement students unhappy',
    });
    late = await raise(staffA, { partnerId: norbridge, kind: 'incident', title: 'Broken access card' });
    await t.db
      .update(requests)
      .set({ resolveDueAt: new Date(Date.now() - 2 * DAY) })
      .where(eq(requests.id, late.id));
    // Confidential to its creator: neither head may read it, so neither briefing may name it.
    const hush = (await buildPartner(t.db, { name: 'Hush Holdings' })).id;
    secret = await raise(staffA, {
      partnerId: hush,
      title: 'Board member grievance',
      visibility: 'confidential',
    });
    await t.db
      .update(requests)
      .set({ resolveDueAt: new Date(Date.now() - 2 * DAY) })
      .where(eq(requests.id, secret.id));
    // Law's own concern, for Law's unit only: Computing's head does not see it.
    lawOnly = await raise(staffB, {
      partnerId: norbridge,
      kind: 'concern',
      title: 'Moot court sponsorship wobbling',
      visibility: 'unit',
    });
    // Sentiment: turned sour with visible touch points; another only through confidential ones.
    const sour = (await buildPartner(t.db, { name: 'Sour Logistics' })).id;
    for (const sentiment of [-2, -1, -2])
      await buildTouchpoint(t.db, {
        partnerId: sour,
        unitId: unitA,
        authorId: staffA.user.id,
        sentiment,
        occurredAt: new Date(Date.now() - 3 * DAY),
      });
    await buildTouchpoint(t.db, {
      partnerId: sour,
      unitId: unitA,
      authorId: staffA.user.id,
      sentiment: 2,
      occurredAt: new Date(Date.now() - 100 * DAY),
    });
    const hidden = (await buildPartner(t.db, { name: 'Hidden Trust' })).id;
    for (let i = 0; i < 3; i++)
      await buildTouchpoint(t.db, {
        partnerId: hidden,
        unitId: unitA,
        authorId: staffA.user.id,
        sentiment: -2,
        visibility: 'confidential',
        occurredAt: new Date(Date.now() - 2 * DAY),
      });
    // An overdue review.
    const college = (await buildPartner(t.db, { name: 'Elmfield College' })).id;
    const rel = await buildRelationship(t.db, {
      unitId: unitA,
      partnerId: college,
      managerId: manager.user.id,
    });
    await t.db.insert(relationshipReviews).values({
      relationshipId: rel.id,
      unitId: unitA,
      scheduledFor: new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10),
      createdById: manager.user.id,
    });
    // The scheduled job, run twice at once and once more: one briefing per person and week.
    await Promise.all([t.app.jobs.trigger(JOB.prepareBriefings), t.app.jobs.trigger(JOB.prepareBriefings)]);
    await t.app.jobs.drain();
    await t.app.jobs.trigger(JOB.prepareBriefings);
    await t.app.jobs.drain();
  });

  it('is made once per senior manager and week, however often the job runs', async () => {
    for (const head of [headA, headB]) {
      const rows = await t.db.select().from(briefings).where(eq(briefings.recipientId, head.user.id));
      expect(rows).toHaveLength(1);
    }
    expect(await prepareBriefings({ db: t.db, log: t.app.log, jobs: t.app.jobs })).toBe(0);
    // Staff and relationship managers get none.
    for (const other of [staffA, manager]) {
      const rows = await t.db.select().from(briefings).where(eq(briefings.recipientId, other.user.id));
      expect(rows).toHaveLength(0);
    }
  });

  it('names new concerns, requests at risk, sentiment that has turned and overdue reviews', async () => {
    const b = await latestOf(headA);
    const bySection = (section: string) => b.lines.filter((l) => l.section === section);
    expect(bySection('new_concern').map((l) => l.requestId)).toEqual([concern.id]);
    expect(bySection('new_concern')[0]).toMatchObject({
      title: 'Concern: Placement students unhappy',
      partner: { name: 'Norbridge Rail' },
    });
    expect(bySection('at_risk').map((l) => l.requestId)).toContain(late.id);
    expect(bySection('at_risk').find((l) => l.requestId === late.id)!.detail).toContain(
      'Past its service level',
    );
    expect(bySection('sentiment_turned')).toEqual([
      expect.objectContaining({
        title: 'Sour Logistics',
        detail: 'Average sentiment fell from 2 to -1.67 (3 recent touch points)',
      }),
    ]);
    expect(bySection('overdue_review')).toEqual([
      expect.objectContaining({ title: 'School of Computing with Elmfield College' }),
    ]);
  });

  it('names nothing its reader may not see: confidential requests and touch points, other units', async () => {
    const a = JSON.stringify(await latestOf(headA));
    for (const hidden of ['Board member grievance', 'Hush Holdings', 'Hidden Trust', 'Moot court'])
      expect(a).not.toContain(hidden);
    expect(a).not.toContain(secret.id);
    expect(a).not.toContain(lawOnly.id);
    // Law's head sees Law's concern, still not the confidential one.
    const b = JSON.stringify(await latestOf(headB));
    expect(b).toContain(lawOnly.id);
    expect(b).not.toContain('Board member grievance');
    // Nor does the notification or its e-mail.
    const notes = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, headA.user.id), eq(notifications.kind, 'briefing')));
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes)).not.toContain('Board member grievance');
    const mails = mailsTo('head.computing@northmoor.ac.uk').filter((m) => m.subject?.includes('briefing'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Placement students unhappy');
    expect(mails[0]!.text).toContain('https://rapport.northmoor.ac.uk/briefings/');
    expect(mails[0]!.text).not.toContain('Board member grievance');
  });

  it('is delivered as the person chose: in the app only when they turned e-mail off', async () => {
    const head = await t.signIn('senior_manager', { unitId: unitA, email: 'quiet.head@northmoor.ac.uk' });
    const pref = await t.call(head, 'PUT', '/api/v1/me/notification-preferences', {
      items: [{ kind: 'briefing', inApp: true, email: false, digest: false }],
    });
    expect(pref.statusCode, pref.body).toBe(200);
    await t.db.delete(briefings).where(eq(briefings.recipientId, head.user.id));
    await t.app.jobs.trigger(JOB.prepareBriefings);
    await t.app.jobs.drain();
    const bell = (await t.call(head, 'GET', '/api/v1/me/notifications')).json();
    expect(bell.items.filter((n: { kind: string }) => n.kind === 'briefing')).toHaveLength(1);
    expect(mailsTo('quiet.head@northmoor.ac.uk')).toHaveLength(0);
  });

  it('records it read when opened, and what was done about a line', async () => {
    // A senior manager new this week: the next run briefs them (and nobody else again).
    const fresh = await t.signIn('senior_manager', { unitId: unitA });
    expect(await prepareBriefings({ db: t.db, log: t.app.log, jobs: t.app.jobs })).toBe(1);
    const list = (await t.call(fresh, 'GET', '/api/v1/me/briefings')).json().items;
    const id = list[0].id as string;
    const [before] = await t.db.select().from(briefings).where(eq(briefings.id, id));
    expect(before!.readAt).toBeNull();
    const b = (await t.call(fresh, 'GET', `/api/v1/me/briefings/${id}`)).json() as Briefing;
    expect(b.readAt).not.toBeNull();
    const [after] = await t.db.select().from(briefings).where(eq(briefings.id, id));
    expect(after!.readAt).not.toBeNull();
    // Opening it again keeps the first reading.
    await t.call(fresh, 'GET', `/api/v1/me/briefings/${id}`);
    const [again] = await t.db.select().from(briefings).where(eq(briefings.id, id));
    expect(again!.readAt!.getTime()).toBe(after!.readAt!.getTime());

    const line = b.lines[0]!;
    const res = await t.call(fresh, 'POST', `/api/v1/me/briefings/${id}/items/${line.id}/acted`, {
      note: 'Called the Head of School',
    });
    expect(res.statusCode, res.body).toBe(200);
    const acted = (res.json() as Briefing).lines.find((l) => l.id === line.id)!;
    expect(acted.actedNote).toBe('Called the Head of School');
    expect(acted.actedAt).not.toBeNull();
    expect((await t.call(fresh, 'GET', '/api/v1/me/briefings')).json().items[0]).toMatchObject({
      acted: 1,
      items: b.lines.length,
    });

    // The first reading and each note are in the briefing's history, by its reader, and published.
    const changed = await t.call(fresh, 'POST', `/api/v1/me/briefings/${id}/items/${line.id}/acted`, {
      note: 'Met the Head of School',
    });
    expect(changed.statusCode).toBe(200);
    const history = await t.db
      .select({
        action: auditLog.action,
        actor: auditLog.actorUserId,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'briefing'), eq(auditLog.entityId, id)))
      .orderBy(auditLog.id);
    expect(history).toEqual([
      {
        action: 'update',
        actor: fresh.user.id,
        before: { readAt: null },
        after: { readAt: after!.readAt!.toISOString() },
      },
      {
        action: 'update',
        actor: fresh.user.id,
        before: { itemId: line.id, actedAt: null, actedNote: null },
        after: { itemId: line.id, actedAt: acted.actedAt, actedNote: 'Called the Head of School' },
      },
      {
        action: 'update',
        actor: fresh.user.id,
        before: { itemId: line.id, actedAt: acted.actedAt, actedNote: 'Called the Head of School' },
        after: expect.objectContaining({ itemId: line.id, actedNote: 'Met the Head of School' }),
      },
    ]);
    const published = await t.db
      .select({ name: events.name })
      .from(events)
      .where(and(eq(events.entity, 'briefing'), eq(events.entityId, id)))
      .orderBy(events.id);
    expect(published.map((e) => e.name)).toEqual([
      'briefing.read',
      'briefing.item_acted',
      'briefing.item_acted',
    ]);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const id = (await t.call(headA, 'GET', '/api/v1/me/briefings')).json().items[0].id as string;
    const b = (await t.call(headA, 'GET', `/api/v1/me/briefings/${id}`)).json() as Briefing;
    const line = b.lines[1]!;
    const url = `/api/v1/me/briefings/${id}/items/${line.id}/acted`;
    for (const [body, field] of [
      [{}, 'note'],
      [{ note: '   ' }, 'note'],
      [{ note: 'x'.repeat(2001) }, 'note'],
      [{ note: 42 }, 'note'],
    ] as const) {
      const res = await t.call(headA, 'POST', url, body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain(field);
    }
    const bad = await t.call(headA, 'POST', `/api/v1/me/briefings/not-a-uuid/items/${line.id}/acted`, {
      note: 'Done',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id');
    const [row] = await t.db.select().from(briefingItems).where(eq(briefingItems.id, line.id));
    expect(row!.actedAt).toBeNull();
  });

  it('is only for senior managers and administrators, and only the recipient reads it', async () => {
    const id = (await t.call(headA, 'GET', '/api/v1/me/briefings')).json().items[0].id as string;
    const item = (await t.db.select().from(briefingItems).where(eq(briefingItems.briefingId, id)))[2]!;
    for (const agent of [staffA, manager]) {
      expect((await t.call(agent, 'GET', '/api/v1/me/briefings')).statusCode).toBe(403);
      expect((await t.call(agent, 'GET', `/api/v1/me/briefings/${id}`)).statusCode).toBe(403);
      expect((await t.call(agent, 'GET', '/api/v1/escalations/informed-before')).statusCode).toBe(403);
    }
    // Another senior manager, or an administrator, cannot open it: it is not theirs.
    for (const agent of [headB, admin]) {
      expect((await t.call(agent, 'GET', `/api/v1/me/briefings/${id}`)).statusCode).toBe(404);
      const res = await t.call(agent, 'POST', `/api/v1/me/briefings/${id}/items/${item.id}/acted`, {
        note: 'Not mine',
      });
      expect(res.statusCode).toBe(404);
    }
    expect((await t.call(admin, 'GET', '/api/v1/me/briefings')).statusCode).toBe(200);
    const [row] = await t.db.select().from(briefingItems).where(eq(briefingItems.id, item.id));
    expect(row!.actedAt).toBeNull();
  });
});

describe('informed before it escalated (the measure)', () => {
  it('per unit: the share of escalations briefed before, and the median days earlier; only what the reader may see', async () => {
    const now = Date.now();
    const at = (days: number) => new Date(now - days * DAY);
    const estates = (await buildUnit(t.db, { name: 'Estates and Facilities' })).id;
    const library = (await buildUnit(t.db, { name: 'University Library' })).id;
    const estatesStaff = await t.signIn('staff', { unitId: estates });
    const libraryStaff = await t.signIn('staff', { unitId: library });
    const viewer = await t.signIn('senior_manager', { unitId: estates });
    const q1 = (await buildPartner(t.db, { name: 'Quarry Lane Trust' })).id;
    const q2 = (await buildPartner(t.db, { name: 'Quince Partners' })).id;
    const q3 = (await buildPartner(t.db, { name: 'Quorum Arts' })).id;
    const r1 = await raise(estatesStaff, { partnerId: q1, title: 'Lift out of order' });
    const r2 = await raise(estatesStaff, { partnerId: q2, title: 'Parking permits' });
    const r3 = await raise(estatesStaff, { partnerId: q3, title: 'Heating' });
    const r4 = await raise(estatesStaff, { partnerId: q1, title: 'Earlier grievance' });
    const hidden = await raise(libraryStaff, {
      partnerId: q3,
      title: 'Confidential library matter',
      visibility: 'confidential',
    });
    const rel = await buildRelationship(t.db, { unitId: library, partnerId: q1 });

    // Hand-built briefings: r1 named 10 days ago; q2 (the partner only) 4 and 2 days ago.
    const someone = headB.user.id;
    const brief = async (week: string, days: number, items: Parameters<typeof insertBriefing>[4]) =>
      insertBriefing(t.db, someone, week, at(days), items);
    await brief('2001-01-01', 10, [
      { section: 'new_concern', partnerId: q1, requestId: r1.id, title: 'Lift out of order' },
    ]);
    await brief('2001-01-08', 4, [{ section: 'sentiment_turned', partnerId: q2, title: 'Quince Partners' }]);
    await brief('2001-01-15', 2, [{ section: 'sentiment_turned', partnerId: q2, title: 'Quince Partners' }]);

    const escalate = (values: { requestId?: string; relationshipId?: string; days: number }) =>
      t.db.insert(escalations).values({
        requestId: values.requestId ?? null,
        relationshipId: values.relationshipId ?? null,
        level: 'head_of_unit',
        briefing: 'Needs a senior call',
        raisedById: admin.user.id,
        raisedAt: at(values.days),
      });
    await escalate({ requestId: r1.id, days: 0 }); // briefed 10 days before
    await escalate({ requestId: r2.id, days: 0 }); // its partner briefed 4 days before (the first time)
    await escalate({ requestId: r3.id, days: 0 }); // never briefed
    await escalate({ requestId: r4.id, days: 20 }); // raised before any briefing named q1
    await escalate({ relationshipId: rel.id, days: 1 }); // its partner q1 briefed 9 days before
    await escalate({ requestId: hidden.id, days: 0 }); // confidential: only its readers count it

    const measure = async (agent: Agent) => {
      const res = await t.call(agent, 'GET', '/api/v1/escalations/informed-before');
      expect(res.statusCode, res.body).toBe(200);
      return res.json().units as { unitId: string }[];
    };
    const of = (units: { unitId: string }[], id: string) => units.find((u) => u.unitId === id);
    const seen = await measure(viewer);
    expect(of(seen, estates)).toEqual({
      unitId: estates,
      unitName: 'Estates and Facilities',
      escalations: 4,
      briefedBefore: 2,
      share: 0.5,
      medianDaysEarlier: 7,
    });
    expect(of(seen, library)).toMatchObject({
      escalations: 1,
      briefedBefore: 1,
      share: 1,
      medianDaysEarlier: 9,
    });
    // The administrator sees the confidential escalation too: never briefed.
    expect(of(await measure(admin), library)).toMatchObject({
      escalations: 2,
      briefedBefore: 1,
      share: 0.5,
      medianDaysEarlier: 9,
    });
  });
});

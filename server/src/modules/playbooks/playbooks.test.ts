import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { events } from '../../db/schema/events.ts';
import { playbookRunSteps, playbookRuns } from '../../db/schema/playbooks.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildUnit,
  partnerTypeId,
} from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let manager: Agent;
let successor: Agent;
let colleague: Agent;
let outsider: Agent;
let admin: Agent;
let employer: string;

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverEvents);
  await t.app.jobs.drain();
};

beforeAll(async () => {
  t = await createTestApp({}, { jobs: { work: true, queue: 'in-process' } });
  unitA = (await buildUnit(t.db, { name: 'Careers and Employability' })).id;
  manager = await t.signIn('relationship_manager', { unitId: unitA });
  successor = await t.signIn('relationship_manager', { unitId: unitA });
  colleague = await t.signIn('staff', { unitId: unitA });
  outsider = await t.signIn('relationship_manager');
  admin = await t.signIn('administrator');
  employer = await partnerTypeId(t.db, 'Employer');
});
afterAll(() => t.close());

/** A relationship started through the API, as people start them, with its events delivered. */
async function startRelationship(name: string) {
  const partner = await buildPartner(t.db, { name, typeId: employer });
  const res = await t.call(manager, 'POST', '/api/v1/relationships', {
    unitId: unitA,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  expect(res.statusCode).toBe(201);
  await settle();
  return { partnerId: partner.id, relationship: res.json() as { id: string; version: number } };
}

const playbookOf = async (agent: Agent, relationshipId: string) => {
  const res = await t.call(agent, 'GET', `/api/v1/relationships/${relationshipId}/playbook`);
  expect(res.statusCode).toBe(200);
  return res.json().run;
};
type Step = {
  id: string;
  title: string;
  completesWhen: string;
  done: boolean;
  how: string | null;
  record: { id: string | null; label: string | null } | null;
  note: string | null;
};
const stepOf = (run: { steps: Step[] }, kind: string) => run.steps.find((s) => s.completesWhen === kind)!;

describe('getting-to-know-you playbooks', () => {
  it('has the default steps for every partner type from the migration', async () => {
    const res = await t.call(manager, 'GET', `/api/v1/partner-types/${employer}/playbook`);
    expect(res.statusCode).toBe(200);
    expect(res.json().steps.map((s: Step) => s.completesWhen)).toEqual([
      'touchpoint',
      'communication_plan',
      'by_hand',
      'peer_pairs',
      'review',
    ]);
  });

  it('starts a run when a relationship starts, and another when it changes manager', async () => {
    const { relationship } = await startRelationship('Ashdown Building Society');
    const first = await playbookOf(manager, relationship.id);
    expect(first).toMatchObject({ reason: 'started', progress: { done: 0, total: 5 }, can: { tick: true } });
    expect(first.manager.id).toBe(manager.user.id);

    // A change that is not of manager starts nothing.
    const staged = await t.call(
      manager,
      'PATCH',
      `/api/v1/relationships/${relationship.id}`,
      { stage: 'developing' },
      { 'if-match': `"v${relationship.version}"` },
    );
    expect(staged.statusCode).toBe(200);
    await settle();
    expect((await playbookOf(manager, relationship.id)).id).toBe(first.id);

    const handed = await t.call(
      manager,
      'PATCH',
      `/api/v1/relationships/${relationship.id}`,
      { managerId: successor.user.id },
      { 'if-match': `"v${staged.json().version}"` },
    );
    expect(handed.statusCode).toBe(200);
    await settle();
    const second = await playbookOf(successor, relationship.id);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ reason: 'manager_changed', manager: { id: successor.user.id } });
    const runs = await t.db
      .select()
      .from(playbookRuns)
      .where(eq(playbookRuns.relationshipId, relationship.id));
    expect(runs).toHaveLength(2);
    // Delivering again starts nothing more.
    await settle();
    expect(
      await t.db.select().from(playbookRuns).where(eq(playbookRuns.relationshipId, relationship.id)),
    ).toHaveLength(2);
    expect(
      (await t.call(successor, 'GET', '/api/v1/playbook-runs/mine'))
        .json()
        .items.map((r: { id: string }) => r.id),
    ).toContain(second.id);
    expect(
      (await t.call(manager, 'GET', '/api/v1/playbook-runs/mine'))
        .json()
        .items.map((r: { relationshipId: string }) => r.relationshipId),
    ).not.toContain(relationship.id);
  });

  it('completes a step from a real touch point, a plan item and peer pairs; a confidential one only for its readers', async () => {
    const { partnerId, relationship } = await startRelationship('Brindle Engineering');
    // A call is not the introductory meeting.
    const call = await t.call(manager, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'call',
      subject: 'Hello',
    });
    expect(call.statusCode).toBe(201);
    expect(stepOf(await playbookOf(manager, relationship.id), 'touchpoint').done).toBe(false);

    const meeting = await t.call(colleague, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'meeting',
      subject: 'Restructuring: first meeting',
      visibility: 'confidential',
      readerIds: [colleague.user.id],
    });
    expect(meeting.statusCode).toBe(201);
    // The manager is not among its readers: for them it completes nothing, and says nothing.
    const seenByManager = stepOf(await playbookOf(manager, relationship.id), 'touchpoint');
    expect(seenByManager).toMatchObject({ done: false, doneAt: null, how: null, record: null });
    expect(JSON.stringify(await playbookOf(manager, relationship.id))).not.toContain('Restructuring');
    const seenByAdmin = stepOf(await playbookOf(admin, relationship.id), 'touchpoint');
    expect(seenByAdmin.record).toEqual({
      entity: 'touchpoint',
      id: meeting.json().id,
      label: 'Restructuring: first meeting',
    });
    const seenByReader = stepOf(await playbookOf(colleague, relationship.id), 'touchpoint');
    expect(seenByReader.record).toEqual({
      entity: 'touchpoint',
      id: meeting.json().id,
      label: 'Restructuring: first meeting',
    });

    const item = await t.call(manager, 'POST', '/api/v1/communication-plans/items', {
      relationshipId: relationship.id,
      purpose: 'Termly service review',
      channel: 'meeting',
      direction: 'both',
      frequencyDays: 90,
    });
    expect(item.statusCode).toBe(201);
    const levels = (await t.call(manager, 'GET', '/api/v1/communication-levels')).json().items;
    const contact = await buildContact(t.db, { name: 'Head of Brindle' });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId });
    const pair = await t.call(manager, 'POST', '/api/v1/peer-pairs', {
      relationshipId: relationship.id,
      levelId: levels[0].id,
      userId: manager.user.id,
      contactId: contact.id,
      cadenceDays: 30,
    });
    expect(pair.statusCode).toBe(201);
    const run = await playbookOf(manager, relationship.id);
    expect(stepOf(run, 'communication_plan')).toMatchObject({
      done: true,
      record: { id: item.json().id, label: 'Termly service review' },
    });
    expect(stepOf(run, 'peer_pairs')).toMatchObject({ done: true, record: { id: pair.json().id } });
    expect(run.progress).toEqual({ done: 2, total: 5 });

    const firstReview = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const review = await t.call(manager, 'POST', `/api/v1/relationships/${relationship.id}/reviews`, {
      scheduledFor: firstReview,
    });
    expect(review.statusCode).toBe(201);
    const reviewed = await playbookOf(manager, relationship.id);
    expect(stepOf(reviewed, 'review')).toMatchObject({
      done: true,
      record: { id: review.json().id, label: firstReview },
    });
    expect(reviewed.progress).toEqual({ done: 3, total: 5 });

    // A meeting the manager may see completes the step for them, though the confidential one came first.
    const shared = await t.call(manager, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'meeting',
      subject: 'Introductory meeting',
    });
    expect(shared.statusCode).toBe(201);
    const met = await playbookOf(manager, relationship.id);
    expect(stepOf(met, 'touchpoint').record).toEqual({
      entity: 'touchpoint',
      id: shared.json().id,
      label: 'Introductory meeting',
    });
    expect(met.progress).toEqual({ done: 4, total: 5 });
    expect(stepOf(await playbookOf(colleague, relationship.id), 'touchpoint').record?.id).toBe(
      meeting.json().id,
    );
  });

  it('ticks a step by hand only with evidence, and only for those who look after the relationship', async () => {
    const { relationship } = await startRelationship('Calder Mills');
    const run = await playbookOf(manager, relationship.id);
    const exchange = stepOf(run, 'by_hand');
    const tick = (agent: Agent, body: unknown, runId = run.id, stepId = exchange.id) =>
      t.call(agent, 'POST', `/api/v1/playbook-runs/${runId}/steps/${stepId}/tick`, body);

    for (const body of [{}, { evidence: '   ' }, { evidence: 'x'.repeat(2001) }, { evidence: 42 }]) {
      const bad = await tick(manager, body);
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.json().errors[0].field).toBe('evidence');
    }
    expect((await tick(outsider, { evidence: 'Swapped service guides' })).statusCode).toBe(403);
    expect((await tick(colleague, { evidence: 'Swapped service guides' })).statusCode).toBe(403);
    expect((await tick(manager, { evidence: 'x' }, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect(
      (await tick(manager, { evidence: 'x' }, run.id, '00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
    expect((await tick(manager, { evidence: 'x' }, 'not-a-uuid')).statusCode).toBe(400);
    const untouched = await t.db.select().from(playbookRunSteps).where(eq(playbookRunSteps.id, exchange.id));
    expect(untouched[0]!.tickedAt).toBeNull();

    const ok = await tick(manager, { evidence: ' Swapped service guides at the visit ' });
    expect(ok.statusCode).toBe(200);
    expect(stepOf(ok.json(), 'by_hand')).toMatchObject({
      done: true,
      how: 'by_hand',
      note: 'Swapped service guides at the visit',
      tickedBy: { id: manager.user.id },
    });
    expect((await tick(manager, { evidence: 'again' })).statusCode).toBe(409);
    expect(
      (await t.call(manager, 'GET', '/api/v1/relationships/00000000-0000-4000-8000-000000000000/playbook'))
        .statusCode,
    ).toBe(404);
  });

  it('lets administrators set a partner type’s steps, refusing bad ones by field and changing nothing', async () => {
    const type = (
      await t.call(admin, 'POST', '/api/v1/partner-types', { name: 'Playbook test type' })
    ).json();
    const url = `/api/v1/partner-types/${type.id}/playbook`;
    const steps = [
      { title: 'Introductory call', completesWhen: 'touchpoint', touchpointKind: 'call' },
      { title: 'Visit the site', completesWhen: 'by_hand' },
    ];
    expect((await t.call(manager, 'PUT', url, { steps })).statusCode).toBe(403);
    const set = await t.call(admin, 'PUT', url, { steps });
    expect(set.statusCode).toBe(200);
    expect(set.json().steps.map((s: { title: string; position: number }) => [s.position, s.title])).toEqual([
      [1, 'Introductory call'],
      [2, 'Visit the site'],
    ]);
    for (const [bad, field] of [
      [{ steps: [{ title: 'Meet', completesWhen: 'touchpoint' }] }, 'steps.0.touchpointKind'],
      [{ steps: [steps[0], { title: '', completesWhen: 'by_hand' }] }, 'steps.1.title'],
      [
        { steps: [{ title: 'Meet', completesWhen: 'review', touchpointKind: 'call' }] },
        'steps.0.touchpointKind',
      ],
      [{ steps: [{ title: 'Meet', completesWhen: 'lunch' }] }, 'steps.0.completesWhen'],
      [{ steps: Array.from({ length: 21 }, () => steps[1]) }, 'steps'],
    ] as const) {
      const res = await t.call(admin, 'PUT', url, bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await t.call(admin, 'GET', url)).json().steps).toHaveLength(2);
    expect(
      (
        await t.call(admin, 'PUT', '/api/v1/partner-types/00000000-0000-4000-8000-000000000000/playbook', {
          steps,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('starts a playbook on the relationships that began before it had steps, once, in their history', async () => {
    const type = (await t.call(admin, 'POST', '/api/v1/partner-types', { name: 'Local college' })).json();
    const url = `/api/v1/partner-types/${type.id}/playbook`;
    expect((await t.call(admin, 'PUT', url, { steps: [] })).statusCode).toBe(200);
    const start = async (name: string, status?: 'archived') => {
      const partner = await buildPartner(t.db, { name, typeId: type.id, ...(status ? { status } : {}) });
      const res = await t.call(manager, 'POST', '/api/v1/relationships', {
        unitId: unitA,
        partnerId: partner.id,
        managerId: manager.user.id,
      });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; version: number };
    };
    const [first, second, ended] = [
      await start('Northmoor College'),
      await start('Eastfield Sixth Form'),
      await start('Old Mill College'),
    ];
    const archived = await start('Closed College', 'archived');
    expect(
      (
        await t.call(
          manager,
          'PATCH',
          `/api/v1/relationships/${ended.id}`,
          { status: 'ended' },
          { 'if-match': `"v${ended.version}"` },
        )
      ).statusCode,
    ).toBe(200);
    await settle();
    // No steps, so nothing started, and starting it is refused until it has some.
    expect(await playbookOf(manager, first.id)).toBeNull();
    expect((await t.call(admin, 'POST', `${url}/runs`)).statusCode).toBe(409);

    const steps = [
      { title: 'Meet the head of sixth form', completesWhen: 'touchpoint', touchpointKind: 'meeting' },
    ];
    const saved = await t.call(admin, 'PUT', url, { steps });
    expect(saved.json().waiting).toBe(2);
    expect((await t.call(manager, 'GET', url)).json().waiting).toBe(2);

    // Only administrators start it; an unknown type is not found.
    expect((await t.call(manager, 'POST', `${url}/runs`)).statusCode).toBe(403);
    expect(
      (
        await t.call(
          admin,
          'POST',
          '/api/v1/partner-types/00000000-0000-4000-8000-000000000000/playbook/runs',
        )
      ).statusCode,
    ).toBe(404);

    const run = await t.call(admin, 'POST', `${url}/runs`);
    expect(run.statusCode).toBe(200);
    expect(run.json()).toEqual({ started: 2 });
    for (const r of [first, second]) {
      const started = await playbookOf(manager, r.id);
      expect(started).toMatchObject({ reason: 'applied', progress: { done: 0, total: 1 } });
      expect(started.steps.map((s: Step) => s.title)).toEqual(['Meet the head of sixth form']);
      const history = await t.db
        .select({ actorUserId: auditLog.actorUserId, after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'playbook_run'), eq(auditLog.entityId, started.id)));
      expect(history).toEqual([
        {
          actorUserId: admin.user.id,
          after: expect.objectContaining({ reason: 'applied', relationshipId: r.id }),
        },
      ]);
      const emitted = await t.db
        .select({ name: events.name })
        .from(events)
        .where(and(eq(events.entity, 'playbook_run'), eq(events.entityId, started.id)));
      expect(emitted).toEqual([{ name: 'playbook_run.started' }]);
    }
    // The ended relationship and the archived partner's are left alone; a second call starts nothing.
    expect(await playbookOf(manager, ended.id)).toBeNull();
    expect(await playbookOf(manager, archived.id)).toBeNull();
    expect((await t.call(admin, 'GET', url)).json().waiting).toBe(0);
    expect((await t.call(admin, 'POST', `${url}/runs`)).json()).toEqual({ started: 0 });
    const runs = await t.db.select().from(playbookRuns).where(eq(playbookRuns.relationshipId, first.id));
    expect(runs).toHaveLength(1);
  });
});

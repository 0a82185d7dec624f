import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { disputeProcedures } from '../../db/schema/disputes.ts';
import { requests } from '../../db/schema/requests.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let manager: Agent;
let colleague: Agent;
let outsider: Agent;
let senior: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'Estates' })).id;
  manager = await t.signIn('relationship_manager', { unitId: unitA });
  colleague = await t.signIn('staff', { unitId: unitA });
  outsider = await t.signIn('staff');
  senior = await t.signIn('senior_manager');
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

const fieldsOf = (body: string) =>
  (JSON.parse(body) as { errors?: { field: string }[] }).errors?.map((e) => e.field) ?? [];

/** A dispute raised by the manager on a partner of unit A, and the partner's contact. */
async function dispute(name: string, extra: Record<string, unknown> = {}) {
  const partner = await buildPartner(t.db, { name });
  const relationship = await buildRelationship(t.db, {
    unitId: unitA,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const contact = await buildContact(t.db, { name: `Director at ${name}` });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
  const raised = await t.call(manager, 'POST', '/api/v1/requests', {
    partnerId: partner.id,
    relationshipId: relationship.id,
    kind: 'dispute',
    title: `Invoice disagreement with ${name}`,
    ownerId: manager.user.id,
    ...extra,
  });
  expect(raised.statusCode, raised.body).toBe(201);
  return {
    id: raised.json().id as string,
    partner: partner.id,
    relationship: relationship.id,
    contact: contact.id,
  };
}

const move = (agent: Agent, id: string, stage: string) =>
  t.call(agent, 'POST', `/api/v1/requests/${id}/dispute/stage`, { stage });
const stageOf = async (id: string) =>
  (await t.call(manager, 'GET', `/api/v1/requests/${id}/dispute`)).json().stage;

describe('the dispute procedure', () => {
  it('starts in informal discussion, moves one stage at a time, and refuses going back or skipping (409)', async () => {
    const d = await dispute('Granite Builders');
    const start = await t.call(manager, 'GET', `/api/v1/requests/${d.id}/dispute`);
    expect(start.statusCode, start.body).toBe(200);
    expect(start.json()).toMatchObject({
      stage: 'informal_discussion',
      overdue: false,
      timescales: { informal_discussion: 10, formal_review: 20 },
      timescalesFrom: null,
      outcome: null,
      can: { move: true },
    });

    const skip = await move(manager, d.id, 'senior_panel');
    expect(skip.statusCode, skip.body).toBe(409);
    expect(skip.json().detail).toContain('cannot skip to senior panel');
    const early = await t.call(manager, 'POST', `/api/v1/requests/${d.id}/dispute/outcome`, {
      agreed: 'Split the cost',
      contactId: d.contact,
    });
    expect(early.statusCode, early.body).toBe(409);
    expect(await stageOf(d.id)).toBe('informal_discussion');

    const formal = await move(manager, d.id, 'formal_review');
    expect(formal.statusCode, formal.body).toBe(200);
    expect(formal.json().stage).toBe('formal_review');
    const again = await move(manager, d.id, 'formal_review');
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('does not move back');
    expect((await move(manager, d.id, 'mediation')).statusCode).toBe(200);
    const back = await move(manager, d.id, 'senior_panel');
    expect(back.statusCode).toBe(409);
    expect(await stageOf(d.id)).toBe('mediation');

    const unknown = await move(manager, d.id, 'arbitration');
    expect(unknown.statusCode).toBe(400);
    expect(fieldsOf(unknown.body)).toEqual(['stage']);
  });

  it('is for those who work the request (403), hides a request the reader may not see (404), and only for disputes (409)', async () => {
    const d = await dispute('Harrow Cleaning');
    expect((await move(outsider, d.id, 'formal_review')).statusCode).toBe(403);
    expect(await stageOf(d.id)).toBe('informal_discussion');
    const secret = await dispute('Ivy Catering', { visibility: 'confidential' });
    expect((await t.call(colleague, 'GET', `/api/v1/requests/${secret.id}/dispute`)).statusCode).toBe(404);
    const other = await t.call(manager, 'POST', '/api/v1/requests', {
      partnerId: d.partner,
      kind: 'incident',
      title: 'Broken door',
    });
    const notDispute = await t.call(manager, 'GET', `/api/v1/requests/${other.json().id}/dispute`);
    expect(notDispute.statusCode).toBe(409);
  });

  it("takes a stage's timescale from the governing agreement's key terms, else the administrator's defaults", async () => {
    const d = await dispute('Juniper Transport');
    const agreement = await t.call(manager, 'POST', '/api/v1/agreements', {
      relationshipId: d.relationship,
      kind: 'contract',
      title: 'Fleet maintenance',
      keyTerms: 'Disputes: informal discussion within 3 working days; formal review 7 days.',
    });
    expect(agreement.statusCode, agreement.body).toBe(201);
    const activated = await t.call(
      manager,
      'PATCH',
      `/api/v1/agreements/${agreement.json().id}`,
      { status: 'active' },
      { 'if-match': '"v1"' },
    );
    expect(activated.statusCode, activated.body).toBe(200);
    const view = (await t.call(manager, 'GET', `/api/v1/requests/${d.id}/dispute`)).json();
    expect(view.timescales).toMatchObject({ informal_discussion: 3, formal_review: 7, senior_panel: 30 });
    expect(view.timescalesFrom).toEqual({ id: agreement.json().id, title: 'Fleet maintenance' });

    // The administrator's defaults: refused to others, checked, then applied where no agreement sets one.
    const body = { informal_discussion: 5, formal_review: 10, senior_panel: 15, mediation: 20 };
    expect((await t.call(manager, 'PUT', '/api/v1/dispute-timescales', body)).statusCode).toBe(403);
    const bad = await t.call(admin, 'PUT', '/api/v1/dispute-timescales', { ...body, mediation: 0 });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['mediation']);
    expect((await t.call(admin, 'PUT', '/api/v1/dispute-timescales', body)).statusCode).toBe(200);
    const plain = await dispute('Kiln Pottery');
    expect((await t.call(manager, 'GET', `/api/v1/requests/${plain.id}/dispute`)).json().timescales).toEqual(
      body,
    );
    const governed = (await t.call(manager, 'GET', `/api/v1/requests/${d.id}/dispute`)).json();
    expect(governed.timescales).toEqual({ ...body, informal_discussion: 3, formal_review: 7 });
    await t.call(admin, 'PUT', '/api/v1/dispute-timescales', {
      informal_discussion: 10,
      formal_review: 20,
      senior_panel: 30,
      mediation: 30,
    });
  });

  it('shows a stage past its timescale in the senior view, only to those who may see the dispute', async () => {
    const d = await dispute('Larch Security');
    const secret = await dispute('Maple Legal', { visibility: 'confidential' });
    // Governed by an agreement that gives informal discussion 30 days: not late at 15.
    const patient = await dispute('Quarry Stone');
    const agreement = await t.call(manager, 'POST', '/api/v1/agreements', {
      relationshipId: patient.relationship,
      kind: 'contract',
      title: 'Stone supply',
      keyTerms: 'Informal discussion: 30 days.',
    });
    expect(
      (
        await t.call(
          manager,
          'PATCH',
          `/api/v1/agreements/${agreement.json().id}`,
          { status: 'active' },
          { 'if-match': '"v1"' },
        )
      ).statusCode,
    ).toBe(200);
    // Raised 15 days ago: past informal discussion's 10 days.
    for (const id of [d.id, secret.id, patient.id])
      await t.db
        .update(requests)
        .set({ createdAt: sql`now() - interval '15 days'` })
        .where(eq(requests.id, id));
    const view = await t.call(senior, 'GET', '/api/v1/escalations');
    expect(view.statusCode, view.body).toBe(200);
    const listed = view.json().atRisk.disputeStages.map((s: { requestId: string }) => s.requestId);
    expect(listed).toContain(d.id);
    expect(listed).not.toContain(secret.id);
    expect(listed).not.toContain(patient.id);
    const row = view.json().atRisk.disputeStages.find((s: { requestId: string }) => s.requestId === d.id);
    expect(row).toMatchObject({ stage: 'informal_discussion', partner: { name: 'Larch Security' } });
    expect((await t.call(manager, 'GET', `/api/v1/requests/${d.id}/dispute`)).json().overdue).toBe(true);

    // Moved on: the new stage's clock starts, and it leaves the list.
    expect((await move(manager, d.id, 'formal_review')).statusCode).toBe(200);
    const after = (await t.call(senior, 'GET', '/api/v1/escalations')).json();
    expect(after.atRisk.disputeStages.map((s: { requestId: string }) => s.requestId)).not.toContain(d.id);
  });
});

describe('the outcome', () => {
  async function atPanel(name: string) {
    const d = await dispute(name);
    for (const stage of ['formal_review', 'senior_panel'])
      expect((await move(manager, d.id, stage)).statusCode).toBe(200);
    return d;
  }

  it('records what was agreed, makes lessons improvement tasks, and the contact acknowledges it once by the private link', async () => {
    const d = await atPanel('Nettle Farms');
    const res = await t.call(manager, 'POST', `/api/v1/requests/${d.id}/dispute/outcome`, {
      agreed: 'The university refunds half of the invoice',
      contactId: d.contact,
      lessons: ['Check invoices against the agreement before sending', 'Name a finance contact'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const recorded = res.json();
    expect(recorded).toMatchObject({
      stage: 'outcome',
      stageDueOn: null,
      can: { move: false },
      outcome: {
        agreed: 'The university refunds half of the invoice',
        acknowledgedAt: null,
        contact: { id: d.contact },
      },
    });
    const path = recorded.acknowledgementPath as string;
    expect(path).toMatch(/^\/outcome\/do_[A-Za-z0-9_-]{40,}$/);
    const token = path.split('/').at(-1)!;
    // Only its hash is kept, and no history holds the link.
    const [stored] = await t.db.select().from(disputeProcedures).where(eq(disputeProcedures.requestId, d.id));
    expect(stored!.linkHash).not.toContain(token);
    const leaked = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where (before::text like ${`%${token}%`} or after::text like ${`%${token}%`})`,
    );
    expect(leaked[0]!.n).toBe(0);

    const improvements = await queryRows<{ title: string; assignee_id: string }>(
      t.db,
      sql`select title, assignee_id from tasks where partner_id = ${d.partner} order by title`,
    );
    expect(improvements.map((r) => r.title)).toEqual([
      expect.stringContaining('Check invoices against the agreement before sending'),
      expect.stringContaining('Name a finance contact'),
    ]);
    expect(improvements.every((r) => r.assignee_id === manager.user.id)).toBe(true);

    const shown = await t.call(null, 'GET', `/api/v1/public/dispute-outcomes/${token}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      partnerName: 'Nettle Farms',
      contactName: 'Director at Nettle Farms',
      agreed: 'The university refunds half of the invoice',
      acknowledgedAt: null,
    });
    const ack = await t.call(null, 'POST', `/api/v1/public/dispute-outcomes/${token}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledgedAt).not.toBeNull();
    const twice = await t.call(null, 'POST', `/api/v1/public/dispute-outcomes/${token}/acknowledge`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain('already been acknowledged');
    const view = (await t.call(manager, 'GET', `/api/v1/requests/${d.id}/dispute`)).json();
    expect(view.outcome.acknowledgedAt).toBe(ack.json().acknowledgedAt);
    const events = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from events where name = 'dispute.acknowledged' and actor->>'contactId' = ${d.contact}`,
    );
    expect(events[0]!.n).toBe(1);
  });

  it('refuses an unknown link (404), an expired one (410), and a contact of another partner (400)', async () => {
    const unknown = await t.call(
      null,
      'POST',
      `/api/v1/public/dispute-outcomes/do_${'x'.repeat(43)}/acknowledge`,
    );
    expect(unknown.statusCode).toBe(404);
    const d = await atPanel('Orchard Hotels');
    const other = await dispute('Pebble Studios');
    const wrong = await t.call(manager, 'POST', `/api/v1/requests/${d.id}/dispute/outcome`, {
      agreed: 'Agreed',
      contactId: other.contact,
    });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(fieldsOf(wrong.body)).toEqual(['contactId']);
    const empty = await t.call(manager, 'POST', `/api/v1/requests/${d.id}/dispute/outcome`, {
      agreed: ' ',
      contactId: d.contact,
    });
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty.body)).toEqual(['agreed']);
    expect(await stageOf(d.id)).toBe('senior_panel');

    const res = await t.call(manager, 'POST', `/api/v1/requests/${d.id}/dispute/outcome`, {
      agreed: 'Rooms at the old rate for a year',
      contactId: d.contact,
    });
    const token = (res.json().acknowledgementPath as string).split('/').at(-1)!;
    await t.db
      .update(disputeProcedures)
      .set({ linkExpiresAt: sql`now() - interval '1 minute'` })
      .where(eq(disputeProcedures.requestId, d.id));
    const expired = await t.call(null, 'POST', `/api/v1/public/dispute-outcomes/${token}/acknowledge`);
    expect(expired.statusCode).toBe(410);
    expect((await t.call(null, 'GET', `/api/v1/public/dispute-outcomes/${token}`)).statusCode).toBe(410);
    const [row] = await t.db.select().from(disputeProcedures).where(eq(disputeProcedures.requestId, d.id));
    expect(row!.acknowledgedAt).toBeNull();
  });
});

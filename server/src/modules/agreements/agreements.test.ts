import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';
import { remindAgreementReviews } from './reviews.job.ts';

let t: TestApp;
let unitA: string;
let manager: Agent;
let colleague: Agent;
let outsider: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp({}, { jobs: { work: true, queue: 'in-process' } });
  unitA = (await buildUnit(t.db, { name: 'Careers and Employability' })).id;
  manager = await t.signIn('relationship_manager', { unitId: unitA });
  colleague = await t.signIn('staff', { unitId: unitA });
  outsider = await t.signIn('relationship_manager');
  viewer = await t.signIn('viewer', { unitId: unitA });
});
afterAll(() => t.close());

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverEvents);
  await t.app.jobs.drain();
};

/** A partner with a relationship of unit A managed by `manager`, and its signatory. */
async function setting(name: string) {
  const partner = await buildPartner(t.db, { name });
  const relationship = await buildRelationship(t.db, {
    unitId: unitA,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const signatory = await buildContact(t.db, { name: `Director of ${name}` });
  await buildAffiliation(t.db, { contactId: signatory.id, partnerId: partner.id });
  return { partner: partner.id, relationship: relationship.id, signatory: signatory.id };
}

const draft = (relationshipId: string, extra: Record<string, unknown> = {}) => ({
  relationshipId,
  kind: 'placement_agreement',
  title: 'Summer placements',
  universityCommitments: 'Advertise placements to second-year students',
  partnerCommitments: 'Offer ten paid placements each summer',
  startDate: '2026-01-01',
  endDate: '2028-12-31',
  reviewDate: '2027-01-01',
  ...extra,
});

const countAgreements = async (relationshipId: string) =>
  (
    await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from agreements where relationship_id = ${relationshipId}`,
    )
  )[0]!.n;

/** An agreement in force, with the partner's signatory named. */
async function inForce(name: string, extra: Record<string, unknown> = {}) {
  const s = await setting(name);
  const created = await t.call(manager, 'POST', '/api/v1/agreements', {
    ...draft(s.relationship),
    partnerContactId: s.signatory,
    ...extra,
  });
  expect(created.statusCode, created.body).toBe(201);
  const active = await t.call(
    manager,
    'PATCH',
    `/api/v1/agreements/${created.json().id}`,
    { status: 'active' },
    { 'if-match': '"v1"' },
  );
  expect(active.statusCode, active.body).toBe(200);
  return { ...s, agreement: active.json() };
}

const propose = (
  agent: Agent,
  id: string,
  terms: Record<string, unknown>,
  reason = 'The partner asked for more',
) => t.call(agent, 'POST', `/api/v1/agreements/${id}/changes`, { reason, terms });
const decide = (agent: Agent, changeId: string, body: Record<string, unknown>) =>
  t.call(agent, 'POST', `/api/v1/agreement-changes/${changeId}/decisions`, body);

describe('recording agreements', () => {
  it('refuses a review date before the start, naming the field, and records nothing', async () => {
    const s = await setting('Ashdown Building Society');
    const early = await t.call(
      manager,
      'POST',
      '/api/v1/agreements',
      draft(s.relationship, { reviewDate: '2025-06-01' }),
    );
    expect(early.statusCode).toBe(400);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.json().errors).toEqual([expect.objectContaining({ field: 'reviewDate' })]);
    for (const bad of [
      { title: 'Placements\u0000' },
      { title: 'x'.repeat(201) },
      { kind: 'handshake' },
      { reviewReminderDays: 2 ** 40 },
      { startDate: '2026-02-30' },
      { relationshipId: 'not-a-uuid' },
      { readerIds: Array.from({ length: 101 }, () => s.signatory) },
    ]) {
      const res = await t.call(manager, 'POST', '/api/v1/agreements', draft(s.relationship, bad));
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const stranger = await buildContact(t.db, { name: 'Not of this partner' });
    const wrongContact = await t.call(
      manager,
      'POST',
      '/api/v1/agreements',
      draft(s.relationship, { partnerContactId: stranger.id }),
    );
    expect(wrongContact.statusCode).toBe(400);
    expect(wrongContact.json().errors[0].field).toBe('partnerContactId');
    const noRelationship = await t.call(
      manager,
      'POST',
      '/api/v1/agreements',
      draft('01900000-0000-7000-8000-000000000000'),
    );
    expect(noRelationship.statusCode).toBe(400);
    expect(noRelationship.json().errors[0].field).toBe('relationshipId');
    expect(await countAgreements(s.relationship)).toBe(0);
  });

  it('lets only those who look after the relationship record one', async () => {
    const s = await setting('Brindle Engineering');
    expect((await t.call(outsider, 'POST', '/api/v1/agreements', draft(s.relationship))).statusCode).toBe(
      403,
    );
    expect((await t.call(colleague, 'POST', '/api/v1/agreements', draft(s.relationship))).statusCode).toBe(
      403,
    );
    expect((await t.call(viewer, 'POST', '/api/v1/agreements', draft(s.relationship))).statusCode).toBe(403);
    expect(await countAgreements(s.relationship)).toBe(0);
    const made = await t.call(manager, 'POST', '/api/v1/agreements', draft(s.relationship));
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({
      status: 'draft',
      revision: 0,
      owner: { id: manager.user.id },
      approver: { id: manager.user.id },
      can: { update: true, proposeChange: false },
    });
    const seen = (await t.call(outsider, 'GET', `/api/v1/agreements/${made.json().id}`)).json();
    expect(seen.can).toEqual({ update: false, proposeChange: false });
  });

  it('edits a draft directly, brings it into force as version 1, then refuses direct changes to its terms', async () => {
    const s = await setting('Calder Logistics');
    const id = (await t.call(manager, 'POST', '/api/v1/agreements', draft(s.relationship))).json().id;
    const edited = await t.call(
      manager,
      'PATCH',
      `/api/v1/agreements/${id}`,
      { keyTerms: 'Placements paid at the living wage' },
      { 'if-match': '"v1"' },
    );
    expect(edited.statusCode).toBe(200);
    const stale = await t.call(
      manager,
      'PATCH',
      `/api/v1/agreements/${id}`,
      { status: 'active' },
      { 'if-match': '"v1"' },
    );
    expect(stale.statusCode).toBe(412);
    const early = await t.call(
      manager,
      'PATCH',
      `/api/v1/agreements/${id}`,
      { reviewDate: '2025-01-01' },
      { 'if-match': '"v2"' },
    );
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].field).toBe('reviewDate');
    const active = await t.call(
      manager,
      'PATCH',
      `/api/v1/agreements/${id}`,
      { status: 'active' },
      { 'if-match': '"v2"' },
    );
    expect(active.json()).toMatchObject({ status: 'active', revision: 1, can: { proposeChange: true } });
    const direct = await t.call(
      manager,
      'PATCH',
      `/api/v1/agreements/${id}`,
      { title: 'Renamed' },
      { 'if-match': '"v3"' },
    );
    expect(direct.statusCode).toBe(409);
    const back = await t.call(
      manager,
      'PATCH',
      `/api/v1/agreements/${id}`,
      { status: 'draft' },
      { 'if-match': '"v3"' },
    );
    expect(back.statusCode).toBe(400);
    expect(back.json().errors[0].field).toBe('status');
    const versions = (await t.call(manager, 'GET', `/api/v1/agreements/${id}/versions`)).json().items;
    expect(versions).toEqual([expect.objectContaining({ revision: 1, differences: [], changeId: null })]);
    expect(versions[0].terms.keyTerms).toBe('Placements paid at the living wage');
  });

  it('lists what the filters ask for, page by page, and refuses a crafted cursor', async () => {
    const s = await setting('Dunmore Biotech');
    for (const kind of ['contract', 'memorandum_of_understanding', 'data_sharing_agreement'])
      await t.call(manager, 'POST', '/api/v1/agreements', draft(s.relationship, { kind }));
    const first = (await t.call(manager, 'GET', `/api/v1/agreements?partnerId=${s.partner}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (
      await t.call(
        manager,
        'GET',
        `/api/v1/agreements?partnerId=${s.partner}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const contracts = (
      await t.call(manager, 'GET', `/api/v1/agreements?relationshipId=${s.relationship}&kind=contract`)
    ).json();
    expect(contracts.items.map((a: { kind: string }) => a.kind)).toEqual(['contract']);
    for (const cursor of [
      'nonsense',
      Buffer.from(JSON.stringify(['newest', "x' or 1=1"])).toString('base64url'),
    ]) {
      const res = await t.call(manager, 'GET', `/api/v1/agreements?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('cursor');
    }
    expect((await t.call(manager, 'GET', '/api/v1/agreements?status=signed')).statusCode).toBe(400);
  });
});

describe('change control', () => {
  it('routes a change to the relationship manager and the partner, and approval makes the next version with its diff', async () => {
    const a = await inForce('Eastgate Foods');
    const proposed = await propose(colleague, a.agreement.id, {
      partnerCommitments: 'Offer twelve paid placements',
    });
    expect(proposed.statusCode).toBe(403); // a colleague who does not look after the relationship
    const change = await propose(manager, a.agreement.id, {
      partnerCommitments: 'Offer twelve paid placements each summer',
      reviewDate: '2027-06-01',
      title: 'Summer placements', // unchanged: not part of the difference
    });
    expect(change.statusCode, change.body).toBe(201);
    const c = change.json();
    expect(c).toMatchObject({
      status: 'proposed',
      baseRevision: 1,
      university: { approver: { id: manager.user.id }, decision: null },
      partner: { contact: { id: a.signatory }, decision: null },
      can: { decideForUniversity: true, recordForPartner: true },
    });
    expect(c.differences).toEqual([
      {
        field: 'partnerCommitments',
        before: 'Offer ten paid placements each summer',
        after: 'Offer twelve paid placements each summer',
      },
      { field: 'reviewDate', before: '2027-01-01', after: '2027-06-01' },
    ]);
    await settle();
    // The manager proposed it themselves: nobody is told of their own action.
    const colleagueChange = await t.call(outsider, 'GET', `/api/v1/agreements/${a.agreement.id}/changes`);
    expect(colleagueChange.json().items[0].can).toEqual({
      decideForUniversity: false,
      recordForPartner: false,
    });

    // Someone without the authority: 403, and nothing changes.
    const refused = await decide(outsider, c.id, { side: 'university', decision: 'approved' });
    expect(refused.statusCode).toBe(403);
    const refusedPartner = await decide(outsider, c.id, { side: 'partner', decision: 'approved' });
    expect(refusedPartner.statusCode).toBe(403);
    expect(
      (await t.call(manager, 'GET', `/api/v1/agreements/${a.agreement.id}/changes`)).json().items[0],
    ).toMatchObject({
      status: 'proposed',
      university: { decision: null },
      partner: { decision: null },
    });

    const university = await decide(manager, c.id, { side: 'university', decision: 'approved' });
    expect(university.statusCode, university.body).toBe(200);
    expect(university.json().status).toBe('proposed'); // waiting for the partner
    expect((await t.call(manager, 'GET', `/api/v1/agreements/${a.agreement.id}`)).json().revision).toBe(1);
    const again = await decide(manager, c.id, { side: 'university', decision: 'approved' });
    expect(again.statusCode).toBe(409);

    const partner = await decide(manager, c.id, {
      side: 'partner',
      decision: 'approved',
      note: 'Agreed by e-mail',
    });
    expect(partner.statusCode).toBe(200);
    expect(partner.json()).toMatchObject({
      status: 'approved',
      partner: { decision: 'approved', recordedBy: { id: manager.user.id } },
    });
    const now = (await t.call(manager, 'GET', `/api/v1/agreements/${a.agreement.id}`)).json();
    expect(now).toMatchObject({
      revision: 2,
      partnerCommitments: 'Offer twelve paid placements each summer',
      reviewDate: '2027-06-01',
      pendingChanges: 0,
    });
    const versions = (await t.call(viewer, 'GET', `/api/v1/agreements/${a.agreement.id}/versions`)).json()
      .items;
    expect(versions.map((v: { revision: number }) => v.revision)).toEqual([1, 2]);
    expect(versions[1]).toMatchObject({ changeId: c.id, reason: 'The partner asked for more' });
    expect(versions[1].differences.map((d: { field: string }) => d.field)).toEqual([
      'partnerCommitments',
      'reviewDate',
    ]);
    expect(versions[0].terms.partnerCommitments).toBe('Offer ten paid placements each summer');

    const history = await queryRows<{ name: string }>(
      t.db,
      sql`select name from events where entity_id in (${a.agreement.id}, ${c.id}) order by id`,
    );
    expect(history.map((e) => e.name)).toEqual([
      'agreement.created',
      'agreement.activated',
      'agreement_change.proposed',
      'agreement_change.decided',
      'agreement.revised',
      'agreement_change.decided',
    ]);
  });

  it('tells the approver of a change and the proposer of the decision', async () => {
    const a = await inForce('Fenwick Trust', { partnerContactId: null });
    await t.call(
      manager,
      'PATCH',
      `/api/v1/agreements/${a.agreement.id}`,
      { ownerId: colleague.user.id },
      { 'if-match': `"v${a.agreement.version}"` },
    );
    const c = (await propose(colleague, a.agreement.id, { keyTerms: 'Fee waived' })).json();
    expect(c.partner).toBeNull();
    await settle();
    const toApprover = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, manager.user.id), eq(notifications.kind, 'agreement_change')));
    expect(toApprover.map((n) => n.title)).toContain(
      'A change to "Summer placements" waits for your approval',
    );
    // No signatory on the partner side: the university's approval alone makes the next version.
    const approved = await decide(manager, c.id, { side: 'university', decision: 'approved' });
    expect(approved.json().status).toBe('approved');
    await settle();
    const toProposer = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, colleague.user.id), eq(notifications.kind, 'agreement_change')));
    expect(toProposer.map((n) => n.title)).toEqual(['Your change to "Summer placements" was approved']);
  });

  it('declines with a reason and keeps the version in force', async () => {
    const a = await inForce('Garside Housing');
    const c = (await propose(manager, a.agreement.id, { endDate: '2030-12-31' })).json();
    const noReason = await decide(manager, c.id, { side: 'partner', decision: 'declined' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('note');
    const declined = await decide(manager, c.id, {
      side: 'partner',
      decision: 'declined',
      note: 'Their board will not extend',
    });
    expect(declined.json()).toMatchObject({
      status: 'declined',
      partner: { note: 'Their board will not extend' },
    });
    expect((await t.call(manager, 'GET', `/api/v1/agreements/${a.agreement.id}`)).json()).toMatchObject({
      revision: 1,
      endDate: '2028-12-31',
    });
    expect((await decide(manager, c.id, { side: 'university', decision: 'approved' })).statusCode).toBe(409);
  });

  it('refuses bad proposals: nothing changed, an end before the start, a draft, unknown fields', async () => {
    const a = await inForce('Holloway Arts');
    const same = await propose(manager, a.agreement.id, { title: 'Summer placements' });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].field).toBe('terms');
    const early = await propose(manager, a.agreement.id, { reviewDate: '2025-12-31' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].field).toBe('terms.reviewDate');
    expect((await propose(manager, a.agreement.id, { status: 'ended' })).statusCode).toBe(400);
    expect((await propose(manager, a.agreement.id, { keyTerms: 'x' }, '')).statusCode).toBe(400);
    const d = (await t.call(manager, 'POST', '/api/v1/agreements', draft(a.relationship))).json();
    expect((await propose(manager, d.id, { keyTerms: 'x' })).statusCode).toBe(409);
    expect(
      (await t.call(manager, 'GET', `/api/v1/agreements/${a.agreement.id}/changes`)).json().items,
    ).toEqual([]);
    const unknown = await decide(manager, '01900000-0000-7000-8000-000000000000', {
      side: 'university',
      decision: 'approved',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('of two approvals of the same change at once, one wins and the other gets 409', async () => {
    const a = await inForce('Ingleby Software', { partnerContactId: null });
    const c = (await propose(manager, a.agreement.id, { keyTerms: 'Fee £500 a placement' })).json();
    const answers = await Promise.all([
      decide(manager, c.id, { side: 'university', decision: 'approved' }),
      decide(manager, c.id, { side: 'university', decision: 'approved' }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const versions = (await t.call(manager, 'GET', `/api/v1/agreements/${a.agreement.id}/versions`)).json()
      .items;
    expect(versions).toHaveLength(2);
    expect((await t.call(manager, 'GET', `/api/v1/agreements/${a.agreement.id}`)).json().revision).toBe(2);
  });

  it('refuses to apply a change proposed against a version no longer in force', async () => {
    const a = await inForce('Jessop Chemicals', { partnerContactId: null });
    const first = (await propose(manager, a.agreement.id, { keyTerms: 'First' })).json();
    const second = (await propose(manager, a.agreement.id, { keyTerms: 'Second' })).json();
    expect((await decide(manager, first.id, { side: 'university', decision: 'approved' })).statusCode).toBe(
      200,
    );
    const late = await decide(manager, second.id, { side: 'university', decision: 'approved' });
    expect(late.statusCode).toBe(409);
    expect((await t.call(manager, 'GET', `/api/v1/agreements/${a.agreement.id}`)).json()).toMatchObject({
      revision: 2,
      keyTerms: 'First',
    });
  });
});

describe('confidential agreements', () => {
  it('are seen by their named readers only, in lists, reads, changes and versions', async () => {
    const s = await setting('Kendal Mint Works');
    const secret = await t.call(manager, 'POST', '/api/v1/agreements', {
      ...draft(s.relationship, { title: 'Zanzibar settlement' }),
      visibility: 'confidential',
      readerIds: [colleague.user.id],
    });
    expect(secret.statusCode).toBe(201);
    const id = secret.json().id;
    const stranger = await t.signIn('staff', { unitId: unitA });
    for (const agent of [outsider, stranger, viewer]) {
      const list = (await t.call(agent, 'GET', `/api/v1/agreements?partnerId=${s.partner}`)).json();
      expect(list.items).toEqual([]);
      for (const path of ['', '/versions', '/changes', '/attachments'])
        expect((await t.call(agent, 'GET', `/api/v1/agreements/${id}${path}`)).statusCode, path).toBe(404);
    }
    for (const agent of [manager, colleague]) {
      const list = (await t.call(agent, 'GET', `/api/v1/agreements?partnerId=${s.partner}`)).json();
      expect(list.items.map((a: { id: string }) => a.id)).toEqual([id]);
    }
  });
});

describe('review reminders', () => {
  it('tells the owner once, ahead of the review date by the days configured', async () => {
    // Whatever earlier tests left due is reminded first, so this test counts only its own.
    await remindAgreementReviews(t.db);
    const today = DateTime.now().setZone('Europe/London');
    const soon = today.plus({ days: 10 }).toISODate()!;
    const later = today.plus({ days: 60 }).toISODate()!;
    const started = today.minus({ days: 300 }).toISODate();
    const due = await inForce('Lindley Mills', { reviewDate: soon, startDate: started });
    await inForce('Marsden Glass', { reviewDate: later, startDate: started });
    const s = await setting('Netherton Trust');
    await t.call(
      manager,
      'POST',
      '/api/v1/agreements',
      draft(s.relationship, { reviewDate: soon, startDate: null }),
    );
    expect(await remindAgreementReviews(t.db)).toBe(1);
    expect(await remindAgreementReviews(t.db)).toBe(0);
    await settle();
    const reminders = (
      await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, manager.user.id), eq(notifications.kind, 'agreement_review')))
    ).filter((n) => /Lindley Mills|Marsden Glass|Netherton Trust/.test(n.title));
    expect(reminders.map((n) => n.title)).toEqual([
      `Review due ${soon}: Summer placements with Lindley Mills`,
    ]);
    expect(reminders[0]!.link).toBe(`/partners/${due.partner}#agreements`);
  });
});

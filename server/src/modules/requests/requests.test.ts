import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../../db/schema/requests.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';
import type { RequestStatus } from './lifecycle.ts';

let t: TestApp;
let unitA: string;
let unitB: string;
let staffA: Agent;
let colleagueA: Agent;
let staffB: Agent;
let viewer: Agent;
let admin: Agent;
let partner: string;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  unitB = (await buildUnit(t.db, { name: 'Estates' })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  colleagueA = await t.signIn('staff', { unitId: unitA });
  staffB = await t.signIn('staff', { unitId: unitB });
  viewer = await t.signIn('viewer', { unitId: unitA });
  admin = await t.signIn('administrator', { unitId: null });
  partner = (await buildPartner(t.db, { name: 'Harrow Engineering' })).id;
});
afterAll(() => t.close());

const raise = (agent: Agent, body: Record<string, unknown> = {}) =>
  t.call(agent, 'POST', '/api/v1/requests', {
    partnerId: partner,
    kind: 'incident',
    title: 'Portal login fails',
    ...body,
  });
const move = (agent: Agent, id: string, body: Record<string, unknown>) =>
  t.call(agent, 'POST', `/api/v1/requests/${id}/transition`, body);

/** A fresh request of this kind put straight into a status (the lifecycle test needs every one). */
async function placedIn(status: RequestStatus, kind: string) {
  const r = (await raise(staffA, { kind })).json();
  const settled = status === 'resolved' || status === 'closed';
  await t.db
    .update(requests)
    .set({
      status,
      resolution: settled ? 'Fixed' : null,
      clockPausedAt: status === 'waiting_on_partner' ? new Date() : null,
    })
    .where(eq(requests.id, r.id));
  return r.id as string;
}

/** Walks a fresh request of this kind to a status along the happy path, through the API. */
async function requestIn(status: RequestStatus, kind = 'incident') {
  const r = (await raise(staffA, { kind })).json();
  const paths: Record<RequestStatus, RequestStatus[]> = {
    new: [],
    triaged: ['triaged'],
    in_progress: ['triaged', 'in_progress'],
    waiting_on_partner: ['triaged', 'in_progress', 'waiting_on_partner'],
    resolved: ['triaged', 'in_progress', 'resolved'],
    closed: ['triaged', 'in_progress', 'resolved', 'closed'],
  };
  const path = paths[status];
  for (const to of path) {
    const res = await move(staffA, r.id, {
      to,
      resolution: to === 'resolved' ? 'Fixed the portal' : undefined,
    });
    expect(res.statusCode, `${r.status} → ${to}`).toBe(200);
  }
  return r.id as string;
}

describe('requests', () => {
  it('raises a request with defaults, its targets in working hours, and a timeline', async () => {
    const contact = await buildContact(t.db, { name: 'Priya Shah' });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner });
    const response = await raise(staffA, {
      priority: 'high',
      raisedByContactId: contact.id,
      ownerId: colleagueA.user.id,
    });
    expect(response.statusCode).toBe(201);
    const r = response.json();
    expect(r).toMatchObject({
      status: 'new',
      unitId: unitA,
      unitName: 'Careers Service',
      partnerName: 'Harrow Engineering',
      raisedByName: 'Priya Shah',
      ownerId: colleagueA.user.id,
      visibility: 'institution',
      allowedTransitions: ['triaged'],
      escalationLevel: null,
    });
    expect(r.reference).toBeGreaterThan(0);
    // Default service level for a high-priority incident: respond in 4, resolve in 24 working hours.
    expect(r.targets.firstResponse).toMatchObject({ hours: 4, metAt: null, breached: false, paused: false });
    expect(r.targets.resolution.hours).toBe(24);
    expect(r.targets.resolution.workingHoursLeft).toBeGreaterThan(23);
    expect(r.targets.resolution.workingHoursLeft).toBeLessThanOrEqual(24);
    expect(Date.parse(r.targets.resolution.dueAt)).toBeGreaterThan(Date.parse(r.targets.firstResponse.dueAt));
    const activity = (await t.call(staffA, 'GET', `/api/v1/requests/${r.id}/activity`)).json();
    expect(activity.items).toEqual([
      expect.objectContaining({ type: 'created', toStatus: 'new', actorId: staffA.user.id }),
    ]);
  });

  it('refuses bad input naming the fields, and writes nothing', async () => {
    const [before] = await t.db.$count(requests).then((n) => [n]);
    const response = await t.call(staffA, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'gripe',
      title: '',
      priority: 'urgent',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['kind', 'priority', 'title']);
    const foreign = await buildRelationship(t.db, {
      unitId: unitB,
      partnerId: (await buildPartner(t.db)).id,
    });
    const refs = await raise(staffA, { relationshipId: foreign.id, ownerId: viewer.user.id });
    expect(refs.statusCode).toBe(400);
    expect(
      refs
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['ownerId', 'relationshipId']);
    const missingPartner = await raise(staffA, { partnerId: '00000000-0000-4000-8000-000000000000' });
    expect(missingPartner.statusCode).toBe(400);
    expect(missingPartner.json().errors[0].field).toBe('partnerId');
    const missingContact = await raise(staffA, { raisedByContactId: '00000000-0000-4000-8000-000000000000' });
    expect(missingContact.json().errors[0].field).toBe('raisedByContactId');
    // Someone else's contact cannot be named as the one who raised it.
    const stranger = await buildContact(t.db, { name: 'Tomas Reyes' });
    await buildAffiliation(t.db, { contactId: stranger.id, partnerId: (await buildPartner(t.db)).id });
    const notTheirs = await raise(staffA, { raisedByContactId: stranger.id });
    expect(notTheirs.statusCode).toBe(400);
    expect(notTheirs.json().errors).toEqual([
      { field: 'raisedByContactId', message: "must be one of this partner's contacts" },
    ]);
    const otherUnit = await raise(staffA, { unitId: unitB });
    expect(otherUnit.json().errors[0].field).toBe('unitId');
    expect(await t.db.$count(requests)).toBe(before);
  });

  it('allows exactly the lifecycle moves, and answers 409 with the allowed ones otherwise', {
    timeout: 120_000,
  }, async () => {
    // The lifecycle as the product describes it, written out (not read from lifecycle.ts): from → allowed tos.
    const moves: Record<'incident' | 'concern', Record<RequestStatus, RequestStatus[]>> = {
      incident: {
        new: ['triaged'],
        triaged: ['in_progress'],
        in_progress: ['waiting_on_partner', 'resolved'],
        waiting_on_partner: ['in_progress', 'resolved'],
        resolved: ['closed', 'in_progress'],
        closed: [],
      },
      // A concern (a soft tension) may also be settled straight from new.
      concern: {
        new: ['triaged', 'resolved'],
        triaged: ['in_progress'],
        in_progress: ['waiting_on_partner', 'resolved'],
        waiting_on_partner: ['in_progress', 'resolved'],
        resolved: ['closed', 'in_progress'],
        closed: [],
      },
    };
    const statuses = Object.keys(moves.incident) as RequestStatus[];
    for (const kind of ['incident', 'concern'] as const) {
      for (const from of statuses) {
        const allowed = moves[kind][from];
        // Refused moves change nothing, so one request serves them all; each allowed move gets its own.
        const refusedOn = await placedIn(from, kind);
        const read = (await t.call(staffA, 'GET', `/api/v1/requests/${refusedOn}`)).json();
        expect(read.allowedTransitions, `${kind} ${from} offers`).toEqual(allowed);
        for (const to of statuses) {
          const id = allowed.includes(to) ? await placedIn(from, kind) : refusedOn;
          const res = await move(staffA, id, { to, resolution: 'Settled with the partner' });
          if (allowed.includes(to)) {
            expect(res.statusCode, `${kind} ${from} → ${to}`).toBe(200);
            expect(res.json().status).toBe(to);
            expect(res.json().allowedTransitions, `${kind} ${to} offers`).toEqual(moves[kind][to]);
          } else {
            expect(res.statusCode, `${kind} ${from} → ${to}`).toBe(409);
            expect(res.json().allowed).toEqual(allowed);
            const [row] = await t.db
              .select({ status: requests.status })
              .from(requests)
              .where(eq(requests.id, id));
            expect(row!.status).toBe(from);
          }
        }
      }
    }
    // Only a concern skips triage: every other kind is refused new → resolved.
    for (const kind of ['enhancement', 'enquiry', 'complaint', 'dispute']) {
      const res = await move(staffA, await placedIn('new', kind), { to: 'resolved', resolution: 'Done' });
      expect(res.statusCode, `${kind} new → resolved`).toBe(409);
      expect(res.json().allowed).toEqual(['triaged']);
    }
  });

  it('needs a resolution to resolve, records satisfaction 1–5 only once resolved, and reopens', async () => {
    const id = await requestIn('in_progress');
    const bare = await move(staffA, id, { to: 'resolved' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0].field).toBe('resolution');
    const early = await t.call(
      staffA,
      'PATCH',
      `/api/v1/requests/${id}`,
      { satisfaction: 4 },
      { 'if-match': '"v3"' },
    );
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].field).toBe('satisfaction');
    const outOfRange = await move(staffA, id, {
      to: 'resolved',
      resolution: 'Reset the account',
      satisfaction: 6,
    });
    expect(outOfRange.json().errors[0].field).toBe('satisfaction');
    const resolved = await move(staffA, id, {
      to: 'resolved',
      resolution: 'Reset the account',
      satisfaction: 5,
    });
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      resolution: 'Reset the account',
      satisfaction: 5,
    });
    expect(resolved.json().targets.resolution.metAt).toBe(resolved.json().resolvedAt);
    const reopened = await move(staffA, id, { to: 'in_progress', note: 'It broke again' });
    expect(reopened.json()).toMatchObject({ status: 'in_progress', resolvedAt: null });
    const activity = (await t.call(staffA, 'GET', `/api/v1/requests/${id}/activity`)).json();
    expect(activity.items.at(-1)).toMatchObject({
      type: 'transition',
      fromStatus: 'resolved',
      toStatus: 'in_progress',
      text: 'It broke again',
    });
  });

  it('stops the resolution clock while waiting on the partner, and pushes the due date back', async () => {
    const id = await requestIn('in_progress');
    const waiting = (await move(staffA, id, { to: 'waiting_on_partner' })).json();
    expect(waiting.targets.resolution.paused).toBe(true);
    const due = waiting.targets.resolution.dueAt;
    // Pretend it has waited since Monday 09:00 a week ago: 40 working hours (no holidays here).
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    await t.db.update(requests).set({ clockPausedAt: weekAgo }).where(eq(requests.id, id));
    const resumed = (await move(staffA, id, { to: 'in_progress' })).json();
    expect(resumed.targets.resolution.paused).toBe(false);
    const pushedBack = (Date.parse(resumed.targets.resolution.dueAt) - Date.parse(due)) / 86_400_000;
    expect(pushedBack).toBeGreaterThanOrEqual(6.9); // a week of working time later, give or take the clock
    expect(resumed.targets.resolution.breached).toBe(false);
  });

  it('re-targets on a priority change, and flags a breached target', async () => {
    const r = (await raise(staffA, { priority: 'low' })).json();
    const critical = await t.call(
      staffA,
      'PATCH',
      `/api/v1/requests/${r.id}`,
      { priority: 'critical' },
      { 'if-match': `"v${r.version}"` },
    );
    expect(critical.statusCode).toBe(200);
    expect(critical.json().targets.resolution.hours).toBe(8);
    expect(Date.parse(critical.json().targets.resolution.dueAt)).toBeLessThan(
      Date.parse(r.targets.resolution.dueAt),
    );
    await t.db
      .update(requests)
      .set({ resolveDueAt: new Date(Date.now() - 30 * 86_400_000) })
      .where(eq(requests.id, r.id));
    const late = (await t.call(staffA, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(late.targets.resolution.breached).toBe(true);
    expect(late.targets.resolution.workingHoursLeft).toBeLessThan(0);
    const overdue = (
      await t.call(staffA, 'GET', `/api/v1/requests?overdue=true&partnerId=${partner}`)
    ).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(r.id);
  });

  it('counts a comment as the first response and keeps comments internal unless shared', async () => {
    const r = (await raise(staffA)).json();
    const comment = await t.call(colleagueA, 'POST', `/api/v1/requests/${r.id}/comments`, {
      body: 'Looking into it',
    });
    expect(comment.statusCode).toBe(201);
    expect(comment.json()).toMatchObject({ isShareable: false, authorId: colleagueA.user.id });
    const after = (await t.call(staffA, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(after.targets.firstResponse.metAt).toBe(comment.json().createdAt);
    expect(after.targets.firstResponse.breached).toBe(false);
    const empty = await t.call(colleagueA, 'POST', `/api/v1/requests/${r.id}/comments`, { body: '  ' });
    expect(empty.json().errors[0].field).toBe('body');
    const byViewer = await t.call(viewer, 'POST', `/api/v1/requests/${r.id}/comments`, { body: 'hello' });
    expect(byViewer.statusCode).toBe(403);
  });

  it('hides unit and confidential requests from everyone not entitled, in lists, boards and reads', async () => {
    const unitOnly = (await raise(staffA, { visibility: 'unit', title: 'Unit-only matter' })).json();
    const secret = (
      await raise(staffA, {
        visibility: 'confidential',
        title: 'Confidential matter',
        readerIds: [colleagueA.user.id],
      })
    ).json();
    for (const [agent, sees] of [
      [staffA, [true, true]],
      [colleagueA, [true, true]],
      [viewer, [true, false]],
      [staffB, [false, false]],
      [admin, [true, true]],
    ] as const) {
      const list = (await t.call(agent, 'GET', `/api/v1/requests?partnerId=${partner}&limit=500`)).json();
      const ids = list.items.map((i: { id: string }) => i.id);
      expect([ids.includes(unitOnly.id), ids.includes(secret.id)], agent.user.role).toEqual(sees);
      expect((await t.call(agent, 'GET', `/api/v1/requests/${secret.id}`)).statusCode).toBe(
        sees[1] ? 200 : 404,
      );
      const board = (await t.call(agent, 'GET', `/api/v1/requests/board?partnerId=${partner}`)).json();
      const total = Object.values(board.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(total).toBe(list.items.length);
      const search = (await t.call(agent, 'GET', '/api/v1/requests?q=confidential')).json();
      expect(search.items.some((i: { id: string }) => i.id === secret.id)).toBe(sees[1]);
    }
    // Staff of another unit cannot work it either.
    expect((await move(staffB, unitOnly.id, { to: 'triaged' })).statusCode).toBe(404);
  });

  it('lets only its unit, its owner and administrators work a request', async () => {
    const r = (await raise(staffA, { ownerId: colleagueA.user.id })).json();
    expect((await move(staffB, r.id, { to: 'triaged' })).statusCode).toBe(403);
    expect((await move(viewer, r.id, { to: 'triaged' })).statusCode).toBe(403);
    expect((await move(colleagueA, r.id, { to: 'triaged' })).statusCode).toBe(200);
    expect((await move(admin, r.id, { to: 'in_progress' })).statusCode).toBe(200);
  });

  it('filters the list by status, kind, owner, and finds a request by its reference', async () => {
    const mine = (
      await raise(staffA, { kind: 'enhancement', ownerId: staffA.user.id, title: 'Add a placement field' })
    ).json();
    const list = (
      await t.call(staffA, 'GET', '/api/v1/requests?ownerId=me&kind=enhancement&status=new,triaged')
    ).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    const byRef = (await t.call(staffA, 'GET', `/api/v1/requests?q=%23${mine.reference}`)).json();
    expect(byRef.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    const bad = await t.call(staffA, 'GET', '/api/v1/requests?status=pending');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.status.0');
  });
});

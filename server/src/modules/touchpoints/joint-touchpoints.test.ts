import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';

/**
 * A touch point may concern several partners (a joint meeting, one roadshow for many Schools):
 * it is on every partner's timeline and counted once for each, under the same visibility rule;
 * it can be corrected or deleted by its author or an administrator; a partner's timeline pages
 * by cursor and filters by time, unit, kind, person and words.
 */

let t: TestApp;
let unitA: string;
let unitB: string;
let author: Agent;
let colleague: Agent;
let outsider: Agent;
let admin: Agent;
let ashdown: string;
let calder: string;
let dunmore: string;
let relationshipA: string;
let calderContact: string;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'Research Office' })).id;
  unitB = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  author = await t.signIn('staff', { unitId: unitA });
  colleague = await t.signIn('staff', { unitId: unitA });
  outsider = await t.signIn('staff', { unitId: unitB });
  admin = await t.signIn('administrator', { unitId: unitB });
  ashdown = (await buildPartner(t.db, { name: 'Ashdown Building Society' })).id;
  calder = (await buildPartner(t.db, { name: 'Calder Logistics' })).id;
  dunmore = (await buildPartner(t.db, { name: 'Dunmore School of Art' })).id;
  relationshipA = (await buildRelationship(t.db, { unitId: unitA, partnerId: ashdown })).id;
  const contact = await buildContact(t.db, { name: 'Priya Calder-Contact' });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: calder, role: 'Head of HR' });
  calderContact = contact.id;
});
afterAll(() => t.close());

const log = (agent: Agent, body: Record<string, unknown>) =>
  t.call(agent, 'POST', '/api/v1/touchpoints', body);
const timeline = async (agent: Agent, partnerId: string, query = '') =>
  (await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/timeline?limit=100${query}`)).json() as {
    items: { id: string; subject: string }[];
    nextCursor: string | null;
  };
const subjects = async (agent: Agent, partnerId: string, query = '') =>
  (await timeline(agent, partnerId, query)).items.map((i) => i.subject);
const lastYear = async (agent: Agent, partnerId: string) =>
  (await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/overview`)).json().lastYear as {
    total: number;
    byUnit: { unitId: string; count: number }[];
  };

describe('joint touch points', () => {
  it('shows one on every partner it concerns, counted once each, linked to the unit relationship', async () => {
    const [ashdownBefore, calderBefore] = [await lastYear(author, ashdown), await lastYear(author, calder)];
    const response = await log(author, {
      partnerId: ashdown,
      partnerIds: [calder, calder, ashdown],
      kind: 'meeting',
      subject: 'Joint placement meeting',
      staffIds: [colleague.user.id],
      contactIds: [calderContact],
    });
    expect(response.statusCode, response.body).toBe(201);
    const joint = response.json();
    expect(joint).toMatchObject({
      partnerId: ashdown,
      relationshipId: relationshipA,
      partners: [
        { id: ashdown, name: 'Ashdown Building Society' },
        { id: calder, name: 'Calder Logistics' },
      ],
      contacts: [{ id: calderContact }],
    });
    expect(joint.staff.map((s: { id: string }) => s.id).sort()).toEqual(
      [author.user.id, colleague.user.id].sort(),
    );
    expect(await subjects(outsider, ashdown)).toContain('Joint placement meeting');
    expect(await subjects(outsider, calder)).toContain('Joint placement meeting');
    expect(await subjects(outsider, dunmore)).not.toContain('Joint placement meeting');
    expect((await lastYear(author, ashdown)).total).toBe(ashdownBefore.total + 1);
    expect((await lastYear(author, calder)).total).toBe(calderBefore.total + 1);
    expect((await lastYear(author, calder)).byUnit).toContainEqual({
      unitId: unitA,
      unitName: 'Research Office',
      count: expect.any(Number),
    });
    // Calder has no relationship with the Research Office: no link unless one is named.
    const alone = (await log(author, { partnerId: calder, kind: 'call', subject: 'Solo call' })).json();
    expect(alone.relationshipId).toBeNull();
    const unlinked = (
      await log(author, { partnerId: ashdown, relationshipId: null, kind: 'call', subject: 'Unlinked' })
    ).json();
    expect(unlinked.relationshipId).toBeNull();
  });

  it('keeps a confidential joint touch point from non-readers on every partner', async () => {
    const secret = (
      await log(author, {
        partnerId: ashdown,
        partnerIds: [dunmore],
        kind: 'meeting',
        subject: 'Confidential merger talks',
        notes: 'zebracorn restructuring',
        visibility: 'confidential',
        readerIds: [outsider.user.id],
      })
    ).json();
    for (const partnerId of [ashdown, dunmore]) {
      expect(await subjects(colleague, partnerId)).not.toContain('Confidential merger talks');
      expect(await subjects(outsider, partnerId)).toContain('Confidential merger talks');
      expect(await subjects(admin, partnerId)).toContain('Confidential merger talks');
    }
    const dunmoreForColleague = await lastYear(colleague, dunmore);
    const dunmoreForReader = await lastYear(outsider, dunmore);
    expect(dunmoreForReader.total).toBe(dunmoreForColleague.total + 1);
    const search = (await t.call(colleague, 'GET', '/api/v1/search?q=zebracorn')).json();
    expect(search.touchpoints).toEqual([]);
    const readerSearch = (await t.call(outsider, 'GET', '/api/v1/search?q=zebracorn')).json();
    expect(readerSearch.touchpoints.map((h: { id: string }) => h.id)).toEqual([secret.id]);
    const list = (
      await t.call(colleague, 'GET', `/api/v1/touchpoints?partnerId=${dunmore}&limit=100`)
    ).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(secret.id);
    const exported = await t.call(
      colleague,
      'GET',
      `/api/v1/touchpoints/export?partnerId=${dunmore}&format=csv`,
    );
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('Confidential merger talks');
    expect((await t.call(colleague, 'GET', `/api/v1/touchpoints/${secret.id}`)).statusCode).toBe(404);
  });

  it('lets the author correct the partners and the kind, an administrator delete it, nobody else', async () => {
    const tp = (
      await log(author, { partnerId: ashdown, partnerIds: [calder], kind: 'call', subject: 'Roadshow' })
    ).json();
    const path = `/api/v1/touchpoints/${tp.id}`;
    for (const agent of [colleague, outsider]) {
      expect((await t.call(agent, 'PATCH', path, { subject: 'x' }, { 'if-match': '"v1"' })).statusCode).toBe(
        403,
      );
      expect((await t.call(agent, 'DELETE', path, undefined, { 'if-match': '"v1"' })).statusCode).toBe(403);
    }
    const got = (await t.call(colleague, 'GET', path)).json();
    expect(got.can).toEqual({ update: false, delete: false });
    expect((await t.call(author, 'GET', path)).json().can).toEqual({ update: true, delete: true });
    const kindsBefore = (await t.call(author, 'GET', `/api/v1/partners/${dunmore}/overview`)).json().lastYear;
    const changed = await t.call(
      author,
      'PATCH',
      path,
      {
        partnerIds: [dunmore],
        kind: 'event',
        subject: 'Roadshow for Schools',
        staffIds: [colleague.user.id],
      },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().partners.map((p: { id: string }) => p.id)).toEqual([ashdown, dunmore]);
    expect(await subjects(author, calder)).not.toContain('Roadshow for Schools');
    expect(await subjects(author, dunmore)).toContain('Roadshow for Schools');
    // The partner's copy of the kind follows the change: filters and counts read it.
    expect(await subjects(author, dunmore, '&kind=event')).toContain('Roadshow for Schools');
    expect(await subjects(author, ashdown, '&kind=call')).not.toContain('Roadshow for Schools');
    const kindsAfter = (await t.call(author, 'GET', `/api/v1/partners/${dunmore}/overview`)).json().lastYear;
    const events = (k: { byKind: { kind: string; count: number }[] }) =>
      k.byKind.find((x) => x.kind === 'event')?.count ?? 0;
    expect(events(kindsAfter)).toBe(events(kindsBefore) + 1);
    const history = (await t.call(author, 'GET', `${path}/history`)).json();
    expect(history.items[0].action).toBe('update');
    const unknown = await t.call(
      author,
      'PATCH',
      path,
      { partnerIds: ['00000000-0000-4000-8000-000000000000'] },
      { 'if-match': '"v2"' },
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: 'partnerIds', message: 'must all be existing partners' },
    ]);
    expect((await t.call(author, 'GET', path)).json()).toMatchObject({ version: 2, kind: 'event' });
    const removed = await t.call(admin, 'DELETE', path, undefined, { 'if-match': '"v2"' });
    expect(removed.statusCode).toBe(204);
    expect(await subjects(admin, ashdown)).not.toContain('Roadshow for Schools');
    expect(await subjects(admin, dunmore)).not.toContain('Roadshow for Schools');
  });

  it('refuses an unknown other partner naming the field, and writes nothing', async () => {
    const before = (await timeline(admin, ashdown)).items.length;
    const response = await log(author, {
      partnerId: ashdown,
      partnerIds: [calder, '00000000-0000-4000-8000-000000000000'],
      kind: 'call',
      subject: 'Never written',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual([
      { field: 'partnerIds', message: 'must all be existing partners' },
    ]);
    const notIds = await log(author, {
      partnerId: ashdown,
      partnerIds: ['nope'],
      kind: 'call',
      subject: 'x',
    });
    expect(notIds.statusCode).toBe(400);
    expect(notIds.json().errors[0].field).toMatch(/^partnerIds/);
    expect((await timeline(admin, ashdown)).items.length).toBe(before);
    expect(await subjects(admin, calder)).not.toContain('Never written');
  });
});

describe("a partner's timeline", () => {
  let partner: string;
  beforeAll(async () => {
    partner = (await buildPartner(t.db, { name: 'Elmstead College' })).id;
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 10)).toISOString();
    const items = Array.from({ length: 7 }, (_, i) => ({
      partnerId: partner,
      kind: i % 2 === 0 ? 'meeting' : 'call',
      subject: i === 3 ? 'Apprenticeship levy question' : `Catch-up ${i}`,
      occurredAt: day(i),
      staffIds: i === 5 ? [colleague.user.id] : [],
    }));
    const bulk = await t.call(author, 'POST', '/api/v1/touchpoints/bulk', { items });
    expect(bulk.statusCode, bulk.body).toBe(201);
    // One joint touch point logged by another unit against another partner, with this one too.
    await log(outsider, {
      partnerId: calder,
      partnerIds: [partner],
      kind: 'event',
      subject: 'Careers fair',
      occurredAt: day(10),
    });
  });

  it('pages by cursor ("Show more") through joint and own touch points alike', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.call(author, 'GET', `/api/v1/partners/${partner}/timeline?${query}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i: { subject: string }) => i.subject));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      'Careers fair',
      'Catch-up 6',
      'Catch-up 5',
      'Catch-up 4',
      'Apprenticeship levy question',
      'Catch-up 2',
      'Catch-up 1',
      'Catch-up 0',
    ]);
  });

  it('filters by time, unit, kind, person and words', async () => {
    expect(await subjects(author, partner, '&from=2026-01-03T00:00:00Z&to=2026-01-05T00:00:00Z')).toEqual([
      'Apprenticeship levy question',
      'Catch-up 2',
    ]);
    expect(await subjects(author, partner, `&unitId=${unitB}`)).toEqual(['Careers fair']);
    expect(await subjects(author, partner, '&kind=call')).toEqual([
      'Catch-up 5',
      'Apprenticeship levy question',
      'Catch-up 1',
    ]);
    expect(await subjects(author, partner, `&participantId=${colleague.user.id}`)).toEqual(['Catch-up 5']);
    expect(await subjects(author, partner, '&q=apprenticeships')).toEqual(['Apprenticeship levy question']);
    expect(await subjects(author, partner, '&q=levy&kind=meeting')).toEqual([]);
  });

  it('refuses a crafted cursor and a range that ends before it starts, naming the parameter', async () => {
    const crafted = Buffer.from(JSON.stringify(['-occurredAt', { $gt: 1 }, 'x'])).toString('base64url');
    for (const cursor of [crafted, 'not-a-cursor', Buffer.from('["name","a","b"]').toString('base64url')]) {
      const response = await t.call(author, 'GET', `/api/v1/partners/${partner}/timeline?cursor=${cursor}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    const backwards = await t.call(
      author,
      'GET',
      `/api/v1/partners/${partner}/timeline?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([{ field: 'query.to', message: 'must be after From' }]);
    const listBackwards = await t.call(
      author,
      'GET',
      '/api/v1/touchpoints?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(listBackwards.statusCode).toBe(400);
    expect(listBackwards.json().errors[0].field).toBe('query.to');
  });

  it('takes many joint touch points at once, partners named in opposite orders, without a deadlock', async () => {
    // Each write bumps every partner's read version and links them all: two writes naming the same
    // partners in opposite orders must queue, not deadlock (PostgreSQL would abort one with 40P01).
    const orders = [
      { partnerId: ashdown, partnerIds: [calder, dunmore] },
      { partnerId: dunmore, partnerIds: [calder, ashdown] },
      { partnerId: calder, partnerIds: [dunmore, ashdown] },
    ];
    const before = (await lastYear(author, calder)).total;
    const logged = await Promise.all(
      Array.from({ length: 18 }, (_, i) =>
        log(author, { ...orders[i % orders.length], kind: 'meeting', subject: `Joint round ${i}` }),
      ),
    );
    expect(logged.map((r) => r.statusCode)).toEqual(logged.map(() => 201));
    // And corrected at once, each moved to the partners in the other order.
    const corrected = await Promise.all(
      logged.map((r, i) =>
        t.call(
          author,
          'PATCH',
          `/api/v1/touchpoints/${r.json().id}`,
          { partnerIds: [...orders[(i + 1) % orders.length]!.partnerIds].reverse() },
          { 'if-match': '"v1"' },
        ),
      ),
    );
    expect(corrected.map((r) => r.statusCode)).toEqual(corrected.map(() => 200));
    const partnersAfter = logged.map((_, i) =>
      [
        ...new Set([orders[i % orders.length]!.partnerId, ...orders[(i + 1) % orders.length]!.partnerIds]),
      ].sort(),
    );
    expect(
      corrected.map((r) =>
        r
          .json()
          .partners.map((p: { id: string }) => p.id)
          .sort(),
      ),
    ).toEqual(partnersAfter);
    // Each is counted once on each of its partners now.
    expect((await lastYear(author, calder)).total).toBe(
      before + partnersAfter.filter((ids) => ids.includes(calder)).length,
    );
  });
});

describe('the partner picker', () => {
  it('ranks a name that starts with what was typed first', async () => {
    await buildPartner(t.db, { name: 'Ashdown Biotech' });
    const hits = (await t.call(author, 'GET', '/api/v1/search?q=Ashdown%20Bu&types=partners')).json();
    const names = hits.partners.map((p: { title: string }) => p.title);
    expect(names[0]).toBe('Ashdown Building Society');
    expect(names).toContain('Ashdown Biotech');
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DismissalDto } from '../../../../common/src/contracts/merges.ts';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner } from '../../test/factories/index.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

type Pair = {
  first: { id: string };
  second: { id: string };
  likelihood: number;
  evidence: { kind: string }[];
};
const ids = (p: Pair) => [p.first.id, p.second.id].sort().join(' ');
const pair = (a: string, b: string) => [a, b].sort().join(' ');

async function allPairs(agent: Agent, query: string) {
  const found: Pair[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.call(
      agent,
      'GET',
      `/api/v1/duplicates?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    found.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return found;
}

describe('the duplicate finder', () => {
  it('ranks partner pairs by likelihood with the evidence, pages with a cursor, and forgets dismissed pairs', async () => {
    const word = `Quorn${randomUUID().slice(0, 6)}`;
    const a = await buildPartner(t.db, {
      name: `${word} Building Society`,
      website: 'https://www.quorn-bs.example/',
    });
    const b = await buildPartner(t.db, { name: `${word} Building Soc`, website: 'http://quorn-bs.example' });
    const c = await buildPartner(t.db, { name: `${word} Bldg Society` });
    const d = await buildPartner(t.db, { name: `Unrelated ${randomUUID()}` });
    // A group's site shares its name and website by design: not proposed.
    const site = await buildPartner(t.db, {
      name: `${word} Building Society — Leeds site`,
      website: 'https://quorn-bs.example',
      parentId: a.id,
    });
    // d shares an e-mail domain with a through its contacts.
    const person = await buildContact(t.db, { emails: ['someone@quorn-bs.example'] });
    await buildAffiliation(t.db, { contactId: person.id, partnerId: d.id });
    const found = await allPairs(staff, `kind=partner&q=${word}`);
    const byPair = new Map(found.map((p) => [ids(p), p]));
    expect(
      byPair
        .get(pair(a.id, b.id))!
        .evidence.map((e) => e.kind)
        .sort(),
    ).toEqual(['same_domain', 'similar_name']);
    expect(byPair.has(pair(a.id, c.id))).toBe(true);
    expect(byPair.has(pair(a.id, site.id))).toBe(false);
    expect(byPair.has(pair(b.id, site.id))).toBe(true);
    const likelihoods = found.map((p) => p.likelihood);
    expect(likelihoods).toEqual([...likelihoods].sort((x, y) => y - x));
    expect(found[0]!.likelihood).toBe(byPair.get(pair(a.id, b.id))!.likelihood);
    const domainOnly = (await allPairs(staff, 'kind=partner')).find((p) => ids(p) === pair(a.id, d.id));
    expect(domainOnly?.evidence.map((e) => e.kind)).toEqual(['same_domain']);

    const dismissed = await t.call(admin, 'POST', '/api/v1/duplicates/dismissals', {
      kind: 'partner',
      firstId: b.id,
      secondId: a.id,
    });
    expect(dismissed.statusCode).toBe(204);
    expect(
      (
        await t.call(admin, 'POST', '/api/v1/duplicates/dismissals', {
          kind: 'partner',
          firstId: a.id,
          secondId: b.id,
        })
      ).statusCode,
    ).toBe(204);
    const after = await allPairs(staff, `kind=partner&q=${word}`);
    expect(after.map(ids)).not.toContain(pair(a.id, b.id));
    expect(after.map(ids)).toContain(pair(a.id, c.id));
  });

  it('lists the dismissed pairs, the latest first, and an undo proposes the pair again, with history', async () => {
    const word = `Ravensworth${randomUUID().slice(0, 6)}`;
    const a = await buildPartner(t.db, { name: `${word} Building Society` });
    const b = await buildPartner(t.db, { name: `${word} Building Soc.` });
    const pairs = async () => (await allPairs(staff, `kind=partner&q=${word}`)).map(ids);
    expect(await pairs()).toContain(pair(a.id, b.id));
    const dismissed = await t.call(admin, 'POST', '/api/v1/duplicates/dismissals', {
      kind: 'partner',
      firstId: a.id,
      secondId: b.id,
    });
    expect(dismissed.statusCode).toBe(204);
    expect(await pairs()).not.toContain(pair(a.id, b.id));

    const listed = await t.call(admin, 'GET', '/api/v1/duplicates/dismissals?kind=partner&limit=100');
    expect(listed.statusCode, listed.body).toBe(200);
    const body = listed.json() as { items: DismissalDto[]; total: number };
    const mine = body.items.find((d) => pair(d.first.id, d.second.id) === pair(a.id, b.id))!;
    expect(mine).toMatchObject({ kind: 'partner' });
    expect([mine.first.name, mine.second.name].sort()).toEqual([a.name, b.name].sort());
    expect(body.total).toBeGreaterThanOrEqual(body.items.length);
    const times = body.items.map((d) => d.dismissedAt);
    expect(times).toEqual([...times].sort().reverse());
    // Staff see the finder, not the dismissals; nobody undoes twice.
    expect((await t.call(staff, 'GET', '/api/v1/duplicates/dismissals')).statusCode).toBe(403);
    expect((await t.call(staff, 'DELETE', `/api/v1/duplicates/dismissals/${mine.id}`)).statusCode).toBe(403);
    expect((await t.call(admin, 'GET', '/api/v1/duplicates/dismissals?kind=unit')).statusCode).toBe(400);

    const undone = await t.call(admin, 'DELETE', `/api/v1/duplicates/dismissals/${mine.id}`);
    expect(undone.statusCode, undone.body).toBe(204);
    expect(await pairs()).toContain(pair(a.id, b.id));
    expect((await t.call(admin, 'DELETE', `/api/v1/duplicates/dismissals/${mine.id}`)).statusCode).toBe(404);
    expect((await t.call(admin, 'DELETE', '/api/v1/duplicates/dismissals/not-an-id')).statusCode).toBe(400);
    const history = await queryRows<{ name: string }>(
      t.db,
      sql`select name from events where entity = 'duplicate' and entity_id = ${mine.id} order by id`,
    );
    expect(history.map((e) => e.name)).toEqual(['duplicate.dismissed', 'duplicate.restored']);
  });

  it('finds contacts by the same e-mail address and by a similar name at the same partner', async () => {
    const word = `Okonkwo${randomUUID().slice(0, 6)}`;
    const partner = await buildPartner(t.db);
    const a = await buildContact(t.db, { name: `Adaeze ${word}`, emails: [`${word}@firm.example`] });
    const b = await buildContact(t.db, { name: `A. ${word}`, emails: [`${word}@firm.example`] });
    const c = await buildContact(t.db, { name: `Adaeze ${word}e`, emails: [] });
    await buildAffiliation(t.db, { contactId: a.id, partnerId: partner.id });
    await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id });
    const found = await allPairs(staff, `kind=contact&q=${word}`);
    const byPair = new Map(found.map((p) => [ids(p), p]));
    expect(byPair.get(pair(a.id, b.id))!.evidence.map((e) => e.kind)).toContain('same_email');
    expect(
      byPair
        .get(pair(a.id, c.id))!
        .evidence.map((e) => e.kind)
        .sort(),
    ).toEqual(['same_partner', 'similar_name']);
  });

  it('is for staff; dismissing is for administrators; bad input is named', async () => {
    expect((await t.call(viewer, 'GET', '/api/v1/duplicates')).statusCode).toBe(403);
    const a = await buildPartner(t.db);
    const b = await buildPartner(t.db);
    expect(
      (
        await t.call(staff, 'POST', '/api/v1/duplicates/dismissals', {
          kind: 'partner',
          firstId: a.id,
          secondId: b.id,
        })
      ).statusCode,
    ).toBe(403);
    const self = await t.call(admin, 'POST', '/api/v1/duplicates/dismissals', {
      kind: 'partner',
      firstId: a.id,
      secondId: a.id,
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].field).toBe('secondId');
    const unknown = await t.call(admin, 'POST', '/api/v1/duplicates/dismissals', {
      kind: 'contact',
      firstId: a.id,
      secondId: b.id,
    });
    expect(unknown.statusCode).toBe(400);
    for (const query of ['cursor=garbage', 'kind=deal', `q=${'x'.repeat(300)}`, 'q=%00', 'limit=100000']) {
      const res = await t.call(staff, 'GET', `/api/v1/duplicates?${query}`);
      expect(res.statusCode, query).toBe(400);
    }
  });
});

describe('the warning while a partner is created', () => {
  it('offers a partner with the same website first, then similar names, and nobody else', async () => {
    const word = `Ashdown${randomUUID().slice(0, 6)}`;
    const same = await buildPartner(t.db, {
      name: `Northern ${word} Mutual`,
      website: 'https://www.ashdown-bs.example/about',
    });
    const close = await buildPartner(t.db, { name: `${word} Building Society` });
    await buildPartner(t.db, { name: `Calder ${randomUUID()}` });
    const res = await t.call(
      viewer,
      'GET',
      `/api/v1/partners/similar?name=${encodeURIComponent(`${word} Bldg Society`)}&website=${encodeURIComponent('http://ashdown-bs.example')}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((p: { id: string; reason: string }) => [p.id, p.reason])).toEqual([
      [same.id, 'website'],
      [close.id, 'name'],
    ]);
    const excluded = await t.call(
      viewer,
      'GET',
      `/api/v1/partners/similar?name=${encodeURIComponent(`${word} Building Society`)}&excludeId=${close.id}`,
    );
    expect(excluded.statusCode, excluded.body).toBe(200);
    expect(excluded.json().items.map((p: { id: string }) => p.id)).not.toContain(close.id);
    expect((await t.call(viewer, 'GET', `/api/v1/partners/similar?name=${'x'.repeat(301)}`)).statusCode).toBe(
      400,
    );
    expect((await t.call(viewer, 'GET', '/api/v1/partners/similar?excludeId=nope')).statusCode).toBe(400);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema/users.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildUnit, buildUser } from '../../test/factories/index.ts';

// Hand-built names: words no other test uses, so the ranking is read off exactly.
let t: TestApp;
let viewer: Agent;
let staffA: Agent;
let staffB: Agent;
let unitA: string;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'Quorvale Careers' })).id;
  const unitB = (await buildUnit(t.db)).id;
  viewer = await t.signIn('viewer', { unitId: unitB });
  staffA = await t.signIn('staff', { unitId: unitA });
  staffB = await t.signIn('staff', { unitId: unitB });
  for (const name of [
    'Quorvale Logistics 1222',
    'Quorvale Logistics 12210',
    'Quorvale Logistics 1221',
    'Quorvale Haulage and Logistics',
    'Logistics of Quorvale',
    'Quorvale Logistix',
  ])
    await buildPartner(t.db, { name });
  await buildUser(t.db, { name: 'Zebedee Quorvale-Marsh', unitId: unitA, email: 'z.marsh@northmoor.ac.uk' });
  const gone = await buildUser(t.db, { name: 'Zebedee Quorvale-Gone', unitId: unitA });
  await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, gone.id));
});
afterAll(() => t.close());

type Hit = { title: string; rank: number; reference?: number };
const search = async (agent: Agent, q: string, types: string, limit = 8) => {
  const response = await t.call(
    agent,
    'GET',
    `/api/v1/search?q=${encodeURIComponent(q)}&types=${types}&limit=${limit}`,
  );
  expect(response.statusCode).toBe(200);
  return response.json() as { partners: Hit[]; users: Hit[]; requests: Hit[] };
};
const titles = (hits: Hit[]) => hits.map((h) => h.title);

describe('search ranking', () => {
  it('puts the exact name first, then names that start with it, then names with every word', async () => {
    const found = titles((await search(viewer, 'Quorvale Logistics 1221', 'partners')).partners);
    expect(found[0]).toBe('Quorvale Logistics 1221');
    expect(found[1]).toBe('Quorvale Logistics 12210');
    expect(found.indexOf('Quorvale Logistics 1221')).toBeLessThan(found.indexOf('Quorvale Logistics 1222'));
  });

  it('ranks names that start with the query above names that only contain its words', async () => {
    const found = titles((await search(viewer, 'quorvale log', 'partners')).partners);
    expect(found.slice(0, 4).sort()).toEqual([
      'Quorvale Logistics 1221',
      'Quorvale Logistics 12210',
      'Quorvale Logistics 1222',
      'Quorvale Logistix',
    ]);
    expect(found.slice(4).sort()).toEqual(['Logistics of Quorvale', 'Quorvale Haulage and Logistics']);
  });

  it('reports ranks in the order it answers, best first', async () => {
    const hits = (await search(viewer, 'Quorvale Logistics', 'partners')).partners;
    const ranks = hits.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('adds near names after the word matches, and only while they leave room', async () => {
    const roomy = titles((await search(viewer, 'Quorvale Logistics', 'partners')).partners);
    // "Logistix" shares no word with "Logistics": a near name, after every word match.
    expect(roomy.at(-1)).toBe('Quorvale Logistix');
    const full = titles((await search(viewer, 'Quorvale Logistics', 'partners', 4)).partners);
    expect(full).toHaveLength(4);
    expect(full).not.toContain('Quorvale Logistix');
  });

  it('still finds a misspelt name, the closest first', async () => {
    const found = titles((await search(viewer, 'Quorvail Logistics 1221', 'partners')).partners);
    expect(found[0]).toBe('Quorvale Logistics 1221');
  });

  it('finds active colleagues by name and e-mail, never deactivated ones', async () => {
    const byName = (await search(viewer, 'Zebedee Quorvale', 'users')).users;
    expect(titles(byName)).toEqual(['Zebedee Quorvale-Marsh']);
    expect(byName[0]).toMatchObject({ subtitle: 'Quorvale Careers', snippet: 'z.marsh@northmoor.ac.uk' });
    expect(titles((await search(viewer, 'z.marsh@northmoor.ac.uk', 'users')).users)).toEqual([
      'Zebedee Quorvale-Marsh',
    ]);
    expect(titles((await search(viewer, 'Zebedie Quorvale', 'users')).users)).toEqual([
      'Zebedee Quorvale-Marsh',
    ]);
  });

  it('finds requests by reference and by title, never a confidential one its reader may not see', async () => {
    const partnerId = (await buildPartner(t.db, { name: 'Quorvale Requests Ltd' })).id;
    const raise = async (title: string, visibility: string) => {
      const response = await t.call(staffA, 'POST', '/api/v1/requests', {
        partnerId,
        kind: 'incident',
        title,
        visibility,
      });
      expect(response.statusCode).toBe(201);
      return response.json() as { id: string; reference: number };
    };
    const open = await raise('Quorvale placement portal outage', 'institution');
    const secret = await raise('Quorvale confidential grievance', 'confidential');

    const byTitle = (await search(viewer, 'quorvale portal outage', 'requests')).requests;
    expect(byTitle.map((r) => r.reference)).toEqual([open.reference]);
    expect(byTitle[0]).toMatchObject({ subtitle: 'Quorvale Requests Ltd' });
    expect((await search(viewer, `#${open.reference}`, 'requests')).requests.map((r) => r.reference)).toEqual(
      [open.reference],
    );

    for (const outsider of [viewer, staffB]) {
      expect((await search(outsider, 'quorvale grievance', 'requests')).requests).toEqual([]);
      expect((await search(outsider, String(secret.reference), 'requests')).requests).toEqual([]);
    }
    expect((await search(staffA, String(secret.reference), 'requests')).requests.map((r) => r.title)).toEqual(
      ['Quorvale confidential grievance'],
    );
  });
});

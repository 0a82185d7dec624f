import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildTask,
  buildTouchpoint,
  buildUnit,
} from '../test/factories/index.ts';

// Conditional reads on the lists: 304 while nothing listed changed, 200 with the change after a
// write (whichever path wrote it: these write with the factories, straight to the database, and
// through the API), and never one viewer's 304 against another's answer.
let t: TestApp;
let unitA: string;
let staffA: Agent;
let staffB: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db)).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  staffB = await t.signIn('staff');
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

const get = (agent: Agent, url: string, tag?: string) =>
  t.call(agent, 'GET', url, undefined, tag === undefined ? {} : { 'if-none-match': tag });

/** Reads the list and checks that asking again with its tag answers 304 with no body. */
async function tagOf(agent: Agent, url: string) {
  const first = await get(agent, url);
  expect(first.statusCode).toBe(200);
  const tag = first.headers.etag as string;
  expect(tag).toMatch(/^W\/"[\w-]+"$/);
  const again = await get(agent, url, tag);
  expect(again.statusCode).toBe(304);
  expect(again.body).toBe('');
  expect(again.headers.etag).toBe(tag);
  return { tag, body: first.json() };
}

const names = (body: { items: { name?: string; title?: string; subject?: string }[] }) =>
  body.items.map((i) => i.name ?? i.title ?? i.subject);

describe('conditional reads on the lists', () => {
  it('partners: 304 while unchanged, 200 with the new partner after a write', async () => {
    const url = '/api/v1/partners?q=Quillfern&limit=50';
    await buildPartner(t.db, { name: 'Quillfern Dairy' });
    const { tag } = await tagOf(viewer, url);
    expect((await get(viewer, url, tag)).statusCode).toBe(304);
    await buildPartner(t.db, { name: 'Quillfern Mills' });
    const after = await get(viewer, url, tag);
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(tag);
    expect(names(after.json())).toEqual(['Quillfern Dairy', 'Quillfern Mills']);
  });

  it('partners: a rename through the API is a change too', async () => {
    const p = await buildPartner(t.db, { name: 'Quillfern Renamed Before' });
    const url = '/api/v1/partners?q=Quillfern%20Renamed';
    const { tag } = await tagOf(staffA, url);
    const changed = await t.call(
      staffA,
      'PATCH',
      `/api/v1/partners/${p.id}`,
      { name: 'Quillfern Renamed After' },
      { 'if-match': `"v${p.version}"` },
    );
    expect(changed.statusCode).toBe(200);
    const after = await get(staffA, url, tag);
    expect(after.statusCode).toBe(200);
    expect(names(after.json())).toEqual(['Quillfern Renamed After']);
  });

  it('contacts: a new affiliation changes the list filtered by partner', async () => {
    const partner = await buildPartner(t.db, { name: 'Quillfern Contacts Ltd' });
    const url = `/api/v1/contacts?partnerId=${partner.id}`;
    const { tag, body } = await tagOf(viewer, url);
    expect(body.items).toEqual([]);
    const c = await buildContact(t.db, { name: 'Oona Quillfern' });
    await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id });
    const after = await get(viewer, url, tag);
    expect(after.statusCode).toBe(200);
    expect(names(after.json())).toEqual(['Oona Quillfern']);
  });

  it('requests: a confidential request never turns one viewer’s tag into another’s answer', async () => {
    const partnerId = (await buildPartner(t.db, { name: 'Quillfern Requests' })).id;
    const url = `/api/v1/requests?partnerId=${partnerId}`;
    const a = await tagOf(staffA, url);
    const b = await tagOf(staffB, url);
    expect(a.tag).not.toBe(b.tag);
    // Each viewer's tag is theirs alone: another's answers 200 with the asker's own content.
    expect((await get(staffB, url, a.tag)).statusCode).toBe(200);
    expect((await get(staffA, url, b.tag)).statusCode).toBe(200);

    const raised = await t.call(staffA, 'POST', '/api/v1/requests', {
      partnerId,
      kind: 'incident',
      title: 'Quillfern confidential matter',
      visibility: 'confidential',
    });
    expect(raised.statusCode).toBe(201);
    const forA = await get(staffA, url, a.tag);
    expect(forA.statusCode).toBe(200);
    expect(names(forA.json())).toEqual(['Quillfern confidential matter']);
    const forB = await get(staffB, url, b.tag);
    // B's tag may change (a change somewhere in the lists), but B's answer never holds it.
    if (forB.statusCode === 200) expect(forB.json().items).toEqual([]);
    const newA = forA.headers.etag as string;
    expect((await get(staffB, url, newA)).statusCode).toBe(200);
    expect((await get(staffB, url, newA)).json().items).toEqual([]);
  });

  it("a partner's touch points and tasks: tagged by the partner's own version", async () => {
    const partner = await buildPartner(t.db, { name: 'Quillfern Timeline' });
    const tpUrl = `/api/v1/touchpoints?partnerId=${partner.id}`;
    const taskUrl = `/api/v1/tasks?partnerId=${partner.id}`;
    const tp = await tagOf(viewer, tpUrl);
    const task = await tagOf(staffA, taskUrl);
    await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: unitA,
      authorId: staffA.user.id,
      subject: 'Quillfern site visit',
    });
    const tpAfter = await get(viewer, tpUrl, tp.tag);
    expect(tpAfter.statusCode).toBe(200);
    expect(names(tpAfter.json())).toEqual(['Quillfern site visit']);
    await buildTask(t.db, {
      assigneeId: staffA.user.id,
      partnerId: partner.id,
      title: 'Quillfern follow-up',
    });
    const taskAfter = await get(staffA, taskUrl, task.tag);
    expect(taskAfter.statusCode).toBe(200);
    expect(names(taskAfter.json())).toContain('Quillfern follow-up');
    // Every touch point at once is not tagged: a tag would make each write bump one shared row.
    expect((await get(viewer, '/api/v1/touchpoints?limit=1')).headers.etag).toBeUndefined();
  });

  it('bad If-None-Match values answer 200 (or 400 for bytes HTTP forbids), never 500', async () => {
    const url = '/api/v1/partners?q=Quillfern';
    const { tag } = await tagOf(viewer, url);
    for (const bad of [
      'x'.repeat(100_000),
      `${tag.slice(0, -1)}\u0000"`,
      '\u0000\u0000',
      '*',
      'W/',
      '"',
      `${'W/"a", '.repeat(2000)}${tag}`,
      '\uFFFD\uD800',
    ]) {
      const response = await get(viewer, url, bad).catch((e: Error) => ({ statusCode: 400, error: e }));
      expect([200, 400]).toContain(response.statusCode);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildContact, buildPartner, buildRelationship, buildUnit } from '../../test/factories/index.ts';

/**
 * A confidential touch point of unit A must not show up for anyone who is not named — not in a
 * read, a list, a timeline, the overview's entries or counts, search, home, history or tasks.
 */
let t: TestApp;
let author: Agent;
let named: Agent;
let colleague: Agent;
let otherUnitStaff: Agent;
let otherUnitSenior: Agent;
let admin: Agent;
let partnerId: string;
let contactId: string;
let secretId: string;
let unitNoteId: string;
const SECRET = 'Zanzibar restructuring worries';
const UNIT_NOTE = 'Quillfeather invoice dispute';

beforeAll(async () => {
  t = await createTestApp();
  const unitA = (await buildUnit(t.db, { name: 'Research Office' })).id;
  const unitB = (await buildUnit(t.db, { name: 'Alumni Relations' })).id;
  author = await t.signIn('staff', { unitId: unitA });
  named = await t.signIn('staff', { unitId: unitB });
  colleague = await t.signIn('relationship_manager', { unitId: unitA });
  otherUnitStaff = await t.signIn('staff', { unitId: unitB });
  otherUnitSenior = await t.signIn('senior_manager', { unitId: unitB });
  admin = await t.signIn('administrator');
  partnerId = (await buildPartner(t.db, { name: 'Greystone Foundation' })).id;
  contactId = (await buildContact(t.db)).id;
  await buildRelationship(t.db, { unitId: unitA, partnerId, managerId: colleague.user.id, cadenceDays: 30 });
  await buildRelationship(t.db, {
    unitId: unitB,
    partnerId,
    managerId: otherUnitSenior.user.id,
    cadenceDays: 30,
  });
  const open = (subject: string, unitAgent: Agent) =>
    t.call(unitAgent, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'meeting',
      subject,
      contactIds: [contactId],
    });
  await open('Open meeting with the foundation', author);
  const secret = await t.call(author, 'POST', '/api/v1/touchpoints', {
    partnerId,
    kind: 'note',
    subject: SECRET,
    notes: 'Only for the named few',
    visibility: 'confidential',
    readerIds: [named.user.id],
    contactIds: [contactId],
    followUp: { title: 'Brief the director about Zanzibar', assigneeId: author.user.id },
  });
  secretId = secret.json().id;
  unitNoteId = (
    await t.call(author, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'note',
      subject: UNIT_NOTE,
      visibility: 'unit',
      contactIds: [contactId],
    })
  ).json().id;
});
afterAll(() => t.close());

/** Everything a person can learn about the partner's touch points, through every read path. */
async function whatCanSee(agent: Agent) {
  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
  const overview = (await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/overview`)).json();
  return {
    get: (await t.call(agent, 'GET', `/api/v1/touchpoints/${secretId}`)).statusCode,
    history: (await t.call(agent, 'GET', `/api/v1/touchpoints/${secretId}/history`)).statusCode,
    list: ids((await t.call(agent, 'GET', `/api/v1/touchpoints?partnerId=${partnerId}`)).json()),
    timeline: ids((await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/timeline`)).json()),
    contactTimeline: ids((await t.call(agent, 'GET', `/api/v1/contacts/${contactId}/timeline`)).json()),
    overviewEntries: ids(overview.timeline),
    overviewTotal: overview.lastYear.total as number,
    overviewNotes: overview.lastYear.byKind.find((k: { kind: string }) => k.kind === 'note')?.count ?? 0,
    search: (await t.call(agent, 'GET', '/api/v1/search?q=Zanzibar'))
      .json()
      .touchpoints.map((h: { id: string }) => h.id),
    searchUnitNote: (await t.call(agent, 'GET', '/api/v1/search?q=Quillfeather')).json().touchpoints.length,
    tasks: (await t.call(agent, 'GET', '/api/v1/tasks?limit=500'))
      .json()
      .items.map((x: { title: string }) => x.title),
    overviewTasks: overview.openTasks.map((x: { title: string }) => x.title),
  };
}

describe('confidential and unit touch points through every read path', () => {
  it('are invisible to another unit, even to its senior manager', async () => {
    for (const agent of [otherUnitStaff, otherUnitSenior]) {
      const seen = await whatCanSee(agent);
      expect(seen.get).toBe(404);
      expect(seen.history).toBe(404);
      for (const list of [
        seen.list,
        seen.timeline,
        seen.contactTimeline,
        seen.overviewEntries,
        seen.search,
      ]) {
        expect(list).not.toContain(secretId);
        expect(list).not.toContain(unitNoteId);
      }
      expect(seen.overviewTotal).toBe(1);
      expect(seen.overviewNotes).toBe(0);
      expect(seen.searchUnitNote).toBe(0);
      expect(seen.tasks).not.toContain('Brief the director about Zanzibar');
      expect(seen.overviewTasks).not.toContain('Brief the director about Zanzibar');
    }
  });

  it('shows the unit note but not the confidential one to a colleague in the unit', async () => {
    const seen = await whatCanSee(colleague);
    expect(seen.get).toBe(404);
    expect(seen.timeline).toContain(unitNoteId);
    expect(seen.timeline).not.toContain(secretId);
    expect(seen.overviewTotal).toBe(2);
    expect(seen.searchUnitNote).toBe(1);
    expect(seen.search).toEqual([]);
  });

  it('shows the confidential one to a named reader of another unit, and to administrators', async () => {
    for (const agent of [named, admin, author]) {
      const seen = await whatCanSee(agent);
      expect(seen.get).toBe(200);
      expect(seen.history).toBe(200);
      expect(seen.timeline).toContain(secretId);
      expect(seen.contactTimeline).toContain(secretId);
      expect(seen.overviewEntries).toContain(secretId);
      expect(seen.search).toEqual([secretId]);
    }
    expect((await whatCanSee(named)).overviewTotal).toBe(2);
    expect((await whatCanSee(admin)).overviewTotal).toBe(3);
    expect((await whatCanSee(author)).tasks).toContain('Brief the director about Zanzibar');
  });

  it("does not count a hidden touch point as a relationship's last contact", async () => {
    const overview = (await t.call(otherUnitStaff, 'GET', `/api/v1/partners/${partnerId}/overview`)).json();
    const unitA = overview.relationships.find((r: { unitName: string }) => r.unitName === 'Research Office');
    const asAuthor = (await t.call(author, 'GET', `/api/v1/partners/${partnerId}/overview`)).json();
    const unitAForAuthor = asAuthor.relationships.find(
      (r: { unitName: string }) => r.unitName === 'Research Office',
    );
    expect(Date.parse(unitAForAuthor.lastContactAt)).toBeGreaterThanOrEqual(Date.parse(unitA.lastContactAt));
    expect(unitA.lastContactAt).not.toBeNull();
  });
});

import { DateTime } from 'luxon';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { InProcessQueue } from '../../jobs/in-process-queue.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
  partnerTypeId,
} from '../../test/factories/index.ts';
import { openSqlCapture } from '../../test/sql-capture.ts';
import type { Actor } from '../access/actor.ts';
import { actorsOf } from '../access/audience.repository.ts';
import { plansDue } from './communication-plans.service.ts';

let t: TestApp;
let unitA: string;
let manager: Agent;
let colleague: Agent;
let outsider: Agent;
let admin: Agent;
let employer: string;
const yearAgo = DateTime.now().minus({ days: 365 }).toISODate()!;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'Careers and Employability' })).id;
  manager = await t.signIn('relationship_manager', { unitId: unitA });
  colleague = await t.signIn('staff', { unitId: unitA });
  outsider = await t.signIn('relationship_manager');
  admin = await t.signIn('administrator');
  employer = await partnerTypeId(t.db, 'Employer');
});
afterAll(() => t.close());

/** A partner with a relationship of unit A managed by `manager`, begun a year ago, and two contacts. */
async function relationshipWithContacts(name: string) {
  const partner = await buildPartner(t.db, { name, typeId: employer });
  const relationship = await buildRelationship(t.db, {
    unitId: unitA,
    partnerId: partner.id,
    managerId: manager.user.id,
    startDate: yearAgo,
  });
  const head = await buildContact(t.db, { name: `Head of ${name}` });
  const officer = await buildContact(t.db, { name: `Officer of ${name}` });
  await buildAffiliation(t.db, { contactId: head.id, partnerId: partner.id });
  await buildAffiliation(t.db, { contactId: officer.id, partnerId: partner.id });
  return { partner: partner.id, relationship: relationship.id, head: head.id, officer: officer.id };
}

const weeklyMeeting = (relationshipId: string) => ({
  relationshipId,
  purpose: 'Weekly operational call',
  channel: 'meeting',
  direction: 'both',
  frequencyDays: 7,
});

const plan = async (agent: Agent, relationshipId: string) =>
  (await t.call(agent, 'GET', `/api/v1/relationships/${relationshipId}/communication-plan`)).json();

async function levelIds() {
  const levels = (await t.call(manager, 'GET', '/api/v1/communication-levels')).json().items as {
    id: string;
    name: string;
  }[];
  return Object.fromEntries(levels.map((l) => [l.name, l.id]));
}

describe('communication plan items', () => {
  it('refuses an item with no frequency, naming the field, and adds nothing', async () => {
    const r = await relationshipWithContacts('Ashdown Building Society');
    const { frequencyDays: _f, ...noFrequency } = weeklyMeeting(r.relationship);
    const res = await t.call(manager, 'POST', '/api/v1/communication-plans/items', noFrequency);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'frequencyDays' })]);
    const zero = await t.call(manager, 'POST', '/api/v1/communication-plans/items', {
      ...weeklyMeeting(r.relationship),
      frequencyDays: 0,
    });
    expect(zero.statusCode).toBe(400);
    const nul = await t.call(manager, 'POST', '/api/v1/communication-plans/items', {
      ...weeklyMeeting(r.relationship),
      purpose: 'Call\u0000',
    });
    expect(nul.statusCode).toBe(400);
    const both = await t.call(manager, 'POST', '/api/v1/communication-plans/items', {
      ...weeklyMeeting(r.relationship),
      partnerTypeId: employer,
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0].field).toBe('relationshipId');
    expect((await plan(manager, r.relationship)).items).toEqual([]);
  });

  it('lets only those who look after the relationship change its plan', async () => {
    const r = await relationshipWithContacts('Brindle Engineering');
    const refused = await t.call(
      outsider,
      'POST',
      '/api/v1/communication-plans/items',
      weeklyMeeting(r.relationship),
    );
    expect(refused.statusCode).toBe(403);
    const staff = await t.call(
      colleague,
      'POST',
      '/api/v1/communication-plans/items',
      weeklyMeeting(r.relationship),
    );
    expect(staff.statusCode).toBe(403);
    const defaults = await t.call(manager, 'POST', '/api/v1/communication-plans/items', {
      ...weeklyMeeting(r.relationship),
      relationshipId: null,
      partnerTypeId: employer,
    });
    expect(defaults.statusCode).toBe(403);
    expect((await plan(manager, r.relationship)).items).toEqual([]);
    expect((await plan(outsider, r.relationship)).can).toEqual({ update: false });
    expect((await plan(manager, r.relationship)).can).toEqual({ update: true });
  });

  it('goes overdue, then comes back on track when a matching touch point is logged', async () => {
    const r = await relationshipWithContacts('Calder Logistics');
    const created = await t.call(
      manager,
      'POST',
      '/api/v1/communication-plans/items',
      weeklyMeeting(r.relationship),
    );
    expect(created.statusCode).toBe(201);
    let [item] = (await plan(manager, r.relationship)).items;
    expect(item.status).toMatchObject({
      lastAt: null,
      overdue: true,
      adherence: { periods: 52, met: 0, percent: 0 },
    });

    // A call is not a meeting, and a meeting with nobody from the partner is not "both ways".
    for (const body of [
      { kind: 'call', contactIds: [r.head] },
      { kind: 'meeting', contactIds: [] },
    ]) {
      const tp = await t.call(manager, 'POST', '/api/v1/touchpoints', {
        partnerId: r.partner,
        subject: 'Catch-up',
        ...body,
      });
      expect(tp.statusCode).toBe(201);
    }
    expect((await plan(manager, r.relationship)).items[0].status.overdue).toBe(true);

    const logged = await t.call(colleague, 'POST', '/api/v1/touchpoints', {
      partnerId: r.partner,
      kind: 'meeting',
      subject: 'Placement planning',
      contactIds: [r.head],
    });
    expect(logged.statusCode).toBe(201);
    [item] = (await plan(manager, r.relationship)).items;
    expect(item.status.lastAt).toBe(logged.json().occurredAt);
    expect(item.status.overdue).toBe(false);
    expect(item.status.nextDueOn).toBe(DateTime.now().setZone('Europe/London').plus({ days: 7 }).toISODate());
    expect(item.status.adherence.met).toBe(0); // this week's period has not ended yet

    const due = (await t.call(manager, 'GET', '/api/v1/communication-plans/due?overdue=false')).json();
    expect(due.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ relationshipId: r.relationship, itemId: item.id })]),
    );
    const unitView = (
      await t.call(outsider, 'GET', `/api/v1/communication-plans/due?unitId=${unitA}`)
    ).json();
    expect(unitView.items.map((i: { itemId: string }) => i.itemId)).toContain(item.id);
  });

  it('counts a confidential touch point only for those who may read it', async () => {
    const r = await relationshipWithContacts('Dunmore Biotech');
    await t.call(manager, 'POST', '/api/v1/communication-plans/items', weeklyMeeting(r.relationship));
    const secret = await t.call(colleague, 'POST', '/api/v1/touchpoints', {
      partnerId: r.partner,
      kind: 'meeting',
      subject: 'Restructuring, in confidence',
      contactIds: [r.head],
      visibility: 'confidential',
    });
    expect(secret.statusCode).toBe(201);
    expect((await plan(manager, r.relationship)).items[0].status).toMatchObject({
      overdue: true,
      lastAt: null,
    });
    expect((await plan(colleague, r.relationship)).items[0].status.overdue).toBe(false);
    const due = (await t.call(manager, 'GET', '/api/v1/communication-plans/due?overdue=true')).json();
    expect(due.items.map((i: { relationshipId: string }) => i.relationshipId)).toContain(r.relationship);
  });

  it("inherits the partner type's defaults, and a relationship's own item overrides one", async () => {
    const r = await relationshipWithContacts('Eastgate Foods');
    const type = await partnerTypeId(t.db, 'Funder');
    const partner = await buildPartner(t.db, { name: 'Fenwick Trust', typeId: type });
    const rel = await buildRelationship(t.db, {
      unitId: unitA,
      partnerId: partner.id,
      managerId: manager.user.id,
    });
    const def = await t.call(admin, 'POST', '/api/v1/communication-plans/items', {
      partnerTypeId: type,
      purpose: 'Termly service review',
      channel: 'meeting',
      direction: 'both',
      frequencyDays: 91,
    });
    expect(def.statusCode).toBe(201);
    expect(
      (await t.call(manager, 'GET', `/api/v1/partner-types/${type}/communication-plan`)).json().items,
    ).toHaveLength(1);
    let items = (await plan(manager, rel.id)).items;
    expect(items).toEqual([expect.objectContaining({ id: def.json().id, inherited: true })]);
    const wrongType = await t.call(manager, 'POST', '/api/v1/communication-plans/items', {
      ...weeklyMeeting(r.relationship),
      replacesItemId: def.json().id,
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].field).toBe('replacesItemId');
    const own = await t.call(manager, 'POST', '/api/v1/communication-plans/items', {
      ...weeklyMeeting(rel.id),
      purpose: 'Monthly review',
      frequencyDays: 30,
      replacesItemId: def.json().id,
    });
    expect(own.statusCode).toBe(201);
    items = (await plan(manager, rel.id)).items;
    expect(items).toEqual([expect.objectContaining({ purpose: 'Monthly review', inherited: false })]);

    const changed = await t.call(
      manager,
      'PATCH',
      `/api/v1/communication-plans/items/${own.json().id}`,
      { frequencyDays: 14 },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ frequencyDays: 14, version: 2 });
    const stale = await t.call(
      manager,
      'PATCH',
      `/api/v1/communication-plans/items/${own.json().id}`,
      { frequencyDays: 10 },
      { 'if-match': '"v1"' },
    );
    expect(stale.statusCode).toBe(412);
    const removed = await t.call(
      manager,
      'DELETE',
      `/api/v1/communication-plans/items/${own.json().id}`,
      undefined,
      {
        'if-match': '"v2"',
      },
    );
    expect(removed.statusCode).toBe(204);
    expect((await plan(manager, rel.id)).items).toEqual([expect.objectContaining({ inherited: true })]);
  });

  it('answers 404 for a relationship or item that does not exist, and 400 for a crafted id', async () => {
    const missing = '01900000-0000-7000-8000-000000000000';
    expect(
      (await t.call(manager, 'GET', `/api/v1/relationships/${missing}/communication-plan`)).statusCode,
    ).toBe(404);
    expect((await t.call(manager, 'GET', `/api/v1/communication-plans/items/${missing}`)).statusCode).toBe(
      404,
    );
    expect(
      (await t.call(manager, 'GET', '/api/v1/relationships/1%20or%201=1/communication-plan')).statusCode,
    ).toBe(400);
    const unknownLevel = await t.call(manager, 'POST', '/api/v1/communication-plans/items', {
      ...weeklyMeeting(missing),
      levelIds: [],
    });
    expect(unknownLevel.statusCode).toBe(400);
    expect(unknownLevel.json().errors[0].field).toBe('relationshipId');
  });
});

describe('peer pairs', () => {
  it('flags a silent pair, clears it with a two-way touch point, and counts a contact between levels as not peer', async () => {
    const r = await relationshipWithContacts('Garside Partners');
    const levels = await levelIds();
    const senior = await t.call(manager, 'POST', '/api/v1/peer-pairs', {
      relationshipId: r.relationship,
      levelId: levels.Senior,
      userId: manager.user.id,
      contactId: r.head,
      cadenceDays: 30,
    });
    expect(senior.statusCode).toBe(201);
    const operational = await t.call(manager, 'POST', '/api/v1/peer-pairs', {
      relationshipId: r.relationship,
      levelId: levels.Operational,
      userId: colleague.user.id,
      contactId: r.officer,
      cadenceDays: 14,
    });
    expect(operational.statusCode).toBe(201);
    const twice = await t.call(manager, 'POST', '/api/v1/peer-pairs', {
      relationshipId: r.relationship,
      levelId: levels.Senior,
      userId: manager.user.id,
      contactId: r.head,
      cadenceDays: 30,
    });
    expect(twice.statusCode).toBe(409);
    const stranger = await buildContact(t.db);
    const notTheirs = await t.call(manager, 'POST', '/api/v1/peer-pairs', {
      relationshipId: r.relationship,
      levelId: levels.Senior,
      userId: manager.user.id,
      contactId: stranger.id,
      cadenceDays: 30,
    });
    expect(notTheirs.statusCode).toBe(400);
    expect(notTheirs.json().errors[0].field).toBe('contactId');

    let pairs = (await plan(manager, r.relationship)).peerPairs;
    expect(
      pairs.map((p: { level: { name: string }; coverage: { silent: boolean } }) => [
        p.level.name,
        p.coverage.silent,
      ]),
    ).toEqual([
      ['Senior', true],
      ['Operational', true],
    ]);

    // The manager (Senior) meets the officer (Operational): counted, and shown as not peer.
    await t.call(manager, 'POST', '/api/v1/touchpoints', {
      partnerId: r.partner,
      kind: 'call',
      subject: 'Quick question',
      contactIds: [r.officer],
    });
    const two = await t.call(manager, 'POST', '/api/v1/touchpoints', {
      partnerId: r.partner,
      kind: 'meeting',
      subject: 'Annual review',
      contactIds: [r.head],
    });
    pairs = (await plan(manager, r.relationship)).peerPairs;
    expect(pairs[0].coverage).toMatchObject({
      silent: false,
      lastTwoWayAt: two.json().occurredAt,
      notPeerCount: 1,
    });
    expect(pairs[1].coverage).toMatchObject({ silent: true, lastTwoWayAt: null, notPeerCount: 1 });

    const gone = await t.call(outsider, 'DELETE', `/api/v1/peer-pairs/${operational.json().id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(gone.statusCode).toBe(403);
    const removed = await t.call(
      manager,
      'DELETE',
      `/api/v1/peer-pairs/${operational.json().id}`,
      undefined,
      {
        'if-match': '"v1"',
      },
    );
    expect(removed.statusCode).toBe(204);
    expect((await plan(manager, r.relationship)).peerPairs).toHaveLength(1);
  });

  it('names a pair once when the same pair is sent twice at once', async () => {
    const r = await relationshipWithContacts('Hartley Mills');
    const levels = await levelIds();
    const body = {
      relationshipId: r.relationship,
      levelId: levels.Administrative,
      userId: colleague.user.id,
      contactId: r.officer,
      cadenceDays: 30,
    };
    const answers = await Promise.all([1, 2].map(() => t.call(manager, 'POST', '/api/v1/peer-pairs', body)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect((await plan(manager, r.relationship)).peerPairs).toHaveLength(1);
  });

  it('lets only an administrator configure the levels, with unique names', async () => {
    expect(
      (await t.call(manager, 'POST', '/api/v1/communication-levels', { name: 'Technical' })).statusCode,
    ).toBe(403);
    const added = await t.call(admin, 'POST', '/api/v1/communication-levels', {
      name: 'Technical',
      rank: 15,
    });
    expect(added.statusCode).toBe(201);
    const again = await t.call(admin, 'POST', '/api/v1/communication-levels', { name: 'technical' });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].field).toBe('name');
    const renamed = await t.call(
      admin,
      'PATCH',
      `/api/v1/communication-levels/${added.json().id}`,
      { name: 'Technical liaison' },
      { 'if-match': '"v1"' },
    );
    expect(renamed.json()).toMatchObject({ name: 'Technical liaison', version: 2 });
    expect(Object.keys(await levelIds())).toEqual([
      'Senior',
      'Operational',
      'Technical liaison',
      'Administrative',
    ]);
  });
});

describe('the due view', () => {
  const ctxOf = (db: Db, actor: Actor): Ctx => ({
    db,
    actor,
    requestId: 'due-view-test',
    log: pino({ level: 'silent' }),
    jobs: new InProcessQueue(pino({ level: 'silent' })),
  });

  it('is worked out in the same few queries for one relationship as for five, each with its own status', async () => {
    const own = await t.signIn('relationship_manager', { unitId: unitA });
    const [actor] = await actorsOf(t.db, [own.user.id]);
    const relationshipOf = async (name: string) => {
      const partner = await buildPartner(t.db, { name, typeId: employer });
      const relationship = await buildRelationship(t.db, {
        unitId: unitA,
        partnerId: partner.id,
        managerId: own.user.id,
        startDate: yearAgo,
      });
      const item = await t.call(
        own,
        'POST',
        '/api/v1/communication-plans/items',
        weeklyMeeting(relationship.id),
      );
      expect(item.statusCode, item.body).toBe(201);
      return { partner: partner.id, relationship: relationship.id, item: item.json().id as string };
    };
    const capture = await openSqlCapture(t.database);
    const statementsOfDue = async () => {
      let answer: Awaited<ReturnType<typeof plansDue>> | undefined;
      const statements = await capture.capture(async (db) => {
        answer = await plansDue(ctxOf(db, actor!), {});
      });
      return { statements: statements.length, answer: answer! };
    };
    try {
      const first = await relationshipOf('Garforth Steel');
      const one = await statementsOfDue();
      const others = [];
      for (const name of ['Harehills Print', 'Ilkley Water', 'Jarrow Rope', 'Keighley Wool'])
        others.push(await relationshipOf(name));
      // A meeting with one of them keeps its weekly item on track; the others stay overdue.
      const head = await buildContact(t.db, { name: 'Head of Ilkley Water' });
      await buildAffiliation(t.db, { contactId: head.id, partnerId: others[1]!.partner });
      const met = await t.call(own, 'POST', '/api/v1/touchpoints', {
        partnerId: others[1]!.partner,
        kind: 'meeting',
        subject: 'Water quality placements',
        contactIds: [head.id],
      });
      expect(met.statusCode, met.body).toBe(201);
      const five = await statementsOfDue();
      expect(five.statements).toBe(one.statements);
      const statusOf = new Map(five.answer.items.map((i) => [i.itemId, i.status.overdue]));
      expect(statusOf.size).toBe(5);
      expect(statusOf.get(first.item)).toBe(true);
      expect(statusOf.get(others[1]!.item)).toBe(false);
      for (const o of [others[0]!, others[2]!, others[3]!]) expect(statusOf.get(o.item)).toBe(true);
      // Overdue first.
      expect(five.answer.items.at(-1)!.itemId).toBe(others[1]!.item);
    } finally {
      await capture.close();
    }
  });
});

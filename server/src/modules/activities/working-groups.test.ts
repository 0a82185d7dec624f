import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingGroupMembers } from '../../db/schema/activities.ts';
import { events } from '../../db/schema/events.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let organiser: Agent;
let colleague: Agent;
let outsider: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const unitId = (await buildUnit(t.db, { name: 'IT Services' })).id;
  organiser = await t.signIn('staff', { unitId });
  colleague = await t.signIn('staff', { unitId });
  outsider = await t.signIn('staff');
  viewer = await t.signIn('viewer', { unitId });
});
afterAll(() => t.close());

const createGroup = async (body: Record<string, unknown> = {}) => {
  const response = await t.call(organiser, 'POST', '/api/v1/activities', {
    kind: 'working_group',
    title: `Computing representatives ${randomUUID().slice(0, 6)}`,
    start: '2027-01-05T10:00',
    end: '2027-01-05T11:30',
    recurrence: 'FREQ=MONTHLY;BYDAY=1TU',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
};

/** A contact affiliated with the given partners. */
async function representative(...partnerIds: string[]) {
  const contact = await buildContact(t.db, { name: `Rep ${randomUUID().slice(0, 6)}` });
  for (const partnerId of partnerIds) await buildAffiliation(t.db, { contactId: contact.id, partnerId });
  return contact;
}

const membersOf = (id: string) =>
  t.db.select().from(workingGroupMembers).where(eq(workingGroupMembers.activityId, id));

describe('working group membership', () => {
  it('records who joined and left, for which partner, and keeps the history', async () => {
    const group = await createGroup();
    const school = await buildPartner(t.db, { name: `School of Chemistry ${randomUUID().slice(0, 4)}` });
    const rep = await representative(school.id);
    const url = `/api/v1/activities/${group.id}/members`;
    const joined = await t.call(organiser, 'POST', url, {
      contactId: rep.id,
      role: 'Chair',
      joinedOn: '2027-01-05',
    });
    expect(joined.statusCode, joined.body).toBe(201);
    expect(joined.json()).toMatchObject({
      side: 'partner',
      name: rep.name,
      partnerId: school.id,
      partnerName: school.name,
      role: 'Chair',
      joinedOn: '2027-01-05',
      leftOn: null,
    });
    const staff = await t.call(organiser, 'POST', url, { userId: colleague.user.id });
    expect(staff.statusCode, staff.body).toBe(201);
    expect(staff.json()).toMatchObject({ side: 'university', partnerId: null, leftOn: null });
    // A member already: refused. A newcomer added twice at once: one membership.
    expect((await t.call(organiser, 'POST', url, { contactId: rep.id })).statusCode).toBe(409);
    const newcomer = await representative(school.id);
    const twice = await Promise.all([
      t.call(organiser, 'POST', url, { contactId: newcomer.id }),
      t.call(organiser, 'POST', url, { contactId: newcomer.id }),
    ]);
    expect(twice.map((r) => r.statusCode).sort()).toEqual([201, 409]);

    const memberId = joined.json().id;
    const early = await t.call(organiser, 'POST', `${url}/${memberId}/leave`, { leftOn: '2026-12-31' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toEqual({
      field: 'leftOn',
      message: 'must be on or after the day they joined (2027-01-05)',
    });
    const left = await t.call(organiser, 'POST', `${url}/${memberId}/leave`, { leftOn: '2027-06-30' });
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json().leftOn).toBe('2027-06-30');
    expect(
      (await t.call(organiser, 'POST', `${url}/${memberId}/leave`, { leftOn: '2027-07-01' })).statusCode,
    ).toBe(409);
    // They rejoin: a new membership; the old one stays.
    const back = await t.call(organiser, 'POST', url, { contactId: rep.id, joinedOn: '2027-09-01' });
    expect(back.statusCode).toBe(201);
    const list = await t.call(viewer, 'GET', url);
    expect(list.statusCode).toBe(200);
    expect(list.json().current).toBe(3);
    expect(list.json().can.change).toBe(false);
    expect(list.json().items.map((m: { leftOn: string | null }) => m.leftOn)).toEqual([
      null,
      null,
      null,
      '2027-06-30',
    ]);
    const names = (await t.db.select().from(events).where(eq(events.entityId, group.id))).map((e) => e.name);
    expect(names.filter((n) => n === 'activity.member_joined')).toHaveLength(4);
    expect(names).toContain('activity.member_left');
  });

  it('asks which partner when the contact has several, and refuses bad input naming the field', async () => {
    const group = await createGroup();
    const a = await buildPartner(t.db);
    const b = await buildPartner(t.db);
    const other = await buildPartner(t.db);
    const rep = await representative(a.id, b.id);
    const loner = await representative();
    const url = `/api/v1/activities/${group.id}/members`;
    const cases: [unknown, string, string | RegExp][] = [
      [{}, 'contactId', 'Choose a contact or a member of staff (one of them)'],
      [{ contactId: rep.id, userId: colleague.user.id }, 'contactId', /one of them/],
      [{ contactId: rep.id }, 'partnerId', 'Choose which partner they represent'],
      [{ contactId: rep.id, partnerId: other.id }, 'partnerId', /currently affiliated/],
      [{ contactId: loner.id }, 'partnerId', 'The contact has no current affiliation with a partner'],
      [{ contactId: randomUUID() }, 'contactId', 'does not name an existing contact'],
      [{ userId: randomUUID() }, 'userId', /member of staff/],
      [{ userId: colleague.user.id, partnerId: a.id }, 'partnerId', /represents no partner/],
      [{ contactId: 'not-a-uuid' }, 'contactId', /./],
      [{ contactId: rep.id, partnerId: a.id, joinedOn: '2027-02-30' }, 'joinedOn', /./],
      [{ contactId: rep.id, partnerId: a.id, role: 'x'.repeat(201) }, 'role', /./],
      [{ contactId: rep.id, partnerId: a.id, role: 'Chair\u0000' }, 'role', /NUL/],
    ];
    for (const [body, field, message] of cases) {
      const response = await t.call(organiser, 'POST', url, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const error = response.json().errors.find((e: { field: string }) => e.field === field);
      expect(error, `${field} in ${response.body}`).toBeDefined();
      expect(error.message).toMatch(message);
    }
    const chosen = await t.call(organiser, 'POST', url, { contactId: rep.id, partnerId: b.id });
    expect(chosen.statusCode).toBe(201);
    expect(chosen.json().partnerId).toBe(b.id);
    expect(await membersOf(group.id)).toHaveLength(1);
    const bad = await t.call(organiser, 'POST', `${url}/${randomUUID()}/leave`, { leftOn: '2027-01-01' });
    expect(bad.statusCode).toBe(404);
    const badDate = await t.call(organiser, 'POST', `${url}/${chosen.json().id}/leave`, { leftOn: 'soon' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe('leftOn');
    expect((await membersOf(group.id))[0]!.leftOn).toBeNull();
  });

  it('belongs to working groups only, is changed by its organisers, and is hidden with a confidential group', async () => {
    const seminar = await createGroup({ kind: 'seminar', recurrence: null });
    const partner = await buildPartner(t.db);
    const rep = await representative(partner.id);
    const notGroup = await t.call(organiser, 'POST', `/api/v1/activities/${seminar.id}/members`, {
      contactId: rep.id,
    });
    expect(notGroup.statusCode).toBe(409);
    expect((await t.call(organiser, 'GET', `/api/v1/activities/${seminar.id}/members`)).statusCode).toBe(409);

    const group = await createGroup();
    const url = `/api/v1/activities/${group.id}/members`;
    // A colleague who does not run the group may read but not change it; a viewer neither changes.
    expect((await t.call(colleague, 'POST', url, { contactId: rep.id })).statusCode).toBe(403);
    expect((await t.call(viewer, 'POST', url, { contactId: rep.id })).statusCode).toBe(403);
    expect((await t.call(colleague, 'GET', url)).statusCode).toBe(200);

    const secret = await createGroup({ visibility: 'confidential' });
    const secretUrl = `/api/v1/activities/${secret.id}/members`;
    expect((await t.call(organiser, 'POST', secretUrl, { contactId: rep.id })).statusCode).toBe(201);
    for (const agent of [outsider, colleague]) {
      const hidden = await t.call(agent, 'GET', secretUrl);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).not.toContain(rep.name);
      expect((await t.call(agent, 'POST', secretUrl, { contactId: rep.id })).statusCode).toBe(404);
    }
    expect((await t.call(null, 'GET', secretUrl)).statusCode).toBe(401);
    expect(await membersOf(group.id)).toHaveLength(0);
    expect(await membersOf(secret.id)).toHaveLength(1);
  });
});

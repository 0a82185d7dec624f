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

describe("actions agreed at a working group's meetings", () => {
  /** A weekly group that began three weeks ago, with its meetings (past and to come). */
  async function heldGroup(body: Record<string, unknown> = {}) {
    const day = new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10);
    const group = await createGroup({
      start: `${day}T10:00`,
      end: `${day}T11:00`,
      recurrence: 'FREQ=WEEKLY',
      ...body,
    });
    const from = new Date(Date.now() - 22 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 15 * 86_400_000).toISOString();
    const r = await t.call(
      organiser,
      'GET',
      `/api/v1/activities/${group.id}/occurrences?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(r.statusCode, r.body).toBe(200);
    const meetings = (r.json().items as { startsAt: string }[]).map((o) => o.startsAt);
    return {
      ...group,
      held: meetings.filter((m) => new Date(m) < new Date()),
      ahead: meetings.filter((m) => new Date(m) > new Date()),
    };
  }
  const join = async (groupId: string, body: Record<string, unknown>) => {
    const r = await t.call(organiser, 'POST', `/api/v1/activities/${groupId}/members`, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; name: string };
  };
  const actionsOf = async (agent: Agent, groupId: string) => {
    const r = await t.call(agent, 'GET', `/api/v1/activities/${groupId}/actions`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      items: { id: string; title: string; meetingStartsAt: string; done: boolean; taskId: string | null }[];
      can: { change: boolean };
    };
  };

  it('become tasks with owners on either side: a contact owns one on the group, a member of staff gets a task', async () => {
    const group = await heldGroup();
    expect(group.held.length).toBeGreaterThanOrEqual(3);
    const partner = await buildPartner(t.db, { name: `School of Physics ${randomUUID().slice(0, 4)}` });
    const rep = await representative(partner.id);
    const repMember = await join(group.id, { contactId: rep.id, joinedOn: group.held[0]!.slice(0, 10) });
    const staffMember = await join(group.id, { userId: colleague.user.id });
    const url = `/api/v1/activities/${group.id}/actions`;

    const meeting = group.held[1]!;
    const theirs = await t.call(organiser, 'POST', url, {
      meetingStartsAt: meeting,
      title: 'Circulate the lab timetable to the School',
      memberId: repMember.id,
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json()).toMatchObject({
      meetingStartsAt: meeting,
      owner: { memberId: repMember.id, side: 'partner', name: rep.name, partnerName: partner.name },
      done: false,
      taskId: null,
    });
    const dueOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const ours = await t.call(organiser, 'POST', url, {
      meetingStartsAt: group.held[2]!,
      title: 'Book the teaching labs for January',
      memberId: staffMember.id,
      dueOn,
    });
    expect(ours.statusCode, ours.body).toBe(201);
    expect(ours.json().owner).toMatchObject({
      side: 'university',
      memberId: staffMember.id,
      name: staffMember.name,
      partnerName: null,
    });
    const taskId = ours.json().taskId as string;
    expect(taskId).toBeTruthy();
    // The member of staff's action is in their task list, due when the action is.
    const task = await t.call(colleague, 'GET', `/api/v1/tasks/${taskId}`);
    expect(task.statusCode, task.body).toBe(200);
    expect(task.json()).toMatchObject({ assigneeId: colleague.user.id, dueOn, doneAt: null });
    expect(task.json().title).toContain('Book the teaching labs for January');

    // Latest meeting first; the viewer reads but may not change.
    const listed = await actionsOf(viewer, group.id);
    expect(listed.can.change).toBe(false);
    expect(listed.items.map((a) => a.title)).toEqual([
      'Book the teaching labs for January',
      'Circulate the lab timetable to the School',
    ]);

    // Ticking the staff action off ticks its task off; the assignee reopening the task reopens the action.
    const done = await t.call(organiser, 'POST', `${url}/${ours.json().id}/done`, { done: true });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().done).toBe(true);
    const ticked = await t.call(colleague, 'GET', `/api/v1/tasks/${taskId}`);
    expect(ticked.json().doneAt).not.toBeNull();
    const reopened = await t.call(
      colleague,
      'PATCH',
      `/api/v1/tasks/${taskId}`,
      { done: false },
      { 'if-match': ticked.headers.etag as string },
    );
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await actionsOf(organiser, group.id)).items.find((a) => a.taskId === taskId)!.done).toBe(false);
    // The contact's action is ticked off on the group.
    const theirsDone = await t.call(organiser, 'POST', `${url}/${theirs.json().id}/done`, { done: true });
    expect(theirsDone.json()).toMatchObject({ done: true, taskId: null });
    expect(
      (await t.call(viewer, 'POST', `${url}/${theirs.json().id}/done`, { done: false })).statusCode,
    ).toBe(403);
    expect((await t.call(organiser, 'POST', `${url}/${randomUUID()}/done`, { done: false })).statusCode).toBe(
      404,
    );
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const group = await heldGroup();
    const partner = await buildPartner(t.db);
    const rep = await representative(partner.id);
    const member = await join(group.id, { contactId: rep.id, joinedOn: group.held[0]!.slice(0, 10) });
    const gone = await join(group.id, { userId: colleague.user.id, joinedOn: group.held[0]!.slice(0, 10) });
    const left = await t.call(organiser, 'POST', `/api/v1/activities/${group.id}/members/${gone.id}/leave`, {
      leftOn: group.held[1]!.slice(0, 10),
    });
    expect(left.statusCode, left.body).toBe(200);
    const meeting = group.held[1]!;
    const notAMeeting = new Date(new Date(meeting).getTime() + 30 * 60_000).toISOString();
    const ok = { meetingStartsAt: meeting, title: 'Write up the minutes', memberId: member.id };
    const cases: [Record<string, unknown>, string][] = [
      [{ meetingStartsAt: notAMeeting }, 'meetingStartsAt'],
      [{ meetingStartsAt: group.ahead[0] }, 'meetingStartsAt'],
      [{ meetingStartsAt: 'next Tuesday' }, 'meetingStartsAt'],
      [{ title: '  ' }, 'title'],
      [{ title: 'x'.repeat(301) }, 'title'],
      [{ memberId: randomUUID() }, 'memberId'],
      [{ memberId: gone.id }, 'memberId'],
      [{ memberId: 'someone' }, 'memberId'],
      [{ dueOn: '2000-01-01' }, 'dueOn'],
      [{ dueOn: '31/12/2026' }, 'dueOn'],
    ];
    const url = `/api/v1/activities/${group.id}/actions`;
    for (const [change, field] of cases) {
      const r = await t.call(organiser, 'POST', url, { ...ok, ...change });
      expect(r.statusCode, `${JSON.stringify(change)}: ${r.body}`).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await actionsOf(organiser, group.id)).items).toEqual([]);
    // Only a working group has actions; only its organisers record them.
    const seminar = await createGroup({ kind: 'seminar', recurrence: null });
    expect((await t.call(organiser, 'GET', `/api/v1/activities/${seminar.id}/actions`)).statusCode).toBe(409);
    expect((await t.call(colleague, 'POST', url, ok)).statusCode).toBe(403);
    expect((await actionsOf(organiser, group.id)).items).toEqual([]);
  });

  it("of a confidential group are hidden with it, and a member of staff's makes no task that would show it", async () => {
    const group = await heldGroup({ visibility: 'confidential' });
    const member = await join(group.id, { userId: colleague.user.id });
    const r = await t.call(organiser, 'POST', `/api/v1/activities/${group.id}/actions`, {
      meetingStartsAt: group.held[0],
      title: 'Draft the Zanzibar merger plan',
      memberId: member.id,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().taskId).toBeNull();
    for (const agent of [outsider, colleague, viewer]) {
      const hidden = await t.call(agent, 'GET', `/api/v1/activities/${group.id}/actions`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).not.toContain('Zanzibar');
      const tasks = await t.call(agent, 'GET', '/api/v1/tasks?limit=500');
      expect(tasks.body).not.toContain('Zanzibar');
    }
    expect((await actionsOf(organiser, group.id)).items.map((a) => a.title)).toEqual([
      'Draft the Zanzibar merger plan',
    ]);
  });
});

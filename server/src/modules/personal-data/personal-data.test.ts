import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import {
  activities,
  activityAttendance,
  activityFeedback,
  activityInvitations,
  workingGroupMembers,
} from '../../db/schema/activities.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;
let officer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
  officer = await t.signIn('staff');
  const granted = await t.call(admin, 'PUT', `/api/v1/personal-data/holders/${officer.user.id}`);
  expect(granted.statusCode).toBe(204);
});
afterAll(() => t.close());

const today = new Date().toISOString().slice(0, 10);
const consent = (overrides: Record<string, unknown> = {}) => ({
  purpose: 'events',
  decision: 'given',
  lawfulBasis: 'consent',
  source: 'form',
  recordedOn: today,
  evidence: 'Ticked the box on the registration form',
  ...overrides,
});

/** A person created through the API, so their data is in the audit log and the events as it would be. */
async function person(partnerId: string, tag = randomUUID().slice(0, 8)) {
  const name = `Imogen Thistlewood-${tag}`;
  const email = `imogen.${tag}@kestrel.example`;
  const phone = `+44 113 496 ${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const created = await t.call(admin, 'POST', '/api/v1/contacts', {
    name,
    emails: [email],
    phones: [phone],
    jobTitle: 'Placements Manager',
    affiliation: { partnerId, role: 'Placements Manager' },
  });
  expect(created.statusCode).toBe(201);
  return { id: created.json().id as string, name, email, phone };
}

describe('consent per purpose', () => {
  it('records decisions with their basis, source, date and evidence, keeping the whole history', async () => {
    const partner = await buildPartner(t.db);
    const p = await person(partner.id);
    let response = await t.call(staff, 'POST', `/api/v1/contacts/${p.id}/consents`, consent());
    expect(response.statusCode).toBe(201);
    response = await t.call(
      staff,
      'POST',
      `/api/v1/contacts/${p.id}/consents`,
      consent({ decision: 'withdrawn', source: 'email', evidence: 'Asked by e-mail to be left out' }),
    );
    const body = response.json();
    expect(body.history).toHaveLength(2);
    expect(body.history[0]).toMatchObject({ decision: 'withdrawn', source: 'email', recordedOn: today });
    expect(body.history[1]).toMatchObject({
      decision: 'given',
      evidence: 'Ticked the box on the registration form',
    });
    const events = body.purposes.find((x: { purpose: string }) => x.purpose === 'events');
    expect(events).toMatchObject({ mayContact: false, current: { decision: 'withdrawn' } });
    // Newsletters need consent: nobody asked, nobody is sent one. Surveys rest on legitimate interests.
    expect(body.purposes.find((x: { purpose: string }) => x.purpose === 'newsletters').mayContact).toBe(
      false,
    );
    expect(body.purposes.find((x: { purpose: string }) => x.purpose === 'surveys').mayContact).toBe(true);
  });

  it('refuses bad input with a message naming the field, and changes nothing', async () => {
    const partner = await buildPartner(t.db);
    const p = await person(partner.id);
    for (const [body, field] of [
      [consent({ purpose: 'carrier_pigeons' }), 'purpose'],
      [consent({ purpose: 'events\u0000' }), 'purpose'],
      [consent({ decision: 'maybe' }), 'decision'],
      [consent({ recordedOn: '2999-01-01' }), 'recordedOn'],
      [consent({ recordedOn: 'yesterday' }), 'recordedOn'],
      [consent({ evidence: 'x'.repeat(2001) }), 'evidence'],
    ] as const) {
      const response = await t.call(staff, 'POST', `/api/v1/contacts/${p.id}/consents`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].field).toBe(field);
    }
    const unknown = await t.call(staff, 'POST', `/api/v1/contacts/${randomUUID()}/consents`, consent());
    expect(unknown.statusCode).toBe(404);
    expect((await t.call(staff, 'GET', `/api/v1/contacts/${p.id}/consents`)).json().history).toHaveLength(0);
    const viewer = await t.signIn('viewer');
    expect((await t.call(viewer, 'POST', `/api/v1/contacts/${p.id}/consents`, consent())).statusCode).toBe(
      403,
    );
  });

  it('lets administrators configure purposes; a stale version is refused', async () => {
    const key = `alumni_${randomUUID().slice(0, 6)}`;
    const body = { name: 'Alumni mentoring', lawfulBasis: 'consent', description: 'Mentoring students' };
    expect((await t.call(staff, 'PUT', `/api/v1/personal-data/purposes/${key}`, body)).statusCode).toBe(403);
    const created = await t.call(admin, 'PUT', `/api/v1/personal-data/purposes/${key}`, body);
    expect(created.statusCode).toBe(200);
    const changed = await t.call(
      admin,
      'PUT',
      `/api/v1/personal-data/purposes/${key}`,
      { ...body, name: 'Mentoring' },
      { 'if-match': '"v1"' },
    );
    expect(changed.json()).toMatchObject({ name: 'Mentoring', version: 2 });
    const stale = await t.call(admin, 'PUT', `/api/v1/personal-data/purposes/${key}`, body, {
      'if-match': '"v1"',
    });
    expect(stale.statusCode).toBe(412);
    const list = (await t.call(staff, 'GET', '/api/v1/personal-data/purposes')).json();
    expect(list.items.map((p: { key: string }) => p.key)).toEqual(
      expect.arrayContaining(['events', 'surveys', 'newsletters', 'research_collaboration', key]),
    );
  });
});

describe('the data protection ability', () => {
  it('is held by administrators and whoever they choose, and gates export and erasure', async () => {
    expect((await t.call(admin, 'GET', '/api/v1/personal-data/access')).json().dataProtection).toBe(true);
    expect((await t.call(officer, 'GET', '/api/v1/personal-data/access')).json().dataProtection).toBe(true);
    expect((await t.call(staff, 'GET', '/api/v1/personal-data/access')).json().dataProtection).toBe(false);
    const partner = await buildPartner(t.db);
    const p = await person(partner.id);
    expect((await t.call(staff, 'GET', `/api/v1/contacts/${p.id}/personal-data`)).statusCode).toBe(403);
    expect(
      (await t.call(staff, 'POST', `/api/v1/contacts/${p.id}/erase`, { confirmName: p.name })).statusCode,
    ).toBe(403);
    expect((await t.call(staff, 'GET', '/api/v1/personal-data/retention-rules')).statusCode).toBe(403);
    expect((await t.call(staff, 'GET', '/api/v1/personal-data/processing')).statusCode).toBe(403);
    expect((await t.call(staff, 'PUT', `/api/v1/personal-data/holders/${staff.user.id}`)).statusCode).toBe(
      403,
    );
    const holders = (await t.call(admin, 'GET', '/api/v1/personal-data/holders')).json();
    expect(holders.items.map((h: { userId: string }) => h.userId)).toContain(officer.user.id);
    expect((await t.call(admin, 'PUT', `/api/v1/personal-data/holders/${randomUUID()}`)).statusCode).toBe(
      404,
    );
  });
});

/** Every row of every table in the catalogue whose text holds one of the terms: what erasure must leave empty. */
async function tablesMentioning(terms: string[]) {
  const tables = await queryRows<{ table_name: string }>(
    t.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const found: Record<string, number> = {};
  for (const { table_name } of tables)
    for (const term of terms) {
      const [row] = await queryRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from ${sql.identifier(table_name)} as r where r::text ilike ${`%${term}%`}`,
      );
      if (row!.n > 0) found[`${table_name}: ${term}`] = row!.n;
    }
  return found;
}

describe('subject access and erasure', () => {
  it("exports a person's registrations, feedback, attendance and working groups; erasure keeps only the ratings", async () => {
    const unit = await buildUnit(t.db);
    const partner = await buildPartner(t.db, { name: `Heron Trust ${randomUUID().slice(0, 6)}` });
    const p = await person(partner.id);
    const [seminar, group] = await t.db
      .insert(activities)
      .values([
        {
          kind: 'seminar' as const,
          title: 'Employer skills seminar',
          unitId: unit.id,
          ownerId: admin.user.id,
          startsAt: new Date('2026-10-06T13:00:00Z'),
          endsAt: new Date('2026-10-06T15:00:00Z'),
        },
        {
          kind: 'working_group' as const,
          title: 'Placements advisory group',
          unitId: unit.id,
          ownerId: admin.user.id,
          startsAt: new Date('2026-09-01T09:00:00Z'),
          endsAt: new Date('2026-09-01T10:00:00Z'),
          recurrence: 'FREQ=MONTHLY;BYDAY=1TU',
        },
      ])
      .returning();
    const [invitation] = await t.db
      .insert(activityInvitations)
      .values({
        activityId: seminar!.id,
        contactId: p.id,
        email: p.email,
        tokenHash: randomUUID(),
        status: 'registered',
        invitedAt: new Date('2026-09-20T09:00:00Z'),
      })
      .returning();
    await t.db.insert(activityFeedback).values({
      activityId: seminar!.id,
      invitationId: invitation!.id,
      rating: 4,
      useful: `${p.name} found the CV clinic useful`,
      change: 'Longer breaks, please',
    });
    await t.db.insert(activityAttendance).values({
      activityId: seminar!.id,
      occurrenceStartsAt: seminar!.startsAt,
      contactId: p.id,
      status: 'attended',
      recordedById: admin.user.id,
    });
    await t.db.insert(workingGroupMembers).values({
      activityId: group!.id,
      contactId: p.id,
      partnerId: partner.id,
      role: 'Secretary',
      joinedOn: '2026-09-01',
    });

    const response = await t.call(officer, 'GET', `/api/v1/contacts/${p.id}/personal-data`);
    expect(response.statusCode, response.body).toBe(200);
    const data = JSON.parse(response.body);
    expect(data.invitations).toEqual([
      expect.objectContaining({
        activityTitle: 'Employer skills seminar',
        status: 'registered',
        email: p.email,
      }),
    ]);
    expect(data.feedback).toEqual([
      expect.objectContaining({
        activityTitle: 'Employer skills seminar',
        rating: 4,
        useful: `${p.name} found the CV clinic useful`,
        change: 'Longer breaks, please',
      }),
    ]);
    expect(data.attendance).toEqual([
      {
        activityTitle: 'Employer skills seminar',
        meetingStartsAt: '2026-10-06T13:00:00.000Z',
        status: 'attended',
        walkIn: false,
      },
    ]);
    expect(data.workingGroups).toEqual([
      {
        workingGroup: 'Placements advisory group',
        partnerName: partner.name,
        role: 'Secretary',
        joinedOn: '2026-09-01',
        leftOn: null,
      },
    ]);
    const pdf = await t.call(officer, 'GET', `/api/v1/contacts/${p.id}/personal-data/pdf`);
    expect(pdf.statusCode).toBe(200);

    const erased = await t.call(officer, 'POST', `/api/v1/contacts/${p.id}/erase`, { confirmName: p.name });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().cleared).toMatchObject({ activity_invitations: 1, activity_feedback: 1 });
    const [feedback] = await t.db
      .select()
      .from(activityFeedback)
      .where(sql`invitation_id = ${invitation!.id}`);
    // The rating still counts in the activity's results; what they wrote is gone.
    expect(feedback).toMatchObject({ rating: 4, useful: null, change: null });
    const [registration] = await t.db.select().from(activityInvitations).where(sql`id = ${invitation!.id}`);
    expect(registration).toMatchObject({ email: null, status: 'registered' });
    expect(await tablesMentioning([p.name, p.email])).toEqual({});
  });

  it('exports everything held, confidential records included, and records the export', async () => {
    const unit = await buildUnit(t.db);
    const author = await t.signIn('staff', { unitId: unit.id });
    const partner = await buildPartner(t.db, { name: `Kestrel Foods ${randomUUID().slice(0, 6)}` });
    const p = await person(partner.id);
    await t.call(staff, 'POST', `/api/v1/contacts/${p.id}/consents`, consent());
    const secret = await t.call(author, 'POST', '/api/v1/touchpoints', {
      partnerId: partner.id,
      kind: 'meeting',
      subject: 'Confidential talk about a restructure',
      notes: `${p.name} mentioned the placements budget`,
      contactIds: [p.id],
      visibility: 'confidential',
    });
    expect(secret.statusCode).toBe(201);
    const raised = await t.call(author, 'POST', '/api/v1/requests', {
      partnerId: partner.id,
      kind: 'enquiry',
      title: 'Placement dates for next year',
      raisedByContactId: p.id,
    });
    expect(raised.statusCode).toBe(201);
    // The officer could not read the confidential touch point, yet the export holds it.
    expect((await t.call(officer, 'GET', `/api/v1/touchpoints/${secret.json().id}`)).statusCode).toBe(404);
    const response = await t.call(officer, 'GET', `/api/v1/contacts/${p.id}/personal-data`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(response.body);
    expect(data.contact).toMatchObject({ name: p.name, emails: [p.email], phones: [p.phone] });
    expect(data.affiliations).toEqual([
      expect.objectContaining({ partnerName: partner.name, role: 'Placements Manager' }),
    ]);
    expect(data.touchpoints).toEqual([
      expect.objectContaining({ subject: 'Confidential talk about a restructure' }),
    ]);
    expect(data.requests).toEqual([expect.objectContaining({ title: 'Placement dates for next year' })]);
    expect(data.consents).toEqual([expect.objectContaining({ purpose: 'events', decision: 'given' })]);
    expect(
      data.audit.some(
        (e: { entity: string; action: string }) => e.entity === 'contact' && e.action === 'create',
      ),
    ).toBe(true);
    expect(data.audit.some((e: { entity: string }) => e.entity === 'affiliation')).toBe(true);

    const pdf = await t.call(officer, 'GET', `/api/v1/contacts/${p.id}/personal-data/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.call(officer, 'GET', '/api/v1/contacts/not-an-id/personal-data')).statusCode).toBe(400);
    expect((await t.call(officer, 'GET', `/api/v1/contacts/${randomUUID()}/personal-data`)).statusCode).toBe(
      404,
    );

    const exports = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from events where name = 'contact.exported' and entity_id = ${p.id}`,
    );
    expect(exports[0]!.n).toBe(2);
  });

  it('erases the person everywhere, the audit log included, and keeps the counts', async () => {
    const unit = await buildUnit(t.db);
    const author = await t.signIn('staff', { unitId: unit.id });
    const partner = await buildPartner(t.db);
    const p = await person(partner.id);
    const colleague = await person(partner.id);
    await t.call(
      staff,
      'POST',
      `/api/v1/contacts/${p.id}/consents`,
      consent({ evidence: `E-mail from ${p.email}` }),
    );
    const tp = await t.call(author, 'POST', '/api/v1/touchpoints', {
      partnerId: partner.id,
      kind: 'call',
      subject: `Call with ${p.name}`,
      notes: `${p.name} (${p.email}, ${p.phone}) asked about placements; ${colleague.name} joined.`,
      contactIds: [p.id, colleague.id],
    });
    expect(tp.statusCode).toBe(201);
    const request = await t.call(author, 'POST', '/api/v1/requests', {
      partnerId: partner.id,
      kind: 'enquiry',
      title: 'Placement dates',
      description: `Raised by ${p.name.toUpperCase()} on the phone`,
      raisedByContactId: p.id,
    });
    const comment = await t.call(author, 'POST', `/api/v1/requests/${request.json().id}/comments`, {
      body: `Replied to ${p.email}`,
    });
    expect(comment.statusCode).toBeLessThan(300);
    const before = (await t.call(admin, 'GET', `/api/v1/partners/${partner.id}/overview`)).json();
    expect(Object.keys(await tablesMentioning([p.name, p.email, p.phone])).length).toBeGreaterThan(3);

    const wrong = await t.call(officer, 'POST', `/api/v1/contacts/${p.id}/erase`, { confirmName: 'Imogen' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('confirmName');
    expect((await t.call(staff, 'GET', `/api/v1/contacts/${p.id}`)).json().name).toBe(p.name);

    const erased = await t.call(officer, 'POST', `/api/v1/contacts/${p.id}/erase`, { confirmName: p.name });
    expect(erased.statusCode).toBe(200);
    expect(await tablesMentioning([p.name, p.email, p.phone])).toEqual({});
    // The colleague named in the same notes is untouched.
    expect(Object.keys(await tablesMentioning([colleague.name])).length).toBeGreaterThan(0);

    const after = (await t.call(admin, 'GET', `/api/v1/partners/${partner.id}/overview`)).json();
    expect(after.lastYear).toEqual(before.lastYear);
    expect(after.timeline.items).toHaveLength(before.timeline.items.length);
    expect(after.keyContacts).toHaveLength(before.keyContacts.length);
    const touchpoint = (await t.call(author, 'GET', `/api/v1/touchpoints/${tp.json().id}`)).json();
    expect(touchpoint.contacts ?? touchpoint.contactIds ?? touchpoint.participants).toBeDefined();
    expect(JSON.stringify(touchpoint)).toContain('Erased contact');
    expect(JSON.stringify(touchpoint)).toContain(colleague.name);

    // Logged as an erasure, without the erased data; a second erasure is refused; nobody can be contacted.
    const history = (await t.call(admin, 'GET', `/api/v1/contacts/${p.id}/history`)).json();
    expect(JSON.stringify(history)).not.toContain(p.name);
    const [logged] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from events where name = 'contact.erased' and entity_id = ${p.id}`,
    );
    expect(logged!.n).toBe(1);
    const again = await t.call(officer, 'POST', `/api/v1/contacts/${p.id}/erase`, {
      confirmName: 'Erased contact',
    });
    expect(again.statusCode).toBe(409);
    const consents = (await t.call(staff, 'GET', `/api/v1/contacts/${p.id}/consents`)).json();
    expect(consents.purposes.every((x: { mayContact: boolean }) => !x.mayContact)).toBe(true);
    expect((await t.call(staff, 'POST', `/api/v1/contacts/${p.id}/consents`, consent())).statusCode).toBe(
      409,
    );
  });

  it('answers crafted ids and concurrent erasures without a 500, erasing once', async () => {
    const partner = await buildPartner(t.db);
    const p = await person(partner.id);
    expect(
      (await t.call(officer, 'POST', '/api/v1/contacts/not-a-uuid/erase', { confirmName: 'x' })).statusCode,
    ).toBe(400);
    expect(
      (await t.call(officer, 'POST', `/api/v1/contacts/${p.id}/erase`, { confirmName: 'x'.repeat(201) }))
        .statusCode,
    ).toBe(400);
    const answers = await Promise.all(
      [0, 1, 2].map(() => t.call(officer, 'POST', `/api/v1/contacts/${p.id}/erase`, { confirmName: p.name })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
  });
});

describe('retention rules and the records of processing', () => {
  it('reports in a dry run what a rule would reach, runs it, and records every run', async () => {
    const unit = await buildUnit(t.db);
    const author = await t.signIn('staff', { unitId: unit.id });
    const partner = await buildPartner(t.db);
    const old = await t.call(author, 'POST', '/api/v1/touchpoints', {
      partnerId: partner.id,
      kind: 'meeting',
      subject: 'Placement fair planning, long ago',
      notes: 'Notes from long ago that the schedule says must go',
      occurredAt: '2015-03-02T10:00:00.000Z',
    });
    expect(old.statusCode).toBe(201);
    const rules = (await t.call(officer, 'GET', '/api/v1/personal-data/retention-rules')).json();
    const notes = rules.items.find((r: { key: string }) => r.key === 'touchpoint_notes');
    expect(notes).toMatchObject({ years: 6, enabled: false });

    const dry = await t.call(
      officer,
      'POST',
      '/api/v1/personal-data/retention-rules/touchpoint_notes/dry-run',
    );
    expect(dry.statusCode).toBe(200);
    expect(dry.json().affected).toBeGreaterThanOrEqual(1);
    expect(dry.json().dryRun).toBe(true);
    expect((await t.call(author, 'GET', `/api/v1/touchpoints/${old.json().id}`)).json().notes).toContain(
      'long ago',
    );
    // Not yet turned on: a real run is refused.
    expect(
      (await t.call(officer, 'POST', '/api/v1/personal-data/retention-rules/touchpoint_notes/run'))
        .statusCode,
    ).toBe(409);

    const bad = await t.call(
      officer,
      'PATCH',
      '/api/v1/personal-data/retention-rules/touchpoint_notes',
      { years: 0, enabled: true },
      { 'if-match': `"v${notes.version}"` },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('years');
    expect(
      (
        await t.call(
          officer,
          'PATCH',
          '/api/v1/personal-data/retention-rules/nonsense',
          { years: 3, enabled: true },
          { 'if-match': '"v1"' },
        )
      ).statusCode,
    ).toBe(404);
    const on = await t.call(
      officer,
      'PATCH',
      '/api/v1/personal-data/retention-rules/touchpoint_notes',
      { years: 6, enabled: true },
      { 'if-match': `"v${notes.version}"` },
    );
    expect(on.statusCode).toBe(200);
    const run = await t.call(officer, 'POST', '/api/v1/personal-data/retention-rules/touchpoint_notes/run');
    expect(run.json().affected).toBeGreaterThanOrEqual(1);
    const cleared = (await t.call(author, 'GET', `/api/v1/touchpoints/${old.json().id}`)).json();
    expect(cleared.notes).toBeNull();
    expect(cleared.subject).toBe('Placement fair planning, long ago');
    expect(await tablesMentioning(['the schedule says must go'])).toEqual({});

    const runs = (await t.call(officer, 'GET', '/api/v1/personal-data/retention-runs')).json();
    expect(runs.items.slice(0, 2).map((r: { dryRun: boolean }) => r.dryRun)).toEqual([false, true]);
    expect(runs.items[0].byName).toBeTruthy();
  });

  it('lists what personal data is held per purpose, and exports it as CSV', async () => {
    const records = (await t.call(officer, 'GET', '/api/v1/personal-data/processing')).json();
    const events = records.items.find((r: { purpose: string }) => r.purpose === 'Events and invitations');
    expect(events).toMatchObject({ lawfulBasis: 'Legitimate interests' });
    expect(events.retention).toContain('years');
    const csv = await t.call(officer, 'GET', '/api/v1/personal-data/processing/export');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toContain('Purpose,Description,Lawful basis');
    expect(csv.body).toContain('Newsletters');
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDto, ImportPreview } from '../../../../common/src/contracts/imports.ts';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildContact,
  buildPartner,
  buildRelationship,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../../test/factories/index.ts';

/**
 * Relationships and touch points from a spreadsheet, and partners found by a work e-mail
 * domain: mapping by synonyms, every row's problems by row and column, duplicates, the run
 * through the records' write path, the report, and undo; on both databases.
 */
let t: TestApp;
const run = randomUUID().slice(0, 6);

beforeAll(async () => {
  t = await createTestApp({}, { jobs: { work: true, queue: 'in-process' } });
});
afterAll(() => t.close());

function multipart(fileName: string, bytes: Buffer) {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  return {
    body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function uploaded(agent: Agent, fileName: string, text: string, kind: string): Promise<ImportDto> {
  const form = multipart(fileName, Buffer.from(text));
  const response = await t.call(agent, 'POST', `/api/v1/imports?kind=${kind}`, form.body, {
    'content-type': form.contentType,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function preview(agent: Agent, id: string): Promise<ImportPreview> {
  const response = await t.call(agent, 'GET', `/api/v1/imports/${id}/preview`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function ran(agent: Agent, id: string, path = 'run'): Promise<ImportDto> {
  const started = await t.call(agent, 'POST', `/api/v1/imports/${id}/${path}`);
  expect(started.statusCode, started.body).toBe(202);
  await t.app.jobs.drain();
  return (await t.call(agent, 'GET', `/api/v1/imports/${id}`)).json();
}

async function choose(agent: Agent, id: string, rows: Record<string, unknown>, all: string | null = null) {
  const response = await t.call(agent, 'PATCH', `/api/v1/imports/${id}`, { choices: { all, rows } });
  expect(response.statusCode, response.body).toBe(200);
}

async function reportRows(agent: Agent, id: string) {
  const response = await t.call(agent, 'GET', `/api/v1/imports/${id}/report`);
  expect(response.statusCode, response.body).toBe(200);
  return Papa.parse<Record<string, string>>(response.rawPayload.toString('utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

const messageOf = (body: string, field: string) =>
  (JSON.parse(body).errors as { field: string; message: string }[]).find((e) => e.field === field)?.message;

const relationshipsOf = (partnerIds: string[]) =>
  queryRows<{
    partner_id: string;
    unit_id: string;
    manager_id: string | null;
    stage: string;
    cadence_days: number | null;
    review_date: string | null;
  }>(
    t.db,
    sql`select partner_id, unit_id, manager_id, stage, cadence_days, review_date::text as review_date
          from relationships where partner_id = any(${sql.param(partnerIds)}::uuid[]) order by created_at`,
  );

describe('relationship import', () => {
  it('maps by synonyms, names each bad row and column, updates the existing one as chosen, and undoes', async () => {
    const unit = await buildUnit(t.db, { name: `Careers Service ${run}`, code: `CS${run}` });
    const manager = await buildUser(t.db, { role: 'relationship_manager', unitId: unit.id });
    const uploader = await t.signIn('relationship_manager', { unitId: unit.id });
    const known = await buildPartner(t.db, { name: `Ashdown Building Society ${run}` });
    const fresh = await buildPartner(t.db, {
      name: `Brinkley Engineering ${run}`,
      website: `https://www.brinkley-${run}.co.uk`,
    });
    const other = await buildPartner(t.db, { name: `Calder Trust ${run}` });
    const existing = await buildRelationship(t.db, {
      unitId: unit.id,
      partnerId: known.id,
      stage: 'developing',
    });
    const csv = [
      'Department,Organisation,Relationship manager,Stage,Cadence,Review date',
      `${unit.name},${known.name},${manager.email},Strategic,30,01/06/2027`, // 2: the existing one
      `${unit.code},brinkley-${run}.co.uk,${manager.email.toUpperCase()},developing,14,1 March 2027`, // 3: new
      `Unknown Office ${run},${fresh.name},,,,`, // 4: no such unit
      `${unit.name},Nobody Ltd ${run},,,,`, // 5: no such partner
      `${unit.name},${other.name},nobody-${run}@northmoor.ac.uk,,,`, // 6: no such member of staff
      `${unit.name},${fresh.name},,,,`, // 7: repeats row 3
      `${unit.name},${other.name},,Wobbly,0,someday`, // 8: a stage, a cadence and a date that are none
    ].join('\n');
    const created = await uploaded(uploader, 'relationships.csv', `${csv}\n`, 'relationships');
    expect(created.mapping).toEqual({
      unit: 'Department',
      partner: 'Organisation',
      manager: 'Relationship manager',
      stage: 'Stage',
      cadenceDays: 'Cadence',
      reviewDate: 'Review date',
    });

    const shown = await preview(uploader, created.id);
    expect(shown.rowCount).toBe(7);
    expect(shown.rows[1]!.values).toEqual([
      unit.name,
      fresh.name,
      manager.name,
      'developing',
      '14',
      '2027-03-01',
    ]);
    expect(shown.errors).toEqual([
      {
        row: 4,
        column: 'Department',
        message: `matches no unit in Rapport: "Unknown Office ${run}" is not a unit's name or code`,
      },
      {
        row: 5,
        column: 'Organisation',
        message: `matches no partner in Rapport: "Nobody Ltd ${run}" is not a partner's name, website domain or id`,
      },
      {
        row: 6,
        column: 'Relationship manager',
        message: `matches no active member of staff: nobody in Rapport has the e-mail address nobody-${run}@northmoor.ac.uk`,
      },
      {
        row: 8,
        column: 'Stage',
        message: 'is not a stage: write Getting to know each other, Developing, Established, Strategic',
      },
      { row: 8, column: 'Cadence', message: 'is not a number of days from 1 to 730: "0"' },
      {
        row: 8,
        column: 'Review date',
        message: 'is not a date: write it as 2026-03-25, 25/03/2026 or 25 March 2026',
      },
    ]);
    expect(shown.duplicates.map((d) => ({ row: d.row, matches: d.matches }))).toEqual([
      {
        row: 2,
        matches: [
          {
            recordId: existing.id,
            row: null,
            name: `${known.name} and ${unit.name}`,
            evidence: ['same unit and partner'],
          },
        ],
      },
      {
        row: 7,
        matches: [
          {
            recordId: null,
            row: 3,
            name: `${fresh.name} and ${unit.name}`,
            evidence: ['same unit and partner'],
          },
        ],
      },
    ]);

    await choose(uploader, created.id, { '2': { action: 'update' } });
    const done = await ran(uploader, created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 1, updated: 1, skipped: 1, failed: 4 });
    expect(await relationshipsOf([known.id, fresh.id, other.id])).toEqual([
      {
        partner_id: known.id,
        unit_id: unit.id,
        manager_id: manager.id,
        stage: 'strategic',
        cadence_days: 30,
        review_date: '2027-06-01',
      },
      {
        partner_id: fresh.id,
        unit_id: unit.id,
        manager_id: manager.id,
        stage: 'developing',
        cadence_days: 14,
        review_date: '2027-03-01',
      },
    ]);
    const history = await t.call(uploader, 'GET', `/api/v1/relationships/${existing.id}/history`);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().items.length).toBeGreaterThan(0);

    const report = await reportRows(uploader, created.id);
    expect(report.map((r) => [r.Row, r['What happened']])).toEqual([
      ['2', 'Updated'],
      ['3', 'Created'],
      ['4', 'Failed'],
      ['5', 'Failed'],
      ['6', 'Failed'],
      ['7', 'Skipped'],
      ['8', 'Failed'],
    ]);
    expect(report[0]!.Why).toBe('changed managerId, stage, cadenceDays, reviewDate');
    expect(report[0]!.Name).toBe(`${known.name} and ${unit.name}`);
    expect(report[5]!.Why).toContain('no choice was made for it');

    const undone = await ran(uploader, created.id, 'undo');
    expect(undone.run).toMatchObject({ status: 'undone', undone: 2 });
    expect(await relationshipsOf([known.id, fresh.id, other.id])).toEqual([
      {
        partner_id: known.id,
        unit_id: unit.id,
        manager_id: null,
        stage: 'developing',
        cadence_days: null,
        review_date: null,
      },
    ]);
  });

  it('creating a second relationship of a unit with a partner fails that row, naming why', async () => {
    const unit = await buildUnit(t.db);
    const uploader = await t.signIn('relationship_manager', { unitId: unit.id });
    const partner = await buildPartner(t.db);
    await buildRelationship(t.db, { unitId: unit.id, partnerId: partner.id });
    const created = await uploaded(
      uploader,
      'again.csv',
      `Unit,Partner\n${unit.name},${partner.name}\n`,
      'relationships',
    );
    await choose(uploader, created.id, {}, 'create');
    const done = await ran(uploader, created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 0, failed: 1 });
    expect((await reportRows(uploader, created.id))[0]!.Why).toBe(
      `${unit.name} has a relationship with ${partner.name} already: choose to update it or skip the row`,
    );
    expect(await relationshipsOf([partner.id])).toHaveLength(1);
  });

  it("is refused before the run without a partner column; another unit's rows fail on the policy", async () => {
    const unit = await buildUnit(t.db);
    const uploader = await t.signIn('relationship_manager', { unitId: unit.id });
    const unmapped = await uploaded(
      uploader,
      'no-partner.csv',
      `Unit,Stage\n${unit.name},Developing\n`,
      'relationships',
    );
    const refused = await t.call(uploader, 'POST', `/api/v1/imports/${unmapped.id}/run`);
    expect(refused.statusCode).toBe(400);
    expect(messageOf(refused.body, 'mapping.partner')).toBe(
      'Partner is required: choose the column that holds it',
    );

    const elsewhere = await buildUnit(t.db);
    const partner = await buildPartner(t.db);
    const created = await uploaded(
      uploader,
      'theirs.csv',
      `Unit,Partner\n${elsewhere.name},${partner.name}\n`,
      'relationships',
    );
    const done = await ran(uploader, created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 0, failed: 1 });
    expect((await reportRows(uploader, created.id))[0]!.Why).toBe(
      'You can only start relationships for your own unit',
    );
    expect(await relationshipsOf([partner.id])).toEqual([]);
  });
});

const touchpointsOf = (partnerId: string) =>
  queryRows<{
    id: string;
    subject: string;
    kind: string;
    occurred_at: string;
    visibility: string;
    unit_id: string;
    author_id: string;
    contacts: string[];
    staff: string[];
  }>(
    t.db,
    sql`select t.id, t.subject, t.kind, to_char(t.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as occurred_at,
               t.visibility, t.unit_id, t.author_id,
               coalesce((select array_agg(c.contact_id::text order by c.contact_id) from touchpoint_contacts c where c.touchpoint_id = t.id), '{}') as contacts,
               coalesce((select array_agg(s.user_id::text order by s.user_id) from touchpoint_staff s where s.touchpoint_id = t.id), '{}') as staff
          from touchpoints t where t.partner_id = ${partnerId} order by t.occurred_at, t.subject`,
  );

describe('touch-point import', () => {
  it('reads dates in several ways, finds participants by e-mail, reports the unknown ones, keeps confidential ones out of the duplicates, and undoes', async () => {
    const unit = await buildUnit(t.db);
    const uploader = await t.signIn('staff', { unitId: unit.id });
    const partner = await buildPartner(t.db, { name: `Denholm Foods ${run}` });
    const colleague = await buildUser(t.db, { unitId: unit.id, email: `colleague-${run}@northmoor.ac.uk` });
    const contact = await buildContact(t.db, { name: 'Priya Shah', emails: [`priya-${run}@denholm.co.uk`] });
    const outsider = await buildUser(t.db, { unitId: (await buildUnit(t.db)).id });
    const logged = await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: unit.id,
      authorId: colleague.id,
      subject: 'Quarterly review',
      occurredAt: new Date('2026-03-05T10:00:00Z'),
    });
    const secret = await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: outsider.unitId!,
      authorId: outsider.id,
      subject: 'Secret talks',
      visibility: 'confidential',
      occurredAt: new Date('2026-03-06T10:00:00Z'),
    });
    const csv = [
      'Organisation,Date,Type,Subject,Notes,Attendees',
      `${partner.name},05/03/2026,Meeting,quarterly review,,`, // 2: the one logged already
      `${partner.name},2026-03-10 14:30,Call,Placement call,Two places for summer,"priya-${run}@denholm.co.uk; ${colleague.email}, stranger-${run}@nowhere.ac.uk"`, // 3
      `${partner.name},6 March 2026,Visit,Secret talks,,`, // 4: not seen as a duplicate: that one is confidential
      `${partner.name},next Tuesday,Call,Catch-up,,`, // 5: no date
      `${partner.name},12/03/2026,Lunch,Catch-up,,`, // 6: no such kind
      `${partner.name},10/03/2026,E-mail,Placement call,,`, // 7: repeats row 3
      `${partner.name},25.03.2026,,Follow-up,,`, // 8: a Note
      `Nobody ${run},12/03/2026,Call,Catch-up,,`, // 9: no such partner
      `${partner.name},01/01/2099,Call,Catch-up,,`, // 10: in the future
      `${partner.name},12/03/2026,Call,Catch-up,,not-an-address`, // 11
    ].join('\n');
    const created = await uploaded(uploader, 'touch-points.csv', `${csv}\n`, 'touchpoints');
    expect(created.mapping).toEqual({
      partner: 'Organisation',
      occurredAt: 'Date',
      kind: 'Type',
      subject: 'Subject',
      notes: 'Notes',
      participants: 'Attendees',
    });
    const shown = await preview(uploader, created.id);
    expect(shown.rows[1]!.values).toEqual([
      partner.name,
      '2026-03-10T14:30:00.000Z',
      'call',
      'Placement call',
      'Two places for summer',
      `Priya Shah, ${colleague.name}`,
    ]);
    expect(shown.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [5, 'Date', 'is not a date: write it as 2026-03-25, 25/03/2026, 25 March 2026 or 25/03/2026 14:30'],
      [6, 'Type', 'is not a kind of touch point: write Meeting, Call, E-mail, Visit, Event, Enquiry, Note'],
      [
        9,
        'Organisation',
        `matches no partner in Rapport: "Nobody ${run}" is not a partner's name, website domain or id`,
      ],
      [10, 'Date', 'is in the future: a touch point records what happened'],
      [11, 'Attendees', 'holds "not-an-address", which is not an e-mail address'],
    ]);
    expect(shown.duplicates.map((d) => [d.row, d.matches.map((m) => [m.recordId, m.row, m.name])])).toEqual([
      [2, [[logged.id, null, 'Quarterly review']]],
      [7, [[null, 3, 'Placement call']]],
    ]);
    // Row 4 has the confidential one's partner, day and subject: the uploader may not see it, so
    // no match names it (the equality above has no row 4 either).
    expect(JSON.stringify(shown)).not.toContain(secret.id);

    // A touch point logged already is not changed by an import: "update" is refused, naming the field.
    const refused = await t.call(uploader, 'PATCH', `/api/v1/imports/${created.id}`, {
      choices: { all: 'update', rows: { '7': { action: 'update' } } },
    });
    expect(refused.statusCode).toBe(400);
    expect(messageOf(refused.body, 'choices.all')).toBe(
      'is "update", which an import of touch points does not do: choose create or skip',
    );
    expect(messageOf(refused.body, 'choices.rows.7.action')).toBeDefined();
    expect((await t.call(uploader, 'GET', `/api/v1/imports/${created.id}`)).json().choices).toEqual({
      all: null,
      rows: {},
    });
    await choose(uploader, created.id, { '2': { action: 'skip' }, '7': { action: 'create' } });
    const done = await ran(uploader, created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 4, skipped: 1, failed: 5 });
    const mine = (await touchpointsOf(partner.id)).filter((x) => x.author_id === uploader.user.id);
    expect(mine.map((x) => [x.subject, x.kind, x.occurred_at, x.visibility, x.unit_id])).toEqual([
      ['Secret talks', 'visit', '2026-03-06T12:00', 'institution', unit.id],
      ['Placement call', 'email', '2026-03-10T12:00', 'institution', unit.id],
      ['Placement call', 'call', '2026-03-10T14:30', 'institution', unit.id],
      ['Follow-up', 'note', '2026-03-25T12:00', 'institution', unit.id],
    ]);
    const call = mine[2]!;
    expect(call.contacts).toEqual([contact.id]);
    expect(call.staff).toEqual([colleague.id, uploader.user.id].sort());
    const report = await reportRows(uploader, created.id);
    expect(report.find((r) => r.Row === '3')!.Why).toBe(
      `created without the participant stranger-${run}@nowhere.ac.uk: no contact or member of staff has that address`,
    );
    expect(report.find((r) => r.Row === '2')!.Why).toContain('skipped as chosen');

    const undone = await ran(uploader, created.id, 'undo');
    expect(undone.run).toMatchObject({ status: 'undone', undone: 4 });
    expect((await touchpointsOf(partner.id)).map((x) => x.subject)).toEqual([
      'Quarterly review',
      'Secret talks',
    ]);
  });

  it("fails a row for another unit's touch point, naming why, and writes nothing", async () => {
    const uploader = await t.signIn('staff');
    const elsewhere = await buildUnit(t.db);
    const partner = await buildPartner(t.db);
    const created = await uploaded(
      uploader,
      'theirs.csv',
      `Partner,Date,Subject,Unit\n${partner.name},01/03/2026,Catch-up,${elsewhere.name}\n`,
      'touchpoints',
    );
    const done = await ran(uploader, created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 0, failed: 1 });
    expect((await reportRows(uploader, created.id))[0]!.Why).toBe(
      `is for ${elsewhere.name}: you log touch points for your own unit only`,
    );
    expect(await touchpointsOf(partner.id)).toEqual([]);
  });

  it('is refused before the run without a date column', async () => {
    const uploader = await t.signIn('staff');
    const created = await uploaded(
      uploader,
      'no-date.csv',
      'Partner,Subject\nAnyone,Catch-up\n',
      'touchpoints',
    );
    const refused = await t.call(uploader, 'POST', `/api/v1/imports/${created.id}/run`);
    expect(refused.statusCode).toBe(400);
    expect(messageOf(refused.body, 'mapping.occurredAt')).toBe(
      'Date is required: choose the column that holds it',
    );
    expect((await t.call(uploader, 'GET', `/api/v1/imports/${created.id}`)).json().run.status).toBe(
      'uploaded',
    );
  });
});

describe('partners found by e-mail domain', () => {
  it('places a contact at the partner whose website has their e-mail domain, never by webmail', async () => {
    const uploader = await t.signIn('staff');
    const kestrel = await buildPartner(t.db, {
      name: `Kestrel Analytics ${run}`,
      website: `https://www.kestrel-${run}.co.uk/about`,
    });
    // A partner whose website is a webmail domain still never takes the webmail addresses.
    await buildPartner(t.db, { name: `Mail Provider ${run}`, website: 'https://gmail.com' });
    const csv = [
      'Name,Email',
      `Jo Bloggs ${run},jo@kestrel-${run}.co.uk`,
      `Sam Webb ${run},sam-${run}@gmail.com`,
      `Ann Lee ${run},ann-${run}@yahoo.co.uk`,
    ].join('\n');
    const created = await uploaded(uploader, 'people.csv', `${csv}\n`, 'contacts');
    const shown = await preview(uploader, created.id);
    expect(shown.fields.map((f) => f.key)).toEqual(['name', 'email', 'partner']);
    expect(shown.rows.map((r) => r.values[2])).toEqual([
      `${kestrel.name} (by e-mail domain kestrel-${run}.co.uk)`,
      null,
      null,
    ]);
    const done = await ran(uploader, created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 3 });
    const placed = await queryRows<{ name: string; partner_id: string | null }>(
      t.db,
      sql`select c.name, a.partner_id from contacts c left join affiliations a on a.contact_id = c.id
            where c.name like ${`% ${run}`} order by c.name`,
    );
    expect(placed).toEqual([
      { name: `Ann Lee ${run}`, partner_id: null },
      { name: `Jo Bloggs ${run}`, partner_id: kestrel.id },
      { name: `Sam Webb ${run}`, partner_id: null },
    ]);
    expect((await reportRows(uploader, created.id))[0]!.Why).toBe(
      `placed at ${kestrel.name} by its e-mail domain kestrel-${run}.co.uk`,
    );
  });

  it("matches a partner row by its general e-mail's domain, with the evidence", async () => {
    const uploader = await t.signIn('staff');
    const kestrel = await buildPartner(t.db, {
      name: `Harrier Systems ${run}`,
      website: `https://harrier-${run}.com`,
    });
    const csv = [
      'Organisation,Type,Email',
      `HS Group ${run},Employer,info@harrier-${run}.com`,
      `Owl Ltd ${run},Employer,owl-${run}@hotmail.com`,
    ].join('\n');
    const created = await uploaded(uploader, 'partners.csv', `${csv}\n`, 'partners');
    expect(created.mapping.email).toBe('Email');
    const shown = await preview(uploader, created.id);
    expect(shown.duplicates.map((d) => [d.row, d.matches.map((m) => [m.recordId, m.evidence])])).toEqual([
      [2, [[kestrel.id, ['e-mail domain matches its website']]]],
    ]);
  });
});

describe("a unit's default visibility", () => {
  it('applies to touch points imported or typed in without one; a visibility given wins; a bad one is refused', async () => {
    const admin = await t.signIn('administrator');
    const unit = (
      await t.call(admin, 'POST', '/api/v1/units', {
        name: `Counselling Service ${run}`,
        kind: 'service',
        defaultVisibility: 'unit',
      })
    ).json<{ id: string; defaultVisibility: string; version: number }>();
    expect(unit.defaultVisibility).toBe('unit');
    const open = await t.call(admin, 'POST', '/api/v1/units', { name: `Open Office ${run}`, kind: 'office' });
    expect(open.json().defaultVisibility).toBe('institution');

    // A value that is not a visibility: refused, naming the field, and the unit unchanged.
    const refused = await t.call(
      admin,
      'PATCH',
      `/api/v1/units/${unit.id}`,
      { defaultVisibility: 'secret' },
      { 'if-match': `"v${unit.version}"` },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(messageOf(refused.body, 'defaultVisibility')).toBeDefined();
    expect((await t.call(admin, 'GET', `/api/v1/units/${unit.id}`)).json()).toMatchObject({
      defaultVisibility: 'unit',
      version: unit.version,
    });

    const counsellor = await t.signIn('staff', { unitId: unit.id });
    const partner = await buildPartner(t.db, { name: `Harrow Trust ${run}` });
    const csv = [
      'Organisation,Date,Type,Subject,Visibility',
      `${partner.name},2026-03-02,Meeting,Wellbeing referral,`,
      `${partner.name},2026-03-03,Call,Open day,Everyone`,
    ].join('\n');
    const created = await uploaded(counsellor, 'counselling.csv', `${csv}\n`, 'touchpoints');
    expect(created.mapping.visibility).toBe('Visibility');
    expect((await ran(counsellor, created.id)).run).toMatchObject({ status: 'finished', created: 2 });

    const typed = await t.call(counsellor, 'POST', '/api/v1/touchpoints', {
      partnerId: partner.id,
      kind: 'note',
      subject: 'Typed in',
    });
    expect(typed.statusCode, typed.body).toBe(201);
    expect(typed.json().visibility).toBe('unit');
    const told = await t.call(counsellor, 'POST', '/api/v1/touchpoints', {
      partnerId: partner.id,
      kind: 'note',
      subject: 'Told to share',
      visibility: 'institution',
    });
    expect(told.json().visibility).toBe('institution');

    const stored = (await touchpointsOf(partner.id)).map((x) => [x.subject, x.visibility]);
    expect(stored.sort()).toEqual([
      ['Open day', 'institution'],
      ['Told to share', 'institution'],
      ['Typed in', 'unit'],
      ['Wellbeing referral', 'unit'],
    ]);
    // Someone outside the unit does not see the unit-only ones.
    const outsider = await t.signIn('staff');
    const seen = await t.call(outsider, 'GET', `/api/v1/partners/${partner.id}/timeline?limit=100`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('Open day');
    expect(seen.body).not.toContain('Wellbeing referral');
    expect(seen.body).not.toContain('Typed in');
  });
});

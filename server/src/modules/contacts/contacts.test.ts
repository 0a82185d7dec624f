import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { touchpointContacts } from '../../db/schema/touchpoints.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { csvRows, xlsxRows } from '../../test/exports.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildTouchpoint,
  buildUnit,
} from '../../test/factories/index.ts';

let t: TestApp;
let senior: Agent;
let staff: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  senior = await t.signIn('senior_manager');
  staff = await t.signIn('staff');
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

const post = (agent: Agent, body: Record<string, unknown>, headers?: Record<string, string>) =>
  t.call(agent, 'POST', '/api/v1/contacts', body, headers);
const ids = async (query: string) =>
  (await t.call(viewer, 'GET', `/api/v1/contacts?${query}`)).json().items.map((i: { id: string }) => i.id);
const names = async (query: string) =>
  (await t.call(viewer, 'GET', `/api/v1/contacts?${query}`))
    .json()
    .items.map((i: { name: string }) => i.name);
const historyOf = async (id: string) =>
  (await t.call(viewer, 'GET', `/api/v1/contacts/${id}/history`)).json();

describe('contacts', () => {
  it('creates a contact with normalised e-mails and shows current affiliations', async () => {
    const created = await post(staff, {
      name: 'Dr Aisha Rahman',
      emails: ['A.Rahman@Kirkby.example', 'a.rahman@kirkby.example'],
      phones: ['+44 113 496 0000'],
      jobTitle: 'Head of Careers',
      consentStatus: 'given',
      consentRecordedOn: '2026-09-01',
      lawfulBasis: 'consent',
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"v1"');
    const contact = created.json();
    expect(contact).toMatchObject({ emails: ['a.rahman@kirkby.example'], affiliations: [] });
    const partner = await buildPartner(t.db, { name: 'Kirkby College' });
    await buildAffiliation(t.db, {
      contactId: contact.id,
      partnerId: partner.id,
      role: 'Head of Careers',
      isKeyContact: true,
    });
    const ended = await buildPartner(t.db, { name: 'Old Employer' });
    await buildAffiliation(t.db, {
      contactId: contact.id,
      partnerId: ended.id,
      role: 'Adviser',
      endDate: '2020-01-31',
    });
    const read = await t.call(viewer, 'GET', `/api/v1/contacts/${contact.id}`);
    expect(read.headers.etag).toBe('"v1"');
    expect(read.json().affiliations).toEqual([
      {
        id: expect.any(String),
        partnerId: partner.id,
        partnerName: 'Kirkby College',
        role: 'Head of Careers',
        isKeyContact: true,
        isPrimary: false,
      },
    ]);
    const history = await historyOf(contact.id);
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ action: 'create', before: null, actorUserId: staff.user.id });
    expect(history.items[0].after.emails).toEqual(['a.rahman@kirkby.example']);
  });

  it('gives each contact of a page its own current affiliations', async () => {
    const tag = randomUUID().slice(0, 8);
    const [p1, p2] = [await buildPartner(t.db), await buildPartner(t.db)];
    const a = await buildContact(t.db, { name: `Grouped ${tag} A` });
    const b = await buildContact(t.db, { name: `Grouped ${tag} B` });
    await buildContact(t.db, { name: `Grouped ${tag} C` });
    await buildAffiliation(t.db, { contactId: a.id, partnerId: p1!.id, role: 'Director' });
    await buildAffiliation(t.db, { contactId: b.id, partnerId: p1!.id, role: 'Trustee' });
    await buildAffiliation(t.db, { contactId: b.id, partnerId: p2!.id, role: 'Adviser', isPrimary: true });
    const page = (await t.call(viewer, 'GET', `/api/v1/contacts?q=Grouped%20${tag}`)).json();
    const roles = page.items.map((c: { affiliations: { role: string }[] }) =>
      c.affiliations.map((l) => l.role).sort(),
    );
    expect(roles).toEqual([['Director'], ['Adviser', 'Trustee'], []]);
  });

  it('refuses bad e-mails, phones and consent without a date, writing nothing', async () => {
    const count = async () => (await t.call(viewer, 'GET', '/api/v1/contacts?limit=500')).json().items.length;
    const before = await count();
    const response = await post(staff, { name: 'Bad Data', emails: ['not-an-email'], phones: ['call me'] });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['emails.0', 'phones.0']);
    const consent = await post(staff, { name: 'No Date', consentStatus: 'withdrawn' });
    expect(consent.statusCode).toBe(400);
    expect(consent.json().errors).toEqual([
      { field: 'consentRecordedOn', message: 'is required when consent has been given or withdrawn' },
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses consent given on a change without a date, leaving the contact as it was', async () => {
    const c = (await post(staff, { name: 'Consent Later' })).json();
    const refused = await t.call(
      staff,
      'PATCH',
      `/api/v1/contacts/${c.id}`,
      { consentStatus: 'given', jobTitle: 'Registrar' },
      { 'if-match': '"v1"' },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('consentRecordedOn');
    const read = (await t.call(viewer, 'GET', `/api/v1/contacts/${c.id}`)).json();
    expect(read).toMatchObject({ version: 1, consentStatus: 'not_asked', jobTitle: null });
    expect((await historyOf(c.id)).items).toHaveLength(1);
    const dated = await t.call(
      staff,
      'PATCH',
      `/api/v1/contacts/${c.id}`,
      { consentStatus: 'given', consentRecordedOn: '2026-10-01' },
      { 'if-match': '"v1"' },
    );
    expect(dated.json()).toMatchObject({
      consentStatus: 'given',
      consentRecordedOn: '2026-10-01',
      version: 2,
    });
  });

  it('finds contacts by name, close name, e-mail and partner', async () => {
    const partner = await buildPartner(t.db);
    const c = await buildContact(t.db, {
      name: 'Gwendolyn Featherstonehaugh',
      emails: ['gwen@feather.example'],
    });
    const namesake = await buildContact(t.db, { name: 'Harold Featherstonehaugh' });
    await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id });
    expect(await ids('q=featherstone')).toEqual(expect.arrayContaining([c.id, namesake.id]));
    expect(await ids('q=Gw')).toContain(c.id);
    // Close to Gwendolyn's whole name, not merely sharing a surname with Harold.
    const close = await ids('q=Gwendolin%20Featherstonhaugh');
    expect(close).toContain(c.id);
    expect(close).not.toContain(namesake.id);
    expect(await ids('q=GWEN@feather.example')).toEqual([c.id]);
    expect(await ids('email=GWEN@feather.example')).toEqual([c.id]);
    expect(await ids(`partnerId=${partner.id}`)).toEqual([c.id]);
    expect(await ids(`partnerId=${partner.id}&q=Harold`)).toEqual([]);
  });

  it('updates with If-Match, keeps history, and refuses stale (412) and missing (428) versions', async () => {
    const c = (await post(staff, { name: 'Tom Okafor' })).json();
    const changed = await t.call(
      staff,
      'PATCH',
      `/api/v1/contacts/${c.id}`,
      { jobTitle: 'Director', emails: ['Tom@Okafor.example'] },
      { 'if-match': '"v1"' },
    );
    expect(changed.json()).toMatchObject({
      jobTitle: 'Director',
      emails: ['tom@okafor.example'],
      version: 2,
    });
    expect(changed.headers.etag).toBe('"v2"');
    const stale = await t.call(
      staff,
      'PATCH',
      `/api/v1/contacts/${c.id}`,
      { jobTitle: 'x' },
      { 'if-match': '"v1"' },
    );
    expect(stale.statusCode).toBe(412);
    const missing = await t.call(staff, 'PATCH', `/api/v1/contacts/${c.id}`, { jobTitle: 'x' });
    expect(missing.statusCode).toBe(428);
    expect((await t.call(senior, 'DELETE', `/api/v1/contacts/${c.id}`)).statusCode).toBe(428);
    expect(
      (await t.call(senior, 'DELETE', `/api/v1/contacts/${c.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(412);
    expect((await t.call(viewer, 'GET', `/api/v1/contacts/${c.id}`)).json().jobTitle).toBe('Director');
    const history = await historyOf(c.id);
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(history.items[0].before.jobTitle).toBeNull();
    expect(history.items[0].after.jobTitle).toBe('Director');
  });

  it('refuses to delete a contact with affiliations or touch points, keeping it', async () => {
    const partner = await buildPartner(t.db);
    const linked = await buildContact(t.db);
    await buildAffiliation(t.db, { contactId: linked.id, partnerId: partner.id });
    const refused = await t.call(senior, 'DELETE', `/api/v1/contacts/${linked.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'in_use', referencedBy: 'affiliations' });

    const met = await buildContact(t.db);
    const unit = await buildUnit(t.db);
    const touchpoint = await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: unit.id,
      authorId: senior.user.id,
    });
    await t.db.insert(touchpointContacts).values({ touchpointId: touchpoint.id, contactId: met.id });
    const participant = await t.call(senior, 'DELETE', `/api/v1/contacts/${met.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(participant.statusCode).toBe(409);
    expect(participant.json()).toMatchObject({ code: 'in_use', referencedBy: 'touchpoint_contacts' });
    for (const id of [linked.id, met.id]) {
      expect((await t.call(viewer, 'GET', `/api/v1/contacts/${id}`)).statusCode).toBe(200);
      expect((await historyOf(id)).items).toEqual([]);
    }
  });

  it('lets staff write, senior managers delete, and viewers only read', async () => {
    expect((await post(viewer, { name: 'Viewer Made' })).statusCode).toBe(403);
    const lonely = await buildContact(t.db);
    expect(
      (await t.call(viewer, 'PATCH', `/api/v1/contacts/${lonely.id}`, { name: 'x' }, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(staff, 'DELETE', `/api/v1/contacts/${lonely.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(senior, 'DELETE', `/api/v1/contacts/${lonely.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(204);
    expect((await t.call(viewer, 'GET', `/api/v1/contacts/${lonely.id}`)).statusCode).toBe(404);
  });

  it('replays an idempotent create once', async () => {
    const name = `Idempotent ${randomUUID().slice(0, 8)}`;
    const headers = { 'idempotency-key': `contact-${name}` };
    const a = await post(staff, { name }, headers);
    const b = await post(staff, { name }, headers);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().id).toBe(a.json().id);
    expect(await ids(`q=${encodeURIComponent(name)}`)).toEqual([a.json().id]);
    expect((await post(staff, { name: 'Someone Else' }, headers)).statusCode).toBe(422);
  });

  it('pages by name with a cursor, stable when contacts are added between pages', async () => {
    const prefix = `Paged ${randomUUID().slice(0, 8)}`;
    for (const n of [1, 2, 3, 4, 5]) await post(staff, { name: `${prefix} ${n}` });
    const q = `q=${encodeURIComponent(prefix)}`;
    const first = (await t.call(viewer, 'GET', `/api/v1/contacts?${q}&limit=2`)).json();
    expect(first.items.map((c: { name: string }) => c.name)).toEqual([`${prefix} 1`, `${prefix} 2`]);
    await post(staff, { name: `${prefix} 0` });
    const second = await names(`${q}&limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual([`${prefix} 3`, `${prefix} 4`]);
    expect(await names(`${q}&sort=-name&limit=2`)).toEqual([`${prefix} 5`, `${prefix} 4`]);
    expect(await names(`${q}&sort=-createdAt&limit=1`)).toEqual([`${prefix} 0`]);
    const [third] = await ids(`${q}&sort=name&limit=1&cursor=${first.nextCursor}`);
    await t.call(staff, 'PATCH', `/api/v1/contacts/${third}`, { notes: 'touched' }, { 'if-match': '"v1"' });
    expect(await names(`${q}&sort=-updatedAt&limit=1`)).toEqual([`${prefix} 3`]);
    const wrongSort = await t.call(
      viewer,
      'GET',
      `/api/v1/contacts?${q}&sort=-name&cursor=${first.nextCursor}`,
    );
    expect(wrongSort.statusCode).toBe(400);
    expect(wrongSort.json().errors[0].field).toBe('cursor');
  });

  it('exports every contact the filters match, with current affiliations, as CSV and XLSX', async () => {
    const partner = await buildPartner(t.db, { name: 'Export Partner Ltd' });
    const tag = `exportc${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 3; i++) {
      const contact = await buildContact(t.db, {
        name: `${tag} person ${i}`,
        jobTitle: i === 0 ? '=cmd|x' : null,
      });
      await buildAffiliation(t.db, {
        contactId: contact.id,
        partnerId: partner.id,
        role: 'Placement officer',
      });
    }
    await buildContact(t.db, { name: `${tag} elsewhere` });
    const filters = `q=${tag}&partnerId=${partner.id}&sort=-name`;
    const csv = await t.call(viewer, 'GET', `/api/v1/contacts/export?${filters}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/filename="contacts-[\d-]+\.csv"/);
    const rows = csvRows(csv.body);
    expect(rows.map((r) => r.Name)).toEqual(await names(filters));
    expect(rows.map((r) => r.Name)).toEqual([`${tag} person 2`, `${tag} person 1`, `${tag} person 0`]);
    expect(rows[0]!.Partners).toBe('Export Partner Ltd (Placement officer)');
    expect(rows[2]!['Job title']).toBe("'=cmd|x");
    const xlsx = await xlsxRows(
      (await t.call(viewer, 'GET', `/api/v1/contacts/export?${filters}&format=xlsx`)).rawPayload,
    );
    expect(xlsx.map((r) => r.Name)).toEqual(rows.map((r) => r.Name));
    const bad = await t.call(viewer, 'GET', '/api/v1/contacts/export?partnerId=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.partnerId');
  });
});

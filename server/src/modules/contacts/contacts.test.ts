import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner } from '../../test/factories/index.ts';

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
    const contact = created.json();
    expect(contact.emails).toEqual(['a.rahman@kirkby.example']);
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
    const read = (await t.call(viewer, 'GET', `/api/v1/contacts/${contact.id}`)).json();
    expect(read.affiliations).toEqual([
      expect.objectContaining({ partnerName: 'Kirkby College', role: 'Head of Careers', isKeyContact: true }),
    ]);
  });

  it('refuses bad e-mails, phones and consent without a date, writing nothing', async () => {
    const before = (await t.call(viewer, 'GET', '/api/v1/contacts?limit=500')).json().items.length;
    const response = await post(staff, { name: 'Bad Data', emails: ['not-an-email'], phones: ['call me'] });
    expect(response.statusCode).toBe(400);
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
    expect((await t.call(viewer, 'GET', '/api/v1/contacts?limit=500')).json().items.length).toBe(before);
  });

  it('finds contacts by name, misspelt name, e-mail and partner', async () => {
    const partner = await buildPartner(t.db);
    const c = await buildContact(t.db, {
      name: 'Gwendolyn Featherstonehaugh',
      emails: ['gwen@feather.example'],
    });
    await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id });
    const ids = async (query: string) =>
      (await t.call(viewer, 'GET', `/api/v1/contacts?${query}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await ids('q=featherstone')).toContain(c.id);
    expect(await ids('q=Gwendolin%20Featherstonhaugh')).toContain(c.id);
    expect(await ids('email=GWEN@feather.example')).toEqual([c.id]);
    expect(await ids(`partnerId=${partner.id}`)).toEqual([c.id]);
  });

  it('updates with If-Match, keeps history, and refuses stale versions', async () => {
    const c = (await post(staff, { name: 'Tom Okafor' })).json();
    const changed = await t.call(
      staff,
      'PATCH',
      `/api/v1/contacts/${c.id}`,
      { jobTitle: 'Director' },
      { 'if-match': '"v1"' },
    );
    expect(changed.json()).toMatchObject({ jobTitle: 'Director', version: 2 });
    expect(
      (await t.call(staff, 'PATCH', `/api/v1/contacts/${c.id}`, { jobTitle: 'x' }, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(412);
    const history = (await t.call(viewer, 'GET', `/api/v1/contacts/${c.id}/history`)).json();
    expect(history.items[0]).toMatchObject({ action: 'update' });
    expect(history.items[0].before.jobTitle).toBeNull();
    expect(history.items[0].after.jobTitle).toBe('Director');
  });

  it('refuses to delete a contact with affiliations; senior managers delete an unused one', async () => {
    const partner = await buildPartner(t.db);
    const linked = await buildContact(t.db);
    await buildAffiliation(t.db, { contactId: linked.id, partnerId: partner.id });
    const refused = await t.call(senior, 'DELETE', `/api/v1/contacts/${linked.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().referencedBy).toBe('affiliations');
    const lonely = await buildContact(t.db);
    expect(
      (await t.call(staff, 'DELETE', `/api/v1/contacts/${lonely.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(senior, 'DELETE', `/api/v1/contacts/${lonely.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(204);
    expect((await post(viewer, { name: 'Viewer Made' })).statusCode).toBe(403);
  });

  it('replays an idempotent create and pages by name', async () => {
    const headers = { 'idempotency-key': 'contact-1' };
    const a = await post(staff, { name: 'Zed Idempotent' }, headers);
    const b = await post(staff, { name: 'Zed Idempotent' }, headers);
    expect(b.json().id).toBe(a.json().id);
    const first = (await t.call(viewer, 'GET', '/api/v1/contacts?limit=2&sort=-name')).json();
    expect(first.items[0].name).toBe('Zed Idempotent');
    const second = (
      await t.call(viewer, 'GET', `/api/v1/contacts?limit=2&sort=-name&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items[0].name < first.items[1].name).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { csvRows } from '../../test/exports.ts';
import { buildAffiliation, buildContact, buildPartner } from '../../test/factories/index.ts';

let t: TestApp;
let staff: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

const GHOST = '00000000-0000-4000-8000-000000000000';
const get = (agent: Agent, url: string) => t.call(agent, 'GET', `/api/v1${url}`);
const names = async (query: string) =>
  (await get(viewer, `/contacts?${query}`)).json().items.map((i: { name: string }) => i.name);
const tagged = () => `dir${randomUUID().slice(0, 8)}`;

describe('the contacts directory', () => {
  it('filters by role and consent, pages with the cursor, and exports what the filters match', async () => {
    const tag = tagged();
    const partner = await buildPartner(t.db, { name: `${tag} College` });
    const people = [
      { name: `${tag} Ada`, role: 'Head of Careers', consentStatus: 'given' as const },
      { name: `${tag} Bea`, role: 'Placement officer', consentStatus: 'not_asked' as const },
      { name: `${tag} Cal`, role: 'Careers adviser', consentStatus: 'withdrawn' as const },
      { name: `${tag} Dee`, role: 'Finance 100%_ manager', consentStatus: 'given' as const },
    ];
    for (const p of people) {
      const c = await buildContact(t.db, {
        name: p.name,
        consentStatus: p.consentStatus,
        consentRecordedOn: p.consentStatus === 'not_asked' ? null : '2026-01-05',
        jobTitle: p.name.endsWith('Dee') ? '=HYPERLINK("x")' : null,
      });
      await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id, role: p.role });
    }
    expect(await names(`q=${tag}&role=careers`)).toEqual([`${tag} Ada`, `${tag} Cal`]);
    expect(await names(`q=${tag}&consentStatus=given,withdrawn`)).toEqual([
      `${tag} Ada`,
      `${tag} Cal`,
      `${tag} Dee`,
    ]);
    expect(await names(`q=${tag}&role=careers&consentStatus=given`)).toEqual([`${tag} Ada`]);
    // `%` and `_` in a role are letters: "0%_" matches Dee's role only, not every role.
    expect(await names(`q=${tag}&role=${encodeURIComponent('0%_')}`)).toEqual([`${tag} Dee`]);
    expect(await names(`partnerId=${partner.id}&sort=-name`)).toEqual(people.map((p) => p.name).reverse());

    const first = (await get(viewer, `/contacts?partnerId=${partner.id}&limit=3`)).json();
    expect(first.items).toHaveLength(3);
    const second = (
      await get(viewer, `/contacts?partnerId=${partner.id}&limit=3&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((i: { name: string }) => i.name)).toEqual([`${tag} Dee`]);
    expect(second.nextCursor).toBeNull();

    // A viewer may read and export the directory: the same rows as the list, formulas neutralised.
    const csv = await get(viewer, `/contacts/export?partnerId=${partner.id}&consentStatus=given`);
    expect(csv.statusCode).toBe(200);
    const rows = csvRows(csv.body);
    expect(rows.map((r) => r.Name)).toEqual([`${tag} Ada`, `${tag} Dee`]);
    expect(rows[1]!['Job title']).toBe('\'=HYPERLINK("x")');
    expect(rows[0]!.Partners).toBe(`${tag} College (Head of Careers)`);
  });

  it('refuses a bad filter with a 400 naming it', async () => {
    const consent = await get(viewer, '/contacts?consentStatus=maybe');
    expect(consent.statusCode).toBe(400);
    expect(consent.headers['content-type']).toContain('application/problem+json');
    expect(consent.json().errors[0].field).toMatch(/^query\.consentStatus/);
    const role = await get(viewer, `/contacts/export?role=${'x'.repeat(201)}`);
    expect(role.statusCode).toBe(400);
    expect(role.json().errors[0].field).toBe('query.role');
  });
});

describe('adding a contact with their affiliation', () => {
  it('saves the contact and the affiliation together, both in the history', async () => {
    const tag = tagged();
    const partner = await buildPartner(t.db, { name: `${tag} Ltd` });
    const created = await t.call(staff, 'POST', '/api/v1/contacts', {
      name: `${tag} Grace`,
      emails: [`${tag}@ltd.example`],
      affiliation: { partnerId: partner.id, role: 'Head of HR', isKeyContact: true },
    });
    expect(created.statusCode).toBe(201);
    const contact = created.json();
    expect(contact.affiliations).toEqual([
      expect.objectContaining({ partnerId: partner.id, role: 'Head of HR', isKeyContact: true }),
    ]);
    const links = (await get(viewer, `/affiliations?contactId=${contact.id}`)).json().items;
    expect(links).toHaveLength(1);
    expect((await get(viewer, `/affiliations/${links[0].id}/history`)).json().items).toHaveLength(1);
  });

  it('leaves no contact behind when the affiliation is refused', async () => {
    const tag = tagged();
    const partner = await buildPartner(t.db);
    const ghost = await t.call(staff, 'POST', '/api/v1/contacts', {
      name: `${tag} Nobody`,
      affiliation: { partnerId: GHOST, role: 'Adviser' },
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.headers['content-type']).toContain('application/problem+json');
    expect(ghost.json().errors).toEqual([
      { field: 'affiliation.partnerId', message: 'does not name an existing partner' },
    ]);
    const backwards = await t.call(staff, 'POST', '/api/v1/contacts', {
      name: `${tag} Nobody`,
      affiliation: { partnerId: partner.id, role: 'Adviser', startDate: '2026-05-01', endDate: '2026-01-01' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('affiliation.endDate');
    const blank = await t.call(staff, 'POST', '/api/v1/contacts', {
      name: `${tag} Nobody`,
      affiliation: { partnerId: partner.id, role: '  ' },
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].field).toBe('affiliation.role');
    expect(await names(`q=${tag}`)).toEqual([]);
  });

  it('refuses a viewer', async () => {
    const partner = await buildPartner(t.db);
    const refused = await t.call(viewer, 'POST', '/api/v1/contacts', {
      name: 'Not Allowed',
      affiliation: { partnerId: partner.id, role: 'Adviser' },
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('similar contacts (the duplicate warning)', () => {
  it('finds the same e-mail address first, then similar names, and nobody else', async () => {
    const tag = tagged();
    const partner = await buildPartner(t.db, { name: `${tag} Works` });
    const sameEmail = await buildContact(t.db, {
      name: `${tag} Someone Else`,
      emails: [`jo.${tag}@works.example`],
    });
    const similar = await buildContact(t.db, { name: `Johanna ${tag} Smith`, emails: [] });
    await buildAffiliation(t.db, { contactId: similar.id, partnerId: partner.id, role: 'Director' });
    await buildContact(t.db, { name: 'Zebedee Quartermaine', emails: [] });
    const answer = await get(
      viewer,
      `/contacts/similar?name=${encodeURIComponent(`Johanna ${tag} Smyth`)}&email=${encodeURIComponent(`Jo.${tag}@Works.example`)}`,
    );
    expect(answer.statusCode).toBe(200);
    const items = answer.json().items;
    expect(items.map((i: { id: string; reason: string }) => [i.id, i.reason])).toEqual([
      [sameEmail.id, 'email'],
      [similar.id, 'name'],
    ]);
    expect(items[1].affiliations[0]).toMatchObject({ partnerName: `${tag} Works`, role: 'Director' });
    const editing = await get(
      viewer,
      `/contacts/similar?name=${encodeURIComponent(`Johanna ${tag} Smyth`)}&excludeId=${similar.id}`,
    );
    expect(editing.json().items).toEqual([]);
    const unrelated = await get(viewer, `/contacts/similar?name=${tag}xyzzy%20Nobody`);
    expect(unrelated.json().items).toEqual([]);
  });

  it('refuses a lookup with nothing to look for, or a bad address, naming the field', async () => {
    const empty = await get(viewer, '/contacts/similar?name=ab');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('query.name');
    const bad = await get(viewer, '/contacts/similar?email=not-an-address');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/^query\.email/);
  });
});

describe('history', () => {
  it('names who made each change and pages with the cursor', async () => {
    const c = (await t.call(staff, 'POST', '/api/v1/contacts', { name: `${tagged()} History` })).json();
    for (let version = 1; version <= 3; version++) {
      const changed = await t.call(
        staff,
        'PATCH',
        `/api/v1/contacts/${c.id}`,
        { notes: `Note ${version}` },
        { 'if-match': `"v${version}"` },
      );
      expect(changed.statusCode).toBe(200);
    }
    const first = (await get(viewer, `/contacts/${c.id}/history?limit=2`)).json();
    expect(first.items.map((e: { after: { notes: string } }) => e.after.notes)).toEqual(['Note 3', 'Note 2']);
    expect(first.items[0]).toMatchObject({ action: 'update', actorUserId: staff.user.id });
    expect(first.items[0].actorName).toEqual(expect.any(String));
    expect(first.items[0].before.notes).toBe('Note 2');
    const second = (await get(viewer, `/contacts/${c.id}/history?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(second.nextCursor).toBeNull();
    const bad = await get(viewer, `/contacts/${c.id}/history?cursor=abc`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.cursor');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildContact, buildPartner } from '../../test/factories/index.ts';

let t: TestApp;
let staff: Agent;
let viewer: Agent;
let senior: Agent;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  viewer = await t.signIn('viewer');
  senior = await t.signIn('senior_manager');
});
afterAll(() => t.close());

const post = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  t.call(staff, 'POST', '/api/v1/affiliations', body, headers);

describe('affiliations', () => {
  it('links a contact to a partner with a role, names included', async () => {
    const contact = await buildContact(t.db, { name: 'Priya Shah' });
    const partner = await buildPartner(t.db, { name: 'School of Chemistry (internal)' });
    const response = await post({
      contactId: contact.id,
      partnerId: partner.id,
      role: 'Local Computing Representative',
      isKeyContact: true,
      startDate: '2025-09-01',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      contactName: 'Priya Shah',
      partnerName: 'School of Chemistry (internal)',
      role: 'Local Computing Representative',
      isKeyContact: true,
      endDate: null,
    });
  });

  it('refuses an end before the start, and unknown contacts, writing nothing', async () => {
    const contact = await buildContact(t.db);
    const partner = await buildPartner(t.db);
    const dates = await post({
      contactId: contact.id,
      partnerId: partner.id,
      role: 'Adviser',
      startDate: '2026-01-10',
      endDate: '2025-01-10',
    });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().errors[0]).toEqual({ field: 'endDate', message: 'cannot be before the start date' });
    const ghost = await post({
      contactId: '01890a5d-ac96-774b-bcce-b302099a8057',
      partnerId: partner.id,
      role: 'Adviser',
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().errors[0].field).toBe('contactId');
    const list = (await t.call(viewer, 'GET', `/api/v1/affiliations?partnerId=${partner.id}`)).json();
    expect(list.items).toHaveLength(0);
  });

  it('keeps one primary affiliation per contact, auditing the cleared one', async () => {
    const contact = await buildContact(t.db);
    const first = (
      await post({
        contactId: contact.id,
        partnerId: (await buildPartner(t.db)).id,
        role: 'Director',
        isPrimary: true,
      })
    ).json();
    const second = (
      await post({
        contactId: contact.id,
        partnerId: (await buildPartner(t.db)).id,
        role: 'Trustee',
        isPrimary: true,
      })
    ).json();
    const firstNow = (await t.call(viewer, 'GET', `/api/v1/affiliations/${first.id}`)).json();
    expect(firstNow).toMatchObject({ isPrimary: false, version: 2 });
    expect(second.isPrimary).toBe(true);
    const history = (await t.call(viewer, 'GET', `/api/v1/affiliations/${first.id}/history`)).json();
    expect(history.items[0].before.isPrimary).toBe(true);
    expect(history.items[0].after.isPrimary).toBe(false);
    // Making the first primary again through PATCH clears the second.
    await t.call(
      staff,
      'PATCH',
      `/api/v1/affiliations/${first.id}`,
      { isPrimary: true },
      { 'if-match': '"v2"' },
    );
    expect((await t.call(viewer, 'GET', `/api/v1/affiliations/${second.id}`)).json().isPrimary).toBe(false);
  });

  it('filters current and key contacts, and refuses a stale update', async () => {
    const partner = await buildPartner(t.db);
    const a = (
      await post({
        contactId: (await buildContact(t.db)).id,
        partnerId: partner.id,
        role: 'Head of School',
        isKeyContact: true,
      })
    ).json();
    const b = (
      await post({
        contactId: (await buildContact(t.db)).id,
        partnerId: partner.id,
        role: 'Former head',
        endDate: '2021-07-31',
      })
    ).json();
    const ids = async (q: string) =>
      (await t.call(viewer, 'GET', `/api/v1/affiliations?partnerId=${partner.id}&${q}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await ids('current=true')).toEqual([a.id]);
    expect(await ids('current=false')).toEqual([b.id]);
    expect(await ids('keyContact=true')).toEqual([a.id]);
    const stale = await t.call(
      staff,
      'PATCH',
      `/api/v1/affiliations/${a.id}`,
      { role: 'x' },
      { 'if-match': '"v9"' },
    );
    expect(stale.statusCode).toBe(412);
  });

  it('lets senior managers delete and replays idempotent creates', async () => {
    const body = {
      contactId: (await buildContact(t.db)).id,
      partnerId: (await buildPartner(t.db)).id,
      role: 'Mentor',
    };
    const first = await post(body, { 'idempotency-key': 'aff-1' });
    const again = await post(body, { 'idempotency-key': 'aff-1' });
    expect(again.json().id).toBe(first.json().id);
    const id = first.json().id;
    expect(
      (await t.call(staff, 'DELETE', `/api/v1/affiliations/${id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(senior, 'DELETE', `/api/v1/affiliations/${id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(204);
    const history = (await t.call(senior, 'GET', `/api/v1/affiliations/${id}/history`)).statusCode;
    expect(history).toBe(404);
  });
});

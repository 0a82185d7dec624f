import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner } from '../../test/factories/index.ts';

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
const patch = (id: string, body: Record<string, unknown>, version: number) =>
  t.call(staff, 'PATCH', `/api/v1/affiliations/${id}`, body, { 'if-match': `"v${version}"` });
const read = async (id: string) => (await t.call(viewer, 'GET', `/api/v1/affiliations/${id}`)).json();
const ids = async (query: string) =>
  (await t.call(viewer, 'GET', `/api/v1/affiliations?${query}`))
    .json()
    .items.map((i: { id: string }) => i.id);
const historyOf = async (id: string) =>
  (await t.call(viewer, 'GET', `/api/v1/affiliations/${id}/history`)).json().items;
const GHOST = '01890a5d-ac96-774b-bcce-b302099a8057';

describe('affiliations', () => {
  it('links a contact to a partner with a role, names included, and records it', async () => {
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
    expect(response.headers.etag).toBe('"v1"');
    const created = response.json();
    expect(created).toMatchObject({
      contactName: 'Priya Shah',
      partnerName: 'School of Chemistry (internal)',
      role: 'Local Computing Representative',
      isKeyContact: true,
      isPrimary: false,
      startDate: '2025-09-01',
      endDate: null,
    });
    const history = await historyOf(created.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', before: null, actorUserId: staff.user.id });
    expect(history[0].after.role).toBe('Local Computing Representative');
  });

  it('refuses an end before the start, unknown contacts and partners, writing nothing', async () => {
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
    expect(dates.headers['content-type']).toContain('application/problem+json');
    expect(dates.json().errors).toEqual([{ field: 'endDate', message: 'cannot be before the start date' }]);
    const ghost = await post({ contactId: GHOST, partnerId: partner.id, role: 'Adviser' });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().errors[0].field).toBe('contactId');
    const nowhere = await post({ contactId: contact.id, partnerId: GHOST, role: 'Adviser' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().errors[0].field).toBe('partnerId');
    const blank = await post({ contactId: contact.id, partnerId: partner.id, role: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].field).toBe('role');
    expect(await ids(`partnerId=${partner.id}`)).toEqual([]);
    expect(await ids(`contactId=${contact.id}`)).toEqual([]);
  });

  it('checks a changed end date against the stored start date, changing nothing', async () => {
    const a = (
      await post({
        contactId: (await buildContact(t.db)).id,
        partnerId: (await buildPartner(t.db)).id,
        role: 'Placement supervisor',
        startDate: '2025-09-01',
      })
    ).json();
    const refused = await patch(a.id, { endDate: '2025-08-31', role: 'Changed' }, 1);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('endDate');
    expect(await read(a.id)).toMatchObject({ version: 1, role: 'Placement supervisor', endDate: null });
    expect(await historyOf(a.id)).toHaveLength(1);
    const sameDay = await patch(a.id, { endDate: '2025-09-01' }, 1);
    expect(sameDay.json()).toMatchObject({ endDate: '2025-09-01', version: 2 });
  });

  it('keeps one primary affiliation per contact, auditing the cleared one', async () => {
    const contact = await buildContact(t.db);
    const make = async (role: string) =>
      (
        await post({
          contactId: contact.id,
          partnerId: (await buildPartner(t.db)).id,
          role,
          isPrimary: true,
        })
      ).json();
    const first = await make('Director');
    const second = await make('Trustee');
    expect(second.isPrimary).toBe(true);
    expect(await read(first.id)).toMatchObject({ isPrimary: false, version: 2 });
    const history = await historyOf(first.id);
    expect(history[0]).toMatchObject({ action: 'update', actorUserId: staff.user.id });
    expect(history[0].before.isPrimary).toBe(true);
    expect(history[0].after.isPrimary).toBe(false);
    // Making the first primary again through PATCH clears the second.
    expect((await patch(first.id, { isPrimary: true }, 2)).statusCode).toBe(200);
    expect(await read(second.id)).toMatchObject({ isPrimary: false, version: 2 });
    // Another contact's primary affiliation is left alone.
    const other = await buildContact(t.db);
    const theirs = await buildAffiliation(t.db, {
      contactId: other.id,
      partnerId: (await buildPartner(t.db)).id,
      isPrimary: true,
    });
    expect((await read(theirs.id)).isPrimary).toBe(true);
    const primaries = (await t.call(viewer, 'GET', `/api/v1/affiliations?contactId=${contact.id}`))
      .json()
      .items.filter((i: { isPrimary: boolean }) => i.isPrimary);
    expect(primaries.map((i: { id: string }) => i.id)).toEqual([first.id]);
  });

  it('keeps one primary affiliation when several are made primary at once', async () => {
    for (let round = 0; round < 3; round++) {
      const contact = await buildContact(t.db);
      const partners = await Promise.all([1, 2, 3, 4].map(() => buildPartner(t.db)));
      const responses = await Promise.all(
        partners.map((p) =>
          post({ contactId: contact.id, partnerId: p.id, role: 'Trustee', isPrimary: true }),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
      const list = (await t.call(viewer, 'GET', `/api/v1/affiliations?contactId=${contact.id}`)).json();
      expect(list.items.filter((i: { isPrimary: boolean }) => i.isPrimary)).toHaveLength(1);
    }
  });

  it('refuses the same role twice at one partner, naming the role held, and writes nothing', async () => {
    const contact = await buildContact(t.db);
    const partner = await buildPartner(t.db, { name: 'Ashdown Building Society' });
    const first = await post({ contactId: contact.id, partnerId: partner.id, role: 'Head of Careers' });
    expect(first.statusCode).toBe(201);
    const count = async () =>
      (await t.call(viewer, 'GET', `/api/v1/affiliations?contactId=${contact.id}`)).json().items.length;

    const again = await post({ contactId: contact.id, partnerId: partner.id, role: '  head of careers ' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().errors).toEqual([
      {
        field: 'role',
        message:
          'already held at Ashdown Building Society ("Head of Careers"): change that role instead of adding it again',
      },
    ]);
    expect(await count()).toBe(1);

    // Another role at the same partner, and the same role elsewhere, are different facts.
    const other = await buildPartner(t.db);
    expect((await post({ contactId: contact.id, partnerId: partner.id, role: 'Trustee' })).statusCode).toBe(
      201,
    );
    expect(
      (await post({ contactId: contact.id, partnerId: other.id, role: 'Head of Careers' })).statusCode,
    ).toBe(201);
    expect(await count()).toBe(3);

    // Renaming a role into one already held is refused too; renaming it to itself is not.
    const trustee = (
      await t.call(viewer, 'GET', `/api/v1/affiliations?contactId=${contact.id}&partnerId=${partner.id}`)
    )
      .json()
      .items.find((i: { role: string }) => i.role === 'Trustee');
    const renamed = await patch(trustee.id, { role: 'HEAD OF CAREERS' }, trustee.version);
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().errors[0].field).toBe('role');
    expect((await read(trustee.id)).role).toBe('Trustee');
    const self = first.json();
    expect((await patch(self.id, { role: 'Head of careers' }, self.version)).statusCode).toBe(200);
  });

  it('adds one of two identical roles sent at once, refusing the other', async () => {
    for (let round = 0; round < 3; round++) {
      const contact = await buildContact(t.db);
      const partner = await buildPartner(t.db);
      const responses = await Promise.all(
        [1, 2].map(() => post({ contactId: contact.id, partnerId: partner.id, role: 'Placement Officer' })),
      );
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const list = (await t.call(viewer, 'GET', `/api/v1/affiliations?contactId=${contact.id}`)).json();
      expect(list.items).toHaveLength(1);
    }
  });

  it('filters by contact, partner, current and key contact', async () => {
    const partner = await buildPartner(t.db);
    const head = await buildContact(t.db);
    const a = (
      await post({ contactId: head.id, partnerId: partner.id, role: 'Head of School', isKeyContact: true })
    ).json();
    const b = (
      await post({
        contactId: (await buildContact(t.db)).id,
        partnerId: partner.id,
        role: 'Former head',
        endDate: '2021-07-31',
      })
    ).json();
    // The database's today, which the filter uses, whatever the machine's time zone.
    const [row] = await queryRows<{ today: string }>(t.db, sql`select current_date::text as today`);
    const c = (
      await post({
        contactId: (await buildContact(t.db)).id,
        partnerId: partner.id,
        role: 'Leaving today',
        endDate: row!.today,
      })
    ).json();
    const elsewhere = (
      await post({ contactId: head.id, partnerId: (await buildPartner(t.db)).id, role: 'Governor' })
    ).json();
    const at = `partnerId=${partner.id}&sort=createdAt`;
    expect(await ids(at)).toEqual([a.id, b.id, c.id]);
    expect(await ids(`${at}&current=true`)).toEqual([a.id, c.id]);
    expect(await ids(`${at}&current=false`)).toEqual([b.id]);
    expect(await ids(`${at}&keyContact=true`)).toEqual([a.id]);
    expect(await ids(`contactId=${head.id}&sort=createdAt`)).toEqual([a.id, elsewhere.id]);
    const badFlag = await t.call(viewer, 'GET', '/api/v1/affiliations?current=yes');
    expect(badFlag.statusCode).toBe(400);
    expect(badFlag.json().errors[0].field).toBe('query.current');
  });

  it('pages with a cursor, stable when affiliations are added between pages', async () => {
    const partner = await buildPartner(t.db);
    const tag = randomUUID().slice(0, 6);
    for (const n of [1, 2, 3, 4, 5]) {
      await post({ contactId: (await buildContact(t.db)).id, partnerId: partner.id, role: `${tag} ${n}` });
    }
    const roles = async (query: string) => {
      const page = (
        await t.call(viewer, 'GET', `/api/v1/affiliations?partnerId=${partner.id}&${query}`)
      ).json();
      return { roles: page.items.map((i: { role: string }) => i.role), next: page.nextCursor };
    };
    const first = await roles('sort=role&limit=2');
    expect(first.roles).toEqual([`${tag} 1`, `${tag} 2`]);
    await post({ contactId: (await buildContact(t.db)).id, partnerId: partner.id, role: `${tag} 0` });
    const second = await roles(`sort=role&limit=2&cursor=${first.next}`);
    expect(second.roles).toEqual([`${tag} 3`, `${tag} 4`]);
    const third = await roles(`sort=role&limit=2&cursor=${second.next}`);
    expect(third).toEqual({ roles: [`${tag} 5`], next: null });
    expect((await roles('sort=-createdAt&limit=1')).roles).toEqual([`${tag} 0`]);
  });

  it('refuses stale (412) and unversioned (428) writes', async () => {
    const a = await buildAffiliation(t.db, {
      contactId: (await buildContact(t.db)).id,
      partnerId: (await buildPartner(t.db)).id,
      role: 'Mentor',
    });
    expect((await patch(a.id, { role: 'x' }, 9)).statusCode).toBe(412);
    expect((await t.call(staff, 'PATCH', `/api/v1/affiliations/${a.id}`, { role: 'x' })).statusCode).toBe(
      428,
    );
    expect((await t.call(senior, 'DELETE', `/api/v1/affiliations/${a.id}`)).statusCode).toBe(428);
    expect(
      (await t.call(senior, 'DELETE', `/api/v1/affiliations/${a.id}`, undefined, { 'if-match': '"v2"' }))
        .statusCode,
    ).toBe(412);
    expect(await read(a.id)).toMatchObject({ role: 'Mentor', version: 1 });
  });

  it('lets staff write, senior managers delete, viewers only read; replays idempotent creates', async () => {
    const body = {
      contactId: (await buildContact(t.db)).id,
      partnerId: (await buildPartner(t.db)).id,
      role: 'Mentor',
    };
    expect((await t.call(viewer, 'POST', '/api/v1/affiliations', body)).statusCode).toBe(403);
    const first = await post(body, { 'idempotency-key': 'aff-1' });
    const again = await post(body, { 'idempotency-key': 'aff-1' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(await ids(`contactId=${body.contactId}`)).toEqual([first.json().id]);
    const id = first.json().id;
    expect(
      (await t.call(viewer, 'PATCH', `/api/v1/affiliations/${id}`, { role: 'x' }, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(staff, 'DELETE', `/api/v1/affiliations/${id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(senior, 'DELETE', `/api/v1/affiliations/${id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(204);
    expect((await t.call(viewer, 'GET', `/api/v1/affiliations/${id}`)).statusCode).toBe(404);
    // The contact is free again once its only affiliation is gone.
    const freed = await t.call(senior, 'DELETE', `/api/v1/contacts/${body.contactId}`, undefined, {
      'if-match': '"v1"',
    });
    expect(freed.statusCode).toBe(204);
  });
});

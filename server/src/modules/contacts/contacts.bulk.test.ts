import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let staff: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const unitId = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  staff = await t.signIn('staff', { unitId });
  viewer = await t.signIn('viewer', { unitId });
});
afterAll(() => t.close());

const bulk = (agent: Agent, body: Record<string, unknown>) =>
  t.call(agent, 'POST', '/api/v1/contacts/bulk', body);

async function rows(ids: string[]) {
  const found = await t.db.select().from(contacts).where(inArray(contacts.id, ids));
  return new Map(found.map((r) => [r.id, r]));
}

const auditCount = async (ids: string[]) =>
  (
    await t.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'contact'), inArray(auditLog.entityId, ids)))
  ).length;

describe('bulk actions on contacts', () => {
  it('records consent for each contact, each versioned and audited', async () => {
    const made = await Promise.all([buildContact(t.db), buildContact(t.db), buildContact(t.db)]);
    const ids = made.map((c) => c.id);
    const response = await bulk(staff, {
      action: 'setConsent',
      consentStatus: 'given',
      consentRecordedOn: '2026-11-30',
      ids,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ count: 3, ids });
    const after = await rows(ids);
    for (const c of made)
      expect(after.get(c.id)).toMatchObject({
        version: c.version + 1,
        consentStatus: 'given',
        consentRecordedOn: '2026-11-30',
      });
    expect(await auditCount(ids)).toBe(3);
  });

  it('sets "do not invite" on every contact of a partner the filter matches, and only those', async () => {
    const partner = await buildPartner(t.db, { name: 'Harrow Engineering' });
    const inside = await Promise.all([buildContact(t.db), buildContact(t.db)]);
    for (const c of inside) await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id });
    const outside = await buildContact(t.db);
    const response = await bulk(staff, {
      action: 'setDoNotInvite',
      doNotInvite: true,
      filter: { partnerId: partner.id },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(new Set(response.json().ids)).toEqual(new Set(inside.map((c) => c.id)));
    const after = await rows([...inside.map((c) => c.id), outside.id]);
    for (const c of inside) expect(after.get(c.id)!.doNotInvite).toBe(true);
    expect(after.get(outside.id)).toMatchObject({ doNotInvite: false, version: outside.version });
  });

  it("counts the directory's contacts the filters match, as the list finds them", async () => {
    const partner = await buildPartner(t.db);
    for (const name of ['Priya Patel', 'Priya Shah', 'Tom Jones']) {
      const c = await buildContact(t.db, { name });
      await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id, role: 'Placement officer' });
    }
    const total = async (query: string) => {
      const res = await t.call(viewer, 'GET', `/api/v1/contacts/count?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().total as number;
    };
    expect(await total(`partnerId=${partner.id}`)).toBe(3);
    expect(await total(`partnerId=${partner.id}&q=priya`)).toBe(2);
    expect(await total(`partnerId=${partner.id}&consentStatus=given`)).toBe(0);
    const listed = await t.call(viewer, 'GET', `/api/v1/contacts?partnerId=${partner.id}&limit=1`);
    expect(listed.json().nextCursor).not.toBeNull();
    const bad = await t.call(viewer, 'GET', '/api/v1/contacts/count?consentStatus=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toContain('consentStatus');
  });

  it('with one unknown contact, names it and changes nothing', async () => {
    const made = await Promise.all([buildContact(t.db), buildContact(t.db)]);
    const ids = [made[0]!.id, made[1]!.id, '00000000-0000-4000-8000-000000000000'];
    const response = await bulk(staff, { action: 'setDoNotInvite', doNotInvite: true, ids });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'ids[2]', message: 'does not name a contact you can see' },
    ]);
    expect(response.json().detail).toContain('Nothing was changed');
    const after = await rows(ids);
    for (const c of made) expect(after.get(c.id)).toMatchObject({ version: c.version, doNotInvite: false });
    expect(await auditCount(ids)).toBe(0);
  });

  it('refuses bad bodies on their field, and viewers, changing nothing', async () => {
    const c = await buildContact(t.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ action: 'setConsent', consentStatus: 'given', ids: [c.id] }, 'consentRecordedOn'],
      [
        { action: 'setConsent', consentStatus: 'maybe', consentRecordedOn: '2026-11-30', ids: [c.id] },
        'consentStatus',
      ],
      [
        { action: 'setConsent', consentStatus: 'given', consentRecordedOn: '30/11/2026', ids: [c.id] },
        'consentRecordedOn',
      ],
      [{ action: 'setDoNotInvite', doNotInvite: 'yes', ids: [c.id] }, 'doNotInvite'],
      [{ action: 'setDoNotInvite', doNotInvite: true, ids: [c.id, c.id] }, 'ids.1'],
      [{ action: 'setDoNotInvite', doNotInvite: true, ids: ['not\u0000an-id'] }, 'ids.0'],
      [{ action: 'setDoNotInvite', doNotInvite: true, filter: { q: 'x'.repeat(100_000) } }, 'filter.q'],
      [{ action: 'setDoNotInvite', doNotInvite: true, filter: { colour: 'red' } }, 'filter'],
      [{ action: 'setDoNotInvite', doNotInvite: true }, 'ids'],
    ];
    for (const [body, field] of cases) {
      const response = await bulk(staff, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 200)).toBe(400);
      const fields = response.json().errors.map((e: { field: string }) => e.field);
      expect(fields, JSON.stringify(body).slice(0, 200)).toContain(field);
    }
    expect(
      (await bulk(viewer, { action: 'setDoNotInvite', doNotInvite: true, ids: [c.id] })).statusCode,
    ).toBe(403);
    expect((await rows([c.id])).get(c.id)).toMatchObject({ version: c.version, doNotInvite: false });
  });

  it('two bulk actions on the same contacts at once both land, one after the other', async () => {
    const made = await Promise.all([buildContact(t.db), buildContact(t.db)]);
    const ids = made.map((c) => c.id);
    const [a, b] = await Promise.all([
      bulk(staff, { action: 'setDoNotInvite', doNotInvite: true, ids }),
      bulk(staff, { action: 'setConsent', consentStatus: 'withdrawn', consentRecordedOn: '2026-12-01', ids }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const after = await rows(ids);
    for (const c of made)
      expect(after.get(c.id)).toMatchObject({
        version: c.version + 2,
        doNotInvite: true,
        consentStatus: 'withdrawn',
      });
  });
});

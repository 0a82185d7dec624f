import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { consents } from '../../db/schema/personal-data.ts';
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

/** Each contact's consent decisions, oldest first (contacts with none are not in the map). */
async function decisions(ids: string[]) {
  const found = await t.db
    .select({
      contactId: consents.contactId,
      purpose: consents.purpose,
      decision: consents.decision,
      lawfulBasis: consents.lawfulBasis,
      source: consents.source,
      evidence: consents.evidence,
    })
    .from(consents)
    .where(inArray(consents.contactId, ids))
    .orderBy(asc(consents.recordedAt));
  const byContact = new Map<string, Omit<(typeof found)[number], 'contactId'>[]>();
  for (const { contactId, ...rest } of found)
    byContact.set(contactId, [...(byContact.get(contactId) ?? []), rest]);
  return byContact;
}

const withdrawEvents = {
  action: 'recordPurposeConsent',
  purpose: 'events',
  decision: 'withdrawn',
  source: 'other',
  recordedOn: '2026-11-30',
  evidence: 'Partner asked that none of its staff be invited',
};

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

  it('withdraws consent for a purpose from every contact of a partner the filter matches, and only those', async () => {
    const partner = await buildPartner(t.db, { name: 'Harrow Engineering' });
    const inside = await Promise.all([buildContact(t.db), buildContact(t.db)]);
    for (const c of inside) await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id });
    const outside = await buildContact(t.db);
    const response = await bulk(staff, { ...withdrawEvents, filter: { partnerId: partner.id } });
    expect(response.statusCode, response.body).toBe(200);
    expect(new Set(response.json().ids)).toEqual(new Set(inside.map((c) => c.id)));
    const decided = await decisions([...inside.map((c) => c.id), outside.id]);
    for (const c of inside)
      expect(decided.get(c.id)).toEqual([
        {
          purpose: 'events',
          decision: 'withdrawn',
          // The purpose's own lawful basis, as none was given.
          lawfulBasis: 'legitimate_interests',
          source: 'other',
          evidence: 'Partner asked that none of its staff be invited',
        },
      ]);
    expect(decided.get(outside.id)).toBeUndefined();
    // The contacts themselves are unchanged (consent has its own history), the change is audited.
    const after = await rows([...inside.map((c) => c.id), outside.id]);
    for (const c of [...inside, outside]) expect(after.get(c.id)!.version).toBe(c.version);
    expect(await auditCount(inside.map((c) => c.id))).toBe(2);
    const consents = await t.call(staff, 'GET', `/api/v1/contacts/${inside[0]!.id}/consents`);
    expect(consents.json().purposes.find((p: { purpose: string }) => p.purpose === 'events')).toMatchObject({
      mayContact: false,
    });
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
    const response = await bulk(staff, { ...withdrawEvents, ids });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'ids[2]', message: 'does not name a contact you can see' },
    ]);
    expect(response.json().detail).toContain('Nothing was changed');
    const after = await rows(ids);
    for (const c of made) expect(after.get(c.id)).toMatchObject({ version: c.version });
    expect(await decisions(ids)).toEqual(new Map());
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
      [{ ...withdrawEvents, decision: 'maybe', ids: [c.id] }, 'decision'],
      [{ ...withdrawEvents, purpose: 'Events!', ids: [c.id] }, 'purpose'],
      [{ ...withdrawEvents, purpose: 'no_such_purpose', ids: [c.id] }, 'purpose'],
      [{ ...withdrawEvents, source: 'migrated', ids: [c.id] }, 'source'],
      [{ ...withdrawEvents, recordedOn: '2999-01-01', ids: [c.id] }, 'recordedOn'],
      [{ ...withdrawEvents, recordedOn: '01/12/2026', ids: [c.id] }, 'recordedOn'],
      [{ ...withdrawEvents, evidence: 'x'.repeat(2001), ids: [c.id] }, 'evidence'],
      [{ action: 'setDoNotInvite', doNotInvite: true, ids: [c.id] }, 'action'],
      [{ ...withdrawEvents, ids: [c.id, c.id] }, 'ids.1'],
      [{ ...withdrawEvents, ids: ['not\u0000an-id'] }, 'ids.0'],
      [{ ...withdrawEvents, filter: { q: 'x'.repeat(100_000) } }, 'filter.q'],
      [{ ...withdrawEvents, filter: { colour: 'red' } }, 'filter'],
      [withdrawEvents, 'ids'],
    ];
    for (const [body, field] of cases) {
      const response = await bulk(staff, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 200)).toBe(400);
      const fields = response.json().errors.map((e: { field: string }) => e.field);
      expect(fields, JSON.stringify(body).slice(0, 200)).toContain(field);
    }
    expect((await bulk(viewer, { ...withdrawEvents, ids: [c.id] })).statusCode).toBe(403);
    expect((await rows([c.id])).get(c.id)).toMatchObject({ version: c.version });
    expect(await decisions([c.id])).toEqual(new Map());
  });

  it('two bulk actions on the same contacts at once both land, one after the other', async () => {
    const made = await Promise.all([buildContact(t.db), buildContact(t.db)]);
    const ids = made.map((c) => c.id);
    const [a, b] = await Promise.all([
      bulk(staff, { ...withdrawEvents, ids }),
      bulk(staff, { action: 'setConsent', consentStatus: 'withdrawn', consentRecordedOn: '2026-12-01', ids }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const after = await rows(ids);
    for (const c of made)
      expect(after.get(c.id)).toMatchObject({ version: c.version + 1, consentStatus: 'withdrawn' });
    const decided = await decisions(ids);
    for (const c of made) expect(decided.get(c.id)).toMatchObject([{ decision: 'withdrawn' }]);
  });
});

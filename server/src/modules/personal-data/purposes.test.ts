import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { events } from '../../db/schema/events.ts';
import { consentPurposes } from '../../db/schema/personal-data.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildContact } from '../../test/factories/index.ts';
import { contactableFor } from './consents.service.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

const today = new Date().toISOString().slice(0, 10);
const newKey = () => `alumni_${randomUUID().slice(0, 6)}`;
const body = {
  name: 'Alumni mentoring',
  description: 'Asking alumni to mentor students',
  lawfulBasis: 'consent',
  dataHeld: 'Name, e-mail address, employer',
};
const put = (agent: Agent, key: string, payload: Record<string, unknown>, version?: number) =>
  t.call(
    agent,
    'PUT',
    `/api/v1/personal-data/purposes/${key}`,
    payload,
    version === undefined ? {} : { 'if-match': `"v${version}"` },
  );
const retire = (
  agent: Agent,
  key: string,
  version: number | null,
  action: 'retire' | 'reinstate' = 'retire',
) =>
  t.call(
    agent,
    'POST',
    `/api/v1/personal-data/purposes/${key}/${action}`,
    undefined,
    version === null ? {} : { 'if-match': `"v${version}"` },
  );
const row = async (key: string) =>
  (await t.db.select().from(consentPurposes).where(eq(consentPurposes.key, key)))[0];

describe('consent purposes, as administrators configure them', () => {
  it('adds a purpose with its lawful basis, renames it and retires it; every change is audited', async () => {
    const key = newKey();
    const created = await put(admin, key, body);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toEqual({ key, ...body, retiredAt: null, version: 1 });
    expect(created.headers.etag).toBe('"v1"');

    const renamed = await put(admin, key, { ...body, name: 'Alumni mentoring scheme' }, 1);
    expect(renamed.json()).toMatchObject({ name: 'Alumni mentoring scheme', version: 2, retiredAt: null });

    // A contact who gave consent for it may be contacted for it, until it is retired.
    const contact = await buildContact(t.db);
    const given = await t.call(staff, 'POST', `/api/v1/contacts/${contact.id}/consents`, {
      purpose: key,
      decision: 'given',
      lawfulBasis: 'consent',
      source: 'form',
      recordedOn: today,
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(await contactableFor(t.db, [contact.id], key)).toEqual(new Set([contact.id]));

    const retired = await retire(admin, key, 2);
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ key, version: 3, retiredAt: expect.any(String) });
    expect(await contactableFor(t.db, [contact.id], key)).toEqual(new Set());
    // Still listed (with when it was retired), no longer asked about, its decision kept in the history.
    const list = (await t.call(viewer, 'GET', '/api/v1/personal-data/purposes')).json();
    expect(list.items.find((p: { key: string }) => p.key === key)).toMatchObject({
      retiredAt: expect.any(String),
    });
    const consents = (await t.call(staff, 'GET', `/api/v1/contacts/${contact.id}/consents`)).json();
    expect(consents.purposes.map((p: { purpose: string }) => p.purpose)).not.toContain(key);
    expect(consents.history.map((h: { purpose: string }) => h.purpose)).toContain(key);
    const refused = await t.call(staff, 'POST', `/api/v1/contacts/${contact.id}/consents`, {
      purpose: key,
      decision: 'withdrawn',
      lawfulBasis: 'consent',
      source: 'email',
      recordedOn: today,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'purpose' });
    expect(refused.json().errors[0].message).toContain('retired');

    const back = await retire(admin, key, 3, 'reinstate');
    expect(back.json()).toMatchObject({ version: 4, retiredAt: null });
    expect(await contactableFor(t.db, [contact.id], key)).toEqual(new Set([contact.id]));

    // Audited (before and after) and published as events.
    const audited = await t.db
      .select({ before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.entity, 'consent_purpose'))
      .orderBy(auditLog.id);
    expect(audited.filter((a) => (a.after as { key?: string } | null)?.key === key)).toHaveLength(4);
    const published = await t.db
      .select({ name: events.name })
      .from(events)
      .where(eq(events.entity, 'consent_purpose'));
    expect(published.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'consent_purpose.created',
        'consent_purpose.updated',
        'consent_purpose.retired',
        'consent_purpose.reinstated',
      ]),
    );
  });

  it('never retires a purpose Rapport sends for, but renames it', async () => {
    const events = (await row('events'))!;
    const refused = await retire(admin, 'events', events.version);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('not retired');
    expect((await row('events'))!.retiredAt).toBeNull();
    const renamed = await put(
      admin,
      'events',
      {
        name: 'Events, forums and invitations',
        description: events.description,
        lawfulBasis: events.lawfulBasis,
        dataHeld: events.dataHeld,
      },
      events.version,
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Events, forums and invitations' });
    const restored = await put(
      admin,
      'events',
      {
        name: events.name,
        description: events.description,
        lawfulBasis: events.lawfulBasis,
        dataHeld: events.dataHeld,
      },
      events.version + 1,
    );
    expect(restored.statusCode, restored.body).toBe(200);
  });

  it('refuses bad input naming the field, stale or missing versions and everyone but administrators, changing nothing', async () => {
    const key = newKey();
    expect((await put(admin, key, body)).statusCode).toBe(200);
    const cases: [string, Record<string, unknown>, string][] = [
      [key, { ...body, name: '' }, 'name'],
      [key, { ...body, name: 'x'.repeat(201) }, 'name'],
      [key, { ...body, lawfulBasis: 'because' }, 'lawfulBasis'],
      [key, { ...body, description: 'x'.repeat(2001) }, 'description'],
      [key, { ...body, dataHeld: 'x'.repeat(2001) }, 'dataHeld'],
      [key, { ...body, name: 'Nul\u0000name' }, 'name'],
      ['Alumni Mentoring', body, 'params.key'],
      ['1st', body, 'params.key'],
      ['x'.repeat(61), body, 'params.key'],
    ];
    for (const [k, payload, field] of cases) {
      const response = await put(admin, encodeURIComponent(k), payload, 1);
      expect(response.statusCode, `${k} ${JSON.stringify(payload).slice(0, 80)}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const k of ['Bad Key', '%00']) {
      const response = await retire(admin, encodeURIComponent(k), 1);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain('params.key');
    }
    // Changing needs the version read; a stale one is refused.
    expect((await put(admin, key, { ...body, name: 'Renamed' })).statusCode).toBe(428);
    expect((await put(admin, key, { ...body, name: 'Renamed' }, 7)).statusCode).toBe(412);
    expect((await retire(admin, key, null)).statusCode).toBe(428);
    expect((await retire(admin, key, 7)).statusCode).toBe(412);
    expect((await retire(admin, `${key}_none`, 1)).statusCode).toBe(404);
    for (const agent of [staff, viewer]) {
      expect((await put(agent, key, { ...body, name: 'Renamed' }, 1)).statusCode).toBe(403);
      expect((await put(agent, newKey(), body)).statusCode).toBe(403);
      expect((await retire(agent, key, 1)).statusCode).toBe(403);
    }
    expect((await retire(null as unknown as Agent, key, 1)).statusCode).toBe(401);
    expect(await row(key)).toMatchObject({ name: body.name, version: 1, retiredAt: null });
  });
});

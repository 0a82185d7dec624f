import { en } from '@faker-js/faker';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { partners, touchpoints, users } from '../db/schema/index.ts';
import { importFilesIn } from '../modules/attachments/storage.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoAccounts, demoPassword, firstNames } from './catalogue.ts';
import { generateDemo } from './generate.ts';
import { scoreDemoHealth, seedDemo } from './seed.ts';
import { STORIES } from './stories.ts';

const today = new Date('2026-11-24T12:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('demo University of Northmoor', () => {
  it('is the same every time it is generated', () => {
    expect(generateDemo(today)).toEqual(generateDemo(today));
    const data = generateDemo(today);
    expect(data.units.length).toBeGreaterThanOrEqual(25);
    expect(data.units.length).toBeLessThanOrEqual(40);
    expect(data.touchpoints.length).toBeGreaterThan(3000);
  });

  it('uses no sales words', () => {
    expect(JSON.stringify(generateDemo(today))).not.toMatch(
      /\b(leads?|prospects?|deals?|sales|customers?)\b/i,
    );
  });

  it('loads into an empty database with every reference intact, and signs in', async () => {
    expect(await seedDemo(t.db, today, { importFiles: importFilesIn(t.attachmentsDir) })).toBe('loaded');
    const data = generateDemo(today);
    const [p] = await t.db.select({ n: count() }).from(partners);
    const [tp] = await t.db.select({ n: count() }).from(touchpoints);
    expect(p!.n).toBe(data.partners.length);
    expect(tp!.n).toBe(data.touchpoints.length);
    const [busiest] = await queryRows<{ units: number }>(
      t.db,
      sql`select count(distinct unit_id)::int as units from touchpoints group by partner_id order by 1 desc limit 1`,
    );
    expect(busiest!.units).toBeGreaterThanOrEqual(5);
    for (const account of demoAccounts) {
      const [u] = await t.db.select().from(users).where(eq(users.email, account.email));
      expect(u!.role).toBe(account.role);
    }
    const login = await t.call(null, 'POST', '/api/v1/auth/login', {
      email: 'admin@northmoor.ac.uk',
      password: demoPassword,
    });
    expect(login.statusCode).toBe(200);
  });

  it("shows the manager's agreements: one in force with a review coming up, one with a change to approve, a draft", async () => {
    const manager = await t.call(null, 'POST', '/api/v1/auth/login', {
      email: 'manager@northmoor.ac.uk',
      password: demoPassword,
    });
    const headers = {
      cookie: `rapport_session=${manager.cookies.find((c) => c.name === 'rapport_session')!.value}`,
    };
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/agreements', headers })).json();
    expect(list.items.map((a: { status: string }) => a.status).sort()).toEqual(['active', 'active', 'draft']);
    const pending = list.items.find((a: { pendingChanges: number }) => a.pendingChanges === 1);
    const changes = (
      await t.app.inject({ method: 'GET', url: `/api/v1/agreements/${pending.id}/changes`, headers })
    ).json();
    expect(changes.items[0]).toMatchObject({ status: 'proposed', can: { decideForUniversity: true } });
    expect(changes.items[0].differences.map((d: { field: string }) => d.field)).toEqual([
      'partnerCommitments',
    ]);
  });

  it('holds a request register with live targets, escalations and a senior view', async () => {
    const data = generateDemo(today);
    expect(data.requests.length).toBeGreaterThanOrEqual(80);
    const senior = await t.call(null, 'POST', '/api/v1/auth/login', {
      email: 'senior@northmoor.ac.uk',
      password: demoPassword,
    });
    const headers = {
      cookie: `rapport_session=${senior.cookies.find((c) => c.name === 'rapport_session')!.value}`,
    };
    const view = (await t.app.inject({ method: 'GET', url: '/api/v1/escalations', headers })).json();
    expect(view.escalated.requests).toHaveLength(2);
    expect(view.escalated.relationships).toHaveLength(1);
    const open = (
      await t.app.inject({ method: 'GET', url: '/api/v1/requests?open=true&limit=500', headers })
    ).json();
    expect(open.items.length).toBeGreaterThan(10);
    expect(
      open.items.every(
        (r: { targets: { resolution: { dueAt: string | null } } }) => r.targets.resolution.dueAt,
      ),
    ).toBe(true);
    const bell = (await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers })).json();
    expect(bell.unreadCount).toBe(2);
  });

  it("holds Sasha's finished import with its report, and its file to try the wizard with", async () => {
    const login = await t.call(null, 'POST', '/api/v1/auth/login', {
      email: 'staff@northmoor.ac.uk',
      password: demoPassword,
    });
    const headers = {
      cookie: `rapport_session=${login.cookies.find((c) => c.name === 'rapport_session')!.value}`,
      'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
    };
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/imports', headers })).json();
    expect(list.items).toHaveLength(1);
    const run = list.items[0];
    expect(run).toMatchObject({
      kind: 'contacts',
      fileName: 'careers-employer-contacts.csv',
      rowCount: 7,
      run: { status: 'finished', created: 4, skipped: 2, failed: 1 },
    });
    const report = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${run.id}/report`, headers });
    expect(report.statusCode).toBe(200);
    const lines = report.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(8);
    expect(lines[8 - 1]).toMatch(/^8,Failed,Priya Desai,/);
    // What the report says was created is there, at its partner.
    const created = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from import_rows r join contacts c on c.id = r.record_id
            join affiliations a on a.contact_id = c.id
          where r.import_id = ${run.id} and r.outcome = 'created'`,
    );
    expect(created[0]!.n).toBe(4);

    // The file downloads, and uploaded again it is recognised, its people found as duplicates.
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${run.id}/file`, headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('careers-employer-contacts.csv');
    const boundary = '----rapportdemo';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="careers-employer-contacts.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      file.rawPayload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?kind=contacts',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().sameFileAs).toMatchObject({ id: run.id });
    const preview = (
      await t.app.inject({ method: 'GET', url: `/api/v1/imports/${again.json().id}/preview`, headers })
    ).json();
    expect(preview.duplicates.length).toBeGreaterThanOrEqual(5);
  });

  it('never loads over existing data', async () => {
    expect(await seedDemo(t.db, today)).toBe('not-empty');
  });
});

describe('the demo reads like a British university', () => {
  const data = generateDemo(today);
  const prose = [
    ...data.touchpoints.flatMap((t) => [t.subject, t.notes ?? '']),
    ...data.requests.flatMap((r) => [r.title, r.description, ...r.comments.map((c) => c.body)]),
  ];

  it('has no Latin placeholder text', () => {
    // faker's lorem-ipsum vocabulary, minus the short words English shares with it.
    const latin = new Set((en.lorem?.word ?? []).filter((w) => w.length >= 5));
    expect(latin.size).toBeGreaterThan(500);
    const words = new Set(prose.flatMap((text) => text.toLowerCase().match(/[a-z]+/g) ?? []));
    expect([...words].filter((w) => latin.has(w))).toEqual([]);
    expect(prose.filter((text) => /lorem|ipsum/i.test(text))).toEqual([]);
  });

  it('has British names, not a generator’s American ones', () => {
    const people = [...data.users.slice(demoAccounts.length), ...data.contacts].map(
      (p) => p.name.split(' ')[0],
    );
    expect(people.filter((first) => !firstNames.includes(first!))).toEqual([]);
  });

  it('puts each partner in a sector that fits it', () => {
    const sectorOf = (pattern: RegExp) =>
      new Set(data.partners.filter((p) => pattern.test(p.name)).map((p) => p.sector));
    expect([...sectorOf(/NHS/)]).toEqual(['Health']);
    expect([...sectorOf(/Police/)]).toEqual(['Policing']);
    expect([...sectorOf(/Council|Combined Authority/)]).toEqual(['Local government']);
    expect([...sectorOf(/Grammar School|Academy/)]).toEqual(['Secondary education']);
  });

  it('holds meetings and raises requests in working hours on working days, never in the future', () => {
    const uk = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    const outside = [
      ...data.touchpoints.map((t) => t.occurredAt),
      ...data.requests.map((r) => r.createdAt),
    ].filter((at) => {
      const parts = Object.fromEntries(uk.formatToParts(at).map((p) => [p.type, p.value]));
      const hour = Number(parts.hour);
      return ['Sat', 'Sun'].includes(parts.weekday!) || hour < 8 || hour >= 18 || at > today;
    });
    expect(outside).toEqual([]);
  });

  it('spreads when records were last changed over the past years', () => {
    const days = new Set(data.partners.map((p) => p.updatedAt.toISOString().slice(0, 10)));
    const years = new Set(data.partners.map((p) => p.updatedAt.getUTCFullYear()));
    expect(days.size).toBeGreaterThan(100);
    expect(years.size).toBeGreaterThanOrEqual(3);
    expect(data.partners.every((p) => p.createdAt <= p.updatedAt && p.updatedAt <= today)).toBe(true);
  });

  it.each(STORIES.map((story) => [story.complaint.title, story] as const))(
    'tells a story across units: %s, its escalation, its resolution, and a better relationship',
    (_, story) => {
      const complaint = data.requests.find((r) => r.title === story.complaint.title)!;
      expect(complaint).toMatchObject({ kind: 'complaint', status: 'closed', satisfaction: 5 });
      const partner = data.partners.find((p) => p.id === complaint.partnerId)!;
      expect(partner).toMatchObject({ status: 'active', type: story.partner.type });
      if (story.partner.sector) expect(partner.sector).toBe(story.partner.sector);
      const escalation = data.escalations.find((e) => e.requestId === complaint.id)!;
      expect(escalation.deescalatedAt!.getTime()).toBeGreaterThan(escalation.raisedAt.getTime());
      const days = (at: Date) => (today.getTime() - at.getTime()) / 86_400_000;
      const told = data.touchpoints.filter((t) => t.partnerId === partner.id && t.sentiment !== null);
      expect(new Set(told.map((t) => t.unitId)).size).toBeGreaterThanOrEqual(3);
      // Every chapter is on the partner's timeline, in words with the contact's name filled in.
      for (const chapter of story.chapters) {
        const tp = told.find((t) => t.subject === chapter.subject)!;
        expect(tp.notes).not.toMatch(/\{\w+\}/);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const during = told.filter(
        (t) =>
          days(t.occurredAt) <= story.complaintDaysAgo + 1 && days(t.occurredAt) > story.resolvedDaysAgo + 1,
      );
      const after = told.filter((t) => days(t.occurredAt) < story.resolvedDaysAgo - 1);
      expect(mean(during.map((t) => t.sentiment!))).toBeLessThan(0);
      expect(mean(after.map((t) => t.sentiment!))).toBeGreaterThan(1);
    },
  );

  it('tells each story about a different partner', () => {
    const partners = STORIES.map(
      (story) => data.requests.find((r) => r.title === story.complaint.title)!.partnerId,
    );
    expect(new Set(partners).size).toBe(STORIES.length);
  });

  it('scores every relationship, with a weekly history of nine points for the trends', {
    timeout: 180_000,
  }, async () => {
    await scoreDemoHealth(t.db, today);
    const [kept] = await queryRows<{ relationships: number; scored: number }>(
      t.db,
      sql`select count(distinct relationship_id)::int as relationships, (count(*) filter (where score is not null))::int as scored
          from relationship_health where audience = 'institution'`,
    );
    const [all] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from relationships`);
    expect(kept!.relationships).toBe(all!.n);
    expect(kept!.scored).toBeGreaterThan(0);
    const [days] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(distinct day)::int as n from relationship_health_snapshots`,
    );
    expect(days!.n).toBe(9);
  });
});

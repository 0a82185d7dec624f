import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { partners, touchpoints, users } from '../db/schema/index.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoAccounts, demoPassword } from './catalogue.ts';
import { generateDemo } from './generate.ts';
import { seedDemo } from './seed.ts';

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
    expect(await seedDemo(t.db, today)).toBe('loaded');
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

  it('never loads over existing data', async () => {
    expect(await seedDemo(t.db, today)).toBe('not-empty');
  });
});

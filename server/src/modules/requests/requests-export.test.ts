import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { csvRows, xlsxRows } from '../../test/exports.ts';
import { buildPartner, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let staffA: Agent;
let readerA: Agent;
let colleagueA: Agent;
let staffB: Agent;
let admin: Agent;
let partner: string;
const titles = { open: 'Portal login fails', unit: 'Unit-only matter', secret: 'Confidential matter' };

beforeAll(async () => {
  t = await createTestApp();
  const unitA = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  const unitB = (await buildUnit(t.db, { name: 'Estates' })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  readerA = await t.signIn('staff', { unitId: unitB });
  colleagueA = await t.signIn('staff', { unitId: unitA });
  staffB = await t.signIn('staff', { unitId: unitB });
  admin = await t.signIn('administrator', { unitId: null });
  partner = (await buildPartner(t.db, { name: 'Harrow Engineering' })).id;
  const raise = (body: Record<string, unknown>) =>
    t.call(staffA, 'POST', '/api/v1/requests', { partnerId: partner, kind: 'incident', ...body });
  expect((await raise({ title: titles.open, priority: 'high' })).statusCode).toBe(201);
  expect((await raise({ title: '@SUM(A1:A9)', kind: 'enquiry' })).statusCode).toBe(201);
  expect((await raise({ title: titles.unit, visibility: 'unit' })).statusCode).toBe(201);
  const secret = await raise({
    title: titles.secret,
    visibility: 'confidential',
    readerIds: [readerA.user.id],
  });
  expect(secret.statusCode).toBe(201);
});
afterAll(() => t.close());

const exported = async (agent: Agent, filters: string) => {
  const response = await t.call(agent, 'GET', `/api/v1/requests/export?partnerId=${partner}&${filters}`);
  expect(response.statusCode).toBe(200);
  return csvRows(response.body).map((r) => r.Title);
};

describe('request export', () => {
  it('exports exactly the requests each caller may see, as the register lists them', async () => {
    for (const [agent, expected] of [
      [staffA, [titles.secret, titles.unit, "'@SUM(A1:A9)", titles.open]],
      [colleagueA, [titles.unit, "'@SUM(A1:A9)", titles.open]],
      [readerA, [titles.secret, "'@SUM(A1:A9)", titles.open]],
      [staffB, ["'@SUM(A1:A9)", titles.open]],
      [admin, [titles.secret, titles.unit, "'@SUM(A1:A9)", titles.open]],
    ] as const) {
      expect(await exported(agent, ''), agent.user.email).toEqual(expected);
      const listed = (await t.call(agent, 'GET', `/api/v1/requests?partnerId=${partner}`)).json();
      expect(listed.items.map((i: { title: string }) => i.title.replace(/^@/, "'@"))).toEqual(expected);
    }
  });

  it('takes the register’s filters, sort and "me", and writes XLSX too', async () => {
    expect(await exported(staffB, 'priority=high')).toEqual([titles.open]);
    expect(await exported(staffA, 'kind=enquiry,incident&sort=created')).toEqual([
      titles.open,
      "'@SUM(A1:A9)",
      titles.unit,
      titles.secret,
    ]);
    expect(await exported(colleagueA, 'ownerId=me')).toEqual([]);
    const xlsx = await t.call(readerA, 'GET', `/api/v1/requests/export?partnerId=${partner}&format=xlsx`);
    expect(xlsx.headers['content-disposition']).toMatch(/filename="requests-[\d-]+\.xlsx"/);
    const rows = await xlsxRows(xlsx.rawPayload);
    expect(rows.map((r) => r.Title)).toEqual([titles.secret, "'@SUM(A1:A9)", titles.open]);
    expect(rows[0]!.Raised).toBeInstanceOf(Date);
    const bad = await t.call(staffA, 'GET', '/api/v1/requests/export?priority=urgent');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/^query\.priority/);
  });
});

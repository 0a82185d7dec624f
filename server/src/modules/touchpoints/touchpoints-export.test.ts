import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { csvRows, xlsxRows } from '../../test/exports.ts';
import { buildPartner, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let author: Agent;
let named: Agent;
let otherUnit: Agent;
let admin: Agent;
let partnerId: string;
const SECRET = 'Confidential: Halcyon merger talks';
const UNIT_NOTE = 'Unit only: Halcyon invoice query';

beforeAll(async () => {
  t = await createTestApp();
  const unitA = (await buildUnit(t.db, { name: 'Research Office' })).id;
  const unitB = (await buildUnit(t.db, { name: 'Alumni Relations' })).id;
  author = await t.signIn('staff', { unitId: unitA });
  named = await t.signIn('staff', { unitId: unitB });
  otherUnit = await t.signIn('senior_manager', { unitId: unitB });
  admin = await t.signIn('administrator');
  partnerId = (await buildPartner(t.db, { name: 'Halcyon Trust' })).id;
  // 520 open touch points, in two bulk requests (at most 500 each), a minute apart.
  const start = Date.UTC(2026, 0, 1);
  const items = Array.from({ length: 520 }, (_, i) => ({
    partnerId,
    kind: 'call',
    subject: i === 7 ? '=HYPERLINK("http://evil.example","Open")' : `Call ${i}`,
    occurredAt: new Date(start + i * 60_000).toISOString(),
  }));
  for (const chunk of [items.slice(0, 300), items.slice(300)]) {
    const bulk = await t.call(author, 'POST', '/api/v1/touchpoints/bulk', { items: chunk });
    expect(bulk.statusCode).toBe(201);
  }
  const secret = await t.call(author, 'POST', '/api/v1/touchpoints', {
    partnerId,
    kind: 'note',
    subject: SECRET,
    visibility: 'confidential',
    readerIds: [named.user.id],
  });
  expect(secret.statusCode).toBe(201);
  await t.call(author, 'POST', '/api/v1/touchpoints', {
    partnerId,
    kind: 'note',
    subject: UNIT_NOTE,
    visibility: 'unit',
  });
});
afterAll(() => t.close());

/** Every id the list gives the agent, page by page. */
async function listedIds(agent: Agent, filters: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/touchpoints?${filters}&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await t.call(agent, 'GET', url)).json();
    ids.push(...page.items.map((i: { id: string }) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const exportCsv = async (agent: Agent, filters: string) => {
  const response = await t.call(agent, 'GET', `/api/v1/touchpoints/export?${filters}`);
  expect(response.statusCode).toBe(200);
  return csvRows(response.body);
};

describe('touch-point export', () => {
  it('leaves out confidential and unit records the caller may not see, with no row cap', async () => {
    const rows = await exportCsv(otherUnit, `partnerId=${partnerId}`);
    expect(rows).toHaveLength(520);
    const subjects = rows.map((r) => r.Subject);
    expect(subjects).not.toContain(SECRET);
    expect(subjects).not.toContain(UNIT_NOTE);
    expect(rows.map((r) => r['Rapport id'])).toEqual(await listedIds(otherUnit, `partnerId=${partnerId}`));
    expect(rows[0]!.Subject).toBe('Call 519');
  });

  it('includes the confidential one for a named reader and an administrator, the unit note for the unit', async () => {
    const forNamed = (await exportCsv(named, `partnerId=${partnerId}`)).map((r) => r.Subject);
    expect(forNamed).toContain(SECRET);
    expect(forNamed).not.toContain(UNIT_NOTE);
    const forAdmin = (await exportCsv(admin, `partnerId=${partnerId}`)).map((r) => r.Subject);
    expect(forAdmin).toHaveLength(522);
    expect(forAdmin).toEqual(expect.arrayContaining([SECRET, UNIT_NOTE]));
    const forAuthor = (await exportCsv(author, `partnerId=${partnerId}&kind=note`)).map((r) => r.Subject);
    expect(forAuthor.sort()).toEqual([SECRET, UNIT_NOTE].sort());
  });

  it('writes XLSX with the same visible rows, dates as dates and formulas neutralised', async () => {
    const response = await t.call(
      otherUnit,
      'GET',
      `/api/v1/touchpoints/export?partnerId=${partnerId}&format=xlsx`,
    );
    expect(response.headers['content-disposition']).toMatch(/filename="touch-points-[\d-]+\.xlsx"/);
    const rows = await xlsxRows(response.rawPayload);
    expect(rows).toHaveLength(520);
    expect(rows.map((r) => r.Subject)).not.toContain(SECRET);
    expect(rows[0]!.When).toBeInstanceOf(Date);
    expect(rows.map((r) => r.Subject)).toContain('\'=HYPERLINK("http://evil.example","Open")');
  });

  it('applies the time window and sort of the list, and refuses a bad one naming it', async () => {
    const window = `partnerId=${partnerId}&from=2026-01-01T00:05:00Z&to=2026-01-01T00:08:00Z&sort=occurredAt`;
    expect((await exportCsv(otherUnit, window)).map((r) => r.Subject)).toEqual([
      'Call 5',
      'Call 6',
      '\'=HYPERLINK("http://evil.example","Open")',
    ]);
    const bad = await t.call(otherUnit, 'GET', '/api/v1/touchpoints/export?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.from');
  });
});

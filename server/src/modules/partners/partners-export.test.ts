import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partners } from '../../db/schema/partners.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { csvRows, xlsxRows } from '../../test/exports.ts';
import { buildPartner, partnerTypeId } from '../../test/factories/index.ts';

let t: TestApp;
let viewer: Agent;
let funder: string;
const tag = `export${Date.now()}`;

beforeAll(async () => {
  t = await createTestApp();
  viewer = await t.signIn('viewer');
  funder = await partnerTypeId(t.db, 'Funder');
  const employer = await partnerTypeId(t.db, 'Employer');
  // 520 rows: more than one export page (500) and more than the list's largest page.
  await t.db.insert(partners).values(
    Array.from({ length: 520 }, (_, i) => ({
      name: `Export ${String(i).padStart(3, '0')} Ltd`,
      typeId: i % 4 === 0 ? funder : employer,
      status: i % 10 === 0 ? ('archived' as const) : ('active' as const),
      tags: [tag],
    })),
  );
});
afterAll(() => t.close());

/** Every name the list API gives for the filters, page by page. */
async function listedNames(filters: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/partners?${filters}&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await t.call(viewer, 'GET', url)).json();
    names.push(...page.items.map((p: { name: string }) => p.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

describe('partner export', () => {
  it('streams every matching partner as CSV, in the list’s order, with no row cap', async () => {
    const response = await t.call(viewer, 'GET', `/api/v1/partners/export?tag=${tag}&sort=-name`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="partners-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = csvRows(response.body);
    expect(rows).toHaveLength(520);
    expect(rows.map((r) => r.Name)).toEqual(await listedNames(`tag=${tag}&sort=-name`));
    expect(rows[0]).toMatchObject({ Name: 'Export 519 Ltd', Type: 'Employer', Status: 'active', Tags: tag });
  });

  it('applies the same filters as the list', async () => {
    const filters = `tag=${tag}&typeId=${funder}&status=archived`;
    const rows = csvRows((await t.call(viewer, 'GET', `/api/v1/partners/export?${filters}`)).body);
    const expected = await listedNames(filters);
    expect(expected).toHaveLength(26);
    expect(rows.map((r) => r.Name)).toEqual(expected);
    expect(new Set(rows.map((r) => `${r.Type}/${r.Status}`))).toEqual(new Set(['Funder/archived']));
  });

  it('streams XLSX that reads back with the same rows', async () => {
    const response = await t.call(viewer, 'GET', `/api/v1/partners/export?tag=${tag}&format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toMatch(/filename="partners-[\d-]+\.xlsx"/);
    const rows = await xlsxRows(response.rawPayload);
    expect(rows).toHaveLength(520);
    expect(rows.map((r) => r.Name)).toEqual(await listedNames(`tag=${tag}`));
    expect(rows[0]!.Updated).toBeInstanceOf(Date);
  });

  it('neutralises cells a spreadsheet would run as formulas, in both formats', async () => {
    const formulaTag = `${tag}f`;
    const hostile = [
      '=HYPERLINK("http://evil.example","x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\tTabbed',
      '\rReturn',
    ];
    for (const name of hostile) await buildPartner(t.db, { name, tags: [formulaTag], city: '=1+1' });
    await buildPartner(t.db, { name: 'Plain Partner', tags: [formulaTag], city: 'Leeds' });
    const csv = csvRows((await t.call(viewer, 'GET', `/api/v1/partners/export?tag=${formulaTag}`)).body);
    const xlsx = await xlsxRows(
      (await t.call(viewer, 'GET', `/api/v1/partners/export?tag=${formulaTag}&format=xlsx`)).rawPayload,
    );
    for (const rows of [csv, xlsx]) {
      // Papa Parse reads a lone CR inside a quoted field back as a line feed.
      const names = rows.map((r) => (r.Name as string).replace('\r', '\n'));
      expect(names).toHaveLength(7);
      expect(names).toContain('Plain Partner');
      for (const name of hostile) expect(names).toContain(`'${name}`.replace('\r', '\n'));
      expect(rows.filter((r) => r.City === "'=1+1")).toHaveLength(6);
    }
  });

  it('answers a bad filter or format with a 400 naming the parameter', async () => {
    const status = await t.call(viewer, 'GET', '/api/v1/partners/export?status=closed');
    expect(status.statusCode).toBe(400);
    expect(status.json().errors[0].field).toMatch(/^query\.status/);
    const format = await t.call(viewer, 'GET', '/api/v1/partners/export?format=pdf');
    expect(format.statusCode).toBe(400);
    expect(format.json().errors[0].field).toBe('query.format');
    expect((await t.call(null, 'GET', '/api/v1/partners/export')).statusCode).toBe(401);
  });
});

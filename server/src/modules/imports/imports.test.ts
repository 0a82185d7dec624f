import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDto, ImportPreview } from '../../../../common/src/contracts/imports.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner } from '../../test/factories/index.ts';

let t: TestApp;
let staff: Agent;
let colleague: Agent;
let viewer: Agent;
let admin: Agent;
/** A word of this file's own, so its partners' names are not another file's. */
const run = randomUUID().slice(0, 6);
const ashdown = `Ashdown Building Society ${run}`;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  colleague = await t.signIn('staff');
  viewer = await t.signIn('viewer');
  admin = await t.signIn('administrator');
  await buildPartner(t.db, { name: ashdown, website: `https://www.ashdown-${run}.co.uk/about` });
});
afterAll(() => t.close());

function multipart(fileName: string, bytes: Buffer) {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const upload = (fileName: string, bytes: Buffer | string, query = 'kind=partners', agent = staff) => {
  const form = multipart(fileName, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
  return t.call(agent, 'POST', `/api/v1/imports?${query}`, form.body, { 'content-type': form.contentType });
};

async function uploaded(fileName: string, bytes: Buffer | string, query?: string): Promise<ImportDto> {
  const response = await upload(fileName, bytes, query);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const preview = async (id: string, query = '', agent = staff) => {
  const response = await t.call(agent, 'GET', `/api/v1/imports/${id}/preview${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ImportPreview;
};

const map = (id: string, mapping: Record<string, string>, agent = staff) =>
  t.call(agent, 'PATCH', `/api/v1/imports/${id}`, { mapping });

/** The message for `field` in a refusal. */
const messageOf = (body: string, field = 'file') =>
  (JSON.parse(body).errors as { field: string; message: string }[]).find((e) => e.field === field)?.message;

const storedImportFiles = () => {
  try {
    return readdirSync(path.join(t.attachmentsDir, '.imports', 'imports'));
  } catch {
    return [];
  }
};

describe('upload', () => {
  it('reads a Windows-1252 file with semicolons, proposes a mapping from synonyms and keeps the bytes', async () => {
    const bytes = iconv.encode(
      `Organisation;Category;Town;Web\nCafé Müller ${run};Employer;Zürich;cafe-muller.example\n`,
      'windows-1252',
    );
    const created = await uploaded('cafés.csv', bytes);
    expect(created).toMatchObject({
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      columns: ['Organisation', 'Category', 'Town', 'Web'],
      rowCount: 1,
      mapping: { name: 'Organisation', type: 'Category', city: 'Town', website: 'Web' },
      sameFileAs: null,
    });
    expect(storedImportFiles()).toContain(created.id);
    const shown = await preview(created.id);
    expect(shown.rows[0]!.values).toContain(`Café Müller ${run}`);
    expect(shown.rows[0]!.values).toContain('https://cafe-muller.example');
  });

  it('reads UTF-8 with a byte-order mark, UTF-16 and tabs alike', async () => {
    const text = `Company\tPartner type\nBöhm ${run}\tEmployer\n`;
    const withBom = await uploaded(
      'bom.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    expect(withBom).toMatchObject({
      encoding: 'utf-8',
      delimiter: '\t',
      columns: ['Company', 'Partner type'],
    });
    const wide = await uploaded('wide.csv', iconv.encode(`\uFEFF${text}`, 'utf-16le'));
    expect(wide).toMatchObject({ encoding: 'utf-16le', columns: ['Company', 'Partner type'] });
    expect((await preview(wide.id)).rows[0]!.values[0]).toBe(`Böhm ${run}`);
  });

  it('recognises the same file uploaded again and names the earlier upload, to the uploader only', async () => {
    const bytes = `Org,Type\nSame file ${run},Employer\n`;
    const first = await uploaded('same.csv', bytes);
    const second = await uploaded('same-again.csv', bytes);
    expect(second.sameFileAs).toMatchObject({ id: first.id, fileName: 'same.csv' });
    const other = await upload('same.csv', bytes, 'kind=partners', colleague);
    expect(other.json().sameFileAs).toBeNull();
  });

  it('reads the sheet chosen of a workbook, formulas by their result', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Read me').addRow(['This sheet explains the others']);
    const sheet = workbook.addWorksheet('Partners');
    sheet.addRow(['Org', 'Type', 'Tags']);
    sheet.addRow([
      `Calder ${run}`,
      'Employer',
      { formula: '"placements;"&"graduates"', result: 'placements;graduates' },
    ]);
    sheet.addRow([`Merged ${run}`, 'Employer']);
    sheet.mergeCells('C3:D3');
    sheet.addRow([`Unsaved ${run}`, 'Employer', { formula: 'A1&A2' }]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const created = await uploaded('units.xlsx', bytes);
    // The first sheet has no rows under its headings: the first that has is read.
    expect(created).toMatchObject({ format: 'xlsx', sheets: ['Read me', 'Partners'], sheet: 'Partners' });
    await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, { sheet: 'Read me' }).then((r) => {
      expect(r.statusCode).toBe(400);
      expect(messageOf(r.body)).toBe(
        'The sheet "Read me" of "units.xlsx" has headings but no rows under them',
      );
    });
    const chosen = await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, { sheet: 'Partners' });
    expect(chosen.json()).toMatchObject({ sheet: 'Partners', columns: ['Org', 'Type', 'Tags'], rowCount: 3 });
    expect(chosen.json().mapping).toEqual({ name: 'Org', type: 'Type', tags: 'Tags' });
    const shown = await preview(created.id);
    expect(shown.rows.map((r) => r.values[2])).toEqual(['placements, graduates', null, null]);
    expect(shown.errors).toEqual([
      { row: 4, column: 'Tags', message: expect.stringContaining('formula without a saved result') },
    ]);
    const missing = await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, { sheet: 'Nope' });
    expect(missing.statusCode).toBe(400);
    expect(messageOf(missing.body, 'sheet')).toContain('choose Read me, Partners');
  });

  it('is for staff: a viewer may not upload, and a colleague does not see my import', async () => {
    expect((await upload('v.csv', 'Org,Type\nA,Employer\n', 'kind=partners', viewer)).statusCode).toBe(403);
    const mine = await uploaded('mine.csv', `Org,Type\nMine ${run},Employer\n`);
    expect((await t.call(colleague, 'GET', `/api/v1/imports/${mine.id}`)).statusCode).toBe(404);
    expect((await t.call(colleague, 'GET', `/api/v1/imports/${mine.id}/preview`)).statusCode).toBe(404);
    expect((await map(mine.id, { name: 'Org', type: 'Type' }, colleague)).statusCode).toBe(404);
    expect((await t.call(admin, 'GET', `/api/v1/imports/${mine.id}`)).statusCode).toBe(200);
    expect((await t.call(staff, 'GET', `/api/v1/imports/${randomUUID()}`)).statusCode).toBe(404);
    expect((await t.call(staff, 'GET', '/api/v1/imports/not-an-id')).statusCode).toBe(400);
  });
});

describe('bad files: a clear message naming the file, and nothing kept', () => {
  const refused = async (fileName: string, bytes: Buffer | string, query?: string) => {
    const before = storedImportFiles().length;
    const response = await upload(fileName, bytes, query);
    expect(response.statusCode, response.body).toBe(400);
    expect(storedImportFiles().length).toBe(before);
    return messageOf(response.body);
  };

  it('an empty file', async () => {
    expect(await refused('empty.csv', '')).toBe('"empty.csv" is empty');
  });

  it('headings but no rows', async () => {
    expect(await refused('headings.csv', 'Org,Type\r\n\r\n')).toBe(
      '"headings.csv" has headings but no rows under them',
    );
  });

  it('an unknown encoding', async () => {
    const japanese = iconv.encode('会社名,種類\n長い名前の会社,雇用者\n東京の大学,学校\n', 'Shift_JIS');
    expect(await refused('tokyo.csv', japanese)).toMatch(
      /^"tokyo\.csv" is in an encoding Rapport does not read .*save it as "CSV UTF-8"/,
    );
    const forced = await upload('tokyo.csv', japanese, 'kind=partners&encoding=shift_jis');
    expect(forced.statusCode).toBe(400);
    expect(messageOf(forced.body, 'encoding')).toContain('is not one Rapport reads');
  });

  it('a binary file renamed .csv', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Title (Minutes) >>\nendobj\ntrailer\n%%EOF\n');
    expect(await refused('partners.csv', pdf)).toBe(
      '"partners.csv" is not a CSV or XLSX file: its content is PDF, whatever its name says',
    );
    const noise = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256));
    expect(await refused('noise.csv', noise)).toContain('"noise.csv" is not a CSV or XLSX file');
  });

  it('a file that is not multipart, or has no file', async () => {
    const response = await t.call(staff, 'POST', '/api/v1/imports?kind=partners', { file: 'x' });
    expect(response.statusCode).toBe(400);
    expect(messageOf(response.body)).toContain('multipart/form-data');
    const unknownKind = await upload('a.csv', 'Org\nA\n', 'kind=deals');
    expect(unknownKind.statusCode).toBe(400);
  });
});

describe('mapping', () => {
  it('refuses a mapping that leaves a required field unmapped, naming it, and changes nothing', async () => {
    const created = await uploaded('required.csv', `Organisation,Town\nNo type ${run},Leeds\n`);
    expect(created.mapping).toEqual({ name: 'Organisation', city: 'Town' });
    const shown = await t.call(staff, 'GET', `/api/v1/imports/${created.id}/preview`);
    expect(shown.statusCode).toBe(400);
    expect(messageOf(shown.body, 'mapping.type')).toBe(
      'Partner type is required: choose the column that holds it',
    );
    const refused = await map(created.id, { name: 'Organisation' });
    expect(refused.statusCode).toBe(400);
    expect(messageOf(refused.body, 'mapping.type')).toBe(
      'Partner type is required: choose the column that holds it',
    );
    const wrongColumn = await map(created.id, { name: 'Organisation', type: 'Kind' });
    expect(messageOf(wrongColumn.body, 'mapping.type')).toBe(
      'names the column "Kind", which the file does not have',
    );
    const twice = await map(created.id, { name: 'Organisation', type: 'Organisation' });
    expect(messageOf(twice.body, 'mapping.type')).toContain('already mapped to Partner name');
    const unknown = await map(created.id, { name: 'Organisation', type: 'Town', revenue: 'Town' });
    expect(messageOf(unknown.body, 'mapping.revenue')).toBe('is not a field of an import of partners');
    expect((await t.call(staff, 'GET', `/api/v1/imports/${created.id}`)).json().mapping).toEqual(
      created.mapping,
    );
  });

  it('saves a mapping under a name to use again; the name is unique per kind', async () => {
    const name = `Careers spreadsheet ${run}`;
    const body = { name, kind: 'contacts', mapping: { name: 'Full name', email: 'E-mail' } };
    const saved = await t.call(staff, 'POST', '/api/v1/import-mappings', body);
    expect(saved.statusCode, saved.body).toBe(201);
    const again = await t.call(colleague, 'POST', '/api/v1/import-mappings', {
      ...body,
      name: name.toUpperCase(),
    });
    expect(again.statusCode).toBe(409);
    expect(messageOf(again.body, 'name')).toContain('is taken');
    const listed = await t.call(colleague, 'GET', '/api/v1/import-mappings?kind=contacts');
    expect(listed.json().items).toContainEqual(expect.objectContaining({ name, mapping: body.mapping }));
    expect((await t.call(viewer, 'GET', '/api/v1/import-mappings')).statusCode).toBe(403);
    const bad = await t.call(staff, 'POST', '/api/v1/import-mappings', {
      ...body,
      name: `x${run}`,
      mapping: { salary: 'A' },
    });
    expect(messageOf(bad.body, 'mapping.salary')).toBe('is not a field of an import of contacts');
    const nul = await t.call(staff, 'POST', '/api/v1/import-mappings', { ...body, name: 'a\u0000b' });
    expect(nul.statusCode).toBe(400);
  });
});

describe('preview: rows as they will be stored, every problem by row and column', () => {
  it('ragged rows, a cell of a megabyte and a NUL', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const csv = [
      'Org,Type,Sector',
      `Ragged ${run},Employer,Finance,extra,cells`,
      `Short ${run}`,
      `Huge ${run},Employer,${megabyte}`,
      `Nul ${run},Employer,a\u0000b`,
      `Fine ${run},employer,Retail`,
    ].join('\n');
    const created = await uploaded('messy.csv', csv);
    const shown = await preview(created.id);
    expect(shown.rowCount).toBe(5);
    expect(shown.errors).toEqual([
      {
        row: 2,
        column: null,
        message: 'has 5 cells but the headings name 3 columns: the cells after "Sector" have no heading',
      },
      { row: 3, column: 'Type', message: 'is empty: Partner type is required' },
      { row: 4, column: 'Sector', message: 'is 1,048,576 characters long: Sector takes at most 200' },
      { row: 5, column: 'Sector', message: 'holds a NUL character, which cannot be stored' },
    ]);
    expect(shown.rows.at(-1)).toEqual({ row: 6, values: [`Fine ${run}`, 'Employer', 'Retail'] });
    expect(shown.rowsWithErrors).toBe(4);
  });

  it('a date in three formats, and one that is no date', async () => {
    const partner = `Dates ${run}`;
    await buildPartner(t.db, { name: partner });
    const csv = [
      'Name,Company,Consent date',
      `Amira Shah,${partner},2026-03-01`,
      `Ben Owusu,${partner},01/03/2026`,
      `Carys Evans,${partner},1 March 2026`,
      `Dev Patel,${partner},03/25/2026`,
    ].join('\n');
    const created = await uploaded('dates.csv', csv, 'kind=contacts');
    expect(created.mapping).toEqual({ name: 'Name', partner: 'Company', consentRecordedOn: 'Consent date' });
    const shown = await preview(created.id);
    const dates = shown.rows.map(
      (r) => r.values[shown.fields.findIndex((f) => f.key === 'consentRecordedOn')],
    );
    expect(dates).toEqual(['2026-03-01', '2026-03-01', '2026-03-01', null]);
    expect(shown.errors).toEqual([
      {
        row: 5,
        column: 'Consent date',
        message: 'is not a date: write it as 2026-03-25, 25/03/2026 or 25 March 2026',
      },
    ]);
  });

  it('an e-mail repeated in the file, and a partner name that matches nothing', async () => {
    const csv = [
      'Full name,E-mail,Organisation,Role',
      `Amira Shah,amira.shah@ashdown-${run}.co.uk,${ashdown},Placement officer`,
      `Amira Shah,AMIRA.SHAH@ashdown-${run}.co.uk,ashdown-${run}.co.uk,`,
      `Ben Owusu,ben@example.org,Nowhere Holdings ${run},`,
      `Carys Evans,not-an-address,${ashdown},`,
    ].join('\r\n');
    const created = await uploaded('contacts.csv', csv, 'kind=contacts');
    expect(created.mapping).toEqual({
      name: 'Full name',
      email: 'E-mail',
      partner: 'Organisation',
      role: 'Role',
    });
    const shown = await preview(created.id);
    expect(shown.rows[0]!.values).toEqual([
      'Amira Shah',
      `amira.shah@ashdown-${run}.co.uk`,
      ashdown,
      'Placement officer',
    ]);
    // By website domain, and "Contact" as the role when none is given.
    expect(shown.rows[1]!.values).toEqual([
      'Amira Shah',
      `amira.shah@ashdown-${run}.co.uk`,
      ashdown,
      'Contact',
    ]);
    expect(shown.errors).toEqual([
      { row: 3, column: 'E-mail', message: `repeats amira.shah@ashdown-${run}.co.uk, already in row 2` },
      {
        row: 4,
        column: 'Organisation',
        message: `matches no partner in Rapport: "Nowhere Holdings ${run}" is not a partner's name, website domain or id`,
      },
      { row: 5, column: 'E-mail', message: 'is not an e-mail address: "not-an-address"' },
    ]);
  });

  it('a parent group in Rapport or in a row above; unknown types and statuses named', async () => {
    const csv = [
      'Org,Type,Parent group,Status,Tags',
      `Group ${run},Employer,,Active,"Finance; placements"`,
      `Site ${run},Employer,group ${run},dormant,`,
      `Branch ${run},Employer,${ashdown},,`,
      `Lost ${run},Funder of dreams,Nobody ${run},sleeping,`,
    ].join('\n');
    const created = await uploaded('groups.csv', csv);
    const shown = await preview(created.id);
    expect(shown.rows[0]!.values).toEqual([
      `Group ${run}`,
      'Employer',
      null,
      'finance, placements',
      'active',
    ]);
    expect(shown.rows[2]!.values[2]).toBe(ashdown);
    expect(shown.errors.map((e) => [e.row, e.column])).toEqual([
      [5, 'Type'],
      [5, 'Parent group'],
      [5, 'Status'],
    ]);
    expect(shown.errors[0]!.message).toContain('names no partner type: "Funder of dreams" is not one of');
  });

  it('lists at most the errors asked for, and counts them all', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `Row ${i},`).join('\n');
    const created = await uploaded('many.csv', `Org,Type\n${rows}\n`);
    const shown = await preview(created.id, '?rows=5&errors=10');
    expect(shown).toMatchObject({ rowCount: 1200, errorCount: 1200, rowsWithErrors: 1200 });
    expect(shown.errors).toHaveLength(10);
    expect(shown.rows).toHaveLength(5);
    expect((await t.call(staff, 'GET', `/api/v1/imports/${created.id}/preview?rows=100000`)).statusCode).toBe(
      400,
    );
  });
});

describe('duplicates: against Rapport and the rows above', () => {
  it('a partner by website domain or a similar name, and a repeat within the file', async () => {
    const csv = [
      'Org,Type,Website',
      `Ashdown Building Soc ${run},Employer,`,
      `ABS Group ${run},Employer,http://ashdown-${run}.co.uk`,
      `Kittiwake Analytics ${run},Employer,https://kittiwake-${run}.example`,
      `Kittiwake Analytics ${run},Employer,`,
      `Quite Different ${run},Employer,`,
    ].join('\n');
    const created = await uploaded('duplicates.csv', csv);
    const shown = await preview(created.id);
    expect(shown.duplicateCount).toBe(3);
    const [similar, domain, repeat] = shown.duplicates;
    expect(similar).toMatchObject({ row: 2, matches: [{ name: ashdown, row: null }], choice: null });
    expect(similar!.matches[0]!.evidence[0]).toMatch(/^similar name \(\d+%\)$/);
    expect(domain).toMatchObject({ row: 3, matches: [{ name: ashdown, evidence: ['same website domain'] }] });
    expect(repeat).toMatchObject({ row: 5, matches: [{ recordId: null, row: 4, evidence: ['same name'] }] });
  });

  it('a contact by e-mail, or a similar name at the same partner', async () => {
    const partner = await buildPartner(t.db, { name: `Heron Labs ${run}` });
    const person = await t.call(staff, 'POST', '/api/v1/contacts', {
      name: 'Gwen Jones',
      emails: [`gwen.jones@heron-${run}.example`],
      affiliation: { partnerId: partner.id, role: 'Head of HR' },
    });
    expect(person.statusCode, person.body).toBe(201);
    const csv = [
      'Name,Email,Partner',
      `G. Jones,GWEN.JONES@heron-${run}.example,`,
      `Gwen Jone,,Heron Labs ${run}`,
      `Gwen Jones,,${ashdown}`,
    ].join('\n');
    const created = await uploaded('people.csv', csv, 'kind=contacts');
    const shown = await preview(created.id);
    expect(shown.duplicates.map((d) => [d.row, d.matches[0]!.recordId, d.matches[0]!.evidence[0]])).toEqual([
      [2, person.json().id, 'same e-mail'],
      [3, person.json().id, expect.stringMatching(/^similar name at the same partner/)],
    ]);
  });

  it('keeps the choice per row and for all alike, and refuses a field that is not one', async () => {
    const created = await uploaded('choices.csv', `Org,Type\nAshdown Building Soc ${run},Employer\n`);
    const target = (await preview(created.id)).duplicates[0]!.matches[0]!.recordId;
    const choices = { all: 'skip', rows: { '2': { action: 'update', recordId: target, fields: ['type'] } } };
    const saved = await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, { choices });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().choices).toEqual(choices);
    expect((await preview(created.id)).duplicates[0]!.choice).toEqual(choices.rows['2']);
    const bad = await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, {
      choices: { all: null, rows: { '2': { action: 'update', fields: ['salary'] } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(messageOf(bad.body, 'choices.rows.2.fields')).toBe(
      'names "salary", which is not a field of an import of partners',
    );
    const badRow = await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, {
      choices: { all: null, rows: { 'row two': { action: 'skip' } } },
    });
    expect(badRow.statusCode).toBe(400);
    expect((await t.call(staff, 'GET', `/api/v1/imports/${created.id}`)).json().choices).toEqual(choices);
  });

  it('the name threshold is a setting', async () => {
    const strict = await createTestApp({ RAPPORT_IMPORT_PARTNER_SIMILARITY: '0.95' });
    try {
      await buildPartner(strict.db, { name: `Ashdown Building Society ${run}` });
      const agent = await strict.signIn('staff');
      const form = multipart('strict.csv', Buffer.from(`Org,Type\nAshdown Building Soc ${run},Employer\n`));
      const created = await strict.call(agent, 'POST', '/api/v1/imports?kind=partners', form.body, {
        'content-type': form.contentType,
      });
      const shown = await strict.call(agent, 'GET', `/api/v1/imports/${created.json().id}/preview`);
      expect(shown.json().duplicateCount).toBe(0);
    } finally {
      await strict.close();
    }
  });
});

describe('no input answers 500 or hangs', () => {
  it('a broken workbook, crafted names and parameters, huge mappings, concurrent uploads', async () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(4000, 7)]);
    const refused = await upload('broken.xlsx', broken);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(messageOf(refused.body)).toContain('broken.xlsx');
    const nulSheet = await upload('a.csv', `Org,Type\nA ${run},Employer\n`, 'kind=partners&sheet=a%00b');
    expect(nulSheet.statusCode).toBe(400);
    const oddName = await uploaded('..\\..\\etc\u0007/ passwd.csv', `Org,Type\nOdd ${run},Employer\n`);
    expect(oddName.fileName).toBe('passwd.csv');
    const huge = await map(oddName.id, { name: 'x'.repeat(1001), type: 'Type' });
    expect(huge.statusCode).toBe(400);
    const many = await map(
      oddName.id,
      Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`f${i}`, 'Org'])),
    );
    expect(many.statusCode).toBe(400);
    const crafted = await t.call(staff, 'GET', `/api/v1/imports/${oddName.id}/preview?rows=-1&errors=abc`);
    expect(crafted.statusCode).toBe(400);
    const bytes = `Org,Type\nTwice ${run},Employer\n`;
    const both = await Promise.all([upload('twice.csv', bytes), upload('twice.csv', bytes)]);
    expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
    const previews = await Promise.all(
      both.map((r) => t.call(staff, 'GET', `/api/v1/imports/${r.json().id}/preview`)),
    );
    expect(previews.map((r) => r.statusCode)).toEqual([200, 200]);
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDto } from '../../../../common/src/contracts/imports.ts';
import { queryRows } from '../../db/client.ts';
import { settings } from '../../db/schema/settings.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner } from '../../test/factories/index.ts';
import { CHECK_BATCH } from './imports.service.ts';

/**
 * The run: a background job (here the in-process runner, on both databases) that applies the
 * rows in batches through the records' write path, the report of every row, the same file
 * imported twice, and undo.
 */
let t: TestApp;
let staff: Agent;
let colleague: Agent;
let viewer: Agent;
const run = randomUUID().slice(0, 6);

beforeAll(async () => {
  t = await createTestApp({}, { jobs: { work: true, queue: 'in-process' } });
  staff = await t.signIn('staff');
  colleague = await t.signIn('staff');
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

function multipart(fileName: string, bytes: Buffer) {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  return {
    body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function uploaded(fileName: string, text: string, kind = 'partners'): Promise<ImportDto> {
  const form = multipart(fileName, Buffer.from(text));
  const response = await t.call(staff, 'POST', `/api/v1/imports?kind=${kind}`, form.body, {
    'content-type': form.contentType,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const get = async (id: string): Promise<ImportDto> =>
  (await t.call(staff, 'GET', `/api/v1/imports/${id}`)).json();

/** Starts the run and waits for the job to see it through (drain: no sleeping). */
async function ran(id: string, path = 'run'): Promise<ImportDto> {
  const started = await t.call(staff, 'POST', `/api/v1/imports/${id}/${path}`);
  expect(started.statusCode, started.body).toBe(202);
  await t.app.jobs.drain();
  return get(id);
}

const partnersNamed = (prefix: string) =>
  queryRows<{ id: string; name: string; city: string | null; version: number }>(
    t.db,
    sql`select id, name, city, version from partners where name like ${`${prefix}%`} order by name`,
  );

const report = async (id: string, format = 'csv') => {
  const response = await t.call(staff, 'GET', `/api/v1/imports/${id}/report?format=${format}`);
  expect(response.statusCode, response.body).toBe(200);
  return response;
};
const reportRows = async (id: string) =>
  Papa.parse<Record<string, string>>((await report(id)).rawPayload.toString('utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;

const messageOf = (body: string, field: string) =>
  (JSON.parse(body).errors as { field: string; message: string }[]).find((e) => e.field === field)?.message;

describe('run', () => {
  it('is refused while a required field is unmapped, naming it, and nothing is written', async () => {
    const created = await uploaded('no-type.csv', `Organisation,Town\nNo type ${run},Leeds\n`);
    const refused = await t.call(staff, 'POST', `/api/v1/imports/${created.id}/run`);
    expect(refused.statusCode).toBe(400);
    expect(messageOf(refused.body, 'mapping.type')).toBe(
      'Partner type is required: choose the column that holds it',
    );
    await t.app.jobs.drain();
    expect((await get(created.id)).run).toMatchObject({ status: 'uploaded', rowsDone: 0 });
    expect(await partnersNamed(`No type ${run}`)).toEqual([]);
  });

  it('is for the uploader, and staff: others find no import, a viewer may not, a crafted id is a 400', async () => {
    const created = await uploaded('mine.csv', `Org,Type\nMine ${run},Employer\n`);
    expect((await t.call(colleague, 'POST', `/api/v1/imports/${created.id}/run`)).statusCode).toBe(404);
    expect((await t.call(colleague, 'GET', `/api/v1/imports/${created.id}/report`)).statusCode).toBe(404);
    expect((await t.call(viewer, 'POST', `/api/v1/imports/${created.id}/run`)).statusCode).toBe(403);
    expect((await t.call(staff, 'POST', `/api/v1/imports/${randomUUID()}/run`)).statusCode).toBe(404);
    expect((await t.call(staff, 'POST', '/api/v1/imports/%00;drop/run')).statusCode).toBe(400);
    expect((await t.call(staff, 'GET', `/api/v1/imports/${created.id}/report?format=pdf`)).statusCode).toBe(
      400,
    );
    // Not run yet: no report.
    expect((await t.call(staff, 'GET', `/api/v1/imports/${created.id}/report`)).statusCode).toBe(409);
  });

  it(`applies ${(CHECK_BATCH * 2 + 234).toLocaleString('en-GB')} rows in batches through the write path, following the choices, and reports every row`, async () => {
    const existing = await buildPartner(t.db, { name: `Ashdown Building Society ${run}` });
    const skipped = await buildPartner(t.db, { name: `Brinkley Engineering ${run}` });
    const total = CHECK_BATCH * 2 + 234;
    const lines = ['Org,Type,Town,Web'];
    lines.push(`Ashdown Building Society ${run},Employer,Ashdown,`); // row 2: update the existing
    lines.push(`Brinkley Engineering ${run},Employer,Leeds,`); // row 3: skipped as chosen
    lines.push(`=HYPERLINK("http://evil.example";"open") ${run},Employer,,`); // row 4: a formula
    lines.push(`@SUM(A1) ${run},Employer,,`); // row 5
    lines.push(`-2+3 ${run},Employer,,`); // row 6
    lines.push(`+44 Group ${run},Employer,,`); // row 7
    lines.push(`Bad website ${run},Employer,,not a web address`); // row 8: fails
    lines.push(`Nope type ${run},Ventures,,`); // row 9: fails
    for (let i = lines.length; i <= total; i++)
      lines.push(`Bulk ${run} ${String(i).padStart(5, '0')},Employer,York,`);
    const created = await uploaded('partners.csv', `${lines.join('\n')}\n`);
    expect(created.rowCount).toBe(total);
    const choices = {
      all: null,
      rows: {
        '2': { action: 'update', recordId: existing.id, fields: ['city'] },
        '3': { action: 'skip' },
      },
    };
    expect((await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, { choices })).statusCode).toBe(200);

    const done = await ran(created.id);
    expect(done.run).toMatchObject({
      status: 'finished',
      rowsDone: total,
      created: total - 4,
      updated: 1,
      skipped: 1,
      failed: 2,
      secondsLeft: null,
    });
    expect(done.run.rowsPerSecond).toBeGreaterThan(0);
    expect(Date.parse(done.run.undoableUntil!) - Date.parse(done.run.finishedAt!)).toBe(7 * 86_400_000);
    // Once run, the mapping and choices stay as they were.
    const late = await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, { choices });
    expect(late.statusCode).toBe(409);
    expect((await t.call(staff, 'POST', `/api/v1/imports/${created.id}/run`)).statusCode).toBe(409);

    expect(await partnersNamed(`Bulk ${run}`)).toHaveLength(total - 8);
    const [updated] = await partnersNamed(`Ashdown Building Society ${run}`);
    expect(updated).toMatchObject({ id: existing.id, city: 'Ashdown', version: existing.version + 1 });
    expect((await partnersNamed(`Brinkley Engineering ${run}`)).map((p) => p.id)).toEqual([skipped.id]);
    // Each write has its history entry and its event, marked with the import.
    const history = await queryRows<{ action: string; n: number }>(
      t.db,
      sql`select action, count(*)::int as n from audit_log where request_id = ${`import:${created.id}`} group by action order by action`,
    );
    expect(history).toEqual([
      { action: 'create', n: total - 4 },
      { action: 'update', n: 1 },
    ]);
    const [events] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from events where request_id = ${`import:${created.id}`} and name = 'partner.created'`,
    );
    expect(events!.n).toBe(total - 4);

    const rows = await reportRows(created.id);
    expect(rows).toHaveLength(total);
    expect(rows.map((r) => Number(r.Row))).toEqual(Array.from({ length: total }, (_, i) => i + 2));
    expect(rows[0]).toMatchObject({
      'What happened': 'Updated',
      'Rapport id': existing.id,
      Why: 'changed city',
    });
    expect(rows[1]).toMatchObject({ 'What happened': 'Skipped', 'Rapport id': '' });
    expect(rows[1]!.Why).toContain('skipped as chosen');
    expect(rows[6]).toMatchObject({
      'What happened': 'Failed',
      Why: 'Web is not a web address: "not a web address"',
    });
    expect(rows[7]!.Why).toContain('Type names no partner type: "Ventures"');
    // What the file held, written back out, never runs as a formula.
    expect(rows.slice(2, 6).map((r) => r.Name)).toEqual([
      `'=HYPERLINK("http://evil.example";"open") ${run}`,
      `'@SUM(A1) ${run}`,
      `'-2+3 ${run}`,
      `'+44 Group ${run}`,
    ]);
    const xlsx = await report(created.id, 'xlsx');
    expect(xlsx.headers['content-disposition']).toMatch(
      /^attachment; filename="partners-import-report-.*\.xlsx"$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Report')!;
    expect(sheet.rowCount).toBe(total + 1);
    expect(sheet.getRow(4).getCell(3).value).toBe(`'=HYPERLINK("http://evil.example";"open") ${run}`);
    expect(sheet.getRow(4).getCell(3).formula).toBeUndefined();
  }, 240_000);

  it('skips a row with matches and no choice, saying why, rather than making a duplicate', async () => {
    const existing = await buildPartner(t.db, { name: `Calder Valley Trust ${run}` });
    const created = await uploaded(
      'undecided.csv',
      `Org,Type\nCalder Valley Trust ${run},Charity or Community group\n`,
    );
    const done = await ran(created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 0, skipped: 1 });
    expect((await partnersNamed(`Calder Valley Trust ${run}`)).map((p) => p.id)).toEqual([existing.id]);
    expect((await reportRows(created.id))[0]!.Why).toContain('and no choice was made for it');
  });

  it('still finds a similar contact in Rapport when the rows it created in earlier batches would fill the five most alike', async () => {
    // Names of its own: other tests here look for contacts by the run's suffix.
    const tag = randomUUID().slice(0, 6);
    const partner = await buildPartner(t.db, { name: `Marsden Foundry ${tag}` });
    const existing = await buildContact(t.db, { name: `Orla Penington ${tag}`, emails: [] });
    await buildAffiliation(t.db, { contactId: existing.id, partnerId: partner.id });
    // Six rows of the first batch spell the name of a row in the second batch with other
    // punctuation: to pg_trgm the very same name (similarity 1, above the contact in Rapport),
    // yet no repeat within the file (that is the same name in any case). The run creates them;
    // were its own contacts taken away only after the five most alike were kept, the row below
    // would keep none but them, and then nothing at all.
    const variants = [
      `Orla Pennington, ${tag}`,
      `Orla-Pennington ${tag}`,
      `Orla Pennington. ${tag}`,
      `Orla Pennington ${tag}!`,
      `(Orla Pennington) ${tag}`,
      `Orla "Pennington" ${tag}`,
    ];
    const lines = ['Full name,Organisation'];
    for (const name of variants) lines.push(`"${name.replace(/"/g, '""')}",Marsden Foundry ${tag}`);
    for (let i = lines.length; i <= CHECK_BATCH; i++) lines.push(`Filler ${i} ${tag},`);
    const probeRow = lines.length + 1; // the first row of the second batch (row 1 is the headings)
    lines.push(`Orla Pennington ${tag},Marsden Foundry ${tag}`);
    const created = await uploaded('own-five.csv', lines.join('\n'), 'contacts');
    const rows: Record<string, { action: 'create' | 'update' }> = {};
    for (let row = 2; row < 2 + variants.length; row++) rows[String(row)] = { action: 'create' };
    rows[String(probeRow)] = { action: 'update' };
    const patched = await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, {
      choices: { all: null, rows },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const done = await ran(created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: CHECK_BATCH, updated: 1, failed: 0 });
    const [probe] = await queryRows<{ outcome: string; record_id: string }>(
      t.db,
      sql`select outcome, record_id from import_rows where import_id = ${created.id} and "row" = ${probeRow}`,
    );
    expect(probe).toEqual({ outcome: 'updated', record_id: existing.id });
    const [renamed] = await queryRows<{ name: string }>(
      t.db,
      sql`select name from contacts where id = ${existing.id}`,
    );
    expect(renamed!.name).toBe(`Orla Pennington ${tag}`);
  });

  it('compares a contact a row renamed by its name before the run, as the preview did', async () => {
    const tag = randomUUID().slice(0, 6);
    const partner = await buildPartner(t.db, { name: `Ilkley Tanners ${tag}` });
    const known = await buildContact(t.db, {
      name: `Gareth Lowry ${tag}`,
      emails: [`gareth.${tag}@ilkley.example`],
    });
    await buildAffiliation(t.db, { contactId: known.id, partnerId: partner.id });
    // The first row updates the contact by its address, and renames it; a row of the second
    // batch is alike to that new name (not to the old one) at the same partner.
    const lines = ['Full name,E-mail,Organisation'];
    lines.push(`Person 49 Bench ${tag},gareth.${tag}@ilkley.example,Ilkley Tanners ${tag}`);
    for (let i = lines.length; i <= CHECK_BATCH; i++) lines.push(`Filler ${i} ${tag},,`);
    const laterRow = lines.length + 1;
    lines.push(`Person 5049 Bench ${tag},,Ilkley Tanners ${tag}`);
    const created = await uploaded('renamed.csv', lines.join('\n'), 'contacts');
    const preview = await t.call(staff, 'GET', `/api/v1/imports/${created.id}/preview?duplicates=50`);
    expect(preview.statusCode, preview.body).toBe(200);
    const shown = preview.json<{ duplicates: { row: number }[] }>().duplicates.map((d) => d.row);
    expect(shown).toEqual([2]);
    const patched = await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, {
      choices: { all: 'update', rows: {} },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const done = await ran(created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: CHECK_BATCH, updated: 1, failed: 0 });
    const [later] = await queryRows<{ outcome: string; record_id: string }>(
      t.db,
      sql`select outcome, record_id from import_rows where import_id = ${created.id} and "row" = ${laterRow}`,
    );
    expect(later!.outcome).toBe('created');
    expect(later!.record_id).not.toBe(known.id);
    const [after] = await queryRows<{ name: string; emails: string[] }>(
      t.db,
      sql`select name, emails from contacts where id = ${known.id}`,
    );
    expect(after).toEqual({ name: `Person 49 Bench ${tag}`, emails: [`gareth.${tag}@ilkley.example`] });
  });
});

describe('the same file again', () => {
  it('is recognised, and updating for all alike changes the records the first run created instead of duplicating them', async () => {
    const text = `Org,Type,Town\nDenholm Mills ${run},Employer,Halifax\nEston Works ${run},Employer,Redcar\n`;
    const first = await uploaded('mills.csv', text);
    expect((await ran(first.id)).run.created).toBe(2);
    const created = await partnersNamed(`Denholm Mills ${run}`);

    const again = await uploaded('mills (2).csv', text);
    expect(again.sameFileAs).toMatchObject({ id: first.id, status: 'finished', created: 2 });
    await t.call(staff, 'PATCH', `/api/v1/imports/${again.id}`, { choices: { all: 'update', rows: {} } });
    const done = await ran(again.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 0, failed: 0 });
    expect(done.run.updated + done.run.skipped).toBe(2);
    expect(await partnersNamed(`Denholm Mills ${run}`)).toEqual(created);
    expect(await partnersNamed(`Eston Works ${run}`)).toHaveLength(1);
    const rows = await reportRows(again.id);
    expect(rows[0]).toMatchObject({
      'Rapport id': created[0]!.id,
      Why: expect.stringContaining('nothing to change'),
    });
  });
});

describe('undo', () => {
  it('removes what the import created and puts back what it changed, with history entries', async () => {
    const partner = await buildPartner(t.db, { name: `Fenwick College ${run}` });
    const known = await buildContact(t.db, {
      name: `Gail Hartley ${run}`,
      emails: [`gail.${run}@fenwick.example`],
      jobTitle: 'Careers adviser',
    });
    const text = [
      'Full name,E-mail,Job title,Organisation',
      `Gail Hartley ${run},gail.${run}@fenwick.example,Head of careers,Fenwick College ${run}`,
      `Ivo Jansen ${run},ivo.${run}@fenwick.example,Technical liaison,Fenwick College ${run}`,
      `Jo Kaur ${run},jo.${run}@fenwick.example,Early careers adviser,`,
    ].join('\n');
    const created = await uploaded('contacts.csv', text, 'contacts');
    await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, { choices: { all: 'update', rows: {} } });
    const done = await ran(created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 2, updated: 1 });
    const people = () =>
      queryRows<{ id: string; name: string; job_title: string | null }>(
        t.db,
        sql`select id, name, job_title from contacts where name like ${`%${run}`} order by name`,
      );
    expect((await people()).map((p) => [p.name, p.job_title])).toEqual([
      [`Gail Hartley ${run}`, 'Head of careers'],
      [`Ivo Jansen ${run}`, 'Technical liaison'],
      [`Jo Kaur ${run}`, 'Early careers adviser'],
    ]);
    const links = () =>
      queryRows<{ contact_id: string }>(
        t.db,
        sql`select contact_id from affiliations where partner_id = ${partner.id}`,
      );
    expect(await links()).toHaveLength(2);

    const undone = await ran(created.id, 'undo');
    expect(undone.run).toMatchObject({ status: 'undone', undone: 3 });
    expect(await people()).toEqual([
      { id: known.id, name: `Gail Hartley ${run}`, job_title: 'Careers adviser' },
    ]);
    expect(await links()).toEqual([]);
    const history = await queryRows<{ entity: string; action: string; n: number }>(
      t.db,
      sql`select entity, action, count(*)::int as n from audit_log
          where request_id = ${`import:${created.id}`} group by entity, action order by entity, action`,
    );
    expect(history).toEqual([
      { entity: 'affiliation', action: 'create', n: 2 },
      { entity: 'affiliation', action: 'delete', n: 2 },
      { entity: 'contact', action: 'create', n: 2 },
      { entity: 'contact', action: 'delete', n: 2 },
      { entity: 'contact', action: 'update', n: 2 },
    ]);
    const rows = await reportRows(created.id);
    expect(rows.map((r) => r.Why)).toEqual([
      `changed jobTitle, a role at Fenwick College ${run}; put back on undo`,
      'removed on undo',
      'removed on undo',
    ]);
    expect((await t.call(staff, 'POST', `/api/v1/imports/${created.id}/undo`)).statusCode).toBe(409);
  });

  it('folds several rows changing one contact in a batch into one change, one history entry and one event, and undo puts it back', async () => {
    const partner = await buildPartner(t.db, { name: `Harrow Works ${run}` });
    const known = await buildContact(t.db, {
      name: `Maren Holt ${run}`,
      emails: [`maren.${run}@harrow.example`],
      jobTitle: 'Careers adviser',
    });
    await buildAffiliation(t.db, { contactId: known.id, partnerId: partner.id });
    // Three rows of one batch: the first by its e-mail, the other two by a similar name there.
    const text = [
      'Full name,E-mail,Job title,Organisation',
      `Maren Holt ${run},maren.${run}@harrow.example,Head of careers,Harrow Works ${run}`,
      `Maren Holte ${run},,Director of careers,Harrow Works ${run}`,
      `Maren J Holt ${run},maren.j.${run}@harrow.example,,Harrow Works ${run}`,
    ].join('\n');
    const created = await uploaded('one-contact-thrice.csv', text, 'contacts');
    await t.call(staff, 'PATCH', `/api/v1/imports/${created.id}`, { choices: { all: 'update', rows: {} } });
    const done = await ran(created.id);
    expect(done.run).toMatchObject({ status: 'finished', created: 0, updated: 3, failed: 0 });
    const contact = async () =>
      (
        await queryRows<{ name: string; job_title: string | null; emails: string[]; version: number }>(
          t.db,
          sql`select name, job_title, emails, version from contacts where id = ${known.id}`,
        )
      )[0]!;
    // The final values: each row's change applied over the rows above it.
    expect(await contact()).toMatchObject({
      name: `Maren J Holt ${run}`,
      job_title: 'Director of careers',
      emails: [`maren.${run}@harrow.example`, `maren.j.${run}@harrow.example`],
      version: known.version + 1,
    });
    const counts = async () =>
      (
        await queryRows<{ audits: number; events: number }>(
          t.db,
          sql`select (select count(*)::int from audit_log where request_id = ${`import:${created.id}`}
                        and entity = 'contact' and entity_id = ${known.id}) as audits,
                     (select count(*)::int from events where request_id = ${`import:${created.id}`}
                        and entity = 'contact' and entity_id = ${known.id}) as events`,
        )
      )[0]!;
    expect(await counts()).toEqual({ audits: 1, events: 1 });
    const [entry] = await queryRows<{ after: { name: string; jobTitle: string } }>(
      t.db,
      sql`select "after" from audit_log where request_id = ${`import:${created.id}`} and entity_id = ${known.id}`,
    );
    expect(entry!.after).toMatchObject({ name: `Maren J Holt ${run}`, jobTitle: 'Director of careers' });
    expect((await reportRows(created.id)).map((r) => r['What happened'])).toEqual([
      'Updated',
      'Updated',
      'Updated',
    ]);

    const undone = await ran(created.id, 'undo');
    expect(undone.run).toMatchObject({ status: 'undone', undone: 3 });
    expect(await contact()).toMatchObject({
      name: `Maren Holt ${run}`,
      job_title: 'Careers adviser',
      emails: [`maren.${run}@harrow.example`],
    });
  });

  it('may be asked for by the person who ran it or an administrator, no one else', async () => {
    const administrator = await t.signIn('administrator');
    const created = await uploaded('whose.csv', `Org,Type\nWhose Partner ${run},Employer\n`);
    await ran(created.id);
    // A colleague does not see another's import at all; a viewer may not import or undo.
    const byColleague = await t.call(colleague, 'POST', `/api/v1/imports/${created.id}/undo`);
    expect(byColleague.statusCode).toBe(404);
    expect(byColleague.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.call(viewer, 'POST', `/api/v1/imports/${created.id}/undo`)).statusCode).toBe(403);
    expect((await get(created.id)).run.status).toBe('finished');
    expect(await partnersNamed(`Whose Partner ${run}`)).toHaveLength(1);

    // An administrator undoes anyone's, and the history names the administrator.
    const started = await t.call(administrator, 'POST', `/api/v1/imports/${created.id}/undo`);
    expect(started.statusCode, started.body).toBe(202);
    await t.app.jobs.drain();
    expect((await get(created.id)).run).toMatchObject({ status: 'undone', undone: 1 });
    expect(await partnersNamed(`Whose Partner ${run}`)).toEqual([]);
    const writers = await queryRows<{ action: string; actor_user_id: string }>(
      t.db,
      sql`select action, actor_user_id from audit_log
          where request_id = ${`import:${created.id}`} and entity = 'partner' order by id`,
    );
    expect(writers).toEqual([
      { action: 'create', actor_user_id: staff.user.id },
      { action: 'delete', actor_user_id: administrator.user.id },
    ]);
  });

  it('by an administrator is bound by the period too', async () => {
    const administrator = await t.signIn('administrator');
    const created = await uploaded('late-admin.csv', `Org,Type\nMoorside Almshouses ${run},Employer\n`);
    await ran(created.id);
    await t.db.insert(settings).values({ key: 'import.undo_days', value: 0 });
    try {
      const refused = await t.call(administrator, 'POST', `/api/v1/imports/${created.id}/undo`);
      expect(refused.statusCode).toBe(409);
      expect(messageOf(refused.body, 'status')).toMatch(/can be undone within 0 days of its run/);
      expect(await partnersNamed(`Moorside Almshouses ${run}`)).toHaveLength(1);
    } finally {
      await t.db.execute(sql`delete from settings where key = 'import.undo_days'`);
    }
  });

  it('is refused after the period the setting gives, naming it, and changes nothing', async () => {
    const created = await uploaded('late.csv', `Org,Type\nLate Partner ${run},Employer\n`);
    await ran(created.id);
    await t.db.insert(settings).values({ key: 'import.undo_days', value: 0 });
    try {
      const refused = await t.call(staff, 'POST', `/api/v1/imports/${created.id}/undo`);
      expect(refused.statusCode).toBe(409);
      expect(messageOf(refused.body, 'status')).toMatch(
        /^finished on \d{1,2} \w+ \d{4}: an import can be undone within 0 days of its run \(the import\.undo_days setting\)$/,
      );
      expect((await get(created.id)).run.status).toBe('finished');
      expect(await partnersNamed(`Late Partner ${run}`)).toHaveLength(1);
    } finally {
      await t.db.execute(sql`delete from settings where key = 'import.undo_days'`);
    }
  });
});

describe('earlier imports', () => {
  it("lists one's own (an administrator's list: everyone's) and gives back the file as uploaded, to them alone", async () => {
    const text = `Org,Type\nListed Partner ${run},Employer\n`;
    const created = await uploaded('listed.csv', text);
    const mine = (await t.call(staff, 'GET', '/api/v1/imports')).json<{ items: ImportDto[] }>();
    expect(mine.items[0]).toMatchObject({ id: created.id, fileName: 'listed.csv' });
    const theirs = (await t.call(colleague, 'GET', '/api/v1/imports')).json<{ items: ImportDto[] }>();
    expect(theirs.items.map((i) => i.id)).not.toContain(created.id);
    const administrator = await t.signIn('administrator');
    const all = (await t.call(administrator, 'GET', '/api/v1/imports')).json<{ items: ImportDto[] }>();
    expect(all.items.map((i) => i.id)).toContain(created.id);
    expect((await t.call(viewer, 'GET', '/api/v1/imports')).statusCode).toBe(403);

    const file = await t.call(staff, 'GET', `/api/v1/imports/${created.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe(text);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="?listed\.csv"?$/);
    expect((await t.call(administrator, 'GET', `/api/v1/imports/${created.id}/file`)).statusCode).toBe(200);
    const notTheirs = await t.call(colleague, 'GET', `/api/v1/imports/${created.id}/file`);
    expect(notTheirs.statusCode).toBe(404);
    expect(notTheirs.body).not.toContain('Listed Partner');
    const bad = await t.call(staff, 'GET', '/api/v1/imports/not-an-id/file');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id');
  });
});

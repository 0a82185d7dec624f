import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDto } from '../../../../common/src/contracts/imports.ts';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner } from '../../test/factories/index.ts';
import { openSqlCapture } from '../../test/sql-capture.ts';
import { importFilesIn } from '../attachments/storage.ts';
import { CHECK_BATCH, IMPORT_MAX_BYTES } from './imports.service.ts';
import { runPendingImports } from './running.ts';

/**
 * A batch costs a fixed number of statements, whatever its size: the rows that create records
 * are written together (the records, their affiliations, their history entries and events, each
 * one multi-row insert), and the duplicate checks are one lookup per batch. Counted as the
 * statements the run sends for one batch of a few rows and for one batch ten times larger.
 */
let t: TestApp;
let staff: Agent;
const run = randomUUID().slice(0, 6);

beforeAll(async () => {
  // The jobs are sent, not run: the test runs the import itself, on a handle that counts.
  t = await createTestApp();
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

function multipart(fileName: string, text: string) {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  return {
    body: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`,
    ),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Uploads the file, starts its run, and runs it on a handle that records each statement. */
async function statementsOfRun(
  kind: string,
  fileName: string,
  lines: string[],
  all: 'create' | 'update' = 'create',
) {
  const form = multipart(fileName, `${lines.join('\n')}\n`);
  const uploaded = await t.call(staff, 'POST', `/api/v1/imports?kind=${kind}`, form.body, {
    'content-type': form.contentType,
  });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const id = uploaded.json<ImportDto>().id;
  // The rows are alike (a number apart): each is created, as chosen, though it looks like another
  // (or, told to update, each updates the record it names).
  const chose = await t.call(staff, 'PATCH', `/api/v1/imports/${id}`, {
    choices: { all, rows: {} },
  });
  expect(chose.statusCode, chose.body).toBe(200);
  const started = await t.call(staff, 'POST', `/api/v1/imports/${id}/run`);
  expect(started.statusCode, started.body).toBe(202);
  const capture = await openSqlCapture(t.database);
  try {
    const statements = await capture.capture((db) =>
      runPendingImports({
        storage: importFilesIn(t.attachmentsDir),
        maxBytes: IMPORT_MAX_BYTES,
        partnerSimilarity: 0.6,
        db,
        jobs: t.app.jobs,
        log: pino({ level: 'silent' }),
      }),
    );
    const done = (await t.call(staff, 'GET', `/api/v1/imports/${id}`)).json<ImportDto>();
    return { statements: statements.length, run: done.run, id };
  } finally {
    await capture.close();
  }
}

const SMALL = 40;
const LARGE = 400;

describe('a batch of the run', () => {
  it('writes contacts with their affiliations in a fixed number of statements, whatever its size', async () => {
    expect(LARGE).toBeLessThanOrEqual(CHECK_BATCH);
    // Each file its own partners: a contact alike at the same partner is a match (one lookup more).
    const partnersOf = async (tag: string) => [
      await buildPartner(t.db, { name: `Calder Valley Mills ${tag} ${run}` }),
      await buildPartner(t.db, { name: `Denholm Optics ${tag} ${run}` }),
    ];
    const partners = { s: await partnersOf('s'), l: await partnersOf('l') };
    const file = (size: number, tag: 's' | 'l') => [
      'Full name,E-mail,Job title,Organisation',
      ...Array.from(
        { length: size },
        (_, i) =>
          `Person ${tag}${i} ${run},person.${tag}${i}.${run}@statements.example,Talent partner,${partners[tag][i % 2]!.name}`,
      ),
    ];
    const small = await statementsOfRun('contacts', 'small.csv', file(SMALL, 's'));
    const large = await statementsOfRun('contacts', 'large.csv', file(LARGE, 'l'));
    expect(small.run).toMatchObject({ status: 'finished', created: SMALL, failed: 0 });
    expect(large.run).toMatchObject({ status: 'finished', created: LARGE, failed: 0 });
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThan(60);

    // Each contact and each affiliation has its history entry and its event, as one at a time would.
    const [counts] = await queryRows<{
      contacts: number;
      affiliations: number;
      audits: number;
      events: number;
    }>(
      t.db,
      sql`with made as (select record_id as id from import_rows where import_id = ${large.id} and outcome = 'created')
          select (select count(*)::int from contacts where id in (select id from made)) as contacts,
                 (select count(*)::int from affiliations where contact_id in (select id from made)) as affiliations,
                 (select count(*)::int from audit_log where request_id = ${`import:${large.id}`}) as audits,
                 (select count(*)::int from events where request_id = ${`import:${large.id}`}) as events`,
    );
    expect(counts).toEqual({ contacts: LARGE, affiliations: LARGE, audits: 2 * LARGE, events: 2 * LARGE });
    const [first] = await queryRows<{ id: string }>(
      t.db,
      sql`select record_id as id from import_rows where import_id = ${large.id} order by row limit 1`,
    );
    const shapes = await queryRows<{ name: string; after: Record<string, unknown> }>(
      t.db,
      sql`select name, payload->'after' as after from events
          where request_id = ${`import:${large.id}`}
            and (entity_id = ${first!.id} or payload->'after'->>'contactId' = ${first!.id}) order by id`,
    );
    expect(shapes.map((s) => s.name)).toEqual(['contact.created', 'affiliation.created']);
    expect(shapes[0]!.after).toMatchObject({
      id: first!.id,
      name: `Person l0 ${run}`,
      emails: [`person.l0.${run}@statements.example`],
      affiliations: [],
    });
    expect(shapes[1]!.after).toMatchObject({
      contactId: first!.id,
      partnerId: partners.l[0]!.id,
      role: 'Contact',
    });
  });

  it('writes partners in a fixed number of statements, whatever its size', async () => {
    const file = (size: number, tag: string) => [
      'Org,Type,Town',
      ...Array.from(
        { length: size },
        // Names nothing alike, so neither file matches what the other created (one lookup more).
        () => `${tag} ${randomUUID().replace(/-/g, '')},Employer,York`,
      ),
    ];
    const small = await statementsOfRun('partners', 'small-partners.csv', file(SMALL, 'small'));
    const large = await statementsOfRun('partners', 'large-partners.csv', file(LARGE, 'large'));
    expect(small.run).toMatchObject({ status: 'finished', created: SMALL, failed: 0 });
    expect(large.run).toMatchObject({ status: 'finished', created: LARGE, failed: 0 });
    expect(large.statements).toBe(small.statements);
  });

  it('updates partners in a fixed number of statements, whatever its size', async () => {
    const names = (size: number, tag: string) =>
      Array.from({ length: size }, () => `${tag} ${randomUUID().replace(/-/g, '')}`);
    const file = (list: string[], town: string) => [
      'Org,Type,Town',
      ...list.map((n) => `${n},Employer,${town}`),
    ];
    const small = names(SMALL, 'updated-small');
    const large = names(LARGE, 'updated-large');
    // Brought in first, then the same partners in another town: each row updates its own.
    await statementsOfRun('partners', 'small-partners-york.csv', file(small, 'York'));
    await statementsOfRun('partners', 'large-partners-york.csv', file(large, 'York'));
    const smallRun = await statementsOfRun(
      'partners',
      'small-partners-leeds.csv',
      file(small, 'Leeds'),
      'update',
    );
    const largeRun = await statementsOfRun(
      'partners',
      'large-partners-leeds.csv',
      file(large, 'Leeds'),
      'update',
    );
    expect(smallRun.run).toMatchObject({ status: 'finished', updated: SMALL, failed: 0 });
    expect(largeRun.run).toMatchObject({ status: 'finished', updated: LARGE, failed: 0 });
    expect(largeRun.statements).toBe(smallRun.statements);
    const [moved] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from partners where name like 'updated-% %' and city = 'Leeds' and version = 2`,
    );
    expect(moved!.n).toBe(SMALL + LARGE);
  });

  it('records touch points through their bulk path in a fixed number of statements, whatever its size', async () => {
    const partners = [
      await buildPartner(t.db, { name: `Eastbrook Foundry ${run}` }),
      await buildPartner(t.db, { name: `Fenwick Dairies ${run}` }),
    ];
    const email = staff.user.email;
    const file = (size: number, tag: string) => [
      'Organisation,Date,Type,Subject,Attendees',
      ...Array.from(
        { length: size },
        (_, i) => `${partners[i % 2]!.name},05/03/2026,Call,Call ${tag} ${i} ${run},${email}`,
      ),
    ];
    const small = await statementsOfRun('touchpoints', 'small-touch-points.csv', file(SMALL, 'small'));
    const large = await statementsOfRun('touchpoints', 'large-touch-points.csv', file(LARGE, 'large'));
    expect(small.run).toMatchObject({ status: 'finished', created: SMALL, failed: 0 });
    expect(large.run).toMatchObject({ status: 'finished', created: LARGE, failed: 0 });
    expect(large.statements).toBe(small.statements);
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Db, queryRows } from '../../db/client.ts';
import { openTestDatabase } from '../../test/database.ts';
import { capturedStatements, flatten, inline, type PlanNode } from '../../test/explain.ts';
import { buildAffiliation, buildContact, buildPartner, buildUser } from '../../test/factories/index.ts';
import { sameRoleAffiliations } from '../affiliations/affiliations.repository.ts';
import { contactsLike } from './imports.repository.ts';

/**
 * What a run's batch of contacts reads of the roles already held (issue 14). The run adds a
 * contact and a role at a partner each row; each batch's duplicate check compares the rows with
 * the contacts the partner had when the run began, and each write checks its contacts for the
 * same role. Both read the roles they need, however many the run added before: read by the
 * partner alone, each batch read every role the batches before it wrote (the run slowed down
 * batch by batch). The statistics are those from before the crowd, as during a run on a
 * PostgreSQL without autovacuum.
 */
let database: Database;
let db: Db;
const run = randomUUID().slice(0, 6);
const CROWD = 2000;
let partnerId: string;
let importId: string;
let known: { id: string; name: string; email: string };
let crowd: { id: string; email: string }[];

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  const partner = await buildPartner(db, { name: `Northgate Foods ${run}` });
  partnerId = partner.id;
  const user = await buildUser(db, { role: 'staff' });
  // One contact held before the run, and the run itself, begun a minute ago.
  const contact = await buildContact(db, {
    name: `Harriet Okafor ${run}`,
    emails: [`harriet.${run}@northgate.example`],
    createdAt: sql`now() - interval '1 hour'` as unknown as Date,
  });
  known = { id: contact.id, name: contact.name, email: contact.emails[0]! };
  await buildAffiliation(db, {
    contactId: contact.id,
    partnerId,
    createdAt: sql`now() - interval '1 hour'` as unknown as Date,
  });
  const [job] = await queryRows<{ id: string }>(
    db,
    sql`insert into imports (id, kind, file_name, size, sha256, storage_key, format, columns, row_count,
                             uploaded_by_id, status, started_at)
        values (gen_random_uuid(), 'contacts', 'contacts.csv', 1, ${run}, ${`contacts-like-${run}`}, 'csv', '{}', ${CROWD},
                ${user.id}, 'running', now() - interval '1 minute')
        returning id`,
  );
  importId = job!.id;
  // What else Rapport held (as the demo data): 600 contacts with a role at one of 200 partners.
  await db.execute(
    sql`with p as (
          insert into partners (id, name, type_id)
          select gen_random_uuid(), 'Held ' || i || ${` ${run}`}, ${partner.typeId}::uuid from generate_series(1, 200) as i
          returning id
        ), pi as (select id, row_number() over () as n from p),
        c as (
          insert into contacts (id, name, emails, created_at)
          select gen_random_uuid(), 'Held Contact ' || i, array['held.' || i || ${`.${run}@held.example`}], now() - interval '1 hour'
            from generate_series(1, 600) as i
          returning id
        ), ci as (select id, row_number() over () as n from c)
        insert into affiliations (id, contact_id, partner_id, role, created_at)
        select gen_random_uuid(), ci.id, pi.id, 'Contact', now() - interval '1 hour'
          from ci join pi on pi.n = 1 + ci.n % 200`,
  );
  await db.execute(sql`analyze partners`);
  await db.execute(sql`analyze affiliations`);
  await db.execute(sql`analyze contacts`);
  // The run's own contacts at the partner, written since it began.
  crowd = await queryRows<{ id: string; email: string }>(
    db,
    sql`with c as (
          insert into contacts (id, name, emails)
          select gen_random_uuid(), 'Person ' || i || ' Bench', array['person.' || i || ${`.${run}@bench.example`}]
            from generate_series(1, ${CROWD}) as i
          returning id, emails[1] as email
        ), a as (
          insert into affiliations (id, contact_id, partner_id, role)
          select gen_random_uuid(), id, ${partnerId}::uuid, 'Contact' from c
        )
        select id, email from c`,
  );
});
afterAll(() => database.close());

const probe = (row: number, name: string, email: string | null = null) => ({
  row,
  name,
  email,
  partnerId,
});

/** The nodes of `plan` that read the table, and how many rows they fetched in all. */
function fetchedFrom(plan: PlanNode, table: string) {
  const nodes = flatten(plan).filter((n) => n['Relation Name'] === table);
  return {
    nodes,
    rows: Math.round(nodes.reduce((sum, n) => sum + n['Actual Rows'] * n['Actual Loops'], 0)),
  };
}

/** The plan of the statement `work` sends that starts with `start`, run with its parameters. */
async function planOf(work: (handle: Db) => Promise<unknown>, start: string) {
  const sent = await capturedStatements(database, work);
  const statement = sent.find((s) => s.query.trimStart().startsWith(start));
  if (!statement) throw new Error(`no statement starting "${start}" was sent`);
  const [row] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    db,
    sql`explain (analyze, format json) ${sql.raw(inline(statement))}`,
  );
  return row!['QUERY PLAN'][0].Plan;
}

describe("a run's batch of contacts", () => {
  it('matches the contacts held when the run began, by name at the partner and by e-mail, not its own', async () => {
    const found = await contactsLike(
      db,
      [
        probe(2, `Harriet Okafor ${run}`),
        probe(3, 'Someone Else Entirely', known.email),
        probe(4, 'Person 7 Bench', crowd[6]!.email),
      ],
      0.5,
      importId,
    );
    expect(found.map((m) => [m.row, m.id, m.sameEmail]).sort()).toEqual([
      [2, known.id, false],
      [3, known.id, true],
    ]);
    // Outside a run, the crowd counts: the same address is its contact.
    const outside = await contactsLike(db, [probe(4, 'Person 7 Bench', crowd[6]!.email)], 0.5);
    expect(outside.some((m) => m.id === crowd[6]!.id && m.sameEmail)).toBe(true);
  });

  it("reads the partner's roles held when the run began, not the run's own", async () => {
    const probes = Array.from({ length: 50 }, (_, i) =>
      probe(i + 2, `Person ${CROWD + i} Bench`, `new.${i}.${run}@bench.example`),
    );
    const plan = await planOf((handle) => contactsLike(handle, probes, 0.5, importId), 'with probe as');
    // The one role held before the run; never the crowd's 2,000.
    expect(fetchedFrom(plan, 'affiliations').rows).toBeLessThanOrEqual(1);
  });

  it("checks each new role against the contact's own roles at the partner, not every role there", async () => {
    const keys = crowd.slice(0, 50).map((c) => ({ contactId: c.id, partnerId, role: 'Contact' }));
    expect(await sameRoleAffiliations(db, keys.slice(0, 1))).toEqual([
      expect.objectContaining({ contactId: crowd[0]!.id, partnerName: `Northgate Foods ${run}` }),
    ]);
    const plan = await planOf((handle) => sameRoleAffiliations(handle, keys), 'select a.id');
    expect(fetchedFrom(plan, 'affiliations').rows).toBeLessThanOrEqual(keys.length);
  });
});

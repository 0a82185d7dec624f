import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { ImportKind } from '../../../../common/src/labels/imports.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { importMappings, importRows, imports } from '../../db/schema/imports.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners, websiteDomain } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import type { Actor } from '../access/actor.ts';
import { touchpointScope } from '../touchpoints/touchpoints.policy.ts';

export type ImportRow = typeof imports.$inferSelect;
type NewImport = typeof imports.$inferInsert;

export async function insertImport(tx: Executor, values: NewImport & { id: string }) {
  const [row] = await tx.insert(imports).values(values).returning();
  return row!;
}

export async function findImport(db: Executor, id: string): Promise<ImportRow | null> {
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  return row ?? null;
}

/** The latest imports, of one person (or of everyone, for an administrator's list). */
export async function latestImports(db: Executor, uploadedById: string | null, limit: number) {
  return db
    .select()
    .from(imports)
    .where(uploadedById ? eq(imports.uploadedById, uploadedById) : undefined)
    .orderBy(desc(imports.uploadedAt), desc(imports.id))
    .limit(limit);
}

export async function updateImport(
  tx: Executor,
  id: string,
  values: Partial<Pick<ImportRow, 'sheet' | 'columns' | 'rowCount' | 'mapping' | 'choices'>>,
) {
  const [row] = await tx.update(imports).set(values).where(eq(imports.id, id)).returning();
  return row ?? null;
}

/**
 * The latest other import of the same bytes that `uploadedById` may see (theirs; anyone's for
 * an administrator, who passes null).
 */
export async function latestSameFile(
  db: Executor,
  sha256: string,
  exceptId: string,
  uploadedById: string | null,
) {
  const [row] = await db
    .select({
      id: imports.id,
      fileName: imports.fileName,
      uploadedAt: imports.uploadedAt,
      status: imports.status,
      created: imports.createdCount,
    })
    .from(imports)
    .where(
      and(
        eq(imports.sha256, sha256),
        ne(imports.id, exceptId),
        uploadedById ? eq(imports.uploadedById, uploadedById) : undefined,
      ),
    )
    .orderBy(desc(imports.uploadedAt))
    .limit(1);
  return row ?? null;
}

/** Every partner type by its lower-case name (an institution has a dozen). */
export async function partnerTypesByName(db: Executor) {
  const rows = await db.select({ id: partnerTypes.id, name: partnerTypes.name }).from(partnerTypes);
  return new Map(rows.map((row) => [row.name.toLowerCase(), row]));
}

/**
 * The partners a batch of rows refers to, keyed as `partnerKeyOf` keys them: `name:<lower name>`,
 * `domain:<website domain>` or `id:<id>`; one round trip for the whole batch. A name or domain
 * shared by several partners finds the oldest.
 */
export async function partnersByKeys(db: Executor, keys: readonly string[]) {
  const found = new Map<string, { id: string; name: string }>();
  const of = (prefix: string) => [
    ...new Set(keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))),
  ];
  const names = of('name:');
  const domains = of('domain:');
  const ids = of('id:');
  if (names.length + domains.length + ids.length === 0) return found;
  const rows = await queryRows<{ key: string; id: string; name: string }>(
    db,
    sql`select distinct on (key) key, id, name from (
          select 'name:' || lower(p.name) as key, p.id, p.name from ${partners} p
            where lower(p.name) = any(${sql.param(names)}::text[])
          union all
          select 'domain:' || ${websiteDomain(sql`p.website`)}, p.id, p.name
            from ${partners} p
            where ${websiteDomain(sql`p.website`)} = any(${sql.param(domains)}::text[])
          union all
          select 'id:' || p.id::text, p.id, p.name from ${partners} p where p.id::text = any(${sql.param(ids)}::text[])
        ) found order by key, id`,
  );
  for (const row of rows) found.set(row.key, { id: row.id, name: row.name });
  return found;
}

/** Units a batch names, by `unit:<lower-case name or code>`; a name shared by several finds the oldest. */
export async function unitsByKeys(db: Executor, keys: readonly string[]) {
  const found = new Map<string, { id: string; name: string }>();
  const names = [...new Set(keys.filter((k) => k.startsWith('unit:')).map((k) => k.slice(5)))];
  if (names.length === 0) return found;
  const rows = await queryRows<{ key: string; id: string; name: string }>(
    db,
    sql`select distinct on (key) key, id, name from (
          select 'unit:' || lower(u.name) as key, u.id, u.name from ${units} u
            where lower(u.name) = any(${sql.param(names)}::text[])
          union all
          select 'unit:' || lower(u.code), u.id, u.name from ${units} u
            where u.code is not null and lower(u.code) = any(${sql.param(names)}::text[])
        ) found order by key, id`,
  );
  for (const row of rows) found.set(row.key, { id: row.id, name: row.name });
  return found;
}

/**
 * The people a batch names by e-mail (`email:<address>`): active staff, and contacts (the
 * oldest, when two contacts share an address).
 */
export async function peopleByEmails(db: Executor, keys: readonly string[], withContacts: boolean) {
  const staff = new Map<string, { id: string; name: string }>();
  const found = new Map<string, { id: string; name: string }>();
  const emails = [...new Set(keys.filter((k) => k.startsWith('email:')).map((k) => k.slice(6)))];
  if (emails.length === 0) return { staff, contacts: found };
  const people = await db
    .select({ id: users.id, name: users.name, email: sql<string>`lower(${users.email})` })
    .from(users)
    .where(and(sql`lower(${users.email}) = any(${sql.param(emails)}::text[])`, isNull(users.deactivatedAt)));
  for (const p of people) staff.set(p.email, { id: p.id, name: p.name });
  if (withContacts) {
    const rows = await queryRows<{ email: string; id: string; name: string }>(
      db,
      sql`select distinct on (e.email) e.email, c.id, c.name
            from unnest(${sql.param(emails)}::text[]) as e(email)
            join ${contacts} c on c.emails @> array[e.email]
            order by e.email, c.id`,
    );
    for (const row of rows) found.set(row.email, { id: row.id, name: row.name });
  }
  return { staff, contacts: found };
}

/** The relationships a batch may repeat: those of the same unit with the same partner. */
export async function relationshipsLike(
  db: Executor,
  pairs: { row: number; unitId: string; partnerId: string }[],
) {
  if (pairs.length === 0) return [];
  return queryRows<{ row: number; id: string; name: string }>(
    db,
    sql`select p.row, r.id, x.name || ' and ' || u.name as name
          from unnest(${sql.param(pairs.map((p) => p.row))}::int[], ${sql.param(pairs.map((p) => p.unitId))}::uuid[],
                      ${sql.param(pairs.map((p) => p.partnerId))}::uuid[]) as p(row, unit_id, partner_id)
          join ${relationships} r on r.unit_id = p.unit_id and r.partner_id = p.partner_id
          join ${partners} x on x.id = r.partner_id
          join ${units} u on u.id = r.unit_id`,
  );
}

/**
 * Touch points a batch may repeat: the same partner, the same day (UK time) and the same
 * subject (any case); only those the uploader may see, so a confidential one never shows.
 */
export async function touchpointsLike(
  db: Executor,
  probes: { row: number; partnerId: string; day: string; subject: string }[],
  actor: Actor,
) {
  if (probes.length === 0) return [];
  const scope = touchpointScope(actor);
  return queryRows<{ row: number; id: string; name: string }>(
    db,
    sql`select p.row, ${touchpoints.id} as id, ${touchpoints.subject} as name
          from unnest(${sql.param(probes.map((p) => p.row))}::int[], ${sql.param(probes.map((p) => p.partnerId))}::uuid[],
                      ${sql.param(probes.map((p) => p.day))}::date[], ${sql.param(probes.map((p) => p.subject))}::text[])
            as p(row, partner_id, day, subject)
          join ${touchpoints} on ${touchpoints.partnerId} = p.partner_id
            and ${touchpoints.occurredAt} >= (p.day::timestamp at time zone 'Europe/London')
            and ${touchpoints.occurredAt} < ((p.day + 1)::timestamp at time zone 'Europe/London')
            and lower(${touchpoints.subject}) = lower(p.subject)
          where ${scope ?? sql`true`}`,
  );
}

export type SavedMappingRow = typeof importMappings.$inferSelect;

export function savedMappingsOf(db: Executor, kind: ImportKind | undefined) {
  return db
    .select()
    .from(importMappings)
    .where(kind ? eq(importMappings.kind, kind) : undefined)
    .orderBy(importMappings.name)
    .limit(500);
}

/** Saves a mapping; null when the kind already has one of that name. */
export async function insertSavedMapping(
  tx: Executor,
  values: { name: string; kind: ImportKind; mapping: Record<string, string>; createdById: string },
) {
  const rows = await tx.insert(importMappings).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

/**
 * Partners that may be those of a batch of rows: the three most alike by name, and any of the
 * same website domain (or of the domain of the row's e-mail address).
 * The names are found by the trigram index with `%`, run at the threshold itself
 * (`pg_trgm.similarity_threshold`, for this statement only): at pg_trgm's default of 0.3 every
 * partner sharing a common word with the row ("University of", "Bench") passed the index and was
 * compared again on the table, so each row cost a look at most partners, and a batch of 500
 * rows against 2,000 partners took 4.5 s (9 s at 1,000 rows after 1,000 more); at the threshold
 * the index leaves only the near names. The threshold setting is at least 0.3, so `%` at it
 * finds exactly the names `similarity() >= threshold` finds. The domains are one lookup of the
 * batch's domains in `partners_website_domain_idx`, not the domain of every partner computed
 * for each batch.
 */
export async function partnersLike(
  db: Executor,
  probes: { row: number; name: string; domain: string | null; emailDomain: string | null }[],
  threshold: number,
) {
  if (probes.length === 0) return [];
  const domains = [
    ...new Set(probes.flatMap((p) => [p.domain, p.emailDomain]).filter((d): d is string => d !== null)),
  ];
  type Found = {
    row: number;
    id: string;
    name: string;
    score: number;
    sameDomain: boolean;
    sameEmailDomain: boolean;
  };
  // A transaction of its own (a savepoint inside the caller's) so the threshold is set for
  // this statement alone; put back after it, since a released savepoint would keep it.
  return db.transaction(async (tx) => {
    const [before] = await queryRows<{ threshold: string }>(
      tx,
      sql`select current_setting('pg_trgm.similarity_threshold', true) as threshold,
                 set_config('pg_trgm.similarity_threshold', ${String(threshold)}, true)`,
    );
    const found = await queryRows<Found>(
      tx,
      sql`with probe as (
            select * from unnest(${sql.param(probes.map((p) => p.row))}::int[], ${sql.param(probes.map((p) => p.name))}::text[],
                                 ${sql.param(probes.map((p) => p.domain))}::text[], ${sql.param(probes.map((p) => p.emailDomain))}::text[])
              as t(row, name, domain, email_domain)
          ),
          of_domain as materialized (
            select x.id, x.name, ${websiteDomain(sql`x.website`)} as domain from ${partners} x
              where ${websiteDomain(sql`x.website`)} = any(${sql.param(domains)}::text[])
          )
          select p.row, c.id, c.name, c.score, false as "sameDomain", false as "sameEmailDomain" from probe p
            cross join lateral (
              select x.id, x.name, similarity(x.name, p.name)::float8 as score from ${partners} x
              where x.name % p.name and similarity(x.name, p.name) >= ${threshold}
              order by score desc, x.id limit 3
            ) c
          union all
          select p.row, x.id, x.name, similarity(x.name, p.name)::float8, true, false from probe p
            join of_domain x on x.domain = p.domain
          union all
          select p.row, x.id, x.name, similarity(x.name, p.name)::float8, false, true from probe p
            join of_domain x on x.domain = p.email_domain`,
    );
    await tx.execute(
      sql`select set_config('pg_trgm.similarity_threshold', ${before?.threshold ?? '0.3'}, true)`,
    );
    return found;
  });
}

/**
 * Contacts that may be those of a batch of rows: the same e-mail, or a name alike at the same
 * partner (the five most alike a row). During a run (`ownImportId`) the rows are compared with
 * the contacts as the preview saw them, the one the choices were made on, before the run began:
 * - the contacts created since the run started (its own, from earlier batches) are left out, by
 *   their creation time, before any name is compared: no read of the run's own rows each batch.
 *   Reading those (`not in` the ids of its created rows) cost a batch more with every batch
 *   before it, and kept a partner's contacts of earlier batches out only after the join. One
 *   created in the very millisecond the run started is looked up among the run's rows.
 * - a contact a row of the run changed is compared by its name before the run (the `before` of
 *   the first row that renamed it). Compared by the name the run gave it, one known address
 *   renaming a contact to "Person 49 Bench" made every later row alike at that partner an update
 *   of it the preview never showed: at 100,000 rows 94,516 updates of 400 contacts, each one's
 *   addresses growing by one a row, and every batch slower than the one before.
 * The batch's e-mails are found by one hash join over the contacts' addresses, not one search
 * of the e-mail index a row: each of those read the index's whole pending list, which the run's
 * own inserts keep long (and `&&` with the batch's 500 addresses compared each contact's
 * addresses with all of them, a seq scan the planner preferred on a small table).
 */
export async function contactsLike(
  db: Executor,
  probes: { row: number; name: string; email: string | null; partnerId: string | null }[],
  threshold: number,
  ownImportId: string | null = null,
) {
  if (probes.length === 0) return [];
  // Whether a contact is there for the comparison, and the name it is compared by.
  const before = ownImportId
    ? {
        kept: sql`not (c.created_at > s.started_at or (c.created_at = s.started_at and exists (
                select 1 from ${importRows} o
                where o.import_id = ${ownImportId} and o.record_id = c.id and o.outcome = 'created')))`,
        // A role taken since the run began (its own contacts', or one a row added) was not there:
        // the moment a value of its own (an init plan), so the partner and creation-time index
        // reads only the roles held then, never the run's, however many batches came before.
        role: sql`a.created_at <= (select started_at from ${imports} where id = ${ownImportId})`,
        name: sql`case when c.updated_at >= s.started_at then coalesce((
                select o.before ->> 'name' from ${importRows} o
                where o.import_id = ${ownImportId} and o.record_id = c.id and o.outcome = 'updated'
                  and o.before ? 'name'
                order by o.row limit 1), c.name) else c.name end`,
        run: sql`select started_at from ${imports} where id = ${ownImportId}`,
      }
    : {
        kept: sql`true`,
        role: sql`true`,
        name: sql`c.name`,
        run: sql`select null::timestamptz as started_at`,
      };
  // The batch's partners and addresses as arrays (`= any`, hashed), never joined with the rows:
  // the planner takes a set of unnested parameters for 10 rows, and with the 500 of a batch
  // compared every contact's addresses with every row's (291,000 comparisons at 12,000 rows).
  const partnerIds = [...new Set(probes.flatMap((p) => (p.partnerId ? [p.partnerId] : [])))];
  const emails = [...new Set(probes.flatMap((p) => (p.email ? [p.email] : [])))];
  return queryRows<{ row: number; id: string; name: string; score: number; sameEmail: boolean }>(
    db,
    sql`with probe as (
          select * from unnest(${sql.param(probes.map((p) => p.row))}::int[], ${sql.param(probes.map((p) => p.name))}::text[],
                               ${sql.param(probes.map((p) => p.email))}::text[], ${sql.param(probes.map((p) => p.partnerId))}::uuid[])
            as t(row, name, email, partner_id)
        ),
        s as materialized (${before.run}),
        candidate as materialized (
          select a.partner_id, c.id, c.name, ${before.name} as compared from ${affiliations} a
            join ${contacts} c on c.id = a.contact_id
            cross join s
            where a.partner_id = any(${sql.param(partnerIds)}::uuid[])
              and ${before.role} and ${before.kept}
        ),
        same_email as materialized (
          select c.id, c.name, e.email from ${contacts} c cross join unnest(c.emails) as e(email)
            cross join s
            where c.emails && ${sql.param(emails)}::text[] and e.email = any(${sql.param(emails)}::text[])
              and ${before.kept}
        )
        select p.row, c.id, c.name, 1::float8 as score, true as "sameEmail" from probe p
          join same_email c on c.email = p.email
        union all
        select row, id, name, score, false from (
          select p.row, c.id, c.name, similarity(c.compared, p.name)::float8 as score,
                 row_number() over (partition by p.row order by similarity(c.compared, p.name) desc, c.id) as rank
            from probe p join candidate c on c.partner_id = p.partner_id
            where similarity(c.compared, p.name) >= ${threshold}
        ) alike where rank <= 5`,
  );
}

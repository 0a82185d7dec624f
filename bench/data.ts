/**
 * `npm run bench:data -- --scale small|medium|large`: writes a synthetic large-university dataset
 * straight into the database with set-based SQL (generate_series), deterministic from the row
 * number. PostgreSQL when DATABASE_URL is set, otherwise PGlite in bench/data/pglite.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase, queryRows } from '../server/src/db/client.ts';
import { migrateDatabase } from '../server/src/db/migrate.ts';
import { refreshAllHealth } from '../server/src/insights/relationship-health/relationship-health.service.ts';
import { hashPassword } from '../server/src/modules/auth/password.ts';
import { BENCH_PASSWORD, GIANT_SHARE, placeWords, type ScaleName, scales, trades } from './scale.ts';

/** A valid version-4 UUID from md5(prefix || n), the same as benchId() computes. */
const uid = (prefix: string, expr: string) =>
  `(overlay(overlay(md5('${prefix}' || (${expr})) placing '4' from 13) placing '8' from 17))::uuid`;

/** Connections that load touch point chunks side by side (PGlite runs them one after another). */
const LOAD_CONNECTIONS = 2;
/** Touch points written per statement: one long statement cannot use a second core. */
const CHUNK = 500_000;

const sqlArray = (words: readonly string[]) => `array[${words.map((w) => `'${w}'`).join(',')}]`;

export async function openBenchDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  return url
    ? openDatabase({ driver: 'postgres', url, poolSize: LOAD_CONNECTIONS, timeouts: { statementMs: 0 } })
    : openDatabase({ driver: 'pglite', dataDir: process.env.RAPPORT_DATA_DIR ?? 'bench/data/pglite' });
}

export async function generateBenchData(database: Database, scaleName: ScaleName, log = console.log) {
  const s = scales[scaleName];
  const run = async (label: string, statement: string) => {
    const started = performance.now();
    await database.db.execute(sql.raw(statement));
    log(`  ${label.padEnd(28)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const hash = await hashPassword(BENCH_PASSWORD);
  const giantRows = Math.floor(s.touchpoints * GIANT_SHARE);
  const h = (expr: string, salt: number) => `abs(hashint4((${expr})::int + ${salt}))`;

  await migrateDatabase(database);
  await run(
    'empty the tables',
    `truncate audit_log, sessions, api_tokens, idempotency_keys, sign_in_failures, notifications, escalations,
      request_transitions, request_comments, request_readers, requests, tasks, touchpoint_readers, touchpoint_contacts,
      touchpoint_staff, touchpoints, relationship_health_snapshots, relationship_health, relationship_deputies, relationships, affiliations, contacts, partners, users, units, communication_levels cascade`,
  );
  await run(
    `units (${s.units})`,
    `insert into units (id, name, code, kind)
     select ${uid('u', `i`)}, 'Unit ' || i, 'U' || i, (array['faculty','school','department','service','office'])[1 + i % 5]
     from generate_series(1, ${s.units}) i`,
  );
  await run(
    `users (${s.users})`,
    `insert into users (id, email, name, role, unit_id, password_hash)
     select ${uid('s', `i`)}, 'bench-user-' || i || '@northmoor.ac.uk', 'Bench User ' || i,
       (array['administrator','senior_manager','relationship_manager','staff','viewer'])[1 + (i - 1) % 5],
       ${uid('u', `(1 + (i - 1) % ${s.units})`)}, '${hash}'
     from generate_series(1, ${s.users}) i`,
  );
  await run(
    `partners (${s.partners})`,
    `with types as (select array_agg(id order by name) ids from partner_types)
     insert into partners (id, name, type_id, status, sector, city, tags)
     select ${uid('p', `i`)},
       (${sqlArray(placeWords)})[1 + i % ${placeWords.length}] || ' ' || (${sqlArray(trades)})[1 + (i / ${placeWords.length}) % ${trades.length}] || ' ' || i,
       types.ids[1 + ${h('i', 11)} % array_length(types.ids, 1)],
       (array['active','active','active','active','active','active','active','active','dormant','archived'])[1 + ${h('i', 12)} % 10],
       (array['Engineering','Health','Education','Finance','Public sector'])[1 + ${h('i', 13)} % 5],
       (array['Leeds','Sheffield','York','Bradford','Manchester'])[1 + ${h('i', 14)} % 5],
       case when i % 7 = 0 then array['placements'] else '{}'::text[] end
     from generate_series(1, ${s.partners}) i, types`,
  );
  await run(
    `contacts (${s.contacts})`,
    `insert into contacts (id, name, emails, job_title)
     select ${uid('c', `i`)},
       (array['Aisha','Ben','Chloe','Dev','Emma','Femi','Grace','Harry','Isla','Jack'])[1 + ${h('i', 21)} % 10] || ' ' ||
       (array['Rahman','Smith','Okafor','Jones','Patel','Taylor','Brown','Wilson','Evans','Hughes'])[1 + ${h('i', 22)} % 10] || ' ' || i,
       array['contact' || i || '@partner.example'], 'Partnerships Manager'
     from generate_series(1, ${s.contacts}) i`,
  );
  await run(
    'affiliations',
    `insert into affiliations (id, contact_id, partner_id, role, is_key_contact, is_primary)
     select gen_random_uuid(), ${uid('c', `i`)}, ${uid('p', `(1 + ${h('i', 31)} % ${s.partners})`)},
       'Key contact', i % 4 = 0, true
     from generate_series(1, ${s.contacts}) i`,
  );
  // Every partner has a relationship with one unit; a third with a second unit too.
  await run(
    'relationships',
    `insert into relationships (id, unit_id, partner_id, manager_id, stage, cadence_days)
     select gen_random_uuid(), ${uid('u', `u`)}, ${uid('p', `i`)}, ${uid('s', `u`)}, 'established', 30
     from generate_series(1, ${s.partners}) i,
       lateral (values (1 + i % ${s.units}), (case when i % 3 = 0 then 1 + (i * 7 + 3) % ${s.units} end)) v(u)
     where u is not null
     on conflict do nothing`,
  );
  // Giants first (a few partners with 50,000+ touch points at large scale), then a skewed rest.
  const touchpointSelect = (from: number, to: number, partnerExpr: string, salt: number) => `
    insert into touchpoints (id, partner_id, unit_id, author_id, kind, is_formal, occurred_at, subject, notes, sentiment, visibility)
    select gen_random_uuid(), ${uid('p', `(${partnerExpr})`)}, ${uid('u', `uu`)}, ${uid('s', `uu`)},
      (array['meeting','call','email','visit','event','enquiry','note'])[1 + ${h('i', salt + 1)} % 7],
      ${h('i', salt + 2)} % 3 = 0,
      now() - make_interval(secs => ${h('i', salt + 3)} % (730 * 86400)),
      (array['Quarterly review','Placement planning','Software licence renewal','Research bid','Careers fair','Service issue','Funding call','Site visit','Student projects','Roadshow'])[1 + ${h('i', salt + 4)} % 10],
      case when i % 4 = 0 then 'Discussed next steps on the placement programme and the data sharing agreement.' end,
      (${h('i', salt + 5)} % 5) - 2,
      case when ${h('i', salt + 6)} % 100 < 95 then 'institution' when ${h('i', salt + 6)} % 100 < 99 then 'unit' else 'confidential' end
    from generate_series(${from}, ${to}) i, lateral (select 1 + ${h('i', salt + 7)} % ${s.units} as uu) unit`;
  // Building the secondary indexes once at the end is several times faster than keeping them
  // up to date row by row (the text-search GIN index above all), on touchpoint_partners too (its
  // rows come from the touch points' insert trigger); the definitions are read back
  // from the catalogue, so they stay exactly what the migrations made.
  const indexes = await queryRows<{ name: string; definition: string }>(
    database.db,
    sql.raw(`select i.relname as name, pg_get_indexdef(i.oid) as definition
      from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid in ('touchpoints'::regclass, 'touchpoint_partners'::regclass) and not x.indisprimary`),
  );
  for (const i of indexes) await run(`drop index ${i.name}`, `drop index ${i.name}`);
  const rest = s.touchpoints - giantRows;
  const restPartner = `${s.giants + 1} + floor(${s.partners - s.giants} * power((${h('i', 50)} % 1000000) / 1000000.0, 2))::int`;
  const chunks = [
    { label: `giants (${giantRows})`, from: 1, to: giantRows, partner: `1 + i % ${s.giants}`, salt: 40 },
    ...Array.from({ length: Math.ceil(rest / CHUNK) }, (_, n) => ({
      label: `rest ${n * CHUNK + 1}–${Math.min(rest, (n + 1) * CHUNK)}`,
      from: n * CHUNK + 1,
      to: Math.min(rest, (n + 1) * CHUNK),
      partner: restPartner,
      salt: 60,
    })),
  ];
  const loadStarted = performance.now();
  try {
    await Promise.all(
      Array.from({ length: LOAD_CONNECTIONS }, async () => {
        for (let c = chunks.shift(); c; c = chunks.shift()) {
          await run(`touch points: ${c.label}`, touchpointSelect(c.from, c.to, c.partner, c.salt));
        }
      }),
    );
    log(`  ${'touch points (all)'.padEnd(28)} ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
  } finally {
    await rebuildIndexes(database, indexes, log);
  }
  // Participants as the write path records them: the author always takes part; a second member
  // of the unit on one in four; a contact of the partner on half. Confidential ones are read by
  // their author and that colleague (the write path names the author, the form the others).
  const colleague = (expr: string) => `${uid('s', `(${expr}) + ${s.units}`)}`;
  const withColleague = `${h('t.occurred_at_n', 81)} % 4 = 0 and ${s.users} > 2 * ${s.units}`;
  await run(
    'touch point staff',
    `insert into touchpoint_staff (touchpoint_id, user_id)
     select t.id, t.author_id from touchpoints t
     union all
     select t.id, ${colleague('u.i')} from (
       select id, unit_id, extract(epoch from occurred_at)::bigint % 2000000000 as occurred_at_n from touchpoints
     ) t join (select i, ${uid('u', 'i')} as id from generate_series(1, ${s.units}) i) u on u.id = t.unit_id
     where ${withColleague}`,
  );
  await run(
    'touch point contacts',
    `insert into touchpoint_contacts (touchpoint_id, contact_id)
     select t.id, c.contact_id from touchpoints t
     cross join lateral (select a.contact_id from affiliations a where a.partner_id = t.partner_id limit 1) c
     where ${h('extract(epoch from t.occurred_at)::bigint % 2000000000', 82)} % 2 = 0`,
  );
  await run(
    'confidential readers',
    `insert into touchpoint_readers (touchpoint_id, user_id)
     select touchpoint_id, user_id from touchpoint_staff s join touchpoints t on t.id = s.touchpoint_id
     where t.visibility = 'confidential'`,
  );
  // Half the relationships have a deputy: a second member of the unit (users i and i + units share one).
  await run(
    'relationship deputies',
    `insert into relationship_deputies (relationship_id, user_id)
     select r.id, ${colleague('u.i')} from relationships r
     join (select i, ${uid('u', 'i')} as id from generate_series(1, ${s.units}) i) u on u.id = r.unit_id
     where ${s.users} > 2 * ${s.units} and ${h('hashtext(r.partner_id::text)', 83)} % 2 = 0
     on conflict do nothing`,
  );
  await generateEngagement(run, s, uid, h);
  await run(
    `requests (${s.requests})`,
    // Raised over the last ~3 months, with targets (wall-clock approximations of the working-hours ones).
    `insert into requests (id, partner_id, unit_id, kind, title, priority, status, created_by_id, created_at, updated_at,
       response_due_at, resolve_due_at)
     select gen_random_uuid(), ${uid('p', `(1 + ${h('i', 71)} % ${s.partners})`)}, ${uid('u', `(1 + i % ${s.units})`)},
       (array['incident','enhancement','enquiry','complaint','dispute','concern'])[1 + i % 6], 'Request ' || i,
       (array['low','normal','high','critical'])[1 + i % 4], (array['new','triaged','in_progress','resolved','closed'])[1 + i % 5],
       ${uid('s', `(1 + i % ${s.users})`)}, at, at, at + interval '8 hours', at + interval '5 days'
     from generate_series(1, ${s.requests}) i, lateral (select now() - (i % 2000) * interval '1 hour' as at) t`,
  );
  await run(
    'follow-up tasks',
    `insert into tasks (id, title, assignee_id, created_by_id, partner_id, due_on)
     select gen_random_uuid(), 'Follow up ' || i, ${uid('s', `(1 + i % ${s.users})`)}, ${uid('s', `(1 + i % ${s.users})`)},
       ${uid('p', `(1 + i % ${s.partners})`)}, current_date + (i % 60)
     from generate_series(1, ${Math.max(100, s.partners / 5)}) i`,
  );
  // Health is kept from the event stream, which a bulk load bypasses: score every relationship
  // once (as the nightly job would), then give each a month of history by copying today's point
  // to the 29 days before (synthetic: the scenario reads the history, it does not judge it).
  const healthStarted = performance.now();
  const today = new Date().toISOString().slice(0, 10);
  await refreshAllHealth(database.db, { snapshotDay: today });
  log(`  ${'health scores'.padEnd(28)} ${((performance.now() - healthStarted) / 1000).toFixed(1)} s`);
  await run(
    'health history',
    `insert into relationship_health_snapshots (relationship_id, audience, day, score, rule_version)
     select relationship_id, audience, day - n, score, rule_version
     from relationship_health_snapshots, generate_series(1, 29) n where day = '${today}'::date`,
  );
  // As autovacuum would leave it: the visibility map set, so counts read indexes only.
  await run('vacuum', 'vacuum');
  const started = performance.now();
  await database.analyze();
  log(`  ${'analyze'.padEnd(28)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Activities, agreements and communication plans, with the rows their write paths add beside
 * them: an activity's audience, co-organiser and (confidential) readers; an agreement's readers
 * (owner, recorder and the relationship's manager, whatever its visibility); a plan item's levels.
 */
async function generateEngagement(
  run: (label: string, statement: string) => Promise<void>,
  s: (typeof scales)[ScaleName],
  uid: (prefix: string, expr: string) => string,
  h: (expr: string, salt: number) => string,
) {
  const activityCount = s.units * 10;
  await run(
    `activities (${activityCount})`,
    `insert into activities (id, kind, title, unit_id, owner_id, starts_at, ends_at, visibility, capacity)
     select ${uid('a', 'i')}, (array['forum','working_group','seminar','roadshow','training_session','consultation','workshop'])[1 + i % 7],
       'Bench activity ' || i, ${uid('u', `(1 + i % ${s.units})`)}, ${uid('s', `(1 + i % ${s.units})`)},
       now() + ((i % 120) - 60) * interval '1 day', now() + ((i % 120) - 60) * interval '1 day' + interval '2 hours',
       case when i % 20 = 0 then 'confidential' when i % 5 = 0 then 'unit' else 'institution' end, 40
     from generate_series(1, ${activityCount}) i`,
  );
  await run(
    'activity audience and organisers',
    `with a as (select i, ${uid('a', 'i')} as id from generate_series(1, ${activityCount}) i),
     audience as (
       insert into activity_audience (id, activity_id, partner_id)
       select gen_random_uuid(), a.id, ${uid('p', `(1 + ${h('a.i * 3 + n', 91)} % ${s.partners})`)}
       from a, generate_series(1, 3) n
     ), organisers as (
       insert into activity_organisers (activity_id, user_id)
       select a.id, ${uid('s', `(1 + a.i % ${s.units}) + ${s.units}`)} from a where ${s.users} > 2 * ${s.units}
     )
     insert into activity_readers (activity_id, user_id)
     select a.id, ${uid('s', `(1 + a.i % ${s.units})`)} from a where a.i % 20 = 0`,
  );
  // One relationship in five has an agreement in force, owned and recorded by its manager.
  await run(
    'agreements',
    `with made as (
       insert into agreements (id, relationship_id, unit_id, kind, status, title, start_date, end_date, review_date,
         owner_id, created_by_id, visibility)
       select gen_random_uuid(), r.id, r.unit_id,
         (array['service_level_agreement','memorandum_of_understanding','contract','placement_agreement','ktp_agreement','data_sharing_agreement'])[1 + ${h('hashtext(r.id::text)', 92)} % 6],
         'active', 'Bench agreement', current_date - 200, current_date + 500, current_date + (${h('hashtext(r.id::text)', 93)} % 300),
         r.manager_id, r.manager_id, case when ${h('hashtext(r.id::text)', 94)} % 10 = 0 then 'confidential' else 'institution' end
       from relationships r where r.manager_id is not null and ${h('hashtext(r.id::text)', 95)} % 5 = 0
       returning id, owner_id
     )
     insert into agreement_readers (agreement_id, user_id) select id, owner_id from made`,
  );
  // Two levels, a default plan per partner type, and a relationship's own item on one in ten.
  await run(
    'communication plans',
    `with levels as (
       insert into communication_levels (id, name, rank)
       values (gen_random_uuid(), 'Bench strategic', 10), (gen_random_uuid(), 'Bench operational', 20)
       on conflict do nothing returning id
     ), items as (
       insert into communication_plan_items (id, partner_type_id, purpose, channel, direction, frequency_days)
       select gen_random_uuid(), pt.id, 'Annual strategic review', 'meeting', 'both', 365 from partner_types pt
       returning id
     ), own as (
       insert into communication_plan_items (id, relationship_id, purpose, channel, direction, frequency_days, owner_id)
       select gen_random_uuid(), r.id, 'Operational check-in', 'call', 'to_partner', 30, r.manager_id
       from relationships r where ${h('hashtext(r.id::text)', 96)} % 10 = 0
       returning id
     )
     insert into communication_plan_item_levels (item_id, level_id)
     select x.id, l.id from (select id from items union all select id from own) x, levels l`,
  );
}

/** Rebuilds dropped indexes (after a failed load too), two at a time, with room to sort in memory. */
async function rebuildIndexes(
  database: Database,
  indexes: { name: string; definition: string }[],
  log: (line: string) => void,
) {
  const started = performance.now();
  const pending = [...indexes];
  await Promise.all(
    Array.from({ length: LOAD_CONNECTIONS }, async () => {
      for (let i = pending.shift(); i; i = pending.shift()) {
        const one = performance.now();
        const definition = i.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ');
        await database.db.transaction(async (tx) => {
          await tx.execute(sql.raw(`set local maintenance_work_mem = '512MB'`));
          await tx.execute(sql.raw(definition));
        });
        log(`  ${`index ${i.name}`.padEnd(28)} ${((performance.now() - one) / 1000).toFixed(1)} s`);
      }
    }),
  );
  log(`  ${'touch point indexes (all)'.padEnd(28)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'small' } } });
  const scale = values.scale as ScaleName;
  if (!(scale in scales)) throw new Error(`--scale must be one of ${Object.keys(scales).join(', ')}`);
  const database = await openBenchDatabase();
  const started = performance.now();
  console.log(`Generating the ${scale} dataset on ${database.driver}…`);
  await generateBenchData(database, scale);
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await database.close();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

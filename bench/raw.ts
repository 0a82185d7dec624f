/**
 * The limit: the same data each read scenario returns, fetched with hand-written SQL and no
 * HTTP, ORM, validation or serialisation, so the server's overhead can be seen as a ratio.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export type RawClient = { query(text: string, params: unknown[]): Promise<unknown> };

export function rawClientOf(client: pg.Pool | PGlite): RawClient {
  if ('totalCount' in client) return { query: (text, params) => client.query(text, params) };
  return { query: (text, params) => client.query(text, params) };
}

/** Visibility for a staff member of unit $2 who is user $3 (the rule of modules/access/visibility.ts). */
const visibleTo = (
  unit: string,
  user: string,
) => `(t.visibility = 'institution' or (t.visibility = 'unit' and t.unit_id = ${unit})
  or (t.visibility = 'confidential' and exists (select 1 from touchpoint_readers r where r.touchpoint_id = t.id and r.user_id = ${user})))`;
const VISIBLE = visibleTo('$2', '$3');

const TIMELINE = `select t.id, t.partner_id, t.relationship_id, t.unit_id, t.author_id, t.kind, t.is_formal, t.occurred_at, t.subject,
    t.notes, t.sentiment, t.visibility, t.version, t.created_at, t.updated_at, p.name as partner_name, u.name as unit_name, a.name as author_name
  from touchpoints t join partners p on p.id = t.partner_id join units u on u.id = t.unit_id join users a on a.id = t.author_id
  where t.partner_id = $1 and ${VISIBLE}`;

async function participants(db: RawClient, ids: string[]) {
  await Promise.all([
    db.query(
      'select s.touchpoint_id, u.id, u.name from touchpoint_staff s join users u on u.id = s.user_id where s.touchpoint_id = any($1)',
      [ids],
    ),
    db.query(
      'select c.touchpoint_id, x.id, x.name from touchpoint_contacts c join contacts x on x.id = c.contact_id where c.touchpoint_id = any($1)',
      [ids],
    ),
    db.query(
      'select r.touchpoint_id, u.id, u.name from touchpoint_readers r join users u on u.id = r.user_id where r.touchpoint_id = any($1)',
      [ids],
    ),
  ]);
}

export type Viewer = { unitId: string; userId: string };

export async function rawOverview(db: RawClient, partnerId: string, v: Viewer) {
  const params = [partnerId, v.unitId, v.userId];
  const [, relationships, , timeline] = (await Promise.all([
    db.query(
      `select p.*, pt.name as type_name, parent.name as parent_name from partners p join partner_types pt on pt.id = p.type_id
       left join partners parent on parent.id = p.parent_id where p.id = $1`,
      [partnerId],
    ),
    db.query(
      `select r.*, u.name as unit_name, p.name as partner_name, m.name as manager_name from relationships r
       join units u on u.id = r.unit_id join partners p on p.id = r.partner_id left join users m on m.id = r.manager_id
       where r.partner_id = $1 order by r.created_at, r.id limit 501`,
      [partnerId],
    ),
    db.query(
      `select c.id, c.name, c.job_title, c.emails, c.phones, a.role, a.is_key_contact from affiliations a join contacts c on c.id = a.contact_id
       where a.partner_id = $1 and (a.end_date is null or a.end_date >= current_date) order by a.is_key_contact desc, c.name limit 20`,
      [partnerId],
    ),
    db.query(`${TIMELINE} order by t.occurred_at desc nulls last, t.id desc nulls last limit 51`, params),
    db.query(
      `select c.unit_id, u.name, c.kind, c.n::int from (
         select t.unit_id, t.kind, count(*) as n from touchpoints t
         where t.partner_id = $1 and t.occurred_at >= now() - interval '12 months' and ${VISIBLE}
         group by grouping sets ((t.unit_id), (t.kind))) c
       left join units u on u.id = c.unit_id`,
      params,
    ),
    db.query(
      `select r.id, last.occurred_at from relationships r left join lateral (
         select t.occurred_at from touchpoints t where t.partner_id = r.partner_id and t.unit_id = r.unit_id and ${VISIBLE}
         order by t.occurred_at desc nulls last limit 1) last on true where r.partner_id = $1`,
      params,
    ),
    db.query(
      `select k.*, u.name as assignee_name, p.name as partner_name from tasks k join users u on u.id = k.assignee_id
       left join partners p on p.id = k.partner_id left join touchpoints t on t.id = k.touchpoint_id
       where k.partner_id = $1 and k.done_at is null and (k.touchpoint_id is null or ${VISIBLE})
       order by coalesce(k.due_on, '9999-12-31'::date), k.id limit 21`,
      params,
    ),
  ])) as { rows: { id: string }[] }[];
  await Promise.all([
    db.query(
      'select relationship_id, u.id, u.name from relationship_deputies d join users u on u.id = d.user_id where relationship_id = any($1)',
      [relationships!.rows.map((r) => r.id)],
    ),
    participants(
      db,
      timeline!.rows.map((r) => r.id),
    ),
  ]);
}

export async function rawTimelinePage(db: RawClient, partnerId: string, v: Viewer, cursor: [string, string]) {
  const result = (await db.query(
    `${TIMELINE} and (t.occurred_at, t.id) < ($4, $5) order by t.occurred_at desc nulls last, t.id desc nulls last limit 51`,
    [partnerId, v.unitId, v.userId, cursor[0], cursor[1]],
  )) as { rows: { id: string }[] };
  await participants(
    db,
    result.rows.map((r) => r.id),
  );
}

export async function rawPartnerList(db: RawClient, typeId: string) {
  await db.query(
    `select p.id, p.name, p.type_id, p.parent_id, p.is_internal, p.unit_id, p.status, p.website, p.sector, p.address_line, p.city,
       p.postcode, p.country, p.tags, p.version, p.created_at, p.updated_at, pt.name as type_name, parent.name as parent_name
     from partners p join partner_types pt on pt.id = p.type_id left join partners parent on parent.id = p.parent_id
     where p.type_id = $1 and p.status = any($2) order by p.name, p.id limit 51`,
    [typeId, ['active']],
  );
}

export async function rawSearch(db: RawClient, q: string, v: Viewer) {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const tsq = words.map((w) => `${w}:*`).join(' & ');
  await Promise.all([
    db.query(
      `select p.id, p.name, pt.name, p.city, greatest(ts_rank(p.search, to_tsquery('simple', $2)), similarity(p.name, $1)) as rank
       from partners p join partner_types pt on pt.id = p.type_id
       where p.search @@ to_tsquery('simple', $2) or $1 <% p.name order by rank desc, p.name limit 8`,
      [q, tsq],
    ),
    db.query(
      `select c.id, c.name, c.job_title, greatest(ts_rank(c.search, to_tsquery('simple', $2)), similarity(c.name, $1)) as rank
       from contacts c where c.search @@ to_tsquery('simple', $2) or $1 <% c.name or c.emails @> array[lower($1)]
       order by rank desc, c.name limit 8`,
      [q, tsq],
    ),
    db.query(
      `select t.id, t.subject, p.name, ts_rank(t.search, websearch_to_tsquery('english', $1)) as rank from touchpoints t
       join partners p on p.id = t.partner_id where t.search @@ websearch_to_tsquery('english', $1) and
       (t.visibility = 'institution' or (t.visibility = 'unit' and t.unit_id = $2)
        or (t.visibility = 'confidential' and exists (select 1 from touchpoint_readers r where r.touchpoint_id = t.id and r.user_id = $3)))
       order by rank desc, t.occurred_at desc limit 8`,
      [q, v.unitId, v.userId],
    ),
  ]);
}

/** A unit's open requests, newest first, with their readers (the request register's first page). */
export async function rawRequestList(db: RawClient, unitId: string, v: Viewer) {
  const result = (await db.query(
    `select r.*, p.name as partner_name, u.name as unit_name, o.name as owner_name,
       coalesce(rc.name, ru.name) as raised_by_name
     from requests r join partners p on p.id = r.partner_id join units u on u.id = r.unit_id
     left join users o on o.id = r.owner_id left join users ru on ru.id = r.raised_by_user_id
     left join contacts rc on rc.id = r.raised_by_contact_id
     where r.unit_id = $1 and r.status not in ('resolved', 'closed')
       and (r.visibility = 'institution' or (r.visibility = 'unit' and r.unit_id = $2)
         or exists (select 1 from request_readers rr where rr.request_id = r.id and rr.user_id = $3))
     order by r.created_at desc, r.id desc limit 51`,
    [unitId, v.unitId, v.userId],
  )) as { rows: { id: string }[] };
  await db.query(
    'select rr.request_id, u.id, u.name from request_readers rr join users u on u.id = rr.user_id where rr.request_id = any($1)',
    [result.rows.map((r) => r.id)],
  );
}

/** The kept score's audience for a staff member of unit $2: their own unit's view, else everyone's. */
const PORTFOLIO_AUDIENCE = `case when r.unit_id = $2 then 'unit' else 'institution' end`;

/**
 * "Health for a manager's portfolio" by hand: the active relationships user $1 manages with
 * their partner's and unit's names, the kept score of the viewer's audience for each, and a month
 * of daily points aggregated per relationship (the statements of GET /me/health).
 */
export async function rawPortfolioHealth(db: RawClient, v: Viewer) {
  const params = [v.userId, v.unitId];
  await Promise.all([
    db.query(
      `select r.id, r.partner_id, p.name as partner_name, r.unit_id, u.name as unit_name
       from relationships r join partners p on p.id = r.partner_id join units u on u.id = r.unit_id
       where r.manager_id = $1 and r.status = 'active' order by p.name, u.name limit 1000`,
      [v.userId],
    ),
    db.query(
      `select h.relationship_id, h.audience, h.score, h.parts, h.rule_version, h.has_confidential, h.computed_at
       from relationship_health h join relationships r on r.id = h.relationship_id
       where r.manager_id = $1 and r.status = 'active' and h.audience = ${PORTFOLIO_AUDIENCE}`,
      params,
    ),
    db.query(
      `select s.relationship_id, string_agg(to_char(s.day, 'YYYY-MM-DD'), ',' order by s.day) as days,
         array_agg(s.score order by s.day) as scores, array_agg(s.rule_version order by s.day) as versions
       from relationship_health_snapshots s join relationships r on r.id = s.relationship_id
       where r.manager_id = $1 and r.status = 'active' and s.audience = ${PORTFOLIO_AUDIENCE}
         and s.day >= current_date - 30
       group by s.relationship_id`,
      params,
    ),
  ]);
}

/*
 * The true lower bound: the same data as each read scenario, in one statement (json_build_object
 * with a correlated json_agg per part), sent as a named (prepared) statement on PostgreSQL, so
 * nothing is parsed or planned again and there is one round trip. PGlite's client has no named
 * statements: there the one statement is sent unnamed.
 */

/** The one-statement client: named statements on PostgreSQL. */
export type FloorClient = { run(name: string, text: string, params: unknown[]): Promise<unknown> };

export function floorClientOf(client: pg.Pool | PGlite): FloorClient {
  if ('totalCount' in client) return { run: (name, text, values) => client.query({ name, text, values }) };
  return { run: (_name, text, params) => client.query(text, params) };
}

/** A page's participants of touch point t, as correlated json_agg columns. */
const PARTICIPANTS = `
  (select json_agg(json_build_object('id', u.id, 'name', u.name)) from touchpoint_staff s join users u on u.id = s.user_id where s.touchpoint_id = t.id) as staff,
  (select json_agg(json_build_object('id', x.id, 'name', x.name)) from touchpoint_contacts c join contacts x on x.id = c.contact_id where c.touchpoint_id = t.id) as contacts,
  (select json_agg(json_build_object('id', u.id, 'name', u.name)) from touchpoint_readers r join users u on u.id = r.user_id where r.touchpoint_id = t.id) as readers`;

const TIMELINE_ENTRY = `t.id, t.partner_id, t.relationship_id, t.unit_id, t.author_id, t.kind, t.is_formal, t.occurred_at, t.subject,
  t.notes, t.sentiment, t.visibility, t.version, t.created_at, t.updated_at, p.name as partner_name, u.name as unit_name,
  a.name as author_name, ${PARTICIPANTS}
  from touchpoints t join partners p on p.id = t.partner_id join units u on u.id = t.unit_id join users a on a.id = t.author_id
  where t.partner_id = $1 and ${VISIBLE}`;

const OVERVIEW_ONE = `select json_build_object(
  'partner', (select row_to_json(x) from (
    select p.*, pt.name as type_name, parent.name as parent_name from partners p join partner_types pt on pt.id = p.type_id
    left join partners parent on parent.id = p.parent_id where p.id = $1) x),
  'relationships', (select json_agg(x) from (
    select r.*, u.name as unit_name, m.name as manager_name,
      (select json_agg(json_build_object('id', du.id, 'name', du.name) order by du.name) from relationship_deputies d
        join users du on du.id = d.user_id where d.relationship_id = r.id) as deputies,
      (select t.occurred_at from touchpoints t where t.partner_id = r.partner_id and t.unit_id = r.unit_id and ${VISIBLE}
        order by t.occurred_at desc nulls last limit 1) as last_contact_at
    from relationships r join units u on u.id = r.unit_id left join users m on m.id = r.manager_id
    where r.partner_id = $1 order by r.created_at, r.id limit 501) x),
  'keyContacts', (select json_agg(x) from (
    select c.id, c.name, c.job_title, c.emails, c.phones, a.role, a.is_key_contact from affiliations a join contacts c on c.id = a.contact_id
    where a.partner_id = $1 and (a.end_date is null or a.end_date >= current_date) order by a.is_key_contact desc, c.name limit 20) x),
  'timeline', (select json_agg(x) from (
    select ${TIMELINE_ENTRY} order by t.occurred_at desc nulls last, t.id desc nulls last limit 51) x),
  'counts', (select json_agg(x) from (
    select c.unit_id, u.name, c.kind, c.n::int from (
      select t.unit_id, t.kind, count(*) as n from touchpoints t
      where t.partner_id = $1 and t.occurred_at >= now() - interval '12 months' and ${VISIBLE}
      group by grouping sets ((t.unit_id), (t.kind))) c
    left join units u on u.id = c.unit_id) x),
  'openTasks', (select json_agg(x) from (
    select k.*, u.name as assignee_name from tasks k join users u on u.id = k.assignee_id
    left join touchpoints t on t.id = k.touchpoint_id
    where k.partner_id = $1 and k.done_at is null and (k.touchpoint_id is null or ${VISIBLE})
    order by coalesce(k.due_on, '9999-12-31'::date), k.id limit 21) x)
) as overview`;

export function floorOverview(db: FloorClient, partnerId: string, v: Viewer) {
  return db.run('floor_overview', OVERVIEW_ONE, [partnerId, v.unitId, v.userId]);
}

export function floorTimelinePage(db: FloorClient, partnerId: string, v: Viewer, cursor: [string, string]) {
  return db.run(
    'floor_timeline',
    `select json_agg(x) from (select ${TIMELINE_ENTRY} and (t.occurred_at, t.id) < ($4, $5)
       order by t.occurred_at desc nulls last, t.id desc nulls last limit 51) x`,
    [partnerId, v.unitId, v.userId, cursor[0], cursor[1]],
  );
}

export function floorPartnerList(db: FloorClient, typeId: string) {
  return db.run(
    'floor_partner_list',
    `select p.id, p.name, p.type_id, p.parent_id, p.is_internal, p.unit_id, p.status, p.website, p.sector, p.address_line, p.city,
       p.postcode, p.country, p.tags, p.version, p.created_at, p.updated_at, pt.name as type_name, parent.name as parent_name
     from partners p join partner_types pt on pt.id = p.type_id left join partners parent on parent.id = p.parent_id
     where p.type_id = $1 and p.status = any($2) order by p.name, p.id limit 51`,
    [typeId, ['active']],
  );
}

export function floorSearch(db: FloorClient, q: string, v: Viewer) {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const tsq = words.map((w) => `${w}:*`).join(' & ');
  return db.run(
    'floor_search',
    `select json_build_object(
      'partners', (select json_agg(x) from (
        select p.id, p.name, pt.name as type_name, p.city, greatest(ts_rank(p.search, $2::tsquery), similarity(p.name, $1)) as rank
        from partners p join partner_types pt on pt.id = p.type_id
        where p.search @@ $2::tsquery or $1 <% p.name order by rank desc, p.name limit 8) x),
      'contacts', (select json_agg(x) from (
        select c.id, c.name, c.job_title, greatest(ts_rank(c.search, $2::tsquery), similarity(c.name, $1)) as rank
        from contacts c where c.search @@ $2::tsquery or $1 <% c.name or c.emails @> array[lower($1)]
        order by rank desc, c.name limit 8) x),
      'touchpoints', (select json_agg(x) from (
        select t.id, t.subject, p.name, ts_rank(t.search, q.q) as rank
        from (select websearch_to_tsquery('english', $1) as q) q, touchpoints t join partners p on p.id = t.partner_id
        where t.search @@ q.q and ${visibleTo('$3', '$4')}
        order by rank desc, t.occurred_at desc limit 8) x)
    )`,
    [q, tsq, v.unitId, v.userId],
  );
}

export function floorRequestList(db: FloorClient, unitId: string, v: Viewer) {
  return db.run(
    'floor_requests',
    `select json_agg(x) from (
       select r.*, p.name as partner_name, u.name as unit_name, o.name as owner_name, coalesce(rc.name, ru.name) as raised_by_name,
         (select json_agg(json_build_object('id', ux.id, 'name', ux.name)) from request_readers rr join users ux on ux.id = rr.user_id
           where rr.request_id = r.id) as readers
       from requests r join partners p on p.id = r.partner_id join units u on u.id = r.unit_id
       left join users o on o.id = r.owner_id left join users ru on ru.id = r.raised_by_user_id
       left join contacts rc on rc.id = r.raised_by_contact_id
       where r.unit_id = $1 and r.status not in ('resolved', 'closed')
         and (r.visibility = 'institution' or (r.visibility = 'unit' and r.unit_id = $2)
           or exists (select 1 from request_readers rr where rr.request_id = r.id and rr.user_id = $3))
       order by r.created_at desc, r.id desc limit 51) x`,
    [unitId, v.unitId, v.userId],
  );
}

export function floorPortfolioHealth(db: FloorClient, v: Viewer) {
  return db.run(
    'floor_portfolio_health',
    `select json_agg(x order by x.partner_name, x.unit_name) from (
       select r.id, r.partner_id, p.name as partner_name, r.unit_id, u.name as unit_name,
         (select row_to_json(h) from (select h.score, h.parts, h.rule_version, h.has_confidential, h.computed_at
            from relationship_health h where h.relationship_id = r.id and h.audience = ${PORTFOLIO_AUDIENCE}) h) as health,
         (select json_agg(json_build_object('day', s.day, 'score', s.score, 'ruleVersion', s.rule_version) order by s.day)
            from relationship_health_snapshots s
            where s.relationship_id = r.id and s.audience = ${PORTFOLIO_AUDIENCE} and s.day >= current_date - 30) as trend
       from relationships r join partners p on p.id = r.partner_id join units u on u.id = r.unit_id
       where r.manager_id = $1 and r.status = 'active' limit 1000) x`,
    [v.userId, v.unitId],
  );
}

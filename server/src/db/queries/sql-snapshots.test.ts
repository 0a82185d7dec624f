import { readdirSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listContactsQuery,
  listPartnersQuery,
  listRelationshipsQuery,
  listUsersQuery,
} from '../../../../common/src/lists/queries.ts';
import { myHome } from '../../insights/home/home.service.ts';
import {
  countsOfLastYear,
  keptCountsOfLastYear,
  keyContactsOf,
  lastContactByRelationship,
  readVersionsOf,
} from '../../insights/partner-view/partner-view.repository.ts';
import { partnerOverview } from '../../insights/partner-view/partner-view.service.ts';
import { seniorView } from '../../insights/senior-view/senior-view.service.ts';
import { InProcessQueue } from '../../jobs/in-process-queue.ts';
import type { Ctx } from '../../lib/context.ts';
import type { Actor } from '../../modules/access/actor.ts';
import {
  actorsOf,
  touchpointCountScope,
  touchpointPartnerScope,
} from '../../modules/access/audience.repository.ts';
import {
  currentAffiliationsOf,
  findSimilarContacts,
  listContacts,
} from '../../modules/contacts/contacts.repository.ts';
import { listPartners } from '../../modules/partners/partners.repository.ts';
import { deputiesOf, listRelationships } from '../../modules/relationships/relationships.repository.ts';
import { requestScope } from '../../modules/requests/requests.policy.ts';
import { countByStatus, listRequests, readersOf } from '../../modules/requests/requests.repository.ts';
import { searchContacts, searchPartners, searchTouchpoints } from '../../modules/search/search.repository.ts';
import { listTasks } from '../../modules/tasks/tasks.repository.ts';
import { touchpointScope, touchpointScopes } from '../../modules/touchpoints/touchpoints.policy.ts';
import { listTimeline, participantsOf } from '../../modules/touchpoints/touchpoints.repository.ts';
import { listUsers } from '../../modules/users/users.repository.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';
import { openSqlCapture } from '../../test/sql-capture.ts';
import type { Db } from '../client.ts';

/**
 * SQL snapshots, in the manner of Immich's generated `queries/*.sql`: the SQL text that the
 * functions on hot paths send, one file per repository beside this test, so that a changed
 * query shows in review. This test sends every entry below to a seeded database, renders the
 * files in memory and fails with the difference when the committed ones differ;
 * `npm run sql:snapshots` rewrites them. To cover another function, add a line to `entries`.
 */

/** The records and people the entries' arguments refer to (seeded in beforeAll). */
type Sample = {
  staff: Actor;
  senior: Actor;
  unitId: string;
  partnerId: string;
  contactIds: string[];
  relationshipIds: string[];
  touchpointIds: string[];
  requestIds: string[];
  timelineCursor: string;
};

type Entry = {
  /** The snapshot file, named after the repository: `<file>.sql`. */
  file: string;
  /** The function, and the case when one function has several entries. */
  name: string;
  run: (db: Db, s: Sample) => Promise<unknown>;
};

const ctxOf = (db: Db, actor: Actor): Ctx => ({
  db,
  actor,
  requestId: 'sql-snapshot',
  log: pino({ level: 'silent' }),
  jobs: new InProcessQueue(pino({ level: 'silent' })),
});
const partnersQuery = listPartnersQuery.parse({});
const partnersFiltered = listPartnersQuery.parse({ q: 'north', status: 'active', isInternal: 'false' });
const contactsQuery = listContactsQuery.parse({});
const relationshipsQuery = listRelationshipsQuery.parse({});
const usersQuery = listUsersQuery.parse({});
const usersFiltered = listUsersQuery.parse({ q: 'ada', role: 'staff', active: 'true' });

/**
 * The hot paths. Most entries call one repository function with the arguments its service
 * passes; home and the senior view are read services whose SQL is partly their own, so their
 * entries run the whole service (the statements appear in the order they are sent).
 */
const entries: Entry[] = [
  // The partner overview.
  {
    file: 'partner-view',
    name: 'partnerOverview (the whole overview)',
    run: (db, s) => partnerOverview(ctxOf(db, s.staff), s.partnerId),
  },
  { file: 'partner-view', name: 'keyContactsOf', run: (db, s) => keyContactsOf(db, s.partnerId) },
  {
    file: 'partner-view',
    name: 'readVersionsOf (the ETag of a partner page)',
    run: (db, s) => readVersionsOf(db, s.partnerId),
  },
  {
    file: 'partner-view',
    name: 'countsOfLastYear',
    run: (db, s) => countsOfLastYear(db, s.partnerId, touchpointPartnerScope(s.staff)),
  },
  {
    file: 'partner-view',
    name: 'keptCountsOfLastYear',
    run: (db, s) =>
      keptCountsOfLastYear(db, s.partnerId, touchpointPartnerScope(s.staff), touchpointCountScope(s.staff)),
  },
  {
    file: 'partner-view',
    name: "lastContactByRelationship (a partner's relationships)",
    run: (db, s) =>
      lastContactByRelationship(db, { partnerId: s.partnerId }, touchpointPartnerScope(s.staff)),
  },
  // The timeline and the touch-point list.
  {
    file: 'touchpoints',
    name: "listTimeline (a partner's timeline)",
    run: (db, s) => listTimeline(db, { partnerId: s.partnerId }, touchpointScopes(s.staff), { limit: 50 }),
  },
  {
    file: 'touchpoints',
    name: "listTimeline (a partner's timeline, next page)",
    run: (db, s) =>
      listTimeline(db, { partnerId: s.partnerId }, touchpointScopes(s.staff), {
        limit: 50,
        cursor: s.timelineCursor,
      }),
  },
  {
    file: 'touchpoints',
    name: "listTimeline (a contact's timeline)",
    run: (db, s) =>
      listTimeline(db, { contactId: s.contactIds[0] }, touchpointScopes(s.staff), { limit: 50 }),
  },
  {
    file: 'touchpoints',
    name: 'listTimeline (the list, filtered by unit, kind and dates)',
    run: (db, s) =>
      listTimeline(
        db,
        { unitId: s.unitId, kind: 'meeting', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
        touchpointScopes(s.staff),
        { limit: 50 },
      ),
  },
  { file: 'touchpoints', name: 'participantsOf', run: (db, s) => participantsOf(db, s.touchpointIds) },
  // Search.
  { file: 'search', name: 'searchPartners', run: (db) => searchPartners(db, 'north eng', 10) },
  { file: 'search', name: 'searchContacts', run: (db) => searchContacts(db, 'priya', 10) },
  {
    file: 'search',
    name: 'searchTouchpoints',
    run: (db, s) => searchTouchpoints(db, 'apprenticeships', 10, touchpointScope(s.staff)),
  },
  // The lists.
  {
    file: 'partners',
    name: 'listPartners (first page)',
    run: (db) => listPartners(db, partnersQuery),
  },
  {
    file: 'partners',
    name: 'listPartners (name, status, internal)',
    run: (db) => listPartners(db, partnersFiltered),
  },
  {
    file: 'partners',
    name: 'listPartners (a unit’s partners)',
    run: (db, s) => listPartners(db, { ...partnersQuery, unitId: s.unitId }),
  },
  {
    file: 'contacts',
    name: 'listContacts (first page)',
    run: (db) => listContacts(db, contactsQuery),
  },
  {
    file: 'contacts',
    name: "listContacts (a partner's, by name)",
    run: (db, s) => listContacts(db, { ...contactsQuery, q: 'priya', partnerId: s.partnerId }),
  },
  {
    file: 'contacts',
    name: 'listContacts (by role and consent)',
    run: (db) => listContacts(db, { ...contactsQuery, role: 'careers', consentStatus: ['given'] }),
  },
  {
    file: 'contacts',
    name: 'findSimilarContacts (the duplicate warning)',
    run: (db) => findSimilarContacts(db, { name: 'Priya Natarajan', emails: ['priya@partner.example'] }, 5),
  },
  {
    file: 'contacts',
    name: 'currentAffiliationsOf',
    run: (db, s) => currentAffiliationsOf(db, s.contactIds),
  },
  {
    file: 'relationships',
    name: 'listRelationships (first page)',
    run: (db) => listRelationships(db, relationshipsQuery),
  },
  {
    file: 'relationships',
    name: 'listRelationships (a unit’s active ones at a stage)',
    run: (db, s) =>
      listRelationships(db, {
        ...relationshipsQuery,
        unitId: s.unitId,
        stage: 'developing',
        status: 'active',
      }),
  },
  { file: 'relationships', name: 'deputiesOf', run: (db, s) => deputiesOf(db, s.relationshipIds) },
  {
    file: 'requests',
    name: 'listRequests (first page)',
    run: (db, s) => listRequests(db, {}, requestScope(s.staff), { limit: 50, sort: '-created' }),
  },
  {
    file: 'requests',
    name: "listRequests (a partner's open ones by kind and words, due first)",
    run: (db, s) =>
      listRequests(
        db,
        { partnerId: s.partnerId, open: true, kind: ['incident', 'complaint'], q: 'portal' },
        requestScope(s.staff),
        { limit: 50, sort: 'due' },
      ),
  },
  {
    file: 'requests',
    name: 'listRequests (escalated and overdue)',
    run: (db, s) =>
      listRequests(db, { escalated: true, overdue: true }, requestScope(s.staff), {
        limit: 50,
        sort: '-updated',
      }),
  },
  {
    file: 'requests',
    name: 'countByStatus (the board)',
    run: (db, s) => countByStatus(db, { unitId: s.unitId }, requestScope(s.staff)),
  },
  { file: 'requests', name: 'readersOf', run: (db, s) => readersOf(db, s.requestIds) },
  {
    file: 'users',
    name: 'listUsers (first page)',
    run: (db) => listUsers(db, usersQuery),
  },
  {
    file: 'users',
    name: 'listUsers (name, role, active)',
    run: (db) => listUsers(db, usersFiltered),
  },
  {
    file: 'tasks',
    name: 'listTasks (my open follow-ups)',
    run: (db, s) =>
      listTasks(db, { assigneeId: s.staff.userId, done: false }, touchpointScope(s.staff), {
        limit: 50,
        sort: 'due',
        today: '2026-06-01',
      }),
  },
  // Home and the senior view.
  { file: 'home', name: 'myHome', run: (db, s) => myHome(ctxOf(db, s.staff)) },
  {
    file: 'senior-view',
    name: 'seniorView',
    run: (db, s) => seniorView(ctxOf(db, s.senior), new Date('2026-06-01T09:00:00Z')),
  },
];

const header = `-- Generated by \`npm run sql:snapshots\` from server/src/db/queries/sql-snapshots.test.ts: do not edit.
-- The SQL that each function on a hot path sends, with sample arguments; parameters show as $1, $2, ...
`;

/** One file's text: each statement under the function that sent it (repeats are counted, not listed). */
function render(captured: { name: string; statements: string[] }[]): string {
  const blocks = captured.flatMap(({ name, statements }) => {
    const counts = new Map<string, number>();
    for (const statement of statements) counts.set(statement, (counts.get(statement) ?? 0) + 1);
    return [...counts].map(
      ([statement, n]) => `-- ${name}${n > 1 ? ` (sent ${n} times)` : ''}\n${statement.trim()};\n`,
    );
  });
  return [header, ...blocks].join('\n');
}

let t: TestApp;
let sample: Sample;

beforeAll(async () => {
  t = await createTestApp();
  // A School in a faculty: staff of the School, and a senior manager of the faculty (whose scope
  // reaches the School's unit records, so the visibility SQL takes its several-units form).
  const faculty = await buildUnit(t.db, { name: 'Faculty of Engineering', kind: 'faculty' });
  const unitId = (
    await buildUnit(t.db, { name: 'School of Computing', kind: 'school', parentId: faculty.id })
  ).id;
  const staff = await t.signIn('staff', { unitId });
  const senior = await t.signIn('senior_manager', { unitId: faculty.id });
  const partnerId = (await buildPartner(t.db, { name: 'Northmoor Engineering' })).id;
  const contacts = [await buildContact(t.db, { name: 'Priya Shah' }), await buildContact(t.db)];
  for (const contact of contacts) await buildAffiliation(t.db, { contactId: contact.id, partnerId });
  const relationship = await buildRelationship(t.db, {
    unitId,
    partnerId,
    managerId: staff.user.id,
    cadenceDays: 30,
  });
  const touchpointIds: string[] = [];
  for (const subject of ['Degree apprenticeships kick-off', 'Placement review']) {
    const created = await t.call(staff, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'meeting',
      subject,
      contactIds: contacts.map((c) => c.id),
      staffIds: [senior.user.id],
      followUp: { title: `Follow up: ${subject}`, assigneeId: staff.user.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    touchpointIds.push(created.json().id);
  }
  const requestIds: string[] = [];
  for (const kind of ['incident', 'dispute']) {
    const raised = await t.call(staff, 'POST', '/api/v1/requests', {
      partnerId,
      kind,
      title: 'Portal login fails',
      readerIds: [senior.user.id],
    });
    expect(raised.statusCode, raised.body).toBe(201);
    requestIds.push(raised.json().id);
  }
  const escalated = await t.call(staff, 'POST', `/api/v1/requests/${requestIds[0]}/escalate`, {
    level: 'senior_management',
    briefing: 'Placements at risk',
  });
  expect(escalated.statusCode, escalated.body).toBe(200);
  const atRisk = await t.call(staff, 'POST', `/api/v1/relationships/${relationship.id}/escalate`, {
    level: 'head_of_unit',
    briefing: 'No contact this term',
  });
  expect(atRisk.statusCode, atRisk.body).toBe(201);
  const firstPage = await listTimeline(
    t.db,
    { partnerId },
    { touchpoints: undefined, partnerRows: undefined },
    { limit: 1 },
  );
  const [staffActor, seniorActor] = await actorsOf(t.db, [staff.user.id, senior.user.id]).then((actors) =>
    [staff, senior].map((agent) => actors.find((a) => a.userId === agent.user.id)!),
  );
  expect(seniorActor!.unitScope).toHaveLength(2);
  sample = {
    staff: staffActor!,
    senior: seniorActor!,
    unitId,
    partnerId,
    contactIds: contacts.map((c) => c.id),
    relationshipIds: [relationship.id],
    touchpointIds,
    requestIds,
    timelineCursor: firstPage.nextCursor!,
  };
});
afterAll(() => t.close());

describe('SQL snapshots', () => {
  it('match the committed files in server/src/db/queries (npm run sql:snapshots rewrites them)', async () => {
    const capture = await openSqlCapture(t.database);
    const files = new Map<string, { name: string; statements: string[] }[]>();
    try {
      for (const entry of entries) {
        const statements = await capture.capture((db) => entry.run(db, sample));
        expect(statements, `${entry.file}: ${entry.name} sent no SQL`).not.toEqual([]);
        files.set(entry.file, [...(files.get(entry.file) ?? []), { name: entry.name, statements }]);
      }
    } finally {
      await capture.close();
    }
    for (const [file, captured] of files) {
      // Soft: every changed file is reported, not only the first.
      await expect
        .soft(
          render(captured),
          `The SQL in ${file}.sql changed. If the change is meant, run \`npm run sql:snapshots\` and commit the file`,
        )
        .toMatchFileSnapshot(`./${file}.sql`);
    }
    const stale = readdirSync(import.meta.dirname)
      .filter((name) => name.endsWith('.sql'))
      .filter((name) => !files.has(name.replace(/\.sql$/, '')));
    expect(stale, 'no entry writes these files any more: delete them').toEqual([]);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefings } from '../../db/schema/briefings.ts';
import { playbookRunSteps, playbookRuns } from '../../db/schema/playbooks.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildContact, buildPartner, buildRelationship, buildUnit } from '../../test/factories/index.ts';
import { prepareBriefings } from '../briefings/briefings.service.ts';

/**
 * A confidential touch point of unit A must not show up for anyone who is not named — not in a
 * read, a list, a timeline, the overview's entries or counts, search, home, history or tasks.
 * The last tests go further: every GET operation of the API (read from the OpenAPI document)
 * is called by outsiders and must not give away a confidential touch point or request.
 */
let t: TestApp;
let author: Agent;
let named: Agent;
let colleague: Agent;
let otherUnitStaff: Agent;
let otherUnitSenior: Agent;
let admin: Agent;
let partnerId: string;
let contactId: string;
let secretId: string;
let unitNoteId: string;
let taskId: string;
let requestId: string;
let relationshipId: string;
let reviewId: string;
let briefingId: string;
const SECRET = 'Zanzibar restructuring worries';
const UNIT_NOTE = 'Quillfeather invoice dispute';
const SECRET_REQUEST = 'Marrakesh lease worries';

beforeAll(async () => {
  t = await createTestApp();
  const unitA = (await buildUnit(t.db, { name: 'Research Office' })).id;
  const unitB = (await buildUnit(t.db, { name: 'Alumni Relations' })).id;
  author = await t.signIn('staff', { unitId: unitA });
  named = await t.signIn('staff', { unitId: unitB });
  colleague = await t.signIn('relationship_manager', { unitId: unitA });
  otherUnitStaff = await t.signIn('staff', { unitId: unitB });
  otherUnitSenior = await t.signIn('senior_manager', { unitId: unitB });
  admin = await t.signIn('administrator');
  partnerId = (await buildPartner(t.db, { name: 'Greystone Foundation' })).id;
  contactId = (await buildContact(t.db)).id;
  relationshipId = (
    await buildRelationship(t.db, { unitId: unitA, partnerId, managerId: colleague.user.id, cadenceDays: 30 })
  ).id;
  await buildRelationship(t.db, {
    unitId: unitB,
    partnerId,
    managerId: otherUnitSenior.user.id,
    cadenceDays: 30,
  });
  // A getting-to-know-you playbook whose first step a note completes: the confidential one does.
  const [run] = await t.db
    .insert(playbookRuns)
    .values({ relationshipId, managerId: colleague.user.id, reason: 'started', startedByEvent: null })
    .returning();
  await t.db.insert(playbookRunSteps).values({
    runId: run!.id,
    position: 1,
    title: 'Write it down',
    completesWhen: 'touchpoint',
    touchpointKind: 'note',
  });
  const open = (subject: string, unitAgent: Agent) =>
    t.call(unitAgent, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'meeting',
      subject,
      contactIds: [contactId],
    });
  await open('Open meeting with the foundation', author);
  const secret = await t.call(author, 'POST', '/api/v1/touchpoints', {
    partnerId,
    kind: 'note',
    subject: SECRET,
    notes: 'Only for the named few',
    visibility: 'confidential',
    readerIds: [named.user.id],
    contactIds: [contactId],
    followUp: { title: 'Brief the director about Zanzibar', assigneeId: author.user.id },
  });
  secretId = secret.json().id;
  unitNoteId = (
    await t.call(author, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'note',
      subject: UNIT_NOTE,
      visibility: 'unit',
      contactIds: [contactId],
    })
  ).json().id;
  taskId = (await t.call(author, 'GET', '/api/v1/tasks?limit=500'))
    .json()
    .items.find((x: { title: string }) => x.title.includes('Zanzibar')).id;
  // A confidential request, escalated with only the named reader told.
  requestId = (
    await t.call(author, 'POST', '/api/v1/requests', {
      partnerId,
      kind: 'concern',
      title: SECRET_REQUEST,
      visibility: 'confidential',
      readerIds: [named.user.id],
    })
  ).json().id;
  const escalated = await t.call(author, 'POST', `/api/v1/requests/${requestId}/escalate`, {
    level: 'senior_management',
    briefing: 'Marrakesh: the lease decision is needed this month',
    notifyUserIds: [named.user.id],
  });
  expect(escalated.statusCode).toBe(200);
  // A review of the unit's relationship: its agenda counts the partner's requests and concerns.
  const review = await t.call(admin, 'POST', `/api/v1/relationships/${relationshipId}/reviews`, {
    scheduledFor: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
  });
  expect(review.statusCode, review.body).toBe(201);
  reviewId = review.json().id;
  // The weekly briefings: the other unit's senior manager gets one. The confidential request is a
  // concern raised this week, so a briefing read past the recipient's visibility would name it.
  await prepareBriefings({ db: t.db, log: t.app.log, jobs: t.app.jobs });
  briefingId = (
    await t.db.select().from(briefings).where(eq(briefings.recipientId, otherUnitSenior.user.id))
  )[0]!.id;
  // Notices come from the events the writes recorded (the test app only sends jobs, so deliver here).
  await t.app.events.deliver();
});
afterAll(() => t.close());

/** Everything a person can learn about the partner's touch points, through every read path. */
async function whatCanSee(agent: Agent) {
  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
  const overview = (await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/overview`)).json();
  return {
    get: (await t.call(agent, 'GET', `/api/v1/touchpoints/${secretId}`)).statusCode,
    history: (await t.call(agent, 'GET', `/api/v1/touchpoints/${secretId}/history`)).statusCode,
    list: ids((await t.call(agent, 'GET', `/api/v1/touchpoints?partnerId=${partnerId}`)).json()),
    timeline: ids((await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/timeline`)).json()),
    contactTimeline: ids((await t.call(agent, 'GET', `/api/v1/contacts/${contactId}/timeline`)).json()),
    overviewEntries: ids(overview.timeline),
    overviewTotal: overview.lastYear.total as number,
    overviewNotes: overview.lastYear.byKind.find((k: { kind: string }) => k.kind === 'note')?.count ?? 0,
    search: (await t.call(agent, 'GET', '/api/v1/search?q=Zanzibar'))
      .json()
      .touchpoints.map((h: { id: string }) => h.id),
    searchUnitNote: (await t.call(agent, 'GET', '/api/v1/search?q=Quillfeather')).json().touchpoints.length,
    tasks: (await t.call(agent, 'GET', '/api/v1/tasks?limit=500'))
      .json()
      .items.map((x: { title: string }) => x.title),
    overviewTasks: overview.openTasks.map((x: { title: string }) => x.title),
  };
}

describe('confidential and unit touch points through every read path', () => {
  it('are invisible to another unit, even to its senior manager', async () => {
    for (const agent of [otherUnitStaff, otherUnitSenior]) {
      const seen = await whatCanSee(agent);
      expect(seen.get).toBe(404);
      expect(seen.history).toBe(404);
      for (const list of [
        seen.list,
        seen.timeline,
        seen.contactTimeline,
        seen.overviewEntries,
        seen.search,
      ]) {
        expect(list).not.toContain(secretId);
        expect(list).not.toContain(unitNoteId);
      }
      expect(seen.overviewTotal).toBe(1);
      expect(seen.overviewNotes).toBe(0);
      expect(seen.searchUnitNote).toBe(0);
      expect(seen.tasks).not.toContain('Brief the director about Zanzibar');
      expect(seen.overviewTasks).not.toContain('Brief the director about Zanzibar');
    }
  });

  it('shows the unit note but not the confidential one to a colleague in the unit', async () => {
    const seen = await whatCanSee(colleague);
    expect(seen.get).toBe(404);
    expect(seen.timeline).toContain(unitNoteId);
    expect(seen.timeline).not.toContain(secretId);
    expect(seen.overviewTotal).toBe(2);
    expect(seen.searchUnitNote).toBe(1);
    expect(seen.search).toEqual([]);
  });

  it('shows the confidential one to a named reader of another unit, and to administrators', async () => {
    for (const agent of [named, admin, author]) {
      const seen = await whatCanSee(agent);
      expect(seen.get).toBe(200);
      expect(seen.history).toBe(200);
      expect(seen.timeline).toContain(secretId);
      expect(seen.contactTimeline).toContain(secretId);
      expect(seen.overviewEntries).toContain(secretId);
      expect(seen.search).toEqual([secretId]);
    }
    expect((await whatCanSee(named)).overviewTotal).toBe(2);
    expect((await whatCanSee(admin)).overviewTotal).toBe(3);
    expect((await whatCanSee(author)).tasks).toContain('Brief the director about Zanzibar');
  });

  it("does not count a hidden touch point as a relationship's last contact", async () => {
    const overview = (await t.call(otherUnitStaff, 'GET', `/api/v1/partners/${partnerId}/overview`)).json();
    const unitA = overview.relationships.find((r: { unitName: string }) => r.unitName === 'Research Office');
    const asAuthor = (await t.call(author, 'GET', `/api/v1/partners/${partnerId}/overview`)).json();
    const unitAForAuthor = asAuthor.relationships.find(
      (r: { unitName: string }) => r.unitName === 'Research Office',
    );
    expect(Date.parse(unitAForAuthor.lastContactAt)).toBeGreaterThanOrEqual(Date.parse(unitA.lastContactAt));
    expect(unitA.lastContactAt).not.toBeNull();
  });
});

type Who = 'author' | 'named' | 'admin';
/**
 * Every GET operation of the API. Either how to call it on this data, and who is entitled to
 * see a secret in its answer (proof that the call reaches the records), or why it cannot show a
 * touch point or a request at all. A new GET route fails the first test until it is listed here.
 */
const reads: Record<string, { urls: () => string[]; shownTo: Who[] } | { noTouchpointsOrRequests: string }> =
  {
    'GET /api/v1/health': { noTouchpointsOrRequests: 'the service status' },
    'GET /api/v1/auth/status': { noTouchpointsOrRequests: 'whether the caller is signed in' },
    'GET /api/v1/auth/session': { noTouchpointsOrRequests: "the caller's own session" },
    'GET /api/v1/sign-on/options': { noTouchpointsOrRequests: 'the sign-in buttons and password policy' },
    'GET /api/v1/sign-on/{key}/start': { noTouchpointsOrRequests: 'a redirect to the identity provider' },
    'GET /api/v1/sign-on/{key}/callback': {
      noTouchpointsOrRequests: 'a redirect into Rapport after signing in',
    },
    'GET /api/v1/sign-on/{key}/saml/metadata': {
      noTouchpointsOrRequests: "Rapport's SAML service-provider metadata (addresses and entity id)",
    },
    'GET /api/v1/sign-on/{key}/saml/complete': {
      noTouchpointsOrRequests: 'a redirect into Rapport after a SAML sign-in',
    },
    'GET /api/v1/sign-on/{key}/saml/logout': {
      noTouchpointsOrRequests: "a redirect to Rapport's sign-in after single logout",
    },
    'GET /api/v1/sign-on-providers': { noTouchpointsOrRequests: 'identity providers (administrators only)' },
    'GET /api/v1/sign-on-providers/{id}': {
      noTouchpointsOrRequests: 'an identity provider (administrators only)',
    },
    'GET /api/v1/sign-on-providers/{id}/history': {
      noTouchpointsOrRequests: "changes to an identity provider's settings (administrators only)",
    },
    'GET /api/v1/sign-in-policy': {
      noTouchpointsOrRequests: 'whether passwords are taken (administrators only)',
    },
    'GET /api/v1/tokens': { noTouchpointsOrRequests: "the caller's own API tokens" },
    'GET /api/v1/users': { noTouchpointsOrRequests: 'staff accounts' },
    'GET /api/v1/users/{id}': { noTouchpointsOrRequests: 'a staff account' },
    'GET /api/v1/users/{id}/history': { noTouchpointsOrRequests: "changes to a staff account's fields" },
    'GET /api/v1/units': { noTouchpointsOrRequests: 'the unit tree' },
    'GET /api/v1/units/{id}': { noTouchpointsOrRequests: 'a unit' },
    'GET /api/v1/units/{id}/history': { noTouchpointsOrRequests: "changes to a unit's fields" },
    'GET /api/v1/partner-types': { noTouchpointsOrRequests: 'configuration' },
    'GET /api/v1/partner-types/{id}': { noTouchpointsOrRequests: 'configuration' },
    'GET /api/v1/partner-types/{id}/history': { noTouchpointsOrRequests: 'configuration' },
    'GET /api/v1/affiliations': { noTouchpointsOrRequests: "contacts' roles at partners" },
    'GET /api/v1/affiliations/{id}': { noTouchpointsOrRequests: "a contact's role at a partner" },
    'GET /api/v1/affiliations/{id}/history': { noTouchpointsOrRequests: "changes to a contact's role" },
    'GET /api/v1/service-levels': { noTouchpointsOrRequests: 'configuration' },
    'GET /api/v1/working-week': { noTouchpointsOrRequests: 'configuration' },
    'GET /api/v1/attention-rules': { noTouchpointsOrRequests: 'configuration' },
    'GET /api/v1/holidays': { noTouchpointsOrRequests: 'configuration' },
    'GET /api/v1/branding': { noTouchpointsOrRequests: "the university's name, colour and logo (public)" },
    'GET /api/v1/branding/logo/{sha}': { noTouchpointsOrRequests: "the university's logo image (public)" },
    'GET /api/v1/users/export': { noTouchpointsOrRequests: 'staff accounts (administrators only)' },
    'GET /api/v1/saved-views': { noTouchpointsOrRequests: "lists' saved filters" },
    'GET /api/v1/saved-views/{id}': { noTouchpointsOrRequests: "a list's saved filters" },
    'GET /api/v1/saved-views/{id}/history': { noTouchpointsOrRequests: "changes to a list's saved filters" },
    'GET /api/v1/me': { noTouchpointsOrRequests: "the caller's own directory entry" },
    'GET /api/v1/me/notification-preferences': { noTouchpointsOrRequests: "the caller's own settings" },
    'GET /api/v1/relationships/{id}/attachments': {
      noTouchpointsOrRequests: "a relationship's files (relationships are not confidential)",
    },
    'GET /api/v1/attachments/{id}': {
      noTouchpointsOrRequests:
        "a file's bytes, behind its record's read rule (confidential records' files: attachments.test.ts)",
    },
    'GET /api/v1/imports': {
      noTouchpointsOrRequests:
        "the caller's own uploads (an administrator's: everyone's), as GET /imports/{id}",
    },
    'GET /api/v1/imports/{id}/file': {
      noTouchpointsOrRequests: 'the bytes a person uploaded, to that person (or an administrator)',
    },
    'GET /api/v1/imports/{id}': {
      noTouchpointsOrRequests: "an uploaded spreadsheet's headings and mapping, to whoever uploaded it",
    },
    'GET /api/v1/imports/{id}/preview': {
      noTouchpointsOrRequests: "an uploaded file's own rows; it names partners only (not confidential)",
    },
    'GET /api/v1/imports/{id}/report': {
      noTouchpointsOrRequests:
        "what an import did with its own file's rows (partners and contacts it wrote), to whoever uploaded it",
    },
    'GET /api/v1/import-mappings': { noTouchpointsOrRequests: 'saved column mappings' },
    'GET /api/v1/activities': {
      noTouchpointsOrRequests: 'activities, under their own rule (activities.test.ts)',
    },
    'GET /api/v1/activities/export': { noTouchpointsOrRequests: 'activities, under their own rule' },
    'GET /api/v1/activities/{id}': { noTouchpointsOrRequests: 'an activity, under its own rule' },
    'GET /api/v1/activities/{id}/history': { noTouchpointsOrRequests: "changes to an activity's fields" },
    'GET /api/v1/activities/{id}/occurrences': { noTouchpointsOrRequests: "an activity's dates" },
    'GET /api/v1/activities/{id}/invitations': { noTouchpointsOrRequests: "an activity's invited contacts" },
    'GET /api/v1/activities/{id}/attendance': {
      noTouchpointsOrRequests:
        "an activity's door list, under the activity's rule; an attendance's touch point takes the activity's visibility and readers (attendance.test.ts)",
    },
    'GET /api/v1/activities/{id}/feedback': {
      noTouchpointsOrRequests: "feedback on an activity, under the activity's rule (feedback.test.ts)",
    },
    'GET /api/v1/activities/{id}/members': {
      noTouchpointsOrRequests:
        "a working group's members, under the activity's rule (working-groups.test.ts)",
    },
    'GET /api/v1/activities/{id}/actions': {
      noTouchpointsOrRequests:
        "a working group's agreed actions, under the activity's rule (working-groups.test.ts: a confidential group's)",
    },
    'GET /api/v1/activities/{id}/calendar': {
      noTouchpointsOrRequests: 'one activity as iCalendar, under its own rule (calendar-feeds.test.ts)',
    },
    // A partner's activities and memberships: a confidential activity only to its readers
    // (partner-activities.test.ts); the attendance touch points are not shown, only counted.
    'GET /api/v1/partners/{id}/activities': {
      urls: () => [`/api/v1/partners/${partnerId}/activities`],
      shownTo: [],
    },
    'GET /api/v1/me/calendar-feed': { noTouchpointsOrRequests: "whether the caller's own feed exists" },
    'GET /api/v1/public/calendars/{token}/activities.ics': {
      noTouchpointsOrRequests:
        "the activities the feed's owner organises, under the owner's rule now (calendar-feeds.test.ts)",
    },
    'GET /api/v1/personal-data/access': {
      noTouchpointsOrRequests: 'whether the caller holds the data protection ability',
    },
    'GET /api/v1/personal-data/purposes': { noTouchpointsOrRequests: 'configuration' },
    'GET /api/v1/contacts/{id}/consents': { noTouchpointsOrRequests: "a contact's consent decisions" },
    // Subject access holds confidential records on purpose: only the data protection ability
    // (administrators, and whom they choose) gets it, and everyone else 403 (personal-data.test.ts).
    'GET /api/v1/contacts/{id}/personal-data': {
      noTouchpointsOrRequests: 'subject access, refused (403) without the data protection ability',
    },
    'GET /api/v1/contacts/{id}/personal-data/pdf': {
      noTouchpointsOrRequests: 'subject access, refused (403) without the data protection ability',
    },
    'GET /api/v1/personal-data/holders': {
      noTouchpointsOrRequests: 'staff given the ability (administrators only)',
    },
    'GET /api/v1/personal-data/retention-rules': {
      noTouchpointsOrRequests: 'configuration (data protection ability)',
    },
    'GET /api/v1/personal-data/retention-runs': {
      noTouchpointsOrRequests: 'counts of runs (data protection ability)',
    },
    'GET /api/v1/personal-data/processing': {
      noTouchpointsOrRequests: 'purposes and counts (data protection ability)',
    },
    'GET /api/v1/personal-data/processing/export': { noTouchpointsOrRequests: 'the same as CSV' },
    'GET /api/v1/public/invitations/{token}': {
      noTouchpointsOrRequests: 'the activity an invited contact may see, by its private link',
    },
    'GET /api/v1/public/surveys/{token}': {
      noTouchpointsOrRequests: "a survey's questions, by its private link (surveys.test.ts)",
    },
    'GET /api/v1/survey-templates': { noTouchpointsOrRequests: 'saved sets of survey questions' },
    'GET /api/v1/survey-templates/{id}': {
      noTouchpointsOrRequests: 'a saved set of survey questions and its versions (templates.test.ts)',
    },

    'GET /api/v1/partners': { urls: () => ['/api/v1/partners?limit=500'], shownTo: [] },
    'GET /api/v1/partners/export': { urls: () => ['/api/v1/partners/export'], shownTo: [] },
    'GET /api/v1/contacts/export': { urls: () => ['/api/v1/contacts/export'], shownTo: [] },
    'GET /api/v1/relationships/export': { urls: () => ['/api/v1/relationships/export'], shownTo: [] },
    'GET /api/v1/touchpoints/export': {
      urls: () => ['/api/v1/touchpoints/export', `/api/v1/touchpoints/export?partnerId=${partnerId}`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/requests/export': {
      urls: () => ['/api/v1/requests/export', `/api/v1/requests/export?partnerId=${partnerId}`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/partners/{id}': { urls: () => [`/api/v1/partners/${partnerId}`], shownTo: [] },
    'GET /api/v1/partners/{id}/history': {
      urls: () => [`/api/v1/partners/${partnerId}/history`],
      shownTo: [],
    },
    'GET /api/v1/partners/{id}/overview': {
      urls: () => [`/api/v1/partners/${partnerId}/overview`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/partners/{id}/timeline': {
      urls: () => [`/api/v1/partners/${partnerId}/timeline`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/contacts': { urls: () => ['/api/v1/contacts?limit=500'], shownTo: [] },
    'GET /api/v1/contacts/{id}': { urls: () => [`/api/v1/contacts/${contactId}`], shownTo: [] },
    'GET /api/v1/contacts/{id}/history': {
      urls: () => [`/api/v1/contacts/${contactId}/history`],
      shownTo: [],
    },
    // The duplicate warning shows contacts and their affiliations, never a touch point.
    // Counts only, of records with no audience (contacts and relationships are shared records).
    'GET /api/v1/contacts/count': { urls: () => ['/api/v1/contacts/count'], shownTo: [] },
    'GET /api/v1/relationships/count': { urls: () => ['/api/v1/relationships/count'], shownTo: [] },
    'GET /api/v1/contacts/similar': {
      urls: () => ['/api/v1/contacts/similar?name=Contact&email=contact%40partner.example'],
      shownTo: [],
    },
    // Pairs of partners or contacts with names, a website or an e-mail address: never a touch point.
    'GET /api/v1/duplicates': {
      urls: () => ['/api/v1/duplicates?kind=partner', '/api/v1/duplicates?kind=contact'],
      shownTo: [],
    },
    'GET /api/v1/merges': {
      noTouchpointsOrRequests:
        'merges of partners and contacts: names and counts of links (administrators, who see all)',
    },
    'GET /api/v1/merges/{id}': { noTouchpointsOrRequests: 'one merge (administrators, who see all)' },
    // The partner duplicate warning shows partners, never a touch point.
    'GET /api/v1/partners/similar': { urls: () => ['/api/v1/partners/similar?name=Partner'], shownTo: [] },
    'GET /api/v1/contacts/{id}/timeline': {
      urls: () => [`/api/v1/contacts/${contactId}/timeline`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/relationships': { urls: () => ['/api/v1/relationships?limit=500'], shownTo: [] },
    'GET /api/v1/relationships/{id}': {
      urls: () => [`/api/v1/relationships/${relationshipId}`],
      shownTo: [],
    },
    'GET /api/v1/relationships/{id}/history': {
      urls: () => [`/api/v1/relationships/${relationshipId}/history`],
      shownTo: [],
    },
    'GET /api/v1/relationships/{id}/escalations': {
      urls: () => [`/api/v1/relationships/${relationshipId}/escalations`],
      shownTo: [],
    },
    // Health shows counts and averages, never a record: a confidential record counts only in the
    // score of those who may read it (relationship-health.test.ts proves the numbers).
    'GET /api/v1/relationships/{id}/health': {
      urls: () => [`/api/v1/relationships/${relationshipId}/health`],
      shownTo: [],
    },
    'GET /api/v1/partners/{id}/health': { urls: () => [`/api/v1/partners/${partnerId}/health`], shownTo: [] },
    // Survey results are anonymous answers under the surveys' own rule (surveys.test.ts: confidential ones).
    'GET /api/v1/partners/{id}/surveys': {
      urls: () => [`/api/v1/partners/${partnerId}/surveys`],
      shownTo: [],
    },
    // The same results as a file, under the same threshold (surveys.test.ts: exports).
    'GET /api/v1/partners/{id}/surveys/export': {
      urls: () => [`/api/v1/partners/${partnerId}/surveys/export`],
      shownTo: [],
    },
    'GET /api/v1/me/health': { urls: () => ['/api/v1/me/health'], shownTo: [] },
    // Who knows whom names the touch points behind each link: only those the caller may read.
    'GET /api/v1/partners/{id}/who-knows-whom': {
      urls: () => [`/api/v1/partners/${partnerId}/who-knows-whom?limit=50`],
      shownTo: ['author', 'named', 'admin'],
    },
    // Counts per unit and month that name no record (senior managers and administrators).
    'GET /api/v1/institution-stage': { urls: () => ['/api/v1/institution-stage'], shownTo: [] },
    'GET /api/v1/health-rules': { urls: () => ['/api/v1/health-rules'], shownTo: [] },
    // Reviews: the agenda counts what the reader may see (reviews.test.ts: the confidential complaint).
    'GET /api/v1/relationships/{id}/reviews': {
      urls: () => [`/api/v1/relationships/${relationshipId}/reviews`],
      shownTo: [],
    },
    'GET /api/v1/reviews/{id}': { urls: () => [`/api/v1/reviews/${reviewId}`], shownTo: [] },
    'GET /api/v1/reviews/{id}/agenda': { urls: () => [`/api/v1/reviews/${reviewId}/agenda`], shownTo: [] },
    // The confidential request is a concern, not a dispute: no procedure, and nothing of it shown.
    'GET /api/v1/requests/{id}/dispute': {
      urls: () => [`/api/v1/requests/${requestId}/dispute`],
      shownTo: [],
    },
    'GET /api/v1/agreement-approval-rules': {
      noTouchpointsOrRequests: 'who approves changes to agreements, by unit, kind and field',
    },
    'GET /api/v1/dispute-timescales': {
      noTouchpointsOrRequests: 'the days each stage of a dispute may take',
    },
    'GET /api/v1/public/dispute-outcomes/{token}': {
      noTouchpointsOrRequests: "a dispute's agreed outcome, by its private link (disputes.test.ts)",
    },
    'GET /api/v1/duplicates/dismissals': {
      noTouchpointsOrRequests: 'pairs of partners or contacts said not to be duplicates (administrators)',
    },
    // Initiatives: an input's linked touch point or request shows only to whoever may read it
    // (initiatives.test.ts: confidential sources, the published page and the digest).
    'GET /api/v1/initiatives': { urls: () => ['/api/v1/initiatives?limit=100'], shownTo: [] },
    'GET /api/v1/initiatives/export': { urls: () => ['/api/v1/initiatives/export'], shownTo: [] },
    'GET /api/v1/initiatives/{id}': { noTouchpointsOrRequests: 'an initiative, its partners and milestones' },
    'GET /api/v1/initiatives/{id}/inputs': {
      noTouchpointsOrRequests:
        "an initiative's input; a linked source is named only to its readers (initiatives.test.ts)",
    },
    'GET /api/v1/initiatives/{id}/history': { noTouchpointsOrRequests: "an initiative's changes" },
    'GET /api/v1/partners/{id}/initiatives': {
      urls: () => [`/api/v1/partners/${partnerId}/initiatives`],
      shownTo: [],
    },
    'GET /api/v1/public/initiatives/{token}': {
      noTouchpointsOrRequests: 'the published "you said, we did", by its private link (initiatives.test.ts)',
    },
    // Maturity assessments: the evidence is counted over what the caller may read (assessments.test.ts).
    'GET /api/v1/relationships/{id}/assessments': {
      urls: () => [`/api/v1/relationships/${relationshipId}/assessments`],
      shownTo: [],
    },
    'GET /api/v1/relationships/{id}/assessment-evidence': {
      urls: () => [`/api/v1/relationships/${relationshipId}/assessment-evidence`],
      shownTo: [],
    },
    'GET /api/v1/assessments/by-unit': {
      noTouchpointsOrRequests: 'counts and means of assessments per unit (assessments.test.ts)',
    },
    'GET /api/v1/public/assessments/{token}': {
      noTouchpointsOrRequests:
        "the checklist a partner's contact scores, by its private link (assessments.test.ts)",
    },
    'GET /api/v1/touchpoints': {
      urls: () => [`/api/v1/touchpoints?limit=500`, `/api/v1/touchpoints?partnerId=${partnerId}`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/touchpoints/{id}': {
      urls: () => [`/api/v1/touchpoints/${secretId}`],
      shownTo: ['author', 'named', 'admin'],
    },
    // No files in this data: the answer names the record, so outsiders must get nothing of it.
    'GET /api/v1/touchpoints/{id}/attachments': {
      urls: () => [`/api/v1/touchpoints/${secretId}/attachments`],
      shownTo: [],
    },
    'GET /api/v1/requests/{id}/attachments': {
      urls: () => [`/api/v1/requests/${requestId}/attachments`],
      shownTo: [],
    },
    'GET /api/v1/touchpoints/{id}/history': {
      urls: () => [`/api/v1/touchpoints/${secretId}/history`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/tasks': { urls: () => ['/api/v1/tasks?limit=500'], shownTo: ['author', 'named', 'admin'] },
    // A count only: the test below also checks that it does not count the confidential follow-up.
    'GET /api/v1/tasks/count': { urls: () => ['/api/v1/tasks/count?q=zanzibar'], shownTo: [] },
    'GET /api/v1/tasks/{id}': {
      urls: () => [`/api/v1/tasks/${taskId}`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/tasks/{id}/history': {
      urls: () => [`/api/v1/tasks/${taskId}/history`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/search': {
      urls: () => [
        '/api/v1/search?q=Zanzibar',
        '/api/v1/search?q=Quillfeather',
        '/api/v1/search?q=Marrakesh',
      ],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/me/home': { urls: () => ['/api/v1/me/home'], shownTo: ['author'] },
    'GET /api/v1/requests': {
      urls: () => ['/api/v1/requests?limit=500', `/api/v1/requests?partnerId=${partnerId}`],
      shownTo: ['author', 'named', 'admin'],
    },
    // Counts only: the test below also checks that they do not count the confidential request.
    'GET /api/v1/requests/board': { urls: () => ['/api/v1/requests/board'], shownTo: [] },
    // Open complaints and concerns shown before logging or raising: the request register's rule.
    'GET /api/v1/partners/{id}/open-concerns': {
      urls: () => [`/api/v1/partners/${partnerId}/open-concerns`],
      shownTo: ['author', 'named', 'admin'],
    },
    // Plans show dates and counts worked out from the touch points the caller may see, never a
    // subject; that a confidential touch point counts only for its readers: communication-plans.test.ts.
    'GET /api/v1/relationships/{id}/communication-plan': {
      urls: () => [`/api/v1/relationships/${relationshipId}/communication-plan`],
      shownTo: [],
    },
    'GET /api/v1/communication-plans/due': {
      urls: () => ['/api/v1/communication-plans/due'],
      shownTo: [],
    },
    'GET /api/v1/communication-plans/items/{id}': {
      noTouchpointsOrRequests: 'a planned flow of communication (purpose, channel, frequency)',
    },
    'GET /api/v1/partner-types/{id}/communication-plan': {
      noTouchpointsOrRequests: "a partner type's default plan (configuration)",
    },
    'GET /api/v1/communication-levels': { noTouchpointsOrRequests: 'configuration' },
    // A step done by a touch point names it only to those who may read it (playbooks.test.ts too).
    'GET /api/v1/relationships/{id}/playbook': {
      urls: () => [`/api/v1/relationships/${relationshipId}/playbook`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/playbook-runs/mine': { urls: () => ['/api/v1/playbook-runs/mine'], shownTo: [] },
    'GET /api/v1/partner-types/{id}/playbook': {
      noTouchpointsOrRequests: "a partner type's steps (configuration)",
    },
    // Agreements carry their own audience rule (confidential ones for their named readers, in
    // lists, reads, changes, versions and files): agreements.test.ts checks it on every one.
    'GET /api/v1/agreements': { noTouchpointsOrRequests: 'agreements (their own audience rule)' },
    'GET /api/v1/agreements/{id}': { noTouchpointsOrRequests: 'an agreement (its own audience rule)' },
    'GET /api/v1/agreements/{id}/versions': {
      noTouchpointsOrRequests: "an agreement's terms, version by version",
    },
    'GET /api/v1/agreements/{id}/changes': { noTouchpointsOrRequests: 'changes proposed to an agreement' },
    'GET /api/v1/agreements/{id}/attachments': { noTouchpointsOrRequests: "an agreement's signed documents" },
    'GET /api/v1/requests/{id}': {
      urls: () => [`/api/v1/requests/${requestId}`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/requests/{id}/history': {
      urls: () => [`/api/v1/requests/${requestId}/history`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/requests/{id}/activity': {
      urls: () => [`/api/v1/requests/${requestId}/activity`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/requests/{id}/escalations': {
      urls: () => [`/api/v1/requests/${requestId}/escalations`],
      shownTo: ['author', 'named', 'admin'],
    },
    'GET /api/v1/escalations': { urls: () => ['/api/v1/escalations'], shownTo: ['admin'] },
    // Counts per unit of escalations the caller may see (briefings.test.ts proves the numbers).
    'GET /api/v1/escalations/informed-before': {
      urls: () => ['/api/v1/escalations/informed-before'],
      shownTo: [],
    },
    // A senior manager's own briefings: weeks and counts, and one briefing's lines, read through
    // the recipient's visibility (only the other unit's senior manager has one here).
    'GET /api/v1/me/briefings': { urls: () => ['/api/v1/me/briefings'], shownTo: [] },
    'GET /api/v1/me/briefings/{id}': { urls: () => [`/api/v1/me/briefings/${briefingId}`], shownTo: [] },
    'GET /api/v1/me/notifications': {
      urls: () => ['/api/v1/me/notifications?limit=500'],
      shownTo: ['named'],
    },
  };

/** The answer's text, without a refusal's echo of the address it was asked (which holds the id). */
function answerOf(response: { statusCode: number; body: string }) {
  if (response.statusCode < 400) return response.body;
  const { instance: _address, ...problem } = JSON.parse(response.body) as Record<string, unknown>;
  return JSON.stringify(problem);
}

function getOperations(): string[] {
  const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths)
    .filter(([, methods]) => 'get' in methods)
    .map(([path]) => `GET ${path}`);
}

describe('every GET of the API', () => {
  it('is listed, with how to call it or why it cannot show a touch point or request', () => {
    const operations = getOperations();
    const missing = operations.filter((op) => !(op in reads));
    expect(missing, `add these GET operations to the visibility test: ${missing.join(', ')}`).toEqual([]);
    const gone = Object.keys(reads).filter((op) => !operations.includes(op));
    expect(gone, 'these operations are no longer in the API').toEqual([]);
  });

  it('gives away no confidential touch point, task or request to anyone not entitled', async () => {
    const confidential = ['Zanzibar', secretId, taskId, 'Marrakesh', requestId];
    const unitOnly = ['Quillfeather', unitNoteId];
    const outsiders: [string, Agent, string[]][] = [
      ['staff of another unit', otherUnitStaff, [...confidential, ...unitOnly]],
      ['a senior manager of another unit', otherUnitSenior, [...confidential, ...unitOnly]],
      ['a colleague in the unit', colleague, confidential],
    ];
    const entitled: Record<Who, Agent> = { author, named, admin };
    for (const [op, read] of Object.entries(reads)) {
      if (!('urls' in read)) continue;
      for (const url of read.urls()) {
        for (const [who, agent, secrets] of outsiders) {
          const body = answerOf(await t.call(agent, 'GET', url));
          for (const secret of secrets)
            expect(body, `${who}: ${op} (${url}) shows ${secret}`).not.toContain(secret);
        }
      }
      // The call reaches the records: someone entitled does see a secret there.
      for (const who of read.shownTo) {
        const bodies = await Promise.all(
          read.urls().map(async (url) => (await t.call(entitled[who], 'GET', url)).body),
        );
        expect(
          confidential.some((secret) => bodies.some((body) => body.includes(secret))),
          `${who} sees the secret in ${op}`,
        ).toBe(true);
      }
    }
    // The board's counts: the confidential request is the only one in this database.
    const counted = async (agent: Agent) => {
      const { counts } = (await t.call(agent, 'GET', '/api/v1/requests/board')).json();
      return Object.values(counts as Record<string, number>).reduce((sum, n) => sum + n, 0);
    };
    for (const [who, agent] of outsiders) expect(await counted(agent), `${who}: board counts`).toBe(0);
    for (const agent of Object.values(entitled)) expect(await counted(agent)).toBe(1);
    // The task list's total: the follow-up of the confidential touch point is counted only for its readers.
    const tasksCounted = async (agent: Agent) =>
      (await t.call(agent, 'GET', '/api/v1/tasks/count?q=zanzibar')).json().total as number;
    for (const [who, agent] of outsiders) expect(await tasksCounted(agent), `${who}: task total`).toBe(0);
    for (const agent of Object.values(entitled)) expect(await tasksCounted(agent)).toBe(1);
  });
});

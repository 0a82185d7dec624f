import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyTemplate } from '../common/src/contracts/surveys.ts';
import {
  activityInvitations,
  assessments,
  contacts,
  initiativeLinks,
  initiatives,
  partners,
  relationships,
  requests,
  surveyTemplates,
  surveyTemplateVersions,
  users,
} from '../server/src/db/schema/index.ts';
import { demoPassword, seedDemo } from '../server/src/demo/seed.ts';
import { insertBriefing } from '../server/src/insights/briefings/briefings.repository.ts';
import { hashSecret } from '../server/src/modules/auth/secrets.ts';
import { checkScreen, expectCleanConsole, type Harness, signIn, startHarness } from './harness.ts';

/**
 * Every screen of web/src/router.tsx, on the demo university, at a desk and at 375 px: no console
 * error or warning, no uncaught error, and no serious axe violation, while it loads and once it
 * has settled. A new route fails here until it is given an address below.
 */
let h: Harness;
const INVITATION = 'every-screen-invitation-token-0123456789';
const SURVEY_LINK = 'every-screen-survey-token-0123456789abc';
const ASSESSMENT_LINK = 'every-screen-assessment-token-0123456789';
const ids = {
  partner: '',
  request: '',
  activity: '',
  contact: '',
  import: '',
  relationship: '',
  initiative: '',
  briefing: '',
  template: '',
};
const OUTCOME_LINK = 'every-screen-outcome-token-0123456789abc';
const PUBLISHED = 'every-screen-you-said-token-0123456789abcd';

/** The router's paths, read from its source: what the app can show. */
const routerPaths = () =>
  [...readFileSync('web/src/router.tsx', 'utf8').matchAll(/path: '([^']+)'/g)].map((m) => m[1]!);

/** Each route's address (or addresses) to visit, and whether it is a signed-out screen. */
const screens: Record<string, { urls: () => string[]; signedOut?: boolean }> = {
  '/sign-in': { urls: () => ['/sign-in'], signedOut: true },
  '/forgot-password': { urls: () => ['/forgot-password'], signedOut: true },
  '/reset-password': { urls: () => ['/reset-password'], signedOut: true },
  '/welcome': { urls: () => ['/welcome'], signedOut: true },
  '/invitations/:token': { urls: () => [`/invitations/${INVITATION}`], signedOut: true },
  '/surveys/answer/:token': { urls: () => [`/surveys/answer/${SURVEY_LINK}`], signedOut: true },
  '/assessments/answer/:token': { urls: () => [`/assessments/answer/${ASSESSMENT_LINK}`], signedOut: true },
  'relationships/:id/assessments': { urls: () => [`/relationships/${ids.relationship}/assessments`] },
  '/outcome/:token': { urls: () => [`/outcome/${OUTCOME_LINK}`], signedOut: true },
  '/you-said/:token': { urls: () => [`/you-said/${PUBLISHED}`], signedOut: true },
  '/': { urls: () => ['/'] },
  partners: { urls: () => ['/partners'] },
  'partners/:id/:tab?': {
    urls: () => [
      `/partners/${ids.partner}`,
      ...[
        'timeline',
        'relationships',
        'requests',
        'activities',
        'initiatives',
        'people',
        'documents',
        'history',
      ].map((tab) => `/partners/${ids.partner}/${tab}`),
    ],
  },
  requests: { urls: () => ['/requests'] },
  'requests/:id': { urls: () => [`/requests/${ids.request}`] },
  search: { urls: () => ['/search?q=careers'] },
  tasks: { urls: () => ['/tasks'] },
  activities: { urls: () => ['/activities'] },
  initiatives: { urls: () => ['/initiatives'] },
  'initiatives/:id': { urls: () => [`/initiatives/${ids.initiative}`] },
  communication: { urls: () => ['/communication'] },
  imports: { urls: () => ['/imports'] },
  'imports/:id': { urls: () => [`/imports/${ids.import}`] },
  'activities/:id': { urls: () => [`/activities/${ids.activity}`] },
  'activities/:id/attendance': { urls: () => [`/activities/${ids.activity}/attendance`] },
  attention: { urls: () => ['/attention'] },
  'institution-stage': { urls: () => ['/institution-stage'] },
  briefings: { urls: () => ['/briefings'] },
  'briefings/:id': { urls: () => [`/briefings/${ids.briefing}`] },
  'survey-templates': { urls: () => ['/survey-templates'] },
  'survey-templates/:id': { urls: () => [`/survey-templates/${ids.template}`] },
  notifications: { urls: () => ['/notifications'] },
  relationships: { urls: () => ['/relationships'] },
  contacts: { urls: () => ['/contacts'] },
  duplicates: { urls: () => ['/duplicates'] },
  merge: { urls: () => ['/merge'] },
  account: { urls: () => ['/account'] },
  'personal-data/retention': { urls: () => ['/personal-data/retention'] },
  'personal-data/processing': { urls: () => ['/personal-data/processing'] },
  'contacts/:id': { urls: () => [`/contacts/${ids.contact}`] },
  'admin/units': { urls: () => ['/admin/units'] },
  'admin/partner-types': { urls: () => ['/admin/partner-types'] },
  'admin/playbooks': { urls: () => ['/admin/playbooks'] },
  'admin/approval-rules': { urls: () => ['/admin/approval-rules'] },
  'admin/service-levels': { urls: () => ['/admin/service-levels'] },
  'admin/users': { urls: () => ['/admin/users'] },
  'admin/sign-on': { urls: () => ['/admin/sign-on'] },
  'admin/purposes': { urls: () => ['/admin/purposes'] },
  'admin/branding': { urls: () => ['/admin/branding'] },
  '*': { urls: () => ['/no-such-screen'] },
};

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  expect(await seedDemo(db)).toBe('loaded');
  const first = async <T>(rows: Promise<T[]>) => (await rows)[0]!;
  ids.partner = (await first(db.select({ id: partners.id }).from(partners).limit(1))).id;
  ids.request = (await first(db.select({ id: requests.id }).from(requests).limit(1))).id;
  ids.contact = (await first(db.select({ id: contacts.id }).from(contacts).limit(1))).id;
  // One of the demo's open survey links, made one whose token we know.
  const linked = await db.execute(sql`
    UPDATE survey_invitations SET token_hash = ${hashSecret(SURVEY_LINK)}
    WHERE id = (SELECT i.id FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id
      WHERE i.answered_at IS NULL AND s.closed_at IS NULL AND s.closes_at > now() LIMIT 1)
    RETURNING id`);
  expect(linked.rows, 'the demo has an open survey with an unanswered link').toHaveLength(1);
  // A maturity assessment of one of the demo's relationships, asking the partner's side by a link we know.
  const relationship = await first(
    db.select({ id: relationships.id, unitId: relationships.unitId }).from(relationships).limit(1),
  );
  ids.relationship = relationship.id;
  const assessor = await first(db.select({ id: users.id }).from(users).limit(1));
  await db.insert(assessments).values({
    relationshipId: relationship.id,
    unitId: relationship.unitId,
    assessedById: assessor.id,
    meanScore: 250,
    stage: 'trusted_advisor',
    partnerContactId: ids.contact,
    partnerTokenHash: hashSecret(ASSESSMENT_LINK),
    partnerClosesAt: new Date(Date.now() + 7 * 86_400_000),
  });
  // The demo's disputes have no outcome yet: one of them gets one, with a link whose token we know.
  const outcome = await db.execute(sql`
    INSERT INTO dispute_procedures (id, request_id, stage, stage_started_at, agreed, outcome_recorded_at, contact_id, link_hash, link_expires_at)
    SELECT gen_random_uuid(), r.id, 'outcome', now(), 'The university covers the extra cost this term', now(), a.contact_id,
      ${hashSecret(OUTCOME_LINK)}, now() + interval '30 days'
    FROM requests r JOIN affiliations a ON a.partner_id = r.partner_id
    WHERE r.kind = 'dispute' LIMIT 1
    RETURNING id`);
  expect(outcome.rows, 'the demo has a dispute with a partner contact').toHaveLength(1);
  // A briefing for the administrator (briefings are made for senior managers; anyone may open their own).
  const admin = await first(
    db.select({ id: users.id }).from(users).where(sql`email = 'admin@northmoor.ac.uk'`),
  );
  ids.briefing = (await insertBriefing(db, admin.id, '2001-01-01', new Date(), [
    { section: 'new_concern', partnerId: ids.partner, requestId: ids.request, title: 'Concern: parking' },
    { section: 'sentiment_turned', partnerId: ids.partner, title: 'Sentiment fell' },
  ]))!;
  ids.template = (
    await first(
      db
        .insert(surveyTemplates)
        .values({ name: 'Every-screen template', questions: surveyTemplate, createdById: admin.id })
        .returning({ id: surveyTemplates.id }),
    )
  ).id;
  await db.insert(surveyTemplateVersions).values({
    templateId: ids.template,
    version: 1,
    name: 'Every-screen template',
    questions: surveyTemplate,
    savedById: admin.id,
  });
  // The whole demo university is loaded: slow on a busy machine.
}, 600_000);
afterAll(() => h?.close());

/**
 * What the demo has none of, made through the API as the signed-in page: an uploaded
 * spreadsheet, an activity, and a private invitation to it whose token we know.
 */
async function makeRecords(page: Page) {
  const session = await page.request.get(`${h.url}/api/v1/auth/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const activity = await page.request.post(`${h.url}/api/v1/activities`, {
    headers: { 'x-csrf-token': csrfToken },
    data: { kind: 'forum', title: 'Employer forum', start: '2027-03-10T10:00', end: '2027-03-10T12:00' },
  });
  expect(activity.status(), await activity.text()).toBe(201);
  ids.activity = ((await activity.json()) as { id: string }).id;
  await h.database.db.insert(activityInvitations).values({
    activityId: ids.activity,
    contactId: ids.contact,
    tokenHash: hashSecret(INVITATION),
    invitedAt: new Date(),
  });
  const initiative = await page.request.post(`${h.url}/api/v1/initiatives`, {
    headers: { 'x-csrf-token': csrfToken },
    data: {
      unitId: (await h.database.db.execute(sql`select id from units order by name limit 1`)).rows[0]!.id,
      title: 'New timetabling system',
      startDate: '2027-01-10',
      partners: [{ partnerId: ids.partner, involvement: 'consulted' }],
    },
  });
  expect(initiative.status(), await initiative.text()).toBe(201);
  ids.initiative = ((await initiative.json()) as { id: string }).id;
  const input = await page.request.post(`${h.url}/api/v1/initiatives/${ids.initiative}/inputs`, {
    headers: { 'x-csrf-token': csrfToken },
    data: {
      partnerId: ids.partner,
      summary: 'Publish the timetable a week earlier',
      response: 'Timetables now go out two weeks before term',
      status: 'adopted',
      published: true,
    },
  });
  expect(input.status(), await input.text()).toBe(201);
  await h.database.db.update(initiatives).set({ publishedAt: new Date() }).where(sql`id = ${ids.initiative}`);
  await h.database.db
    .insert(initiativeLinks)
    .values({ initiativeId: ids.initiative, tokenHash: hashSecret(PUBLISHED) });
  const uploaded = await page.request.post(`${h.url}/api/v1/imports?kind=partners`, {
    headers: { 'x-csrf-token': csrfToken },
    multipart: {
      file: {
        name: 'partners.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('Name,Website\nMoorside Dairy,https://moorside.example\n'),
      },
    },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  ids.import = ((await uploaded.json()) as { id: string }).id;
}

/** Opens an address, checks it while it loads and once nothing is loading, and reads its console. */
async function visit(page: Page, url: string, name: string) {
  await page.goto(`${h.url}${url}`, { waitUntil: 'commit' });
  await page.locator('#root div').first().waitFor();
  await checkScreen(page, `${name}-loading`);
  await page.waitForLoadState('networkidle');
  await page
    .locator('[role="status"][aria-label^="Loading"], .mantine-Loader-root[aria-label="Loading"]')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await page.locator('h1, h2').first().waitFor();
  await checkScreen(page, name);
  expectCleanConsole(page, url);
}

describe('every screen', () => {
  it('has an address here for every route of the router', () => {
    expect(routerPaths().sort()).toEqual(Object.keys(screens).sort());
  });

  for (const size of [
    { width: 1280, height: 900 },
    { width: 375, height: 800 },
  ]) {
    it(`opens every screen at ${size.width} px with a clean console and no serious axe violation`, async () => {
      const page = await h.newPage(size);
      await signIn(page, h.url, 'admin@northmoor.ac.uk', demoPassword);
      if (!ids.import) await makeRecords(page);
      for (const [route, screen] of Object.entries(screens).filter(([, s]) => !s.signedOut))
        for (const [i, url] of screen.urls().entries())
          await visit(page, url, `every-${size.width}-${slug(route)}${i ? `-${i}` : ''}`);
      await page.close();

      // A page of its own is a browser of its own: signed out.
      const out = await h.newPage(size);
      for (const [route, screen] of Object.entries(screens).filter(([, s]) => s.signedOut))
        for (const url of screen.urls()) await visit(out, url, `every-${size.width}-${slug(route)}`);
      await out.close();
    }, 900_000);
  }
});

const slug = (route: string) => route.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';

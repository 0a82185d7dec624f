import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyTemplate } from '../../../../common/src/contracts/surveys.ts';
import { surveys } from '../../db/schema/surveys.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';

let t: TestApp;
let unitId: string;
let author: Agent;
let otherManager: Agent;
let staff: Agent;
let viewer: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  unitId = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  author = await t.signIn('relationship_manager', { unitId });
  otherManager = await t.signIn('relationship_manager');
  staff = await t.signIn('staff', { unitId });
  viewer = await t.signIn('viewer');
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

const placements = [
  { id: 'briefing', kind: 'scale', text: 'How useful was our placement briefing?', min: 1, max: 5 },
  { id: 'students', kind: 'choice', text: 'Would you take our students again?', options: ['Yes', 'No'] },
] as const;

const create = (agent: Agent, body: unknown) => t.call(agent, 'POST', '/api/v1/survey-templates', body);
const change = (agent: Agent, id: string, body: unknown, etag?: string) =>
  t.call(agent, 'PATCH', `/api/v1/survey-templates/${id}`, body, etag ? { 'if-match': etag } : {});

describe('survey templates', () => {
  it('are saved by name, read by everyone signed in, and edited as new versions that keep the old ones', async () => {
    const name = `Placement employers ${randomUUID().slice(0, 6)}`;
    const created = await create(author, { name, questions: placements });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toBe('"v1"');
    const id = created.json().id;
    expect(created.json()).toMatchObject({ name, version: 1, canEdit: true });
    expect(created.json().versions).toHaveLength(1);
    // Everyone signed in reads and uses it; only its author and administrators edit it.
    const listed = await t.call(viewer, 'GET', '/api/v1/survey-templates');
    expect(listed.statusCode, listed.body).toBe(200);
    const mine = listed.json().items.find((x: { id: string }) => x.id === id);
    expect(mine).toMatchObject({ name, version: 1, canEdit: false });
    expect(mine.questions.map((q: { id: string }) => q.id)).toEqual(['briefing', 'students']);
    expect((await t.call(otherManager, 'GET', `/api/v1/survey-templates/${id}`)).json().canEdit).toBe(false);
    expect((await t.call(admin, 'GET', `/api/v1/survey-templates/${id}`)).json().canEdit).toBe(true);

    const edited = await change(author, id, { questions: [...placements, surveyTemplate.at(-1)] }, '"v1"');
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.headers.etag).toBe('"v2"');
    expect(edited.json()).toMatchObject({ name, version: 2 });
    expect(edited.json().questions).toHaveLength(3);
    // The first version is kept as it was.
    expect(edited.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(edited.json().versions[1].questions).toHaveLength(2);
    // A stale edit is refused and changes nothing; so is one without If-Match.
    const stale = await change(author, id, { name: 'Renamed' }, '"v1"');
    expect(stale.statusCode).toBe(412);
    expect((await change(author, id, { name: 'Renamed' })).statusCode).toBe(428);
    expect((await change(otherManager, id, { name: 'Renamed' }, '"v2"')).statusCode).toBe(403);
    const renamed = await change(admin, id, { name: `${name} (renamed)` }, '"v2"');
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: `${name} (renamed)`, version: 3 });
    expect(renamed.json().questions).toHaveLength(3);
    const audit = await t.call(admin, 'GET', `/api/v1/survey-templates/${id}`);
    expect(audit.json().versions.map((v: { name: string }) => v.name)).toEqual([
      `${name} (renamed)`,
      name,
      name,
    ]);
  });

  it('record the version a survey was sent from; a later edit never rewrites the survey', async () => {
    const partner = await buildPartner(t.db);
    const relationship = await buildRelationship(t.db, {
      unitId,
      partnerId: partner.id,
      managerId: author.user.id,
    });
    const contact = await buildContact(t.db, { emails: [`c-${randomUUID().slice(0, 6)}@kestrel.example`] });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
    const template = (
      await create(author, { name: `Round ${randomUUID().slice(0, 6)}`, questions: placements })
    ).json();
    await change(author, template.id, { name: template.name, questions: placements }, '"v1"');
    const sent = await t.call(author, 'POST', `/api/v1/relationships/${relationship.id}/surveys`, {
      title: 'Placements this year',
      questions: placements,
      templateId: template.id,
      contactIds: [contact.id],
      closesOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().survey.template).toEqual({ id: template.id, name: template.name, version: 2 });
    await change(author, template.id, { questions: [placements[0]] }, '"v2"');
    const [row] = await t.db.select().from(surveys).where(eq(surveys.id, sent.json().survey.id));
    expect(row!.templateVersion).toBe(2);
    expect(row!.questions).toHaveLength(2);
    const results = await t.call(author, 'GET', `/api/v1/partners/${partner.id}/surveys`);
    expect(results.json().items[0].template.version).toBe(2);
    // An unknown template is named as the field at fault, and nothing is sent.
    const unknown = await t.call(author, 'POST', `/api/v1/relationships/${relationship.id}/surveys`, {
      title: 'Placements this year',
      questions: placements,
      templateId: randomUUID(),
      contactIds: [contact.id],
      closesOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('templateId');
    expect((await t.call(author, 'GET', `/api/v1/partners/${partner.id}/surveys`)).json().items).toHaveLength(
      1,
    );
  });

  it('refuse bad input naming the field, create nothing, and are for relationship managers to save', async () => {
    const before = (await t.call(admin, 'GET', '/api/v1/survey-templates')).json().items.length;
    const cases: [unknown, string][] = [
      [{ questions: placements }, 'name'],
      [{ name: '  ', questions: placements }, 'name'],
      [{ name: 'Empty', questions: [] }, 'questions'],
      [{ name: 'Twice', questions: [placements[0], placements[0]] }, 'questions'],
      [{ name: 'Bad key', questions: [{ ...placements[0], id: 'Not A Key' }] }, 'questions.0.id'],
      [{ name: 'Extra', questions: placements, colour: 'red' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await create(author, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (field) expect(res.json().errors[0].field, JSON.stringify(body)).toBe(field);
    }
    expect((await t.call(admin, 'GET', '/api/v1/survey-templates')).json().items).toHaveLength(before);
    expect((await create(staff, { name: 'Mine', questions: placements })).statusCode).toBe(403);
    expect((await create(viewer, { name: 'Mine', questions: placements })).statusCode).toBe(403);
    expect((await t.call(author, 'GET', `/api/v1/survey-templates/${randomUUID()}`)).statusCode).toBe(404);
    expect((await t.call(author, 'GET', '/api/v1/survey-templates/not-an-id')).statusCode).toBe(400);
    const id = (
      await create(author, { name: `Kept ${randomUUID().slice(0, 6)}`, questions: placements })
    ).json().id;
    const bad = await change(author, id, { questions: [] }, '"v1"');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('questions');
    expect((await t.call(author, 'GET', `/api/v1/survey-templates/${id}`)).json().version).toBe(1);
    expect((await change(author, id, { name: 'x' }, '"v99999999999"')).statusCode).toBe(412);
  });
});

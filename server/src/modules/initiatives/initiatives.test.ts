import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { consents } from '../../db/schema/personal-data.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildTouchpoint,
  buildUnit,
} from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let unitId: string;
let owner: Agent;
let outsider: Agent;
let viewer: Agent;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  unitId = (await buildUnit(t.db, { name: 'IT Services' })).id;
  owner = await t.signIn('staff', { unitId });
  outsider = await t.signIn('staff');
  viewer = await t.signIn('viewer', { unitId });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverInitiativeDigests);
  await t.app.jobs.drain();
};
const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));
const ifMatch = (version: number) => ({ 'if-match': `"v${version}"` });

/** A partner with a key contact (with an address) and a contact who is not key. */
async function partnerWithContacts(name = `School of Music ${randomUUID().slice(0, 6)}`) {
  const partner = await buildPartner(t.db, { name });
  const tag = randomUUID().slice(0, 8);
  const key = await buildContact(t.db, { name: `Key ${tag}`, emails: [`key-${tag}@music.example`] });
  await buildAffiliation(t.db, { contactId: key.id, partnerId: partner.id, isKeyContact: true });
  const other = await buildContact(t.db, { name: `Other ${tag}`, emails: [`other-${tag}@music.example`] });
  await buildAffiliation(t.db, { contactId: other.id, partnerId: partner.id });
  return { partner, key, other };
}

async function createInitiative(body: Record<string, unknown>) {
  const response = await t.call(owner, 'POST', '/api/v1/initiatives', {
    title: `New VLE ${randomUUID().slice(0, 6)}`,
    description: 'Moving every School to the new virtual learning environment',
    startDate: '2026-09-01',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const count = async (table: string, initiativeId: string) =>
  (
    await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from ${sql.identifier(table)} where initiative_id = ${initiativeId}`,
    )
  )[0]!.n;

describe('initiatives', () => {
  it('records an initiative with the partners involved and how, lists, filters and exports it', async () => {
    const music = await partnerWithContacts();
    const law = await partnerWithContacts(`School of Law ${randomUUID().slice(0, 6)}`);
    const created = await createInitiative({
      partners: [
        { partnerId: music.partner.id, involvement: 'co_designing' },
        { partnerId: law.partner.id, involvement: 'informed' },
      ],
    });
    expect(created.unit).toEqual({ id: unitId, name: 'IT Services' });
    expect(created.owner.id).toBe(owner.user.id);
    expect(created.status).toBe('planned');
    expect(created.partners).toEqual(
      expect.arrayContaining([
        { id: music.partner.id, name: music.partner.name, involvement: 'co_designing' },
        { id: law.partner.id, name: law.partner.name, involvement: 'informed' },
      ]),
    );
    expect(created.can).toEqual({ update: true, delete: false, respond: true });
    expect(created.publication).toBeNull();

    const listed = await t.call(viewer, 'GET', `/api/v1/initiatives?partnerId=${music.partner.id}`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([created.id]);
    expect(listed.json().items[0].can.update).toBe(false);

    const exported = await t.call(viewer, 'GET', `/api/v1/initiatives/export?partnerId=${music.partner.id}`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.body).toContain(created.title);
    expect(exported.body).toContain(`${music.partner.name} (co_designing)`);

    const changed = await t.call(
      owner,
      'PATCH',
      `/api/v1/initiatives/${created.id}`,
      { status: 'in_progress', partners: [{ partnerId: music.partner.id, involvement: 'piloting' }] },
      ifMatch(created.version),
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().status).toBe('in_progress');
    expect(changed.json().partners).toEqual([
      { id: music.partner.id, name: music.partner.name, involvement: 'piloting' },
    ]);

    const history = await t.call(viewer, 'GET', `/api/v1/initiatives/${created.id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.length).toBe(2);
  });

  it('lets only those who run it change it; a viewer cannot start one', async () => {
    const music = await partnerWithContacts();
    const created = await createInitiative({
      partners: [{ partnerId: music.partner.id, involvement: 'consulted' }],
    });
    const refused = await t.call(outsider, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
      partnerId: music.partner.id,
      summary: 'Please keep the old quizzes',
    });
    expect(refused.statusCode).toBe(403);
    const byViewer = await t.call(viewer, 'POST', '/api/v1/initiatives', { title: 'Timetabling change' });
    expect(byViewer.statusCode).toBe(403);
    expect(await count('initiative_inputs', created.id)).toBe(0);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const music = await partnerWithContacts();
    const created = await createInitiative({
      partners: [{ partnerId: music.partner.id, involvement: 'consulted' }],
    });
    const fieldsOf = (body: string) => JSON.parse(body).errors.map((e: { field: string }) => e.field);

    const unknownKind = await t.call(owner, 'POST', '/api/v1/initiatives', {
      title: 'Careers fair format',
      partners: [{ partnerId: music.partner.id, involvement: 'sponsoring' }],
    });
    expect(unknownKind.statusCode).toBe(400);
    expect(unknownKind.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(unknownKind.body).join()).toContain('involvement');
    const titled = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from initiatives where title = 'Careers fair format'`,
    );
    expect(titled[0]!.n).toBe(0);

    const noReason = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
      partnerId: music.partner.id,
      summary: 'Keep the old quizzes',
      response: 'We will not keep them',
      status: 'not_adopted',
    });
    expect(noReason.statusCode).toBe(400);
    expect(fieldsOf(noReason.body)).toEqual(['reason']);

    // A confidential touch point the owner may not see is refused exactly as one that does not exist.
    const author = await t.signIn('staff');
    const hidden = await buildTouchpoint(t.db, {
      partnerId: music.partner.id,
      unitId: author.user.unitId!,
      authorId: author.user.id,
      visibility: 'confidential',
      subject: 'Head of School: confidential worries',
    });
    const linkHidden = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
      partnerId: music.partner.id,
      summary: 'Worried about the timing',
      touchpointId: hidden.id,
    });
    const linkMissing = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
      partnerId: music.partner.id,
      summary: 'Worried about the timing',
      touchpointId: randomUUID(),
    });
    expect(linkHidden.statusCode).toBe(400);
    expect(linkHidden.json().errors).toEqual(linkMissing.json().errors);
    expect(linkHidden.json().errors).toEqual([
      { field: 'touchpointId', message: 'does not name a touch point' },
    ]);

    const notInvolved = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
      partnerId: (await buildPartner(t.db)).id,
      summary: 'A view from outside',
    });
    expect(fieldsOf(notInvolved.body)).toEqual(['partnerId']);

    const early = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/milestones`, {
      title: 'Pilot in two Schools',
      dueDate: '2026-08-31',
    });
    expect(early.statusCode).toBe(400);
    expect(fieldsOf(early.body)).toEqual(['dueDate']);
    expect(await count('initiative_milestones', created.id)).toBe(0);
    expect(await count('initiative_inputs', created.id)).toBe(0);

    // Moving the start after a milestone is refused too.
    const milestone = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/milestones`, {
      title: 'Pilot in two Schools',
      dueDate: '2026-10-01',
    });
    expect(milestone.statusCode, milestone.body).toBe(201);
    const late = await t.call(
      owner,
      'PATCH',
      `/api/v1/initiatives/${created.id}`,
      { startDate: '2026-11-01' },
      ifMatch(milestone.json().version),
    );
    expect(late.statusCode).toBe(400);
    expect(fieldsOf(late.body)).toEqual(['startDate']);

    // Responding "not adopted" later needs a reason as well.
    const input = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
      partnerId: music.partner.id,
      summary: 'Keep the old quizzes',
    });
    expect(input.statusCode, input.body).toBe(201);
    const patched = await t.call(
      owner,
      'PATCH',
      `/api/v1/initiatives/${created.id}/inputs/${input.json().id}`,
      { status: 'not_adopted' },
      ifMatch(input.json().version),
    );
    expect(patched.statusCode).toBe(400);
    expect(fieldsOf(patched.body)).toEqual(['reason']);
    const log = await t.call(owner, 'GET', `/api/v1/initiatives/${created.id}/inputs`);
    expect(log.json().items[0].status).toBe('open');

    for (const path of ['/api/v1/initiatives/not-an-id', `/api/v1/initiatives/${randomUUID()}`]) {
      const response = await t.call(viewer, 'GET', path);
      expect(response.statusCode).toBeLessThan(500);
    }
  });
});

describe('"you said, we did"', () => {
  it('publishes only published items by private link, never internal notes or confidential sources', async () => {
    const music = await partnerWithContacts();
    const created = await createInitiative({
      partners: [{ partnerId: music.partner.id, involvement: 'consulted' }],
    });
    const shared = await buildTouchpoint(t.db, {
      partnerId: music.partner.id,
      unitId,
      authorId: owner.user.id,
      subject: 'Music computing forum',
    });
    const secret = await buildTouchpoint(t.db, {
      partnerId: music.partner.id,
      unitId,
      authorId: owner.user.id,
      visibility: 'confidential',
      subject: 'Confidential: budget cut in Music',
    });
    const add = async (body: Record<string, unknown>) => {
      const response = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
        partnerId: music.partner.id,
        ...body,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    };
    const adopted = await add({
      summary: 'Let students submit audio recordings',
      touchpointId: shared.id,
      response: 'Audio submissions are on from the pilot',
      status: 'adopted',
      internalNote: 'Costs a plug-in licence',
      published: true,
    });
    expect(adopted.source).toEqual({ kind: 'touchpoint', id: shared.id, label: 'Music computing forum' });
    const declined = await add({
      summary: 'Keep the old quizzes',
      response: 'The old quizzes stop in June',
      status: 'not_adopted',
      reason: 'The old system is no longer supported',
      published: true,
    });
    expect(declined.reason).toBe('The old system is no longer supported');
    const confidential = await add({
      summary: 'The School cannot fund the training days',
      touchpointId: secret.id,
      response: 'Training paid centrally',
      status: 'adapted',
      published: true,
    });
    expect(confidential.withheld).toBe(true);
    await add({ summary: 'Unpublished idea', status: 'open' });

    // Someone who may not see the confidential touch point sees the input but not its source.
    const log = await t.call(viewer, 'GET', `/api/v1/initiatives/${created.id}/inputs`);
    const seen = log.json().items.find((i: { id: string }) => i.id === confidential.id);
    expect(seen.source).toBeNull();

    const published = await t.call(owner, 'PUT', `/api/v1/initiatives/${created.id}/publication`);
    expect(published.statusCode, published.body).toBe(200);
    const path = published.json().publication.path as string;
    const token = path.split('/').at(-1)!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    // The link is shown this once and kept only as its SHA-256.
    const reread = await t.call(owner, 'GET', `/api/v1/initiatives/${created.id}`);
    expect(reread.json().publication).toEqual({ path: null, publishedAt: expect.any(String) });
    expect(reread.body).not.toContain(token);
    const stored = await queryRows<Record<string, unknown>>(
      t.db,
      sql`select * from initiatives, initiative_links where initiatives.id = ${created.id}`,
    );
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).toContain(createHash('sha256').update(token).digest('hex'));

    const page = await t.call(null, 'GET', `/api/v1/public/initiatives/${token}`);
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json();
    expect(body.title).toBe(created.title);
    expect(body.items).toEqual([
      {
        partnerName: music.partner.name,
        youSaid: 'Let students submit audio recordings',
        weDid: 'Audio submissions are on from the pilot',
        status: 'adopted',
        reason: null,
      },
      {
        partnerName: music.partner.name,
        youSaid: 'Keep the old quizzes',
        weDid: 'The old quizzes stop in June',
        status: 'not_adopted',
        reason: 'The old system is no longer supported',
      },
    ]);
    for (const text of [
      'plug-in licence',
      'training days',
      'budget cut',
      'Unpublished idea',
      'Music computing forum',
    ])
      expect(page.body).not.toContain(text);

    // A new link replaces the old; withdrawing it leaves no page.
    const again = await t.call(owner, 'PUT', `/api/v1/initiatives/${created.id}/publication`);
    const newToken = (again.json().publication.path as string).split('/').at(-1)!;
    expect(newToken).not.toBe(token);
    expect((await t.call(null, 'GET', `/api/v1/public/initiatives/${token}`)).statusCode).toBe(404);
    const withdrawn = await t.call(owner, 'DELETE', `/api/v1/initiatives/${created.id}/publication`);
    expect(withdrawn.json().publication).toBeNull();
    expect((await t.call(null, 'GET', `/api/v1/public/initiatives/${newToken}`)).statusCode).toBe(404);
    expect((await t.call(null, 'GET', `/api/v1/public/initiatives/${'x'.repeat(43)}`)).statusCode).toBe(404);
  });

  it("e-mails the digest to the involved partners' key contacts at a milestone, honouring consent", async () => {
    const music = await partnerWithContacts();
    const withdrawn = await partnerWithContacts();
    const flagged = await partnerWithContacts();
    // What the migration made of a "do not invite" flag: a withdrawal, here of initiative digests.
    await t.db.insert(consents).values({
      contactId: flagged.key.id,
      purpose: 'initiatives',
      decision: 'withdrawn',
      lawfulBasis: 'legitimate_interests',
      source: 'migrated',
      recordedOn: '2026-11-01',
    });
    const consent = await t.call(owner, 'POST', `/api/v1/contacts/${withdrawn.key.id}/consents`, {
      purpose: 'initiatives',
      decision: 'withdrawn',
      lawfulBasis: 'legitimate_interests',
      source: 'email',
      recordedOn: new Date().toISOString().slice(0, 10),
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const created = await createInitiative({
      partners: [
        { partnerId: music.partner.id, involvement: 'piloting' },
        { partnerId: withdrawn.partner.id, involvement: 'informed' },
        { partnerId: flagged.partner.id, involvement: 'informed' },
      ],
    });
    const secret = await buildTouchpoint(t.db, {
      partnerId: music.partner.id,
      unitId,
      authorId: owner.user.id,
      visibility: 'confidential',
      subject: 'Confidential chat',
    });
    for (const body of [
      {
        summary: 'Record lectures in the concert hall',
        response: 'Cameras fitted',
        status: 'adopted',
        published: true,
      },
      { summary: 'Do it over the summer', response: 'Moved to August', status: 'adapted', published: false },
      {
        summary: 'Staff morale is low in Music',
        touchpointId: secret.id,
        response: 'Extra support',
        status: 'adopted',
        published: true,
      },
    ]) {
      const response = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
        partnerId: music.partner.id,
        ...body,
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    await t.call(owner, 'PUT', `/api/v1/initiatives/${created.id}/publication`);
    const milestone = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/milestones`, {
      title: 'Pilot complete',
      dueDate: '2026-12-01',
    });
    const milestoneId = milestone.json().milestones[0].id;
    const reached = await t.call(
      owner,
      'POST',
      `/api/v1/initiatives/${created.id}/milestones/${milestoneId}/reached`,
    );
    expect(reached.statusCode, reached.body).toBe(200);
    expect(reached.json().milestones[0].reachedAt).not.toBeNull();
    await settle();

    const [mail, ...more] = mailsTo(music.key.emails[0]!);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`${created.title}: Pilot complete`);
    expect(mail!.text).toContain('You said: Record lectures in the concert hall');
    expect(mail!.text).toContain('We did: Cameras fitted');
    expect(mail!.text).toMatch(/https:\/\/rapport\.northmoor\.ac\.uk\/you-said\/[A-Za-z0-9_-]{40,}/);
    // The digest's own link opens the page; once sent, its token is kept nowhere.
    const digestToken = (mail!.text ?? '').match(/\/you-said\/([A-Za-z0-9_-]{40,})/)![1]!;
    expect((await t.call(null, 'GET', `/api/v1/public/initiatives/${digestToken}`)).statusCode).toBe(200);
    const outbox = await queryRows<{ token: string | null }>(
      t.db,
      sql`select token from initiative_outbox where sent_at is not null`,
    );
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.every((r) => r.token === null)).toBe(true);
    for (const text of ['morale', 'Confidential chat', 'over the summer', 'Extra support'])
      expect(mail!.text).not.toContain(text);
    expect(mailsTo(music.other.emails[0]!)).toEqual([]);
    expect(mailsTo(withdrawn.key.emails[0]!)).toEqual([]);
    expect(mailsTo(flagged.key.emails[0]!)).toEqual([]);

    const twice = await t.call(
      owner,
      'POST',
      `/api/v1/initiatives/${created.id}/milestones/${milestoneId}/reached`,
    );
    expect(twice.statusCode).toBe(409);
    await settle();
    expect(mailsTo(music.key.emails[0]!)).toHaveLength(1);
  });

  it('shows on the partner page the initiatives the partner is in, with its open items', async () => {
    const music = await partnerWithContacts();
    const created = await createInitiative({
      partners: [{ partnerId: music.partner.id, involvement: 'consulted' }],
    });
    for (const [summary, status] of [
      ['Open question about logins', 'open'],
      ['Answered already', 'adopted'],
    ]) {
      const response = await t.call(owner, 'POST', `/api/v1/initiatives/${created.id}/inputs`, {
        partnerId: music.partner.id,
        summary,
        status,
        response: status === 'open' ? null : 'Done',
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const listed = await t.call(viewer, 'GET', `/api/v1/partners/${music.partner.id}/initiatives`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toEqual([
      {
        id: created.id,
        title: created.title,
        status: 'planned',
        involvement: 'consulted',
        open: [{ id: expect.any(String), summary: 'Open question about logins' }],
      },
    ]);
    expect((await t.call(viewer, 'GET', `/api/v1/partners/${randomUUID()}/initiatives`)).statusCode).toBe(
      404,
    );
  });
});

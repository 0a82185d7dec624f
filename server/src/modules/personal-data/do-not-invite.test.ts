import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { asc, inArray, sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consents, erasures } from '../../db/schema/personal-data.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner, buildUnit } from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';

/**
 * The per-contact "do not invite" flag was folded into consent per purpose. The migration that
 * did it is run here on a database that has the flag again, as one upgraded from before would.
 */
const migrations = path.resolve(import.meta.dirname, '../../db/migrations');
const migrationFile = readdirSync(migrations).find((f) => f.endsWith('_consent_from_do_not_invite.sql'));

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let organiser: Agent;

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
  organiser = await t.signIn('staff', { unitId: (await buildUnit(t.db, { name: 'Careers Service' })).id });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));

/** Runs the hand-written migration on a contacts table that has `do_not_invite` again. */
async function migrateFlags(flagged: string[]) {
  expect(migrationFile, 'the migration that folds "do not invite" into consent').toBeDefined();
  await t.db.execute(sql`alter table contacts add column do_not_invite boolean not null default false`);
  try {
    for (const id of flagged)
      await t.db.execute(sql`update contacts set do_not_invite = true where id = ${id}`);
    const text = readFileSync(path.join(migrations, migrationFile!), 'utf8');
    for (const statement of text.split('--> statement-breakpoint'))
      if (statement.trim()) await t.db.execute(sql.raw(statement));
  } finally {
    await t.db.execute(sql`alter table contacts drop column do_not_invite`);
  }
}

describe('"do not invite" folded into consent per purpose', () => {
  it('records a withdrawal for each flagged contact, and a flagged contact is sent no invitation (real SMTP)', async () => {
    const tag = randomUUID().slice(0, 6);
    const partner = await buildPartner(t.db, { name: `Fenwick Logistics ${tag}` });
    const [flagged, invited, erased] = await Promise.all(
      ['flagged', 'invited', 'erased'].map((who) =>
        buildContact(t.db, { name: `Contact ${who} ${tag}`, emails: [`${who}-${tag}@fenwick.example`] }),
      ),
    );
    for (const c of [flagged!, invited!, erased!])
      await buildAffiliation(t.db, { contactId: c.id, partnerId: partner.id });
    await t.db.insert(erasures).values({ contactId: erased!.id });

    await migrateFlags([flagged!.id, erased!.id]);

    const recorded = await t.db
      .select()
      .from(consents)
      .where(inArray(consents.contactId, [flagged!.id, invited!.id, erased!.id]))
      .orderBy(asc(consents.purpose));
    // Every purpose the flag held back, each with the purpose's lawful basis, the source and evidence.
    expect(
      recorded.map(({ contactId, purpose, decision, lawfulBasis, source, recordedById }) => ({
        contactId,
        purpose,
        decision,
        lawfulBasis,
        source,
        recordedById,
      })),
    ).toEqual(
      ['events', 'initiatives', 'surveys'].map((purpose) => ({
        contactId: flagged!.id,
        purpose,
        decision: 'withdrawn',
        lawfulBasis: 'legitimate_interests',
        source: 'migrated',
        recordedById: null,
      })),
    );
    for (const row of recorded) {
      expect(row.evidence).toContain('Marked "do not invite"');
      expect(row.recordedOn).toBe(new Date().toISOString().slice(0, 10));
    }

    // The contact's consent says so, in the product's words.
    const shown = await t.call(organiser, 'GET', `/api/v1/contacts/${flagged!.id}/consents`);
    expect(shown.statusCode, shown.body).toBe(200);
    const events = shown.json().purposes.find((p: { purpose: string }) => p.purpose === 'events');
    expect(events).toMatchObject({
      purposeName: 'Events and invitations',
      mayContact: false,
      current: { decision: 'withdrawn', source: 'migrated' },
    });
    // …and no field of the contact carries the flag any more.
    const contact = await t.call(organiser, 'GET', `/api/v1/contacts/${flagged!.id}`);
    expect(contact.json()).not.toHaveProperty('doNotInvite');

    const activity = await t.call(organiser, 'POST', '/api/v1/activities', {
      kind: 'seminar',
      title: `Logistics forum ${tag}`,
      start: '2027-12-08T14:00',
      end: '2027-12-08T16:00',
      location: 'Room 2.14, Hub building',
    });
    expect(activity.statusCode, activity.body).toBe(201);
    const result = await t.call(organiser, 'POST', `/api/v1/activities/${activity.json().id}/invitations`, {
      partnerIds: [partner.id],
    });
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json()).toEqual({ invited: 1, alreadyInvited: 0, noConsent: 2, noEmail: 0 });
    await t.app.jobs.trigger(JOB.deliverActivityMail);
    await t.app.jobs.drain();
    expect(mailsTo(`invited-${tag}@fenwick.example`)).toHaveLength(1);
    expect(mailsTo(`flagged-${tag}@fenwick.example`)).toEqual([]);
    expect(mailsTo(`erased-${tag}@fenwick.example`)).toEqual([]);
  });

  it('refuses a doNotInvite bulk action, naming the field, and changes nothing', async () => {
    const c = await buildContact(t.db);
    const response = await t.call(organiser, 'POST', '/api/v1/contacts/bulk', {
      action: 'setDoNotInvite',
      doNotInvite: true,
      ids: [c.id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain('action');
    expect(
      await t.db
        .select()
        .from(consents)
        .where(inArray(consents.contactId, [c.id])),
    ).toEqual([]);
  });
});

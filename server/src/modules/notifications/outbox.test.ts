import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';

/**
 * The outbox every e-mail to partners' contacts goes through (deliverOutbox), seen through one of
 * its users, the dispute outcome link: what a mail server that refuses does to it, and the batches.
 */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let unitId: string;
let manager: Agent;

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
  unitId = (await buildUnit(t.db, { name: 'Estates and Facilities' })).id;
  manager = await t.signIn('relationship_manager', { unitId });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const deliver = async () => {
  await t.app.jobs.trigger(JOB.deliverDisputeOutcomeMail);
  await t.app.jobs.drain();
};
const waiting = async () =>
  (
    await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from dispute_outcome_mail where token is not null and emailed_at is null`,
    )
  )[0]!.n;

/** A dispute at its senior panel with its outcome recorded, for a contact at `n`'s partner. */
async function outcomeFor(n: number) {
  const partner = await buildPartner(t.db, { name: `Outbox Lettings ${n}` });
  const relationship = await buildRelationship(t.db, {
    unitId,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const contact = await buildContact(t.db, {
    name: `Director ${n}`,
    emails: [`director${n}@outbox.example`],
  });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
  const raised = await t.call(manager, 'POST', '/api/v1/requests', {
    partnerId: partner.id,
    relationshipId: relationship.id,
    kind: 'dispute',
    title: `Service charge ${n}`,
    ownerId: manager.user.id,
  });
  expect(raised.statusCode, raised.body).toBe(201);
  const id = raised.json().id as string;
  for (const stage of ['formal_review', 'senior_panel']) {
    const moved = await t.call(manager, 'POST', `/api/v1/requests/${id}/dispute/stage`, { stage });
    expect(moved.statusCode, moved.body).toBe(200);
  }
  const outcome = await t.call(manager, 'POST', `/api/v1/requests/${id}/dispute/outcome`, {
    agreed: 'The service charge is reduced by a fifth for this year',
    contactId: contact.id,
    lessons: [],
  });
  expect(outcome.statusCode, outcome.body).toBe(200);
}

describe('the outbox of e-mail to partners', () => {
  it('keeps every message while the mail server refuses, then sends each once, across more than one batch', async () => {
    smtp.refuse(true);
    const count = 27; // more than one batch of 25
    for (let n = 1; n <= count; n++) await outcomeFor(n);
    await deliver();
    // Refused (451): nothing was received, nothing was marked, every link is still there to send.
    expect(smtp.received).toHaveLength(0);
    expect(await waiting()).toBe(count);

    smtp.refuse(false);
    await deliver(); // one run goes on from batch to batch until a batch is short
    expect(await waiting()).toBe(0);
    const to = smtp.received.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text ?? '');
    expect(to).toHaveLength(count);
    expect(new Set(to).size).toBe(count);
    for (let n = 1; n <= count; n++)
      expect(to.some((a) => a.includes(`director${n}@outbox.example`))).toBe(true);
  }, 300_000);
});

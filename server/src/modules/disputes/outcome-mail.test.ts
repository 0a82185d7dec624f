import { eq, sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { disputeOutcomeMail, disputeProcedures } from '../../db/schema/disputes.ts';
import { consents } from '../../db/schema/personal-data.ts';
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

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let unitA: string;
let manager: Agent;

beforeAll(async () => {
  smtp = await startTestSmtp();
  // Jobs run in this process, so the link goes out through SMTP as it would in production.
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  unitA = (await buildUnit(t.db, { name: 'Estates and Facilities' })).id;
  manager = await t.signIn('relationship_manager', { unitId: unitA });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverDisputeOutcomeMail);
  await t.app.jobs.drain();
};
const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));

/** A dispute of unit A at its senior panel, and the partner's contact (with `emails`). */
async function atPanel(name: string, emails: string[]) {
  const partner = await buildPartner(t.db, { name });
  const relationship = await buildRelationship(t.db, {
    unitId: unitA,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const contact = await buildContact(t.db, { name: `Director at ${name}`, emails });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
  const raised = await t.call(manager, 'POST', '/api/v1/requests', {
    partnerId: partner.id,
    relationshipId: relationship.id,
    kind: 'dispute',
    title: `Service charge disagreement with ${name}`,
    ownerId: manager.user.id,
  });
  expect(raised.statusCode, raised.body).toBe(201);
  const id = raised.json().id as string;
  for (const stage of ['formal_review', 'senior_panel']) {
    const moved = await t.call(manager, 'POST', `/api/v1/requests/${id}/dispute/stage`, { stage });
    expect(moved.statusCode, moved.body).toBe(200);
  }
  return { id, contact: contact.id, reference: raised.json().reference as number };
}

const recordOutcome = (id: string, contactId: string) =>
  t.call(manager, 'POST', `/api/v1/requests/${id}/dispute/outcome`, {
    agreed: 'The service charge is reduced by a fifth for this year',
    contactId,
    lessons: [],
  });

const mailOf = (requestId: string) =>
  t.db
    .select({ token: disputeOutcomeMail.token, emailedAt: disputeOutcomeMail.emailedAt })
    .from(disputeOutcomeMail)
    .innerJoin(disputeProcedures, eq(disputeProcedures.id, disputeOutcomeMail.procedureId))
    .where(eq(disputeProcedures.requestId, requestId));

const unsentLinks = async () =>
  (
    await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from dispute_outcome_mail where token is not null`,
    )
  )[0]!.n;

describe("the outcome's link by e-mail", () => {
  it('goes to the contact once, works, and is erased from the database once sent', async () => {
    const d = await atPanel('Ravensworth Estates', ['director@ravensworth.example']);
    const res = await recordOutcome(d.id, d.contact);
    expect(res.statusCode, res.body).toBe(200);
    const path = res.json().acknowledgementPath as string;
    await settle();
    await settle();

    const mails = mailsTo('director@ravensworth.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(
      `Estates and Facilities: the outcome of dispute #${d.reference}, for you to acknowledge`,
    );
    // The link in the e-mail is the one the manager was given, and it works, once.
    const link = `https://rapport.northmoor.ac.uk${path}`;
    expect(mails[0]!.text).toContain(link);
    expect(mails[0]!.text).not.toContain('Service charge disagreement'); // the internal title stays inside
    const token = path.split('/').at(-1)!;
    const ack = await t.call(null, 'POST', `/api/v1/public/dispute-outcomes/${token}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);

    const [row] = await mailOf(d.id);
    expect(row!.token).toBeNull();
    expect(row!.emailedAt).not.toBeNull();
  });

  it('is withheld from a contact who withdrew consent for the arrangement, or has no address', async () => {
    const refused = await atPanel('Stanhope Lettings', ['office@stanhope.example']);
    await t.db.insert(consents).values({
      contactId: refused.contact,
      purpose: 'arrangements',
      decision: 'withdrawn',
      lawfulBasis: 'contract',
      source: 'email',
      recordedOn: '2026-11-01',
    });
    const silent = await atPanel('Tanfield Works', []);
    expect((await recordOutcome(refused.id, refused.contact)).statusCode).toBe(200);
    expect((await recordOutcome(silent.id, silent.contact)).statusCode).toBe(200);
    await settle();
    expect(mailsTo('office@stanhope.example')).toEqual([]);
    expect(smtp.received.filter((m) => m.subject?.includes(`#${silent.reference},`))).toEqual([]);
    // Neither link is left behind in the database.
    expect(await unsentLinks()).toBe(0);
    for (const d of [refused, silent]) expect(await mailOf(d.id)).toEqual([{ token: null, emailedAt: null }]);
  });
});

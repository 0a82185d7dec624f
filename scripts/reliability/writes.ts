import { type Answer, call, type Session } from './server.ts';

/** What the writes need to exist first: a unit, a partner and two of its contacts. */
export type Fixture = { unitId: string; partnerId: string; typeId: string; contactIds: [string, string] };

async function created(answer: Promise<Answer>, what: string): Promise<string> {
  const { status, body } = await answer;
  if (status !== 201) throw new Error(`could not create ${what}: ${status} ${JSON.stringify(body)}`);
  return (body as { id: string }).id;
}

export async function createFixture(session: Session, runId: string): Promise<Fixture> {
  const unitId = await created(
    call(session, 'POST', '/units', { name: `Crash unit ${runId}`, kind: 'service' }),
    'a unit',
  );
  const types = await call(session, 'GET', '/partner-types');
  const typeId = (types.body as { items: { id: string }[] }).items[0]!.id;
  const partnerId = await created(
    call(session, 'POST', '/partners', { name: `Crash partner ${runId}`, typeId }),
    'a partner',
  );
  const contact = (name: string) =>
    created(call(session, 'POST', '/contacts', { name, emails: [] }), `contact ${name}`);
  const contactIds: [string, string] = [await contact('Ada Crash'), await contact('Ben Crash')];
  for (const contactId of contactIds) {
    await created(
      call(session, 'POST', '/affiliations', { contactId, partnerId, role: 'Placements officer' }),
      'an affiliation',
    );
  }
  return { unitId, partnerId, typeId, contactIds };
}

export const writeKinds = ['partner', 'touchpoint', 'bulk', 'request'] as const;
export type WriteKind = (typeof writeKinds)[number];

/** One write the crash suite sends: the key is also the marker its rows carry, to find them afterwards. */
export type Write = { kind: WriteKind; key: string; route: string; body: unknown; items: number };

export const BULK_ITEMS = 25;

export function buildWrite(kind: WriteKind, key: string, fixture: Fixture, session: Session): Write {
  switch (kind) {
    case 'partner':
      return {
        kind,
        key,
        route: '/partners',
        body: { name: `Crash ${key}`, typeId: fixture.typeId },
        items: 1,
      };
    case 'touchpoint':
      // A touch point with its people and a follow-up task: five tables in one transaction.
      return {
        kind,
        key,
        route: '/touchpoints',
        body: {
          partnerId: fixture.partnerId,
          unitId: fixture.unitId,
          kind: 'meeting',
          subject: key,
          contactIds: fixture.contactIds,
          staffIds: [session.userId],
          followUp: { title: `Follow up ${key}` },
        },
        items: 1,
      };
    case 'bulk':
      return {
        kind,
        key,
        route: '/touchpoints/bulk',
        body: {
          items: Array.from({ length: BULK_ITEMS }, (_, i) => ({
            partnerId: fixture.partnerId,
            unitId: fixture.unitId,
            kind: 'call',
            subject: `${key} item ${i}`,
            contactIds: [fixture.contactIds[i % 2]],
          })),
        },
        items: BULK_ITEMS,
      };
    case 'request':
      return {
        kind,
        key,
        route: '/requests',
        body: {
          partnerId: fixture.partnerId,
          unitId: fixture.unitId,
          kind: 'enquiry',
          title: key,
          raisedByContactId: fixture.contactIds[0],
        },
        items: 1,
      };
  }
}

/** The ids a successful answer names, in order. */
export function idsOf(write: Write, body: unknown): string[] {
  return write.kind === 'bulk'
    ? (body as { items: { id: string }[] }).items.map((item) => item.id)
    : [(body as { id: string }).id];
}

export const send = (session: Session, write: Write) =>
  call(session, 'POST', write.route, write.body, { 'idempotency-key': write.key });

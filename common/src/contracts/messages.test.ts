import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { escalateBody } from './escalations.ts';
import { fieldNoun, installStaffMessages } from './messages.ts';
import { createPartnerBody } from './partners.ts';
import { transitionBody } from './requests.ts';
import { createTouchpointBody } from './touchpoints.ts';
import { createUserBody } from './users.ts';

beforeAll(() => installStaffMessages());

/** The messages a schema gives for a value, keyed by field path. */
const messages = (schema: z.ZodType, value: unknown) =>
  Object.fromEntries(
    (schema.safeParse(value).error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]),
  );

describe('staff messages', () => {
  it('asks to enter text and choose references, by the field noun', () => {
    expect(messages(createPartnerBody, { name: '', typeId: null })).toEqual({
      name: 'Enter a name',
      typeId: 'Choose a partner type',
    });
    expect(messages(createPartnerBody, {})).toEqual({
      name: 'Enter a name',
      typeId: 'Choose a partner type',
    });
  });

  it('names the limit of a text, a number and a list', () => {
    expect(messages(createPartnerBody, { name: 'x'.repeat(301), typeId: 'not an id' })).toEqual({
      name: 'Use at most 300 characters',
      typeId: 'Choose a partner type',
    });
    expect(messages(transitionBody, { to: 'resolved', satisfaction: 9 })).toEqual({
      satisfaction: 'Enter a number from 1 to 5',
    });
    expect(messages(transitionBody, { to: 'resolved', satisfaction: 2.5 })).toEqual({
      satisfaction: 'Enter a whole number',
    });
    expect(messages(transitionBody, { to: 'resolved', satisfaction: 'four' })).toEqual({
      satisfaction: 'Enter a number',
    });
    expect(
      messages(createPartnerBody, {
        name: 'Kestrel',
        typeId: crypto.randomUUID(),
        tags: Array(51).fill('t'),
      }),
    ).toEqual({ tags: 'Choose at most 50' });
    expect(messages(z.object({ code: z.string().min(3) }), { code: 'ab' })).toEqual({
      code: 'Use at least 3 characters',
    });
    expect(messages(z.object({ n: z.number().min(0) }), { n: -1 })).toEqual({
      n: 'Enter a number of at least 0',
    });
  });

  it('says what a well-formed value looks like, and lists the choices', () => {
    expect(messages(createUserBody, { email: 'x', name: 'Rosa', role: 'wizard' })).toEqual({
      email: 'Enter an e-mail address, such as name@example.ac.uk',
      role: 'Choose one of: administrator, senior_manager, relationship_manager, staff, viewer',
    });
    expect(messages(createUserBody, { email: 'rosa@example.ac.uk', name: 'Rosa' })).toEqual({
      role: 'Choose a role',
    });
    // An empty select is a choice not yet made, not a wrong value.
    expect(messages(escalateBody, { level: '', briefing: 'The partner is unhappy' })).toEqual({
      level: 'Choose a level',
    });
    expect(
      messages(createTouchpointBody, {
        partnerId: crypto.randomUUID(),
        kind: 'call',
        subject: 'Hi',
        sentiment: 3,
      }),
    ).toEqual({ sentiment: 'Enter a number from -2 to 2' });
  });

  it('keeps the words a schema gives itself', () => {
    expect(
      messages(createPartnerBody, { name: 'Kestrel', typeId: crypto.randomUUID(), website: 'ftp://x' }),
    ).toEqual({ website: 'Enter a web address starting with http:// or https://' });
  });

  it('names an unknown field by its words', () => {
    expect(fieldNoun('partnerTypeId')).toBe('a partner type');
    expect(fieldNoun('expectedOutcome')).toBe('an expected outcome');
    expect(fieldNoun('sponsorId')).toBe('a sponsor');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildContact,
  buildPartner,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../../test/factories/index.ts';
import { prefixQuery } from './search.repository.ts';

let t: TestApp;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  viewer = await t.signIn('viewer');
  const unit = await buildUnit(t.db);
  const author = await buildUser(t.db, { unitId: unit.id });
  const p = await buildPartner(t.db, { name: 'Northmoor Engineering Ltd', city: 'Leeds' });
  await buildPartner(t.db, { name: 'Northmoor Bakery' });
  await buildPartner(t.db, { name: 'Southfield Engines' });
  await buildPartner(t.db, { name: 'Northmoor Engineering Archive', status: 'archived' });
  await buildContact(t.db, {
    name: 'Bartholomew Quince',
    emails: ['b.quince@example.org'],
    jobTitle: 'Director',
  });
  await buildTouchpoint(t.db, {
    partnerId: p.id,
    unitId: unit.id,
    authorId: author.id,
    subject: 'Apprenticeship levy discussion',
    notes: 'They want to fund degree apprenticeships in robotics from next September.',
  });
});
afterAll(() => t.close());

const search = async (q: string, types?: string) =>
  (
    await t.call(viewer, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}${types ? `&types=${types}` : ''}`)
  ).json();

describe('search', () => {
  it('finds a partner from a misspelt name, best match first', async () => {
    const result = await search('Northmore Enginering');
    expect(result.partners[0].title).toBe('Northmoor Engineering Ltd');
    expect(result.partners[0].subtitle).toBe('Employer');
  });

  it('marks each partner found with its status, so a picker can leave archived ones out', async () => {
    const found = (await search('northmoor engineering', 'partners')).partners as {
      title: string;
      status: string;
    }[];
    expect(found.map((p) => [p.title, p.status])).toEqual(
      expect.arrayContaining([
        ['Northmoor Engineering Ltd', 'active'],
        ['Northmoor Engineering Archive', 'archived'],
      ]),
    );
  });

  it('matches word prefixes', async () => {
    const result = await search('north eng');
    expect(result.partners.map((p: { title: string }) => p.title)).toContain('Northmoor Engineering Ltd');
    expect(result.partners.map((p: { title: string }) => p.title)).not.toContain('Northmoor Bakery');
  });

  it('finds contacts by name and by e-mail, and touch points by the words of their notes', async () => {
    expect((await search('Bartolomew Quince')).contacts[0].title).toBe('Bartholomew Quince');
    expect((await search('b.quince@example.org')).contacts[0].title).toBe('Bartholomew Quince');
    const tp = (await search('apprenticeships robotics')).touchpoints;
    expect(tp).toHaveLength(1);
    expect(tp[0]).toMatchObject({
      title: 'Apprenticeship levy discussion',
      subtitle: 'Northmoor Engineering Ltd',
    });
    expect(tp[0].snippet).toContain('robotics');
  });

  it('limits groups by type and refuses an empty query', async () => {
    const onlyContacts = await search('Quince', 'contacts');
    expect(onlyContacts.partners).toEqual([]);
    expect(onlyContacts.contacts).toHaveLength(1);
    const empty = await t.call(viewer, 'GET', '/api/v1/search?q=%20');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('query.q');
    expect((await t.call(viewer, 'GET', '/api/v1/search?q=x&types=deals')).statusCode).toBe(400);
  });

  it('builds prefix queries without operators from user input', () => {
    expect(prefixQuery("north & eng | !x'")).toBe('north:* & eng:* & x:*');
    expect(prefixQuery('&|!')).toBeNull();
  });
});

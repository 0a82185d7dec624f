import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildContact, buildPartner, buildUnit } from '../../test/factories/index.ts';

/**
 * Conditional reads of the Partner 360 and the partner timeline: a weak ETag from the versions
 * the triggers of migration 0025 keep, If-None-Match answered 304 without the body, and never a
 * 304 that would let someone keep (or take) an answer they may no longer see.
 */
let t: TestApp;
let unitA: string;
let author: Agent;
let reader: Agent;
let outsider: Agent;
let admin: Agent;
let partnerId: string;
let secretId: string;
const SECRET = 'Kilimanjaro merger talks';

const overview = (agent: Agent, tag?: string) =>
  t.call(
    agent,
    'GET',
    `/api/v1/partners/${partnerId}/overview`,
    undefined,
    tag ? { 'if-none-match': tag } : {},
  );
const timeline = (agent: Agent, query: string, tag?: string) =>
  t.call(
    agent,
    'GET',
    `/api/v1/partners/${partnerId}/timeline${query}`,
    undefined,
    tag ? { 'if-none-match': tag } : {},
  );

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db)).id;
  author = await t.signIn('staff', { unitId: unitA });
  reader = await t.signIn('staff');
  outsider = await t.signIn('staff');
  admin = await t.signIn('administrator');
  partnerId = (await buildPartner(t.db, { name: 'Kendal Foundry' })).id;
  await t.call(author, 'POST', '/api/v1/touchpoints', {
    partnerId,
    kind: 'meeting',
    subject: 'Open meeting',
  });
  const secret = await t.call(author, 'POST', '/api/v1/touchpoints', {
    partnerId,
    kind: 'note',
    subject: SECRET,
    visibility: 'confidential',
    readerIds: [reader.user.id],
  });
  expect(secret.statusCode).toBe(201);
  secretId = secret.json().id;
});
afterAll(() => t.close());

describe('conditional reads of a partner page', () => {
  it('answers 304 without a body while nothing changed, on the overview and the first timeline page', async () => {
    const first = await overview(reader);
    expect(first.statusCode).toBe(200);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^W\/"[\w-]{22}"$/);
    expect(first.headers['cache-control']).toContain('no-store');
    const again = await overview(reader, tag);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // A 304 carries no body, so no length either (an HTTP client would wait for the bytes).
    expect(again.headers['content-length']).toBeUndefined();
    expect(again.headers['content-encoding']).toBeUndefined();
    expect(again.headers.etag).toBe(tag);
    // A list of tags, as browsers may send, matches too; a tag of something else does not.
    expect((await overview(reader, `W/"other", ${tag}`)).statusCode).toBe(304);
    expect((await overview(reader, 'W/"AAAAAAAAAAAAAAAAAAAAAA"')).statusCode).toBe(200);

    const page = await timeline(reader, '?limit=1');
    expect(page.statusCode).toBe(200);
    const pageTag = page.headers.etag as string;
    expect(pageTag).not.toBe(tag); // another URL, another tag
    expect((await timeline(reader, '?limit=1', pageTag)).statusCode).toBe(304);
    // The overview's tag does not fit the timeline, and a later page is never conditional.
    expect((await timeline(reader, '?limit=1', tag)).statusCode).toBe(200);
    const later = await timeline(
      reader,
      `?limit=1&cursor=${encodeURIComponent(page.json().nextCursor)}`,
      pageTag,
    );
    expect(later.statusCode).toBe(200);
    expect(later.headers.etag).toBeUndefined();
  });

  it('changes the tag when a touch point is logged, and only for that partner', async () => {
    const other = (await buildPartner(t.db)).id;
    const tag = (await overview(author)).headers.etag as string;
    const otherTag = (await t.call(author, 'GET', `/api/v1/partners/${other}/overview`)).headers
      .etag as string;
    await t.call(author, 'POST', '/api/v1/touchpoints', {
      partnerId,
      kind: 'call',
      subject: 'Follow-up call',
    });
    const after = await overview(author, tag);
    expect(after.statusCode).toBe(200);
    expect(after.json().timeline.items.map((i: { subject: string }) => i.subject)).toContain(
      'Follow-up call',
    );
    expect(after.headers.etag).not.toBe(tag);
    const stillTag = await t.call(author, 'GET', `/api/v1/partners/${other}/overview`, undefined, {
      'if-none-match': otherTag,
    });
    expect(stillTag.statusCode).toBe(304);
  });

  it("never answers someone else's tag with 304, nor shows them what the tag's owner saw", async () => {
    const readerCopy = await overview(reader);
    expect(readerCopy.body).toContain(SECRET);
    const tag = readerCopy.headers.etag as string;
    const stolen = await overview(outsider, tag);
    expect(stolen.statusCode).toBe(200);
    expect(stolen.headers.etag).not.toBe(tag);
    expect(stolen.body).not.toContain(SECRET);
    expect(stolen.body).not.toContain(secretId);
  });

  it('stops confirming a copy once its holder is no longer a reader of what it shows', async () => {
    const copy = await overview(reader);
    expect(copy.body).toContain(SECRET);
    const tag = copy.headers.etag as string;
    const current = await t.call(author, 'GET', `/api/v1/touchpoints/${secretId}`);
    const patched = await t.call(
      author,
      'PATCH',
      `/api/v1/touchpoints/${secretId}`,
      { readerIds: [] },
      {
        'if-match': current.headers.etag as string,
      },
    );
    expect(patched.statusCode).toBe(200);
    const after = await overview(reader, tag);
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain(SECRET);
    // The author still reads it, under a new tag of their own.
    expect((await overview(author)).body).toContain(SECRET);
  });

  it('changes the tag when the reader’s role changes, or a name shown on any page changes', async () => {
    const viewer = await t.signIn('viewer');
    const tag = (await overview(viewer)).headers.etag as string;
    const user = await t.call(admin, 'GET', `/api/v1/users/${viewer.user.id}`);
    const changed = await t.call(
      admin,
      'PATCH',
      `/api/v1/users/${viewer.user.id}`,
      { role: 'staff' },
      {
        'if-match': user.headers.etag as string,
      },
    );
    expect(changed.statusCode).toBe(200);
    const after = await overview(viewer, tag);
    expect(after.statusCode).toBe(200);

    const next = after.headers.etag as string;
    const contact = await buildContact(t.db);
    const read = await t.call(admin, 'GET', `/api/v1/contacts/${contact.id}`);
    const renamed = await t.call(
      admin,
      'PATCH',
      `/api/v1/contacts/${contact.id}`,
      { name: 'Renamed Person' },
      {
        'if-match': read.headers.etag as string,
      },
    );
    expect(renamed.statusCode).toBe(200);
    const afterRename = await overview(viewer, next);
    expect(afterRename.statusCode).toBe(200);
    expect(afterRename.headers.etag).not.toBe(next);
  });

  it('treats hostile or malformed If-None-Match as no copy, and still answers 404 for no partner', async () => {
    const tag = (await overview(author)).headers.etag as string;
    for (const sent of ['*', 'W/', '"', ',,,,', 'x'.repeat(8000), `${tag.slice(0, -2)}"`, `"${tag}"`]) {
      const answer = await overview(author, sent);
      expect(answer.statusCode, sent.slice(0, 20)).toBe(200);
    }
    const missing = await t.call(
      author,
      'GET',
      '/api/v1/partners/00000000-0000-4000-8000-000000000000/overview',
      undefined,
      {
        'if-none-match': tag,
      },
    );
    expect(missing.statusCode).toBe(404);
    const crafted = await t.call(author, 'GET', '/api/v1/partners/not-a-uuid/overview', undefined, {
      'if-none-match': tag,
    });
    expect(crafted.statusCode).toBe(400);
  });
});

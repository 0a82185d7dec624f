import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';
import { buildPartner, partnerTypeId } from '../test/factories/index.ts';

let t: TestApp;
let staff: Agent;
let admin: Agent;
let employer: string;
let partner: { id: string; name: string };

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  admin = await t.signIn('administrator');
  employer = await partnerTypeId(t.db, 'Employer');
  partner = await buildPartner(t.db, { name: 'Hostile Input Ltd' });
});
afterAll(() => t.close());

type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };

/** A problem+json answer with this status, naming exactly these fields. */
function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): Problem },
  status: number,
  fields: string[],
) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  expect(String(response.headers['content-type'])).toContain('application/problem+json');
  expect(response.json().errors?.map((e) => e.field)).toEqual(fields);
}

const nul = 'before\u0000after';

describe('a NUL byte, which PostgreSQL text cannot hold', () => {
  it('is refused in a body field, naming the field, on create and change, and nothing is written', async () => {
    expectProblem(await t.call(staff, 'POST', '/api/v1/partners', { name: nul, typeId: employer }), 400, [
      'name',
    ]);
    expectProblem(
      await t.call(staff, 'PATCH', `/api/v1/partners/${partner.id}`, { city: nul }, { 'if-match': '"v1"' }),
      400,
      ['city'],
    );
    const after = await t.call(staff, 'GET', `/api/v1/partners/${partner.id}`);
    expect(after.json()).toMatchObject({ name: 'Hostile Input Ltd', version: 1 });
  });

  it('is refused deep in a body, in an array and in an object key', async () => {
    expectProblem(
      await t.call(staff, 'POST', '/api/v1/touchpoints', {
        partnerId: partner.id,
        kind: 'call',
        subject: 'Call',
        followUp: { title: nul },
      }),
      400,
      ['followUp.title'],
    );
    expectProblem(
      await t.call(staff, 'POST', '/api/v1/partners', {
        name: 'Tags Ltd',
        typeId: employer,
        tags: ['ok', nul],
      }),
      400,
      ['tags.1'],
    );
    expectProblem(
      await t.call(staff, 'POST', '/api/v1/partners', { name: 'Keys Ltd', typeId: employer, [nul]: 1 }),
      400,
      ['(body)'],
    );
  });

  it('is refused in query parameters and path parameters', async () => {
    expectProblem(await t.call(staff, 'GET', '/api/v1/partners?q=before%00after'), 400, ['query.q']);
    expectProblem(await t.call(staff, 'GET', '/api/v1/search?q=%00'), 400, ['query.q']);
    expectProblem(await t.call(staff, 'GET', '/api/v1/tasks?status=open&q=x%00'), 400, ['query.q']);
    expectProblem(await t.call(staff, 'GET', '/api/v1/partners/%00'), 400, ['params.id']);
    expectProblem(await t.call(admin, 'DELETE', '/api/v1/holidays/2026-12-25%00'), 400, ['params.day']);
  });
});

describe('a crafted cursor', () => {
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('whose values are arrays or objects is refused, naming the cursor', async () => {
    for (const values of [
      ['name', ['a', 'b'], 'x'],
      ['name', { a: 1 }, 'x'],
      ['name', 'x', ['00000000-0000-0000-0000-000000000000']],
    ]) {
      expectProblem(
        await t.call(staff, 'GET', `/api/v1/partners?sort=name&cursor=${cursorOf(values)}`),
        400,
        ['cursor'],
      );
    }
  });

  it('whose values are of the wrong type or hold a NUL is refused, not answered 500', async () => {
    const wrongType = await t.call(
      staff,
      'GET',
      `/api/v1/partners?sort=name&cursor=${cursorOf(['name', 'x', 'not-a-uuid'])}`,
    );
    expect(wrongType.statusCode).toBe(400);
    expectProblem(
      await t.call(staff, 'GET', `/api/v1/partners?sort=name&cursor=${cursorOf(['name', nul, 'x'])}`),
      400,
      ['cursor'],
    );
  });
});

describe('If-Match', () => {
  it('naming a version above 2^31 - 1 answers 412 naming the header, and changes nothing', async () => {
    for (const version of ['2147483648', '99999999999999999999999']) {
      expectProblem(
        await t.call(
          staff,
          'PATCH',
          `/api/v1/partners/${partner.id}`,
          { city: 'Leeds' },
          { 'if-match': `"v${version}"` },
        ),
        412,
        ['If-Match'],
      );
    }
    const gone = await t.call(admin, 'DELETE', `/api/v1/partners/${partner.id}`, undefined, {
      'if-match': '"v2147483648"',
    });
    expectProblem(gone, 412, ['If-Match']);
    expect((await t.call(staff, 'GET', `/api/v1/partners/${partner.id}`)).json().version).toBe(1);
  });
});

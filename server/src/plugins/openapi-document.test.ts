import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';

type Schema = Record<string, unknown> & { type?: unknown; properties?: Record<string, Schema> };
type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; headers?: Record<string, unknown> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { headers?: Record<string, unknown> }> };
};

let t: TestApp;
let admin: Agent;
let document: Document;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  document = t.app.swagger() as unknown as Document;
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ method, path, operation })),
  );

/** Every schema inside one, itself included (properties, items, unions, records). */
function* schemasIn(schema: Schema | undefined, where: string): Generator<[string, Schema]> {
  if (!schema || typeof schema !== 'object') return;
  yield [where, schema];
  for (const [name, child] of Object.entries(schema.properties ?? {}))
    yield* schemasIn(child, `${where}.${name}`);
  for (const key of ['items', 'additionalProperties', 'propertyNames'] as const)
    yield* schemasIn(schema[key] as Schema | undefined, `${where}[${key}]`);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const [i, child] of ((schema[key] as Schema[] | undefined) ?? []).entries())
      yield* schemasIn(child, `${where}|${i}`);
}

/** The JSON schema of what a caller sends: body and parameters. */
function* inputsOf(path: string, method: string, operation: Operation): Generator<[string, Schema]> {
  for (const parameter of operation.parameters ?? [])
    yield* schemasIn(parameter.schema, `${method} ${path} ${parameter.in}.${parameter.name}`);
  for (const [type, media] of Object.entries(operation.requestBody?.content ?? {}))
    yield* schemasIn(media.schema, `${method} ${path} body(${type})`);
}

describe('the OpenAPI document', () => {
  it('bounds every string and array a caller may send', () => {
    const unbounded: string[] = [];
    let strings = 0;
    for (const { method, path, operation } of operations()) {
      for (const [where, schema] of inputsOf(path, method, operation)) {
        const types = [schema.type].flat();
        if (types.includes('string')) strings++;
        if (types.includes('string') && !('maxLength' in schema || 'enum' in schema || 'const' in schema))
          unbounded.push(`${where}: string without maxLength`);
        if (types.includes('array') && !('maxItems' in schema))
          unbounded.push(`${where}: array without maxItems`);
        if (types.includes('integer') && !('maximum' in schema && 'format' in schema))
          unbounded.push(`${where}: integer without maximum and format`);
      }
    }
    expect(unbounded).toEqual([]);
    // The walk reaches every body field and parameter (not an empty pass).
    expect(strings).toBeGreaterThan(200);
  });

  it('declares the problems each operation can answer, from one helper', () => {
    const partner = document.paths['/api/v1/partners/{id}']!;
    expect(Object.keys(partner.patch!.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '412', '428', '500'].sort(),
    );
    expect(partner.patch!.responses['412']).toEqual({ $ref: '#/components/responses/PreconditionFailed' });
    expect(partner.patch!.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'If-Match', required: true }),
    );
    expect(Object.keys(partner.get!.responses).sort()).toEqual(['200', '400', '401', '403', '404', '500']);
    // Creating may meet a unique value or a reused Idempotency-Key; no record is named in the path.
    expect(Object.keys(document.paths['/api/v1/partners']!.post!.responses).sort()).toEqual(
      ['201', '400', '401', '403', '409', '422', '500'].sort(),
    );
    for (const { operation } of operations()) {
      expect(operation.responses).toHaveProperty('400');
      expect(operation.responses).toHaveProperty('401');
      expect(operation.responses).toHaveProperty('500');
    }
  });

  it('declares 429 with Retry-After where failed password checks are limited, and nowhere else', () => {
    const limited = operations()
      .filter(({ operation }) => '429' in operation.responses)
      .map(({ method, path }) => `${method} ${path}`);
    expect(limited.sort()).toEqual(['post /api/v1/auth/login', 'post /api/v1/auth/password']);
    expect(document.components.responses.TooManyRequests!.headers).toHaveProperty('Retry-After');
  });

  it('marks public operations security: [] and asks cookie writes for the CSRF token', () => {
    const login = document.paths['/api/v1/auth/login']!.post!;
    expect(login.security).toEqual([]);
    expect(login.responses).not.toHaveProperty('403');
    expect(document.paths['/api/v1/health']!.get!.security).toEqual([]);
    expect(document.paths['/api/v1/partners']!.post!.security).toEqual([
      { bearer: [] },
      { session: [], csrf: [] },
    ]);
    // Reads take the document's global requirement: a bearer token or the session cookie.
    expect(document.paths['/api/v1/partners']!.get!.security).toBeUndefined();
  });
});

describe('a string over its maxLength', () => {
  const maxLengthOf = (path: string, method: string, field: string) => {
    const body = document.paths[path]![method]!.requestBody!.content['application/json']!.schema;
    return Number(body.properties![field]!.maxLength);
  };

  it('answers 400 naming the field, and nothing is written', async () => {
    const max = maxLengthOf('/api/v1/partner-types', 'post', 'name');
    expect(max).toBe(120);
    const name = `Consultancy ${'x'.repeat(max)}`;
    const refused = await t.call(admin, 'POST', '/api/v1/partner-types', { name });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors).toEqual([{ field: 'name', message: `Use at most ${max} characters` }]);
    const listed = await t.call(admin, 'GET', `/api/v1/partner-types?q=${encodeURIComponent('Consultancy')}`);
    expect(listed.json().items).toEqual([]);
    // At the limit it is accepted: the limit is the one writes keep, not a smaller one.
    const accepted = await t.call(admin, 'POST', '/api/v1/partner-types', { name: name.slice(0, max) });
    expect(accepted.statusCode).toBe(201);
  });

  it('refuses a time zone over 100 characters, and the working week stays as it was', async () => {
    const before = (await t.call(admin, 'GET', '/api/v1/working-week')).json();
    const refused = await t.call(admin, 'PUT', '/api/v1/working-week', {
      ...before,
      timeZone: `Europe/${'L'.repeat(100)}`,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ field: 'timeZone' }));
    expect((await t.call(admin, 'GET', '/api/v1/working-week')).json()).toEqual(before);
  });

  it('refuses a query parameter over its limit, naming it', async () => {
    const refused = await t.call(
      admin,
      'GET',
      `/api/v1/partners/${crypto.randomUUID()}/history?cursor=${'1'.repeat(21)}`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ field: 'query.cursor' }));
  });
});

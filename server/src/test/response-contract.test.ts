import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installResponseContract } from './response-contract.ts';

/** Sends ready-made text with any status (the route's types only know its declared ones). */
const send = (reply: FastifyReply, status: number, type: string, body: string | undefined) =>
  reply.code(status).type(type).send(body);

// The hook on a bare Fastify app with plain JSON-schema routes, whose handlers send ready-made
// text (no serializer runs), so only the hook stands between a wrong answer and the client.
let app: FastifyInstance;
let contract: { mismatches: string[] };

beforeAll(async () => {
  app = Fastify();
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '1' } } });
  const thing = {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', format: 'uuid' } },
  };
  app.get('/api/v1/things/:id', { schema: { response: { 200: thing } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const body: Record<string, string> = {
      good: '{"id":"01a231d1-9737-7e54-bfe0-d66e4222d524"}',
      'wrong-type': '{"id":1}',
      missing: '{}',
    };
    if (id === 'created') return send(reply, 201, 'application/json', body.good);
    if (id === 'plain-error') return send(reply, 404, 'application/json', '{"error":"gone"}');
    if (id === 'problem')
      return send(
        reply,
        404,
        'application/problem+json',
        '{"type":"x","title":"Not Found","status":404,"code":"not_found","detail":"No thing"}',
      );
    return send(reply, 200, 'application/json', body[id]);
  });
  app.get('/api/v1/hidden', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json').send('{"anything":true}'),
  );
  contract = installResponseContract(app);
  await app.ready();
});
afterAll(() => app.close());

const get = async (url: string) => {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json<{ code?: string; detail?: string }>() };
};

describe('the response contract hook of the test apps', () => {
  it('lets through an answer that matches its declared schema, and a problem+json error', async () => {
    expect((await get('/api/v1/things/good')).status).toBe(200);
    expect((await get('/api/v1/things/problem')).status).toBe(404);
    expect((await get('/api/v1/hidden')).status).toBe(200);
    expect(contract.mismatches).toEqual([]);
  });

  it('turns a body that breaks the schema, an undeclared status and a non-problem error into a 500 naming the fault', async () => {
    const wrongType = await get('/api/v1/things/wrong-type');
    expect(wrongType.status).toBe(500);
    expect(wrongType.body.code).toBe('response_contract');
    expect(wrongType.body.detail).toContain('response/id must be string');
    expect((await get('/api/v1/things/missing')).body.detail).toContain("must have required property 'id'");
    expect((await get('/api/v1/things/created')).body.detail).toContain(
      'status 201, which the document does not declare',
    );
    expect((await get('/api/v1/things/plain-error')).body.detail).toContain('not problem+json');
    expect(contract.mismatches).toHaveLength(4);
  });
});

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Responses = Record<string, { content?: Record<string, { schema?: object }> }>;
type Document = { paths: Record<string, Record<string, { responses?: Responses }>> };

/** What every error answer is (RFC 9457 as plugins/errors.ts writes it), declared or not. */
const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    code: { type: 'string' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/**
 * Tests only: checks every answer an API route sends against the response the OpenAPI document
 * declares for its status (ajv on the published JSON Schema, so independent of the zod serializer
 * production uses or skips). A mismatch turns the answer into a 500 naming what is wrong, so the
 * test that provoked it fails, and is kept in `mismatches`.
 */
export function installResponseContract(app: FastifyInstance): { mismatches: string[] } {
  const mismatches: string[] = [];
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  const problem = ajv.compile(problemSchema);
  const compiled = new Map<string, ValidateFunction | 'empty' | 'none' | 'hidden'>();
  let document: Document | undefined;

  /** The validator of one operation's answer with one status: 'none' when the status is not declared. */
  function validatorFor(method: string, path: string, status: number) {
    const key = `${method} ${path} ${status}`;
    let found = compiled.get(key);
    if (found) return found;
    document ??= app.swagger() as unknown as Document;
    const responses = document.paths[path]?.[method.toLowerCase()]?.responses;
    const declared = responses?.[String(status)];
    // A route left out of the document on purpose (`hide`) has no contract to keep.
    if (!responses) found = 'hidden';
    else if (!declared) found = 'none';
    else {
      const schema = declared.content?.['application/json']?.schema;
      found = schema ? ajv.compile(schema) : 'empty';
    }
    compiled.set(key, found);
    return found;
  }

  function check(request: FastifyRequest, reply: FastifyReply, payload: unknown): string | null {
    const route = request.routeOptions.url;
    if (!route?.startsWith('/api/v1/')) return null;
    const path = route.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = reply.statusCode;
    const contentType = String(reply.getHeader('content-type') ?? '');
    const text =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (status >= 400) {
      if (!contentType.startsWith('application/problem+json') || text === null)
        return 'an error that is not problem+json';
      return problem(JSON.parse(text))
        ? null
        : `an error that is not a problem: ${ajv.errorsText(problem.errors)}`;
    }
    const validate = validatorFor(request.method, path, status);
    if (validate === 'hidden') return null;
    if (validate === 'none') return `status ${status}, which the document does not declare`;
    // Streams (CSV and XLSX exports) and other media types are not JSON to check.
    if (text === null || !contentType.startsWith('application/json')) return null;
    if (validate === 'empty')
      return text === '' || text === 'null' ? null : 'a body where the document declares none';
    return validate(JSON.parse(text)) ? null : ajv.errorsText(validate.errors, { dataVar: 'response' });
  }

  app.addHook('onSend', async (request, reply, payload) => {
    const wrong = check(request, reply, payload);
    if (!wrong) return payload;
    const detail = `${request.method} ${request.routeOptions.url} answered ${reply.statusCode} against its declared response: ${wrong}`;
    mismatches.push(detail);
    reply.code(500).type('application/problem+json');
    return JSON.stringify({
      type: 'https://rapport.example/problems/response_contract',
      title: 'Internal Server Error',
      status: 500,
      code: 'response_contract',
      detail,
    });
  });
  return { mismatches };
}

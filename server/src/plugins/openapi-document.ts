/**
 * What the OpenAPI document says beyond the routes' zod schemas, in one place rather than on every
 * route: the problem answers each operation can give (from its access level, method, path
 * parameters and declared preconditions), security requirements, operation ids, and the length and
 * integer formats a schema's own pattern or bounds already fix.
 */
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads If-Match (lib/etag.ts): it answers 428 without it and 412 when stale. */
    ifMatch?: boolean;
    /** The route counts failed password checks (auth/sign-in-limits.ts) and may answer 429. */
    rateLimited?: boolean;
  }
}

type JsonObject = Record<string, unknown>;
type Operation = {
  operationId?: string;
  tags?: string[];
  security?: JsonObject[];
  parameters?: JsonObject[];
  responses?: Record<string, JsonObject>;
};
type Document = {
  paths?: Record<string, Record<string, Operation>>;
  components?: JsonObject;
  tags?: JsonObject[];
};

/** RFC 9457 as plugins/errors.ts writes it. */
const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', maxLength: 200 },
    title: { type: 'string', maxLength: 100 },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
    code: { type: 'string', pattern: '^[a-z_]+$', maxLength: 50, description: 'Stable; switch on this' },
    detail: { type: 'string', maxLength: 2000, description: 'For people: what went wrong, what to do' },
    instance: {
      type: 'string',
      maxLength: 201,
      description: 'The address asked for (cut at 200 characters)',
    },
    requestId: {
      type: 'string',
      format: 'uuid',
      maxLength: 36,
      description: 'Quote it when reporting a fault',
    },
    errors: {
      type: 'array',
      maxItems: 1000,
      description: 'On 400: every field that is wrong',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', maxLength: 500, description: 'e.g. "name", "query.limit", "If-Match"' },
          message: { type: 'string', maxLength: 1000 },
        },
      },
    },
    retryAfter: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
  },
};

const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
  },
};

/** The problem answers, by status: the reusable responses of components.responses. */
const problems = {
  400: ['BadRequest', 'The request is not valid: `errors` names each field (or the address is malformed)'],
  401: ['Unauthorized', 'Not signed in, or the API token is not valid, expired or revoked'],
  403: [
    'Forbidden',
    'Your role does not allow this, a cookie write lacks x-csrf-token, or the token is read-only',
  ],
  404: ['NotFound', 'No such record, or one you may not see (the two look the same)'],
  409: [
    'Conflict',
    'A record with the same unique value exists, the record is still in use, or an Idempotency-Key is busy',
  ],
  412: ['PreconditionFailed', 'If-Match names a version that is no longer current: reload and try again'],
  422: ['UnprocessableContent', 'This Idempotency-Key was used for a different request'],
  428: ['PreconditionRequired', 'Send If-Match with the ETag you read'],
  429: ['TooManyRequests', 'Too many failed attempts from here: wait for Retry-After seconds'],
  500: ['InternalError', 'Something went wrong on our side: quote the requestId'],
} as const;
type ProblemStatus = keyof typeof problems;

/** The groups of operations, in the product's words (a new tag needs a line here: Redocly says so). */
const tagDescriptions: Record<string, string> = {
  Branding: "The university's own name, primary colour and logo, shown in the app and on the sign-in page",
  'Duplicates and merges':
    'Likely duplicate partners and contacts with their evidence, merges that move every link, and unmerge within a grace period',
  'Personal data':
    'UK GDPR: consent per purpose, subject access, erasure that keeps the statistics, retention rules and the records of processing',
  'API tokens': 'Bearer tokens for scripts and integrations, read-only or read-write',
  Activities:
    'Forums, working groups, seminars, roadshows and training: invitations, registration, waiting lists and attendance',
  Calendars:
    'Activities as iCalendar (RFC 5545): one activity to download, and a private feed a calendar program subscribes to',
  'Registration by private link':
    'What an invited contact does without an account: see the activity, register, decline, cancel, give feedback',
  Surveys:
    "Relationship surveys of a partner's contacts: send by private link, read anonymous results (no breakdown below the anonymity threshold)",
  'Surveys by private link':
    'What a contact asked for their view does without an account: see the survey, answer it once',
  'Maturity assessments':
    "The relationship manager's checklist scored 0–4 with evidence and improvement actions, a stage on the five-level scale, both sides and the gap per item",
  'Maturity assessments by private link':
    "What the partner's key contact does without an account: see the checklist, score it once",
  Affiliations: "A contact's role at a partner, with dates",
  Reviews:
    'Relationship reviews: scheduled from a review date, an agenda built from what the reader may see, minutes, and actions that become tasks',
  Disputes:
    'The dispute procedure of a request: stages one step at a time, each with a timescale, and an outcome the partner acknowledges',
  'Dispute outcomes by private link':
    "What a partner's contact does without an account: read the outcome agreed, acknowledge it once",
  Initiatives:
    'University projects and changes with the partners involved and how, their input, what was done with it ("you said, we did"), milestones and publishing',
  '"You said, we did" by private link':
    'What the partners involved in an initiative read without an account: its published input and what was done with it',
  Agreements:
    'Agreements on relationships, under change control: changes proposed with a reason, approved by both sides, every version kept',
  Attachments: 'Files on touch points, requests, relationships and agreements, checked from their bytes',
  'Communication plans':
    'Planned flows of communication per partner type and relationship, levels and peer pairs, checked against the touch points logged',
  Imports:
    "Bringing a unit's spreadsheet in: upload, mapping of columns to fields, preview with every row's problems",
  Contacts: 'People at partners',
  Escalation:
    'Raising a request or relationship to a named level, and the senior view of what needs attention',
  Health: 'Liveness and database reachability, for load balancers',
  'My account': 'My name, password, notification preferences and invitation or reset links',
  'My work': 'The signed-in member of staff’s home page and notifications',
  'Partner types': 'Configurable groups of partners',
  Partners: 'Organisations the university has a relationship with, and the unified partner view',
  Relationships: 'The managed link between one unit and one partner',
  'Relationship health':
    'The explained 0–100 health score of relationships and partners, its parts, trend and versioned rule',
  'Adoption and sharing':
    "The institution's stage of relationship management (peripheral, tactical, strategic) and, per unit, who shares and who reads",
  'Requests and concerns': 'What a partner needs handled, from incident to concern, with targets',
  'Saved views': 'Named filters and sorts of a list',
  Search: 'One search across partners, contacts and touch points',
  'Service levels': 'Targets, working week, holidays and attention rules',
  'Sign-in': 'Sessions, the CSRF token and passwords',
  'Single sign-on':
    'Signing in through the university’s identity provider (OpenID Connect), new accounts from its claims, and whether passwords are taken',
  Tasks: 'Follow-ups assigned to members of staff',
  'Touch points': 'Interactions of staff with partners',
  Units: 'The university’s organisational units, a tree',
  Users: 'Members of staff and their roles',
};

/** What the document needs to know about a route that its schema does not say. */
type RouteFacts = { isPublic: boolean; ifMatch: boolean; rateLimited: boolean };
const SAFE_METHODS = new Set(['get', 'head', 'options']);

/** The problem statuses an operation can answer. */
export function problemStatusesFor(method: string, path: string, facts: RouteFacts): ProblemStatus[] {
  const writes = !SAFE_METHODS.has(method);
  const statuses: ProblemStatus[] = [400];
  // A bearer token that is not valid answers 401 even on a public route.
  statuses.push(401);
  if (!facts.isPublic) statuses.push(403);
  if (path.includes('{')) statuses.push(404);
  if (writes && !facts.isPublic) statuses.push(409);
  if (facts.ifMatch) statuses.push(412, 428);
  if (method === 'post' && !facts.isPublic) statuses.push(422);
  if (facts.rateLimited) statuses.push(429);
  statuses.push(500);
  return statuses;
}

/** `get /api/v1/partners/{id}/history` → `getPartnersByIdHistory`. */
export function operationIdFor(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      const word = param ? `by-${param}` : segment;
      return word.replace(/(^|[-_.])(\w)/g, (_, _sep, c: string) => c.toUpperCase());
    });
  return `${method}${words.join('')}`;
}

const INT32 = 2 ** 31;

/**
 * Facts a zod schema's JSON Schema leaves implicit: a uuid or date pattern fixes the length, and
 * an integer's bounds say whether it fits 32 or 64 bits. Nothing here loosens or tightens what
 * the validation accepts; it only says it in the words the linters look for.
 */
function stateImpliedLimits(ctx: { jsonSchema: JsonObject }): void {
  const schema = ctx.jsonSchema;
  // A union of strings (an id or "me") is a string, as long as its longest branch.
  const branches = schema.anyOf as JsonObject[] | undefined;
  if (schema.type === undefined && branches?.length && branches.every((b) => b.type === 'string')) {
    for (const branch of branches) stateImpliedLimits({ jsonSchema: branch });
    const lengths = branches.map((b) => {
      const values = Array.isArray(b.enum) ? b.enum : b.const !== undefined ? [b.const] : null;
      return values ? Math.max(...values.map((v) => String(v).length)) : Number(b.maxLength);
    });
    schema.type = 'string';
    if (lengths.every(Number.isFinite)) schema.maxLength = Math.max(...lengths);
  }
  // A record keyed by an enum is an object with every one of those keys (zod's records are exhaustive).
  const keys = (schema.propertyNames as JsonObject | undefined)?.enum;
  if (schema.type === 'object' && Array.isArray(keys) && !schema.properties && schema.additionalProperties) {
    schema.properties = Object.fromEntries(keys.map((key) => [String(key), schema.additionalProperties]));
    schema.additionalProperties = false;
    delete schema.propertyNames;
  }
  if (schema.type === 'string' && schema.maxLength === undefined) {
    if (schema.format === 'uuid') schema.maxLength = 36;
    if (schema.format === 'date') schema.maxLength = 10;
  }
  if (schema.type === 'integer' && schema.format === undefined) {
    const min = Number(schema.minimum ?? schema.exclusiveMinimum ?? Number.NEGATIVE_INFINITY);
    const max = Number(schema.maximum ?? schema.exclusiveMaximum ?? Number.POSITIVE_INFINITY);
    schema.format = min >= -INT32 && max < INT32 ? 'int32' : 'int64';
  }
}

const zodTransform = createJsonSchemaTransform({ zodToJsonConfig: { override: stateImpliedLimits } });

/**
 * The route transform and document transform for @fastify/swagger: the first records each
 * route's facts as the routes are read, the second completes every operation with them.
 */
export function createOpenapiTransforms() {
  const factsByOperation = new Map<string, RouteFacts>();

  const transform: SwaggerTransform = (input) => {
    const route = input.route;
    const config = (route?.config ?? {}) as { access?: string; ifMatch?: boolean; rateLimited?: boolean };
    const path = input.url.replace(/:(\w+)/g, '{$1}');
    for (const method of [route?.method ?? []].flat()) {
      factsByOperation.set(`${String(method).toLowerCase()} ${path}`, {
        isPublic: config.access === 'public',
        ifMatch: config.ifMatch === true,
        rateLimited: config.rateLimited === true,
      });
    }
    return zodTransform(input);
  };

  const transformObject: SwaggerTransformObject = (input) => {
    const document = ('openapiObject' in input ? input.openapiObject : {}) as Document;
    const tags = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(operations)) {
        const facts = factsByOperation.get(`${method} ${path}`);
        if (!facts) continue;
        completeOperation(method, path, operation, facts);
        for (const tag of operation.tags ?? []) tags.add(tag);
      }
    }
    document.tags = [...tags]
      .sort()
      .map((name) => (tagDescriptions[name] ? { name, description: tagDescriptions[name] } : { name }));
    document.components = {
      ...document.components,
      schemas: { ...(document.components?.schemas as JsonObject), Problem: problemSchema },
      responses: Object.fromEntries(
        Object.entries(problems).map(([status, [name, description]]) => [
          name,
          {
            description,
            ...(status === '429' ? { headers: retryAfter } : {}),
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    };
    return document as ReturnType<SwaggerTransformObject>;
  };

  return { transform, transformObject };
}

function completeOperation(method: string, path: string, operation: Operation, facts: RouteFacts) {
  operation.operationId ??= operationIdFor(method, path);
  if (facts.isPublic) operation.security = [];
  else if (!SAFE_METHODS.has(method))
    // A write through the session cookie must carry the CSRF token too.
    operation.security = [{ bearer: [] }, { session: [], csrf: [] }];
  if (facts.ifMatch) {
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        in: 'header',
        name: 'If-Match',
        required: true,
        description: 'The ETag you read, such as "v3"',
        schema: { type: 'string', maxLength: 20, pattern: '^(W/)?"v\\d{1,10}"$' },
      },
    ];
  }
  const responses = operation.responses ?? {};
  for (const status of problemStatusesFor(method, path, facts)) {
    responses[status] ??= { $ref: `#/components/responses/${problems[status][0]}` };
  }
  operation.responses = responses;
}

import fc from 'fast-check';
import { arbitraryOf, type IdPool, type JsonSchema } from './schema-arbitrary.ts';

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema };
type OpenApiOperation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
};
export type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/** One operation of the document: what the fuzzer may send to it. */
export type Operation = {
  method: string;
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  body: JsonSchema | undefined;
};

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** How the request departs from the schema. */
export type Mode = 'valid' | 'nul' | 'huge' | 'wrong-type' | 'random-json' | 'malformed' | 'cursor';
export const MODES: Mode[] = ['valid', 'nul', 'huge', 'wrong-type', 'random-json', 'malformed', 'cursor'];

export type FuzzRequest = {
  operation: Operation;
  mode: Mode;
  agent: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Cursors a list never gave out: right shape with wrong values, wrong arity, objects, garbage. */
function craftedCursor(sorts: string[]): fc.Arbitrary<string> {
  const sort = sorts.length ? fc.constantFrom(...sorts) : fc.constant('name');
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.uuid(),
    fc.constantFrom('2026-13-45T99:00:00Z', 'not a date', '', '\u0000', 'x'.repeat(1200), -1, 1e308, true),
  );
  return fc.oneof(
    fc.tuple(sort, fc.array(value, { maxLength: 4 })).map(([s, values]) => b64([s, ...values])),
    fc.jsonValue({ maxDepth: 2 }).map(b64),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('', '====', '%%%', 'eyJ', b64(['name']), b64({ sort: 'name' })),
  );
}

/** A value that breaks the schema where it lands. */
function mutantOf(mode: Mode): fc.Arbitrary<unknown> {
  switch (mode) {
    case 'nul':
      return fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`);
    case 'huge':
      return fc.oneof(
        fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
        fc.integer({ min: 1_000, max: 20_000 }).map((n) => '😀'.repeat(n)),
        fc.integer({ min: 1_000, max: 50_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
        fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -(2 ** 31) - 1),
      );
    default:
      return fc.oneof(
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.constant({}),
        fc.constant([]),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(
          '',
          ' ',
          "'; DROP TABLE partners; --",
          '../../etc/passwd',
          '\ud800',
          '{{7*7}}',
          '-1',
          'NaN',
        ),
      );
  }
}

/** Every place in a JSON value a mutant could go: the root and each key or index below it. */
function placesIn(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) placesIn(v, [...path, i], out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) placesIn(v, [...path, k], out);
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], mutant: unknown): unknown {
  if (path.length === 0) return mutant;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = replaceAt(copy[head], rest, mutant);
  return copy;
}

/** The value with one place (a leaf more often than the root) replaced by the mutant. */
function mutate(value: unknown, choice: number, mutant: unknown): unknown {
  const places = placesIn(value);
  const deep = places.length > 1 ? places.slice(1) : places;
  return replaceAt(value, deep[choice % deep.length] ?? [], mutant);
}

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Percent-encodes every UTF-8 byte, which (unlike encodeURIComponent) takes lone surrogates too. */
const encodeSegment = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** Builds the arbitrary of requests to every operation, as the named agents (and anonymously). */
export function requestArbitrary(
  operations: Operation[],
  agents: string[],
  pool: IdPool,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      operation: fc.constantFrom(...operations),
      mode: fc.oneof(
        { weight: 4, arbitrary: fc.constant<Mode>('valid') },
        { weight: 6, arbitrary: fc.constantFrom<Mode>(...MODES.filter((m) => m !== 'valid')) },
      ),
      agent: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...agents) },
        { weight: 1, arbitrary: fc.constant('anonymous') },
      ),
    })
    .chain(({ operation, mode, agent }) => {
      const sorts = operation.query.find((p) => p.name === 'sort')?.schema.enum?.map(String) ?? [];
      const pathValues = fc.tuple(...operation.pathParams.map((p) => arbitraryOf(p.schema, pool)));
      const queryValues = fc.tuple(
        ...operation.query.map((p) =>
          p.required
            ? arbitraryOf(p.schema, pool)
            : fc.option(arbitraryOf(p.schema, pool), { nil: undefined, freq: 2 }),
        ),
      );
      const body = operation.body ? arbitraryOf(operation.body, pool) : fc.constant(undefined);
      return fc
        .record({
          pathValues,
          queryValues,
          body,
          // Which part a mutation hits (0 path, 1 query, 2 body) and where inside it.
          part: fc.nat(2),
          choice: fc.nat(),
          mutant: mutantOf(mode),
          randomJson: fc.jsonValue({ maxDepth: 3 }),
          malformed: fc.constantFrom(
            ['{"unterminated": ', 'application/json'],
            ['not json at all', 'application/json'],
            ['name=x&typeId=y', 'application/x-www-form-urlencoded'],
            ['{"a":1}', 'text/plain'],
            ['<xml/>', 'application/xml'],
            ['\u0000', 'application/json'],
            ['[]', 'application/json; charset=latin1'],
          ),
          cursor: craftedCursor(sorts),
          ifMatch: fc.option(
            fc.constantFrom('"v1"', '"v2"', '"v0"', '*', 'W/"1"', 'garbage', '"v99999999999999999999"'),
            {
              nil: undefined,
            },
          ),
          idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })), {
            nil: undefined,
            freq: 4,
          }),
          dropCsrf: fc.boolean().map((b) => b && agent !== 'anonymous'),
        })
        .map((g) => {
          let pathValues = g.pathValues as unknown[];
          let queryValues = g.queryValues as unknown[];
          let bodyValue: unknown = g.body;
          let bodyText: string | undefined;
          let contentType = 'application/json';
          const mutating = mode === 'nul' || mode === 'huge' || mode === 'wrong-type';
          if (mutating && g.part === 0 && pathValues.length)
            pathValues = mutate(pathValues, g.choice, g.mutant) as unknown[];
          else if (mutating && (g.part === 1 || !operation.body) && queryValues.length)
            queryValues = mutate(queryValues, g.choice, g.mutant) as unknown[];
          else if (mutating && operation.body) bodyValue = mutate(bodyValue, g.choice, g.mutant);
          if (mode === 'random-json') bodyValue = g.randomJson;
          if (mode === 'malformed') [bodyText, contentType] = g.malformed;
          else if (bodyValue !== undefined) bodyText = JSON.stringify(bodyValue);

          let path = operation.path;
          operation.pathParams.forEach((p, i) => {
            path = path.replace(`{${p.name}}`, encodeSegment(asText(pathValues[i])));
          });
          const search = new URLSearchParams();
          operation.query.forEach((p, i) => {
            const v = queryValues[i];
            if (v !== undefined) search.set(p.name, asText(v));
          });
          if (mode === 'cursor') search.set('cursor', g.cursor);
          const query = search.toString();

          const headers: Record<string, string> = {};
          if (bodyText !== undefined) headers['content-type'] = contentType;
          if (g.ifMatch) headers['if-match'] = g.ifMatch;
          if (g.idempotencyKey && operation.method === 'POST') headers['idempotency-key'] = g.idempotencyKey;
          if (g.dropCsrf) headers['x-fuzz-drop-csrf'] = '1';
          return {
            operation,
            mode,
            agent,
            url: query ? `${path}?${query}` : path,
            headers,
            body: operation.method === 'GET' || operation.method === 'DELETE' ? undefined : bodyText,
          };
        });
    });
}

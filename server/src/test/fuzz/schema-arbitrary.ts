import fc from 'fast-check';

/** The part of JSON Schema (as @fastify/swagger writes the zod schemas) the fuzzer reads. */
export type JsonSchema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Ids of records that exist, so schema-valid requests reach past "not found" into the handlers. */
export type IdPool = { ids: string[] };

const dateText = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Mostly printable text, sometimes any code point (accents, emoji, lone surrogates, controls). */
const textUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABC-_.,0123'.split('')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('é', 'ß', '日', '😀', '\u202e', '\t', '\n', '%', "'", '"', '<', '\\'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/** A value of this format: a known record's id most of the time, so the request finds something. */
function formatted(format: string, pool: IdPool): fc.Arbitrary<string> | null {
  switch (format) {
    case 'uuid':
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .tuple(fc.nat(), fc.uuid())
            .map(([i, random]) => pool.ids[i % Math.max(pool.ids.length, 1)] ?? random),
        },
        { weight: 1, arbitrary: fc.uuid() },
      );
    case 'date-time':
      return dateText;
    case 'date':
      return dateText.map((t) => t.slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
    default:
      return null;
  }
}

function stringOf(schema: JsonSchema, pool: IdPool): fc.Arbitrary<string> {
  const byFormat = schema.format ? formatted(schema.format, pool) : null;
  if (byFormat) return byFormat;
  if (schema.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? 10_000));
    } catch {
      // a pattern fast-check cannot generate from: fall back to plain text
    }
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 40));
  return fc.string({ minLength, maxLength, unit: textUnit });
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = Math.max(schema.minimum ?? schema.exclusiveMinimum ?? -1_000_000, Number.MIN_SAFE_INTEGER);
  const high = Math.min(schema.maximum ?? schema.exclusiveMaximum ?? 1_000_000, Number.MAX_SAFE_INTEGER);
  const minExcluded = schema.minimum === undefined && schema.exclusiveMinimum !== undefined;
  const maxExcluded = schema.maximum === undefined && schema.exclusiveMaximum !== undefined;
  if (integer)
    return fc.integer({
      min: Math.ceil(low) + (minExcluded && Number.isInteger(low) ? 1 : 0),
      max: Math.floor(high) - (maxExcluded && Number.isInteger(high) ? 1 : 0),
    });
  return fc.double({ min: low, max: high, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true });
}

function objectOf(schema: JsonSchema, pool: IdPool, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(properties).map(([key, sub]) => {
    const value = arbitraryOf(sub, pool, depth + 1);
    // Optional properties come and go, so both "absent" and "present" paths are exercised.
    return required.has(key)
      ? value.map((v) => [key, v] as const)
      : fc.option(value, { nil: undefined, freq: 2 }).map((v) => [key, v] as const);
  });
  return fc.tuple(...entries).map((pairs) => {
    const result: Record<string, unknown> = {};
    for (const [key, value] of pairs) if (value !== undefined) result[key] = value;
    return result;
  });
}

/** An arbitrary of values valid against the schema (as far as its keywords go: refinements in zod are not in it). */
export function arbitraryOf(schema: JsonSchema | undefined, pool: IdPool, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 8) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((s) => arbitraryOf(s, pool, depth + 1)));
  if (schema.allOf) {
    const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf) {
      Object.assign(merged.properties as object, part.properties ?? {});
      merged.required?.push(...(part.required ?? []));
    }
    return arbitraryOf(merged, pool, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => arbitraryOf({ ...schema, type: t }, pool, depth)));
  switch (type[0]) {
    case 'string':
      return stringOf(schema, pool);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryOf(schema.items, pool, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
      });
    case 'object':
      return objectOf(schema, pool, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

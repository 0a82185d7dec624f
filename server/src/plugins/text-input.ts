import fp from 'fastify-plugin';
import { AppError, type FieldError } from '../errors.ts';

/** Where a NUL character sits in a parsed body, query or path: the field names the error handler uses. */
function nulFields(value: unknown, path: string[], found: string[][]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) nulFields(item, [...path, String(i)], found);
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push(path);
      else nulFields(item, [...path, key], found);
    }
  }
}

const parts = [
  ['body', (path: string) => path || '(body)'],
  ['query', (path: string) => `query.${path || '(all)'}`],
  ['params', (path: string) => `params.${path || '(all)'}`],
] as const;

/**
 * PostgreSQL text and jsonb cannot hold U+0000 (error 22021 or 22P05), so a NUL anywhere in the
 * input is refused here, once for every route, before the schemas see it: a 400 naming each
 * field, and nothing written.
 */
export const textInputPlugin = fp(async (app) => {
  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [];
    for (const [part, name] of parts) {
      const found: string[][] = [];
      nulFields(request[part], [], found);
      for (const path of found)
        errors.push({ field: name(path.join('.')), message: 'must not contain a NUL character' });
    }
    if (errors.length > 0) throw new AppError('validation', 'The request is not valid', { errors });
  });
});

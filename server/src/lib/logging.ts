import pino from 'pino';

/** Keys whose values are SQL parameters (drizzle's `params`, pg's `parameters`) or row values (pg's `detail`). */
const SECRET_KEYS = new Set(['params', 'parameters', 'detail']);
/** Drizzle writes the parameters into the message (and so the stack) after "params: ". */
const PARAMS_IN_TEXT = /\nparams: [\s\S]*?(?=\n {4}at |\ncaused by: |$)/g;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) out[key] = '[redacted]';
    else if ((key === 'message' || key === 'stack') && typeof item === 'string')
      out[key] = item.replace(PARAMS_IN_TEXT, '\nparams: [redacted]');
    else out[key] = redact(item, depth + 1);
  }
  return out;
}

/**
 * Errors as pino writes them, without the values of the SQL that failed: a failed query's
 * parameters are names, e-mail addresses and notes, which must not reach the log.
 */
export const serializeError = (error: Error) =>
  redact(pino.stdSerializers.err(error)) as ReturnType<typeof pino.stdSerializers.err>;

/** The serializers every logger of Rapport uses. */
export const logSerializers = { err: serializeError, error: serializeError };

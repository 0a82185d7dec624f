import pino from 'pino';
import pretty from 'pino-pretty';

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

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT: `json` or `pretty`; `auto` (the default) is pretty on a terminal and JSON otherwise. */
export function resolveLogFormat(
  setting: 'auto' | LogFormat,
  terminal = Boolean(process.stdout.isTTY),
): LogFormat {
  if (setting !== 'auto') return setting;
  return terminal ? 'pretty' : 'json';
}

/**
 * The server's logger: JSON lines (for a log collector), or one readable line per entry for a
 * person at a terminal. Both are written synchronously, so a line logged before the start-up
 * banner is printed before it.
 */
export function createLogger(options: {
  level: string;
  format: LogFormat;
  colour?: boolean;
  /** Where lines go (default standard output). */
  destination?: NodeJS.WritableStream;
}): pino.Logger {
  const base = { level: options.level, serializers: logSerializers };
  if (options.format === 'json')
    return pino(base, options.destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    base,
    pretty({
      sync: true,
      ...(options.destination ? { destination: options.destination } : {}),
      colorize: options.colour ?? Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss',
      singleLine: true,
      // The request line already says these in its message.
      ignore: 'pid,hostname,reqId,method,path,statusCode,responseTime',
      messageFormat: '{msg}{if reqId} [{reqId}]{end}',
      hideObject: false,
    }),
  );
}

/**
 * A request's path as it may be logged: without the query string (it can hold what someone
 * searched for, a person's name) and with the secret of a private link replaced (an activity
 * invitation's, a survey's, an assessment's, a dispute outcome's or a published initiative page's token is its credential, in the address by design: an e-mailed link carries it).
 */
export function loggablePath(url: string): string {
  return url
    .split('?')[0]!
    .replace(/\/invitations\/[^/]+/g, '/invitations/[token]')
    .replace(/\/calendars\/[^/]+/g, '/calendars/[token]')
    .replace(/\/public\/surveys\/[^/]+/g, '/public/surveys/[token]')
    .replace(/\/surveys\/answer\/[^/]+/g, '/surveys/answer/[token]')
    .replace(/\/public\/assessments\/[^/]+/g, '/public/assessments/[token]')
    .replace(/\/assessments\/answer\/[^/]+/g, '/assessments/answer/[token]')
    .replace(/\/public\/dispute-outcomes\/[^/]+/g, '/public/dispute-outcomes/[token]')
    .replace(/^\/outcome\/[^/]+/, '/outcome/[token]')
    .replace(/\/public\/initiatives\/[^/]+/g, '/public/initiatives/[token]')
    .replace(/\/you-said\/[^/]+/g, '/you-said/[token]');
}

/** The one line logged per request (except served assets): method, path, status and time in ms. */
export function requestLine(method: string, path: string, statusCode: number, responseTime: number) {
  const ms = Math.round(responseTime * 10) / 10;
  return {
    fields: { method, path, statusCode, responseTime: ms },
    message: `${method} ${path} ${statusCode} ${ms} ms`,
  };
}

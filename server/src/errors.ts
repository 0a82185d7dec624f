/** Errors are values with codes; plugins/errors.ts maps each code to HTTP and problem+json. */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'in_use'
  | 'precondition_failed'
  | 'precondition_required'
  | 'rate_limited'
  | 'too_large'
  | 'read_only'
  | 'idempotency_mismatch';

export const statusByCode: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  read_only: 403,
  not_found: 404,
  gone: 410,
  conflict: 409,
  in_use: 409,
  precondition_failed: 412,
  precondition_required: 428,
  too_large: 413,
  rate_limited: 429,
  idempotency_mismatch: 422,
};

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const invalid = (field: string, message: string) =>
  new AppError('validation', 'The request is not valid', { errors: [{ field, message }] });

/** A write carrying a version that is no longer current. */
export const stale = (what: string) =>
  new AppError('precondition_failed', `The ${what} was changed by someone else; reload it and try again`);

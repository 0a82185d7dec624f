/** Bulk actions' limits and wire format, without zod: the web's progress reader needs them too. */

/** The most records one bulk action changes. */
export const BULK_MAX = 5000;

/** Ask for `Accept: application/x-ndjson` to receive progress lines while the action runs. */
export const BULK_STREAM_TYPE = 'application/x-ndjson';

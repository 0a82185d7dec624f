import type { FilterMeta, ListMeta } from './define.ts';

/**
 * A filter's value read from the address without zod, so a list screen does not load it. The
 * server checks the same declaration with zod (`filterSchema`, query.ts); `read.test.ts` checks
 * for many inputs, valid, invalid and odd, that the two give the same answer, and that these
 * patterns are zod's own, so a zod upgrade that changes one fails there.
 */

/** zod's `z.uuid()`: RFC 9562 versions 1–8, and the nil and max UUIDs. */
export const uuidPattern =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

const dateSource =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';

/** zod's `z.iso.date()`: a calendar date, leap years included. */
export const datePattern = new RegExp(`^${dateSource}$`);

/** zod's `z.iso.datetime({ offset: true })`: seconds required, Z or an offset. */
export const dateTimePattern = new RegExp(
  `^${dateSource}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$`,
);

/** What a comma list may hold before it is split, as the server allows. */
const COMMA_LIST_MAX = 1000;
/** The longest datetime the server takes. */
const DATETIME_MAX = 40;

/** One filter's value from its raw text, or undefined when the server would refuse it. */
export function readFilter(filter: FilterMeta, raw: string): unknown {
  switch (filter.kind) {
    case 'text': {
      const text = raw.trim();
      if (text.length > (filter.max ?? 200)) return undefined;
      return filter.lowercase ? text.toLowerCase() : text;
    }
    case 'id':
      return uuidPattern.test(raw) || (filter.allowMe && raw === 'me') ? raw : undefined;
    case 'choice':
      return filter.options.includes(raw) ? raw : undefined;
    case 'choices': {
      if (raw.length > COMMA_LIST_MAX) return undefined;
      const values = raw.split(',').filter(Boolean);
      return values.every((v) => filter.options.includes(v)) ? values : undefined;
    }
    case 'flag':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'date':
      return datePattern.test(raw) ? raw : undefined;
    case 'datetime':
      return raw.length <= DATETIME_MAX && dateTimePattern.test(raw) ? raw : undefined;
  }
}

/** The sort from its raw text: one of the list's sorts, ascending or descending ('-name'). */
export function readSort(meta: ListMeta, raw: string | null): string {
  if (raw === null) return meta.defaultSort;
  const name = raw.startsWith('-') ? raw.slice(1) : raw;
  return Object.hasOwn(meta.sorts, name) ? raw : meta.defaultSort;
}

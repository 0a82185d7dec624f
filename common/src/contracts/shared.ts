/** Building blocks every contract uses: record fields, text rules, dates, pages and sorts. */
import { z } from 'zod';

/** How many records a list's filters match in all, that the caller may see (for "Select all N that match"). */
export const listTotal = z.object({ total: z.int32().min(0) });

/**
 * An instant as the server writes it (ISO 8601 in UTC, e.g. 2026-03-01T09:30:00.000Z). The 40
 * characters leave room for any precision a client sends; lists' filters and a few writes accept an offset too.
 */
export const isoDateTime = z.iso.datetime().max(40);
export const isoDateTimeWithOffset = z.iso.datetime({ offset: true }).max(40);

/** A date as the server writes it, YYYY-MM-DD (the database's date columns). */
export const dateText = z.string().max(10);

/** The most items one page holds: pageQuery's and historyQuery's limit. */
export const PAGE_LIMIT = 500;

/** Fields every versioned record shows. */
export const recordFields = {
  id: z.uuid(),
  version: z.int32(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
};

export const idParams = z.object({ id: z.uuid() });

/**
 * What the caller may do with a record, decided by the server's policy for them: the web app
 * offers only these actions (the server still checks every call).
 */
export const recordAbilities = z
  .object({ update: z.boolean(), delete: z.boolean() })
  .describe("The caller's abilities on this record");
export type RecordAbilities = z.infer<typeof recordAbilities>;

/** Optional free text: trimmed, empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** Required free text: trimmed, at least one character (the message map says "Enter …"). */
export const requiredText = (max: number) => z.string().trim().min(1).max(max);

/** `?q=` on lists: a few words to match. */
export const searchText = z.string().trim().max(200).optional();

/** A calendar date, YYYY-MM-DD. */
export const isoDate = z.iso.date();

/** An optional reference: absent, null or an id; absent becomes null. */
export const nullableUuid = z
  .uuid()
  .nullish()
  .transform((v) => v ?? null);

/** `?flag=true|false` in a query string, as a boolean. */
export const queryFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `?limit=` (default 50, max 500) and an opaque `?cursor=`, shared by every list. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT).default(50),
  cursor: z.string().max(1000).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).max(PAGE_LIMIT), nextCursor: z.string().max(1000).nullable() });

/** The `?sort=` parameter for a list offering the given sort names. */
export const sortQuery = <const K extends string>(names: readonly K[], fallback: K) =>
  z.enum(names.flatMap((n) => [n, `-${n}`]) as [K, ...K[]]).default(fallback);

/** A person as lists show them. */
export const person = z.object({ id: z.uuid(), name: z.string().max(200) });

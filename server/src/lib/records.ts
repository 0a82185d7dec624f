import { z } from 'zod';

/** Fields every versioned record shows. */
export const recordFields = {
  id: z.uuid(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const idParams = z.object({ id: z.uuid() });

/** Dates to ISO strings: the shape the API promises. */
export function presentRecord<T extends { createdAt: Date; updatedAt: Date }>(row: T) {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** Optional free text: trimmed, empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const requiredText = (max: number) => z.string().trim().min(1, 'is required').max(max);

/** `?q=` on lists: a few words to match. */
export const searchText = z.string().trim().max(200).optional();

/** A calendar date, YYYY-MM-DD. */
export const isoDate = z.iso.date();

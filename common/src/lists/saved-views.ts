import { z } from 'zod';
import { isoDateTime } from '../contracts/shared.ts';
import { listNames, savedViewSharings } from './catalogue.ts';

/** A saved view as the API answers it, with what the caller may do with it. */
export const savedViewSchema = z.object({
  id: z.uuid(),
  version: z.int32(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  list: z.enum(listNames),
  name: z.string().max(120),
  query: z.string().max(4000).describe('The filters and sort, as the list takes them in its query string'),
  sharing: z.enum(savedViewSharings),
  unitId: z.uuid().nullable(),
  unitName: z.string().max(200).nullable(),
  ownerId: z.uuid(),
  ownerName: z.string().max(200),
  can: z.object({ update: z.boolean(), delete: z.boolean() }).describe('What the caller may do with it'),
});
export type SavedView = z.infer<typeof savedViewSchema>;

const name = z.string().trim().min(1, 'Enter a name').max(120, 'Use at most 120 characters');
const query = z
  .string()
  .max(4000, 'Use at most 4,000 characters')
  .transform((v) => v.replace(/^\?/, ''))
  .describe('e.g. "status=active&sort=-updatedAt"; checked against the list’s filters');

export const createSavedViewBody = z.object({
  list: z.enum(listNames),
  name,
  query: query.default(''),
  sharing: z.enum(savedViewSharings).default('personal'),
  unitId: z.uuid().optional().describe("For a 'unit' view: the unit (default: yours)"),
});
export type CreateSavedView = z.infer<typeof createSavedViewBody>;

export const updateSavedViewBody = z.object({
  name: name.optional(),
  query: query.optional(),
  sharing: z.enum(savedViewSharings).optional(),
  unitId: z.uuid().optional(),
});
export type UpdateSavedView = z.infer<typeof updateSavedViewBody>;

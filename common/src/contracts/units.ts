import { z } from 'zod';
import { unitKinds, unitSorts } from '../labels/units.ts';
import { visibilities } from '../labels/visibility.ts';
import {
  optionalText,
  pageOf,
  pageQuery,
  recordFields,
  requiredText,
  searchText,
  sortQuery,
} from './shared.ts';

export const unitSchema = z.object({
  ...recordFields,
  name: z.string().max(200),
  code: z.string().max(40).nullable(),
  kind: z.enum(unitKinds),
  parentId: z.uuid().nullable(),
  description: z.string().max(2000).nullable(),
  defaultVisibility: z
    .enum(visibilities)
    .describe(
      'Who sees what the unit records (touch points typed in or imported) when the writer does not say',
    ),
});
export type UnitDto = z.infer<typeof unitSchema>;

export const createUnitBody = z.object({
  name: requiredText(200),
  code: optionalText(40),
  kind: z.enum(unitKinds),
  parentId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  description: optionalText(2000),
  defaultVisibility: z
    .enum(visibilities)
    .optional()
    .describe('Who sees what the unit records when the writer does not say; everyone unless set'),
});
export type CreateUnit = z.infer<typeof createUnitBody>;

export const updateUnitBody = createUnitBody.partial();
export type UpdateUnit = z.infer<typeof updateUnitBody>;
export const listUnitsQuery = pageQuery.extend({
  q: searchText,
  kind: z.enum(unitKinds).optional(),
  parentId: z.uuid().optional(),
  sort: sortQuery(unitSorts, 'name'),
});
export type ListUnitsQuery = z.infer<typeof listUnitsQuery>;

export const unitPage = pageOf(unitSchema);

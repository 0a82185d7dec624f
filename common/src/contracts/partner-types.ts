import { z } from 'zod';
import { partnerTypeSorts } from '../labels/partner-types.ts';
import {
  optionalText,
  pageOf,
  pageQuery,
  recordFields,
  requiredText,
  searchText,
  sortQuery,
} from './shared.ts';

export const partnerTypeSchema = z.object({
  ...recordFields,
  name: z.string().max(120),
  description: z.string().max(2000).nullable(),
});

export const createPartnerTypeBody = z.object({ name: requiredText(120), description: optionalText(2000) });
export type CreatePartnerType = z.infer<typeof createPartnerTypeBody>;
export const updatePartnerTypeBody = createPartnerTypeBody.partial();
export type UpdatePartnerType = z.infer<typeof updatePartnerTypeBody>;
export const listPartnerTypesQuery = pageQuery.extend({
  q: searchText,
  sort: sortQuery(partnerTypeSorts, 'name'),
});
export type ListPartnerTypesQuery = z.infer<typeof listPartnerTypesQuery>;
export const partnerTypePage = pageOf(partnerTypeSchema);

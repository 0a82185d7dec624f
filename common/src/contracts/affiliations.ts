import { z } from 'zod';
import { affiliationSorts } from '../labels/affiliations.ts';
import {
  dateText,
  isoDate,
  pageOf,
  pageQuery,
  queryFlag,
  recordFields,
  requiredText,
  sortQuery,
} from './shared.ts';

export const affiliationSchema = z.object({
  ...recordFields,
  contactId: z.uuid(),
  contactName: z.string().max(200),
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  role: z.string().max(200),
  isKeyContact: z.boolean(),
  isPrimary: z.boolean(),
  startDate: dateText.nullable(),
  endDate: dateText.nullable(),
});

const optionalDate = isoDate.nullish().transform((v) => v ?? null);

export const createAffiliationBody = z.object({
  contactId: z.uuid(),
  partnerId: z.uuid(),
  role: requiredText(200).describe('e.g. "Local Computing Representative", "Head of School"'),
  isKeyContact: z.boolean().default(false),
  isPrimary: z
    .boolean()
    .default(false)
    .describe("The contact's main affiliation; setting it clears the others"),
  startDate: optionalDate,
  endDate: optionalDate,
});
export type CreateAffiliation = z.infer<typeof createAffiliationBody>;

export const updateAffiliationBody = z.object({
  role: requiredText(200).optional(),
  isKeyContact: z.boolean().optional(),
  isPrimary: z.boolean().optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
});
export type UpdateAffiliation = z.infer<typeof updateAffiliationBody>;
export const listAffiliationsQuery = pageQuery.extend({
  contactId: z.uuid().optional(),
  partnerId: z.uuid().optional(),
  current: queryFlag.optional().describe('true: no end date, or one today or later; false: ended'),
  keyContact: queryFlag.optional(),
  sort: sortQuery(affiliationSorts, 'createdAt'),
});
export type ListAffiliationsQuery = z.infer<typeof listAffiliationsQuery>;
export const affiliationPage = pageOf(affiliationSchema);

import { z } from 'zod';
import { partnerSimilarityReasons, partnerStatuses } from '../labels/partners.ts';
import { nullableUuid, optionalText, pageOf, recordFields, requiredText } from './shared.ts';

export const partnerSchema = z.object({
  ...recordFields,
  name: z.string().max(300),
  typeId: z.uuid(),
  typeName: z.string().max(120),
  parentId: z.uuid().nullable(),
  parentName: z.string().max(300).nullable(),
  isInternal: z.boolean(),
  unitId: z.uuid().nullable(),
  status: z.enum(partnerStatuses),
  website: z.string().max(500).nullable(),
  sector: z.string().max(200).nullable(),
  addressLine: z.string().max(500).nullable(),
  city: z.string().max(120).nullable(),
  postcode: z.string().max(20).nullable(),
  country: z.string().max(120).nullable(),
  tags: z.array(z.string().max(60)).max(50),
});
export type PartnerDto = z.infer<typeof partnerSchema>;

export const partnerTags = z
  .array(z.string().trim().min(1).max(60))
  .max(50)
  .transform((list) => [...new Set(list.map((t) => t.toLowerCase()))]);

const partnerFields = {
  name: requiredText(300),
  typeId: z.uuid(),
  parentId: nullableUuid,
  isInternal: z.boolean().default(false),
  unitId: nullableUuid,
  status: z.enum(partnerStatuses).default('active'),
  website: z
    .url({ protocol: /^https?$/, error: 'Enter a web address starting with http:// or https://' })
    .max(500)
    .nullish()
    .transform((v) => v ?? null),
  sector: optionalText(200),
  addressLine: optionalText(500),
  city: optionalText(120),
  postcode: optionalText(20),
  country: optionalText(120),
  tags: partnerTags.default([]),
};

export const createPartnerBody = z.object(partnerFields);
export type CreatePartner = z.infer<typeof createPartnerBody>;

export const updatePartnerBody = z.object({
  name: partnerFields.name.optional(),
  typeId: partnerFields.typeId.optional(),
  parentId: z.uuid().nullable().optional(),
  isInternal: z.boolean().optional(),
  unitId: z.uuid().nullable().optional(),
  status: z.enum(partnerStatuses).optional(),
  website: partnerFields.website.optional(),
  sector: partnerFields.sector.optional(),
  addressLine: partnerFields.addressLine.optional(),
  city: partnerFields.city.optional(),
  postcode: partnerFields.postcode.optional(),
  country: partnerFields.country.optional(),
  tags: partnerTags.optional(),
});
export type UpdatePartner = z.infer<typeof updatePartnerBody>;

// The list query (filters, sorts) is declared in common/src/lists/partners.ts.
export const partnerPage = pageOf(partnerSchema);

export const similarPartnersQuery = z.object({
  name: z.string().trim().max(300).optional().describe('The name being entered'),
  website: z.string().trim().max(500).optional().describe('The website being entered (its host is compared)'),
  excludeId: z.uuid().optional().describe('Leave out this partner (the one being edited)'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type SimilarPartnersQuery = z.infer<typeof similarPartnersQuery>;
export const similarPartnersSchema = z.object({
  items: z
    .array(
      partnerSchema.extend({
        reason: z.enum(partnerSimilarityReasons).describe('name: a similar name; website: the same web host'),
      }),
    )
    .max(20),
});

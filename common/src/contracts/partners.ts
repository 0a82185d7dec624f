import { z } from 'zod';
import {
  nullableUuid,
  optionalText,
  pageOf,
  pageQuery,
  queryFlag,
  recordFields,
  requiredText,
  searchText,
  sortQuery,
} from './shared.ts';

export const partnerStatuses = ['active', 'dormant', 'archived'] as const;
export type PartnerStatus = (typeof partnerStatuses)[number];
export const partnerStatusLabels: Record<PartnerStatus, string> = {
  active: 'Active',
  dormant: 'Dormant',
  archived: 'Archived',
};

export const partnerSchema = z.object({
  ...recordFields,
  name: z.string(),
  typeId: z.uuid(),
  typeName: z.string(),
  parentId: z.uuid().nullable(),
  parentName: z.string().nullable(),
  isInternal: z.boolean(),
  unitId: z.uuid().nullable(),
  status: z.enum(partnerStatuses),
  website: z.string().nullable(),
  sector: z.string().nullable(),
  addressLine: z.string().nullable(),
  city: z.string().nullable(),
  postcode: z.string().nullable(),
  country: z.string().nullable(),
  tags: z.array(z.string()),
});
export type PartnerDto = z.infer<typeof partnerSchema>;

const tags = z
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
  tags: tags.default([]),
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
  tags: tags.optional(),
});
export type UpdatePartner = z.infer<typeof updatePartnerBody>;

const statusList = z
  .union([z.enum(partnerStatuses), z.string().regex(/^[a-z,]+$/)])
  .transform((v) => v.split(',').filter(Boolean))
  .pipe(z.array(z.enum(partnerStatuses)).min(1));

export const partnerSorts = ['name', 'createdAt', 'updatedAt'] as const;
export const listPartnersQuery = pageQuery.extend({
  q: searchText.describe('Name contains, or is close to (trigram similarity), these words'),
  typeId: z.uuid().optional(),
  status: statusList.optional().describe('One status or a comma-separated list'),
  tag: z.string().trim().toLowerCase().max(60).optional(),
  parentId: z.uuid().optional(),
  isInternal: queryFlag.optional(),
  unitId: z
    .uuid()
    .optional()
    .describe('Partners in a relationship with this unit, or that are this internal unit'),
  sort: sortQuery(partnerSorts, 'name'),
});
export type ListPartnersQuery = z.infer<typeof listPartnersQuery>;
export const partnerPage = pageOf(partnerSchema);

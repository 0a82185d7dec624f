import { z } from 'zod';
import { duplicateEvidence, type MergeKind, mergeKinds } from '../labels/merges.ts';
import { isoDateTime, PAGE_LIMIT, pageOf } from './shared.ts';

/** The fields a merge chooses one value for, per kind, with their labels. */
export const mergeFields = {
  partner: {
    name: 'Name',
    typeId: 'Partner type',
    parentId: 'Part of',
    isInternal: 'Internal',
    unitId: 'Unit',
    status: 'Status',
    website: 'Website',
    sector: 'Sector',
    addressLine: 'Address',
    city: 'City',
    postcode: 'Postcode',
    country: 'Country',
    tags: 'Tags',
  },
  contact: {
    name: 'Name',
    emails: 'E-mail addresses',
    phones: 'Phone numbers',
    jobTitle: 'Job title',
    notes: 'Notes',
    lawfulBasis: 'Lawful basis',
    consentStatus: 'Consent',
    consentRecordedOn: 'Consent recorded on',
  },
} as const satisfies Record<MergeKind, Record<string, string>>;

/** Fields holding lists: by default the merge keeps every value of every record (`all`). */
export const mergeListFields: Record<MergeKind, readonly string[]> = {
  partner: ['tags'],
  contact: ['emails', 'phones'],
};

/** The most records one merge takes (the survivor included). */
export const MERGE_MAX = 10;

const fieldChoice = z
  .union([z.uuid(), z.literal('all')])
  .describe("The id of the record whose value survives, or 'all' for a list field (every value kept)");

export const mergeBody = z.object({
  kind: z.enum(mergeKinds),
  survivorId: z.uuid().describe('The record that remains; the others are merged into it'),
  mergedIds: z
    .array(z.uuid())
    .min(1)
    .max(MERGE_MAX - 1)
    .describe('The records merged into the survivor (they disappear; their links move to it)'),
  fields: z
    .record(z.string().max(40), fieldChoice)
    .default({})
    .describe(
      "Per field, whose value survives; a field left out keeps the survivor's value (lists: all values)",
    ),
});
export type MergeBody = z.infer<typeof mergeBody>;

/** What a merge moves, counted per kind of link (only what the caller may see is counted). */
export const mergeMoveSchema = z.object({
  link: z.string().max(60).describe('A kind of link, e.g. "touchpoints.partner_id"'),
  label: z.string().max(120),
  count: z.int32().min(0),
});

export const mergePreviewSchema = z.object({
  kind: z.enum(mergeKinds),
  survivorId: z.uuid(),
  records: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string().max(300),
        version: z.int32(),
        values: z.record(z.string().max(40), z.unknown()),
      }),
    )
    .max(MERGE_MAX),
  result: z.record(z.string().max(40), z.unknown()).describe('The survivor as the merge would leave it'),
  moves: z.array(mergeMoveSchema).max(60),
  conflicts: z
    .array(z.object({ label: z.string().max(120), count: z.int32().min(0) }))
    .max(20)
    .describe(
      'Links that would be duplicates and become one (two relationships of one unit, the same role twice)',
    ),
});
export type MergePreview = z.infer<typeof mergePreviewSchema>;

export const mergeSchema = z.object({
  id: z.uuid(),
  kind: z.enum(mergeKinds),
  survivorId: z.uuid(),
  survivorName: z.string().max(300),
  mergedIds: z.array(z.uuid()).max(MERGE_MAX),
  mergedNames: z.array(z.string().max(300)).max(MERGE_MAX),
  mergedById: z.uuid(),
  mergedByName: z.string().max(200),
  mergedAt: isoDateTime,
  unmergedAt: isoDateTime.nullable(),
  /** Until when it can be undone; null once undone. */
  unmergeUntil: isoDateTime.nullable(),
  canUnmerge: z.boolean(),
  movedLinks: z.int32().min(0),
});
export type MergeDto = z.infer<typeof mergeSchema>;
export const mergePage = pageOf(mergeSchema);

export const mergesQuery = z.object({
  recordId: z.uuid().optional().describe('Merges whose survivor (or one of whose merged records) this is'),
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT).default(20),
});

const side = z.object({ id: z.uuid(), name: z.string().max(300), detail: z.string().max(500).nullable() });

export const duplicatePairSchema = z.object({
  kind: z.enum(mergeKinds),
  first: side,
  second: side,
  likelihood: z.number().min(0).max(1).describe('0–1: how likely the two are one record'),
  evidence: z.array(z.object({ kind: z.enum(duplicateEvidence), value: z.string().max(300) })).max(4),
});
export type DuplicatePair = z.infer<typeof duplicatePairSchema>;
export const duplicatePage = pageOf(duplicatePairSchema);

export const dismissDuplicateBody = z.object({
  kind: z.enum(mergeKinds),
  firstId: z.uuid(),
  secondId: z.uuid(),
});
export type DismissDuplicate = z.infer<typeof dismissDuplicateBody>;

/** A pair said not to be a duplicate; undone, the finder proposes it again. */
export const dismissalSchema = z.object({
  id: z.uuid(),
  kind: z.enum(mergeKinds),
  first: side.describe('A record merged or deleted since shows as gone, with a null detail'),
  second: side,
  dismissedByName: z.string().max(200),
  dismissedAt: isoDateTime,
});
export type DismissalDto = z.infer<typeof dismissalSchema>;
export const dismissalsQuery = z.object({
  kind: z.enum(mergeKinds).default('partner'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('The latest this many'),
});
export const dismissalList = z.object({
  items: z.array(dismissalSchema).max(100).describe('The latest first'),
  total: z.int32().min(0).describe('Every dismissed pair of the kind'),
});

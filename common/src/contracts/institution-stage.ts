/** The institution's stage of relationship-management adoption, and who shares: per unit, per month. */
import { z } from 'zod';
import { adoptionStages } from '../labels/institution-stage.ts';

/** The stage rule's thresholds (README "The institution's stage"). */
export const stageRule = {
  /** A unit works this way in a month when it touched at least this share of its active relationships… */
  touchedShare: 0.5,
  /** …and made at least this share of what it recorded visible to the institution. */
  sharedShare: 0.5,
  /** The institution is tactical when at least this share of its taking-part units work this way… */
  tactical: 0.25,
  /** …and strategic at this share or more. */
  strategic: 0.6,
} as const;

/** The most months one question may cover. */
export const MAX_STAGE_MONTHS = 24;

const month = z
  .string()
  .max(7)
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Give a month as YYYY-MM');

export const institutionStageQuery = z
  .object({
    from: month.optional().describe('The first month, YYYY-MM (default: five months before `to`)'),
    to: month.optional().describe('The last month, YYYY-MM (default: this month)'),
  })
  .describe(`At most ${MAX_STAGE_MONTHS} months`);
export type InstitutionStageQuery = z.infer<typeof institutionStageQuery>;

const share = z.number().min(0).max(1).nullable().describe('0 to 1; null when there is nothing to divide by');

export const unitMonthSchema = z.object({
  month: z.string().max(7),
  activeRelationships: z.int().min(0),
  touchedRelationships: z.int().min(0),
  touchedShare: share,
  recorded: z.int().min(0).describe('Touch points the unit recorded in the month'),
  sharedWithInstitution: z.int().min(0).describe('Of those, visible to the whole institution'),
  sharedShare: share,
  readsOfOthers: z
    .int()
    .min(0)
    .describe("Times the unit's staff opened or listed another unit's touch points"),
  readsButDoesNotShare: z.boolean(),
  worksThisWay: z.boolean(),
});
export type UnitMonth = z.infer<typeof unitMonthSchema>;

export const unitSharingSchema = z.object({
  unitId: z.uuid(),
  unitName: z.string().max(200),
  months: z.array(unitMonthSchema).max(MAX_STAGE_MONTHS),
});

export const institutionMonthSchema = z.object({
  month: z.string().max(7),
  takingPart: z.int().min(0).describe('Units with an active relationship or a record in the month'),
  workingThisWay: z.int().min(0),
  adoptingShare: share,
  stage: z.enum(adoptionStages),
});
export type InstitutionMonth = z.infer<typeof institutionMonthSchema>;

export const institutionStageSchema = z.object({
  from: z.string().max(7),
  to: z.string().max(7),
  stage: z.enum(adoptionStages).describe('The stage in the last month'),
  months: z.array(institutionMonthSchema).max(MAX_STAGE_MONTHS),
  units: z.array(unitSharingSchema).max(5000),
});
export type InstitutionStage = z.infer<typeof institutionStageSchema>;

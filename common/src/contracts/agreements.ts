import { z } from 'zod';
import {
  type AgreementStatus,
  type ApprovalAuthority,
  agreementKinds,
  agreementStatuses,
  agreementTermFields,
  approvalAuthorities,
  changeSides,
  changeStatuses,
  decisions,
} from '../labels/agreements.ts';
import { visibilities } from '../labels/visibility.ts';
import {
  dateText,
  isoDate,
  isoDateTime,
  nullableUuid,
  optionalText,
  pageOf,
  pageQuery,
  person,
  recordFields,
  requiredText,
} from './shared.ts';

/** The moves a status may make: a draft comes into force, an agreement in force ends. */
export const agreementTransitions: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ['active'],
  active: ['ended'],
  ended: [],
};

const longText = 4000;

export const agreementTermsSchema = z.object({
  title: z.string().max(200),
  universityCommitments: z.string().max(longText).nullable(),
  partnerCommitments: z.string().max(longText).nullable(),
  keyTerms: z.string().max(longText).nullable(),
  startDate: dateText.nullable(),
  endDate: dateText.nullable(),
  reviewDate: dateText.nullable(),
});
export type AgreementTerms = z.infer<typeof agreementTermsSchema>;

/** One field that differs between two versions of the terms. */
export const termDifferenceSchema = z.object({
  field: z.enum(agreementTermFields),
  before: z.string().max(longText).nullable(),
  after: z.string().max(longText).nullable(),
});
export type TermDifference = z.infer<typeof termDifferenceSchema>;

export const agreementSchema = z.object({
  ...recordFields,
  ...agreementTermsSchema.shape,
  relationshipId: z.uuid(),
  partner: person,
  unit: person,
  kind: z.enum(agreementKinds),
  status: z.enum(agreementStatuses),
  revision: z.int32().min(0).describe('The version of the terms in force (0 while a draft)'),
  reviewReminderDays: z
    .int32()
    .min(0)
    .max(365)
    .describe('How many days before the review date the owner is reminded'),
  endReminderDays: z
    .int32()
    .min(0)
    .max(365)
    .describe('How many days before the end date the owner is reminded'),
  owner: person,
  partnerContact: person.nullable().describe("The partner's signatory, who agrees to changes on their side"),
  approver: person
    .nullable()
    .describe("Who approves changes on the university's side: the relationship's manager"),
  visibility: z.enum(visibilities),
  readers: z.array(person).max(100).describe('Named readers of a confidential agreement'),
  pendingChanges: z.int32().min(0).describe('Changes proposed and not yet decided'),
  can: z
    .object({ update: z.boolean(), proposeChange: z.boolean() })
    .describe("The caller's abilities on this agreement"),
});
export type AgreementDto = z.infer<typeof agreementSchema>;

/** A review date before the start, or an end before the start, is refused on the field that is wrong. */
export function checkDates(
  value: { startDate?: string | null; endDate?: string | null; reviewDate?: string | null },
  ctx: z.RefinementCtx,
) {
  if (!value.startDate) return;
  for (const field of ['endDate', 'reviewDate'] as const) {
    const day = value[field];
    if (day && day < value.startDate)
      ctx.addIssue({ code: 'custom', message: 'is before the start date', path: [field] });
  }
}

const nullableDate = isoDate.nullish().transform((v) => v ?? null);

export const createAgreementBody = z
  .object({
    relationshipId: z.uuid(),
    kind: z.enum(agreementKinds),
    title: requiredText(200),
    universityCommitments: optionalText(longText),
    partnerCommitments: optionalText(longText),
    keyTerms: optionalText(longText),
    startDate: nullableDate,
    endDate: nullableDate,
    reviewDate: nullableDate,
    reviewReminderDays: z.int32().min(0).max(365).default(30),
    endReminderDays: z.int32().min(0).max(365).default(60),
    ownerId: nullableUuid.describe('Null: whoever records it'),
    partnerContactId: nullableUuid,
    visibility: z.enum(visibilities).default('institution'),
    readerIds: z.array(z.uuid()).max(100).default([]),
  })
  .superRefine(checkDates);
export type CreateAgreement = z.infer<typeof createAgreementBody>;

/** A draft's terms change directly; an agreement in force changes its terms only through a proposed change. */
export const updateAgreementBody = z.object({
  status: z.enum(agreementStatuses).optional(),
  kind: z.enum(agreementKinds).optional(),
  title: requiredText(200).optional(),
  universityCommitments: optionalText(longText).optional(),
  partnerCommitments: optionalText(longText).optional(),
  keyTerms: optionalText(longText).optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
  reviewDate: isoDate.nullable().optional(),
  reviewReminderDays: z.int32().min(0).max(365).optional(),
  endReminderDays: z.int32().min(0).max(365).optional(),
  ownerId: z.uuid().optional(),
  partnerContactId: z.uuid().nullable().optional(),
});
export type UpdateAgreement = z.infer<typeof updateAgreementBody>;

export const listAgreementsQuery = pageQuery.extend({
  relationshipId: z.uuid().optional(),
  partnerId: z.uuid().optional(),
  status: z.enum(agreementStatuses).optional(),
  kind: z.enum(agreementKinds).optional(),
  reviewBefore: isoDate.optional().describe('Only agreements whose review date is on or before this day'),
});
export type ListAgreementsQuery = z.infer<typeof listAgreementsQuery>;
export const agreementPage = pageOf(agreementSchema);

/** Proposed new terms of an agreement in force, with the reason. Only the fields that change are given. */
export const proposeChangeBody = z.object({
  reason: requiredText(2000),
  terms: z
    .object({
      title: requiredText(200).optional(),
      universityCommitments: optionalText(longText).optional(),
      partnerCommitments: optionalText(longText).optional(),
      keyTerms: optionalText(longText).optional(),
      startDate: isoDate.nullable().optional(),
      endDate: isoDate.nullable().optional(),
      reviewDate: isoDate.nullable().optional(),
    })
    .strict(),
});
export type ProposeChange = z.infer<typeof proposeChangeBody>;

const sideDecision = z.object({
  decision: z.enum(decisions).nullable(),
  decidedAt: isoDateTime.nullable(),
  note: z.string().max(2000).nullable(),
});
/** Lowest first: a change that touches several fields needs the highest authority among them. */
export const approvalAuthorityRank: Record<ApprovalAuthority, number> = {
  relationship_manager: 0,
  unit_manager: 1,
  senior_manager: 2,
};

/**
 * One rule: changes to agreements of this unit (null: any), of this kind (null: any), touching
 * this field (null: any) need this authority. For each field a change touches, the most specific
 * rule that matches applies (unit before kind before field); without one, the relationship's
 * manager approves.
 */
export const approvalRuleSchema = z.object({
  unitId: z.uuid().nullable(),
  kind: z.enum(agreementKinds).nullable(),
  field: z.enum(agreementTermFields).nullable(),
  authority: z.enum(approvalAuthorities),
});
export type ApprovalRule = z.infer<typeof approvalRuleSchema>;
export const approvalRulesSchema = z
  .object({ rules: z.array(approvalRuleSchema).max(200) })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.rules.forEach((r, i) => {
      const key = `${r.unitId}:${r.kind}:${r.field}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i],
          message: 'repeats a rule for the same unit, kind and field',
        });
      seen.add(key);
    });
  });
export type ApprovalRules = z.infer<typeof approvalRulesSchema>;

export const agreementChangeSchema = z.object({
  id: z.uuid(),
  agreementId: z.uuid(),
  baseRevision: z.int32().min(1).describe('The version of the terms the change was proposed against'),
  reason: z.string().max(2000),
  status: z.enum(changeStatuses),
  differences: z
    .array(termDifferenceSchema)
    .max(agreementTermFields.length)
    .describe('Field by field, against the version in force when proposed'),
  proposedBy: person,
  proposedAt: isoDateTime,
  university: sideDecision.extend({
    authority: z
      .enum(approvalAuthorities)
      .describe('Who may approve it for the university, by the approval rules'),
    approver: person
      .nullable()
      .describe("The relationship's manager (who approves it unless the rules ask for more)"),
    decidedBy: person.nullable(),
  }),
  partner: sideDecision
    .extend({
      contact: person.describe("The partner's signatory"),
      recordedBy: person.nullable().describe('The member of staff who recorded their answer'),
    })
    .nullable()
    .describe('Null when the agreement names no signatory on the partner side'),
  can: z
    .object({ decideForUniversity: z.boolean(), recordForPartner: z.boolean() })
    .describe("The caller's abilities on this change"),
});
export type AgreementChangeDto = z.infer<typeof agreementChangeSchema>;
export const agreementChangeList = z.object({ items: z.array(agreementChangeSchema).max(500) });

export const decideChangeBody = z
  .object({
    side: z.enum(changeSides),
    decision: z.enum(decisions),
    note: optionalText(2000),
  })
  .refine((b) => b.decision === 'approved' || b.note !== null, {
    message: 'Say why the change is declined',
    path: ['note'],
  });
export type DecideChange = z.infer<typeof decideChangeBody>;

export const agreementVersionSchema = z.object({
  revision: z.int32().min(1),
  terms: agreementTermsSchema,
  differences: z
    .array(termDifferenceSchema)
    .max(agreementTermFields.length)
    .describe('Against the version before'),
  changeId: z.uuid().nullable().describe('The approved change that made it; null for the first version'),
  reason: z.string().max(2000).nullable(),
  createdAt: isoDateTime,
});
export const agreementVersionList = z.object({ items: z.array(agreementVersionSchema).max(1000) });

/** The agreements vocabularies and their labels, without zod: contracts/agreements.ts builds its schemas from them. */

/** The kinds of arrangement the university makes with a partner (PRODUCT.md 2, issue 17). */
export const agreementKinds = [
  'service_level_agreement',
  'memorandum_of_understanding',
  'contract',
  'placement_agreement',
  'ktp_agreement',
  'data_sharing_agreement',
] as const;
export type AgreementKind = (typeof agreementKinds)[number];
export const agreementKindLabels: Record<AgreementKind, string> = {
  service_level_agreement: 'Service level agreement',
  memorandum_of_understanding: 'Memorandum of understanding',
  contract: 'Contract',
  placement_agreement: 'Placement agreement',
  ktp_agreement: 'KTP agreement',
  data_sharing_agreement: 'Data-sharing agreement',
};

/** Draft while it is being written, active once both sides hold to it, ended when it no longer applies. */
export const agreementStatuses = ['draft', 'active', 'ended'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];
export const agreementStatusLabels: Record<AgreementStatus, string> = {
  draft: 'Draft',
  active: 'In force',
  ended: 'Ended',
};

/** The terms of an agreement: what a change to an agreement in force proposes, field by field. */
export const agreementTermFields = [
  'title',
  'universityCommitments',
  'partnerCommitments',
  'keyTerms',
  'startDate',
  'endDate',
  'reviewDate',
] as const;
export type AgreementTermField = (typeof agreementTermFields)[number];
export const agreementTermLabels: Record<AgreementTermField, string> = {
  title: 'Title',
  universityCommitments: 'The university commits to',
  partnerCommitments: 'The partner commits to',
  keyTerms: 'Key terms',
  startDate: 'Start date',
  endDate: 'End date',
  reviewDate: 'Review date',
};

export const changeStatuses = ['proposed', 'approved', 'declined'] as const;
export type ChangeStatus = (typeof changeStatuses)[number];
export const changeStatusLabels: Record<ChangeStatus, string> = {
  proposed: 'Awaiting approval',
  approved: 'Approved',
  declined: 'Declined',
};
export const decisions = ['approved', 'declined'] as const;
export type Decision = (typeof decisions)[number];
/** The two sides that approve a change: the university (the relationship's manager) and the partner (their signatory, as recorded by staff). */
export const changeSides = ['university', 'partner'] as const;
export type ChangeSide = (typeof changeSides)[number];

/**
 * Who approves a change for the university: the relationship's manager (the default); a
 * relationship manager of the agreement's unit (the head of unit's delegates); or a senior
 * manager over the unit.
 */
export const approvalAuthorities = ['relationship_manager', 'unit_manager', 'senior_manager'] as const;
export type ApprovalAuthority = (typeof approvalAuthorities)[number];
export const approvalAuthorityLabels: Record<ApprovalAuthority, string> = {
  relationship_manager: "The relationship's manager",
  unit_manager: "A relationship manager of the agreement's unit",
  senior_manager: 'A senior manager over the unit',
};

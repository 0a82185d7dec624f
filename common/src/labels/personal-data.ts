/** The personal data vocabularies and their labels, without zod: contracts/personal-data.ts builds its schemas from them. */

/** What a consent records: given, or withdrawn (an objection is recorded as withdrawn). */
export const consentDecisions = ['given', 'withdrawn'] as const;
export type ConsentDecision = (typeof consentDecisions)[number];
export const consentDecisionLabels: Record<ConsentDecision, string> = {
  given: 'Given',
  withdrawn: 'Withdrawn',
};

/** Where a consent came from. */
export const consentSources = [
  'form',
  'email',
  'event',
  'phone',
  'in_person',
  'import',
  'other',
  'migrated',
] as const;
export type ConsentSource = (typeof consentSources)[number];
export const consentSourceLabels: Record<ConsentSource, string> = {
  form: 'Web or paper form',
  email: 'E-mail',
  event: 'At an event',
  phone: 'Telephone',
  in_person: 'In person',
  import: 'Imported',
  other: 'Other',
  migrated: 'Migrated from "do not invite"',
};

/** The retention rules, one per kind of record. */
export const retentionRuleKeys = ['touchpoint_notes', 'unlinked_contacts', 'dormant_partners'] as const;
export type RetentionRuleKey = (typeof retentionRuleKeys)[number];

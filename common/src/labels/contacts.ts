/** The contacts vocabularies and their labels, without zod: contracts/contacts.ts builds its schemas from them. */

export const consentStatuses = ['not_asked', 'given', 'withdrawn'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];
export const consentStatusLabels: Record<ConsentStatus, string> = {
  not_asked: 'Not asked',
  given: 'Given',
  withdrawn: 'Withdrawn',
};
/** The lawful bases for processing personal data (UK GDPR article 6). */
export const lawfulBases = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export type LawfulBasis = (typeof lawfulBases)[number];
export const lawfulBasisLabels: Record<LawfulBasis, string> = {
  consent: 'Consent',
  contract: 'Contract',
  legal_obligation: 'Legal obligation',
  vital_interests: 'Vital interests',
  public_task: 'Public task',
  legitimate_interests: 'Legitimate interests',
};

/** Why a contact may be the person being added. */
export const similarityReasons = ['email', 'name'] as const;

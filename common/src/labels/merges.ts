/** The merges vocabularies and their labels, without zod: contracts/merges.ts builds its schemas from them. */

/** What can be merged: partners with partners, contacts with contacts. */
export const mergeKinds = ['partner', 'contact'] as const;
export type MergeKind = (typeof mergeKinds)[number];
export const mergeKindLabels: Record<MergeKind, string> = { partner: 'Partners', contact: 'Contacts' };

/** One piece of evidence that two records are the same. */
export const duplicateEvidence = ['same_email', 'same_domain', 'similar_name', 'same_partner'] as const;
export type DuplicateEvidence = (typeof duplicateEvidence)[number];
export const duplicateEvidenceLabels: Record<DuplicateEvidence, string> = {
  same_email: 'Same e-mail address',
  same_domain: 'Same web or e-mail domain',
  similar_name: 'Similar name',
  same_partner: 'At the same partner',
};

/** The partner types vocabularies and their labels, without zod: contracts/partner-types.ts builds its schemas from them. */

export const partnerTypeSorts = ['name', 'createdAt', 'updatedAt'] as const;

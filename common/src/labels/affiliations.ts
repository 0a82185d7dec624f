/** The affiliations vocabularies and their labels, without zod: contracts/affiliations.ts builds its schemas from them. */

export const affiliationSorts = ['role', 'createdAt', 'updatedAt'] as const;

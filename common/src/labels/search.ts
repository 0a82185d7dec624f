/** The search vocabularies and their labels, without zod: contracts/search.ts builds its schemas from them. */

export const searchTypes = ['partners', 'contacts', 'touchpoints', 'requests', 'users'] as const;

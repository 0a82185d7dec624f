import { z } from 'zod';

export const searchTypes = ['partners', 'contacts', 'touchpoints'] as const;

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  types: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : [...searchTypes]))
    .pipe(z.array(z.enum(searchTypes)).min(1))
    .describe('Comma-separated: partners, contacts, touchpoints (default all)'),
  limit: z.coerce.number().int().min(1).max(20).default(8).describe('Hits per group'),
});
export type SearchQuery = z.infer<typeof searchQuery>;

const hit = z.object({
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable(),
  snippet: z.string().nullable().describe('Plain text around the match'),
  rank: z.number(),
});

export const searchResult = z.object({
  partners: z.array(hit),
  contacts: z.array(hit),
  touchpoints: z.array(hit.extend({ partnerId: z.uuid(), occurredAt: z.iso.datetime() })),
});

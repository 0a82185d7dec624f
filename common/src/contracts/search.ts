import { z } from 'zod';
import { partnerStatuses } from '../labels/partners.ts';
import { searchTypes } from '../labels/search.ts';
import { isoDateTime } from './shared.ts';

/** The most hits per group one search answers. */
const SEARCH_LIMIT = 20;

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  types: z
    .string()
    .max(100)
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : [...searchTypes]))
    .pipe(z.array(z.enum(searchTypes)).min(1))
    .describe('Comma-separated: partners, contacts, touchpoints, requests, users (default all)'),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT).default(8).describe('Hits per group'),
});
export type SearchQuery = z.infer<typeof searchQuery>;

const hit = z.object({
  id: z.uuid(),
  title: z.string().max(300),
  subtitle: z.string().max(300).nullable(),
  // Around the match in a touch point's notes (20,000 characters at most), or a contact's e-mails.
  snippet: z.string().max(20_000).nullable().describe('Plain text around the match'),
  rank: z
    .number()
    .describe(
      'Higher is better: whole name 3+, name starts with the query 2+, every word 1+, a close name below 1',
    ),
});

export const searchResult = z.object({
  // A picker leaves archived partners out; search and the palette still find them, marked.
  partners: z.array(hit.extend({ status: z.enum(partnerStatuses) })).max(SEARCH_LIMIT),
  contacts: z.array(hit).max(SEARCH_LIMIT),
  touchpoints: z.array(hit.extend({ partnerId: z.uuid(), occurredAt: isoDateTime })).max(SEARCH_LIMIT),
  // By reference ("#42") or the words of the title and description; subtitle: the partner.
  requests: z.array(hit.extend({ reference: z.number().int(), partnerId: z.uuid() })).max(SEARCH_LIMIT),
  // Active colleagues by name or e-mail; subtitle: their unit, snippet: their e-mail address.
  users: z.array(hit).max(SEARCH_LIMIT),
});

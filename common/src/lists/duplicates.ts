import { mergeKindLabels, mergeKinds } from '../labels/merges.ts';
import type { ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** Likely duplicates among partners or contacts, the likeliest first. */
export const duplicateList = defineListMeta({
  name: 'duplicates',
  filters: {
    kind: { kind: 'choice', label: 'Records', options: mergeKinds, labels: mergeKindLabels },
    q: { kind: 'text', label: 'Name', description: 'Words in either name' },
  },
  sorts: { likelihood: 'Likelihood' },
  defaultSort: '-likelihood',
});

export type ListDuplicatesQuery = ListQuery<typeof duplicateList>;

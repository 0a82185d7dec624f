import { initiativeStatuses, initiativeStatusLabels } from '../labels/initiatives.ts';
import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** The initiatives list: by status, owning unit and partner involved; newest first. */
export const initiativeList = defineListMeta({
  name: 'initiatives',
  filters: {
    q: { kind: 'text', label: 'Title', description: 'Words in the title' },
    status: { kind: 'choice', label: 'Status', options: initiativeStatuses, labels: initiativeStatusLabels },
    unitId: { kind: 'id', label: 'Owning unit', source: 'units' },
    partnerId: { kind: 'id', label: 'Partner involved', source: 'partners', hidden: true },
  },
  sorts: { created: 'Created', title: 'Title' },
  defaultSort: '-created',
});

export type ListInitiativesQuery = ListQuery<typeof initiativeList>;
export type ExportInitiativesQuery = ExportQuery<typeof initiativeList>;

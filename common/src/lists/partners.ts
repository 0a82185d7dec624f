import { partnerStatuses, partnerStatusLabels } from '../labels/partners.ts';
import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** The partner list: filters, sorts and default order. */
export const partnerList = defineListMeta({
  name: 'partners',
  filters: {
    q: {
      kind: 'text',
      label: 'Name',
      description: 'Name contains, or is close to (trigram similarity), these words',
    },
    typeId: { kind: 'id', label: 'Type', source: 'partner-types' },
    unitId: {
      kind: 'id',
      label: 'Unit',
      source: 'units',
      description: 'Partners in a relationship with this unit, or that are this internal unit',
    },
    status: {
      kind: 'choices',
      label: 'Status',
      options: partnerStatuses,
      labels: partnerStatusLabels,
    },
    tag: { kind: 'text', label: 'Tag', max: 60, lowercase: true },
    isInternal: {
      kind: 'flag',
      label: 'Internal',
      description: 'Only internal partners (true) or only external ones (false)',
    },
    parentId: {
      kind: 'id',
      label: 'Part of',
      hidden: true,
      description: 'The sites or members of this partner group',
    },
  },
  sorts: { name: 'Name', createdAt: 'Created', updatedAt: 'Updated' },
  defaultSort: 'name',
});

export type ListPartnersQuery = ListQuery<typeof partnerList>;
export type ExportPartnersQuery = ExportQuery<typeof partnerList>;

import {
  relationshipStageLabels,
  relationshipStages,
  relationshipStatuses,
  relationshipStatusLabels,
} from '../labels/relationships.ts';
import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** The relationship list: which unit manages which partner, by whom. */
export const relationshipList = defineListMeta({
  name: 'relationships',
  filters: {
    unitId: { kind: 'id', label: 'Unit', source: 'units' },
    partnerId: { kind: 'id', label: 'Partner', hidden: true },
    managerId: { kind: 'id', label: 'Relationship manager', source: 'users' },
    stage: { kind: 'choice', label: 'Stage', options: relationshipStages, labels: relationshipStageLabels },
    status: {
      kind: 'choice',
      label: 'Status',
      options: relationshipStatuses,
      labels: relationshipStatusLabels,
    },
  },
  sorts: { partnerName: 'Partner', createdAt: 'Created', updatedAt: 'Updated', reviewDate: 'Review date' },
  defaultSort: 'createdAt',
});

export type ListRelationshipsQuery = ListQuery<typeof relationshipList>;
export type ExportRelationshipsQuery = ExportQuery<typeof relationshipList>;

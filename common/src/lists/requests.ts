import {
  requestKindLabels,
  requestKinds,
  requestPriorities,
  requestPriorityLabels,
  requestStatuses,
  requestStatusLabels,
} from '../labels/requests.ts';
import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** The request register: requests and concerns, newest first. */
export const requestList = defineListMeta({
  name: 'requests',
  filters: {
    q: {
      kind: 'text',
      label: 'Search',
      description: 'Words in the title or description, or a reference like #42',
    },
    partnerId: { kind: 'id', label: 'Partner', hidden: true },
    relationshipId: { kind: 'id', label: 'Relationship', hidden: true },
    unitId: { kind: 'id', label: 'Unit', source: 'units' },
    ownerId: {
      kind: 'id',
      label: 'Owner',
      source: 'users',
      allowMe: true,
      description: "A user's id, or 'me'",
    },
    status: { kind: 'choices', label: 'Status', options: requestStatuses, labels: requestStatusLabels },
    kind: { kind: 'choices', label: 'Kind', options: requestKinds, labels: requestKindLabels },
    priority: {
      kind: 'choices',
      label: 'Priority',
      options: requestPriorities,
      labels: requestPriorityLabels,
    },
    open: { kind: 'flag', label: 'Open', description: 'Still open (true) or resolved and closed (false)' },
    escalated: { kind: 'flag', label: 'Escalated' },
    overdue: { kind: 'flag', label: 'Overdue', description: 'Open and past its resolution target' },
  },
  sorts: { created: 'Raised', due: 'Resolution due', updated: 'Updated' },
  defaultSort: '-created',
});

export type ListRequestsQuery = ListQuery<typeof requestList>;
export type ExportRequestsQuery = ExportQuery<typeof requestList>;

import { touchpointKindLabels, touchpointKinds } from '../labels/touchpoints.ts';
import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** Touch points, newest first: the list and the partner and contact timelines. */
export const touchpointList = defineListMeta({
  name: 'touchpoints',
  filters: {
    partnerId: { kind: 'id', label: 'Partner', hidden: true },
    unitId: { kind: 'id', label: 'Unit', source: 'units' },
    kind: { kind: 'choice', label: 'Kind', options: touchpointKinds, labels: touchpointKindLabels },
    authorId: { kind: 'id', label: 'Logged by', source: 'users' },
    contactId: { kind: 'id', label: 'Contact', hidden: true },
    participantId: {
      kind: 'id',
      label: 'Taking part',
      hidden: true,
      description: 'A member of staff or a contact who took part',
    },
    q: { kind: 'text', label: 'Words', max: 200, description: 'Words in the subject or notes' },
    from: { kind: 'datetime', label: 'From', description: 'Occurred at or after' },
    to: { kind: 'datetime', label: 'Before', description: 'Occurred before' },
  },
  sorts: { occurredAt: 'When' },
  defaultSort: '-occurredAt',
});

/**
 * A partner's timeline, as its filter bar offers it: the list's own filters, with a member of
 * staff who took part (the API's participantId also takes a contact, as links from a contact do).
 */
export const partnerTimelineList = defineListMeta({
  name: 'partner-timeline',
  filters: {
    q: touchpointList.filters.q,
    unitId: touchpointList.filters.unitId,
    kind: touchpointList.filters.kind,
    participantId: { kind: 'id', label: 'Taking part', source: 'users' },
    from: touchpointList.filters.from,
    to: touchpointList.filters.to,
  },
  sorts: touchpointList.sorts,
  defaultSort: touchpointList.defaultSort,
});

/** "Before" must come after "From": an empty range is a mistake, not a question. */
export function endsAfterStart(q: { from?: string | undefined; to?: string | undefined }) {
  return !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from);
}
export type ListTouchpointsQuery = ListQuery<typeof touchpointList>;
export type ExportTouchpointsQuery = ExportQuery<typeof touchpointList>;

import { activityKindLabels, activityKinds } from '../labels/activities.ts';
import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** The activities list: upcoming or past, by kind and organising unit; soonest first. */
export const activityList = defineListMeta({
  name: 'activities',
  filters: {
    q: { kind: 'text', label: 'Title', description: 'Words in the title' },
    when: {
      kind: 'choice',
      label: 'When',
      options: ['upcoming', 'past'] as const,
      labels: { upcoming: 'Upcoming', past: 'Past' },
      description: 'Upcoming: not yet ended; past: ended',
      // The list page offers it as its Upcoming / Past / All switch.
      hidden: true,
    },
    kind: { kind: 'choice', label: 'Kind', options: activityKinds, labels: activityKindLabels },
    unitId: { kind: 'id', label: 'Organising unit', source: 'units' },
  },
  sorts: { starts: 'Start', created: 'Created' },
  defaultSort: 'starts',
});

export type ListActivitiesQuery = ListQuery<typeof activityList>;
export type ExportActivitiesQuery = ExportQuery<typeof activityList>;

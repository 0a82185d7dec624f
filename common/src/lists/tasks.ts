import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** The task list: mine, my unit's, overdue, by partner; soonest due first. */
export const taskList = defineListMeta({
  name: 'tasks',
  filters: {
    q: { kind: 'text', label: 'Title', description: 'Words in the title' },
    assigneeId: {
      kind: 'id',
      label: 'Assigned to',
      source: 'users',
      allowMe: true,
      description: "A user's id, or 'me'",
    },
    unitId: {
      kind: 'id',
      label: 'Unit',
      source: 'units',
      description: 'Tasks assigned to members of this unit',
    },
    partnerId: { kind: 'id', label: 'Partner', source: 'partners' },
    done: { kind: 'flag', label: 'Done', description: 'Only done (true) or only open (false) tasks' },
    overdue: {
      kind: 'flag',
      label: 'Overdue',
      description: 'Open and due before today (in the university’s time zone)',
    },
    dueBefore: { kind: 'date', label: 'Due before', hidden: true },
    touchpointId: { kind: 'id', label: 'Touch point', hidden: true },
    relationshipId: { kind: 'id', label: 'Relationship', hidden: true },
  },
  sorts: { due: 'Due', created: 'Set', updated: 'Updated' },
  defaultSort: 'due',
});

export type ListTasksQuery = ListQuery<typeof taskList>;
export type ExportTasksQuery = ExportQuery<typeof taskList>;

import { roleLabels, roles } from '../labels/users.ts';
import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

/** The people who sign in to Rapport. */
export const userList = defineListMeta({
  name: 'users',
  filters: {
    q: { kind: 'text', label: 'Name or e-mail', description: 'Name or e-mail contains' },
    role: { kind: 'choice', label: 'Role', options: roles, labels: roleLabels },
    unitId: { kind: 'id', label: 'Unit', source: 'units' },
    active: {
      kind: 'flag',
      label: 'Active',
      description: 'Only active (true) or deactivated (false) accounts',
    },
  },
  sorts: { name: 'Name', email: 'E-mail address', createdAt: 'Created' },
  defaultSort: 'name',
});

export type ListUsersQuery = ListQuery<typeof userList>;
export type ExportUsersQuery = ExportQuery<typeof userList>;

import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';
import { exportQuerySchema, listQuerySchema } from './query.ts';

/** The contact list: people at partners. */
export const contactList = defineListMeta({
  name: 'contacts',
  filters: {
    q: {
      kind: 'text',
      label: 'Name or e-mail',
      description:
        'Name contains or is close to these words (trigram word similarity), or an exact e-mail address',
    },
    email: { kind: 'text', label: 'E-mail address', max: 320, lowercase: true },
    partnerId: {
      kind: 'id',
      label: 'Partner',
      hidden: true,
      description: 'Contacts affiliated to this partner',
    },
  },
  sorts: { name: 'Name', createdAt: 'Created', updatedAt: 'Updated' },
  defaultSort: 'name',
});

export const listContactsQuery = listQuerySchema(contactList);
export const exportContactsQuery = exportQuerySchema(contactList);
export type ListContactsQuery = ListQuery<typeof contactList>;
export type ExportContactsQuery = ExportQuery<typeof contactList>;

import { consentStatuses, consentStatusLabels } from '../labels/contacts.ts';
import type { ExportQuery, ListQuery } from './define.ts';
import { defineListMeta } from './define.ts';

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
      source: 'partners',
      description: 'Contacts affiliated to this partner (now or in the past)',
    },
    role: {
      kind: 'text',
      label: 'Role',
      max: 200,
      description: 'Words in the role of one of their affiliations',
    },
    consentStatus: {
      kind: 'choices',
      label: 'Consent',
      options: consentStatuses,
      labels: consentStatusLabels,
    },
  },
  sorts: { name: 'Name', createdAt: 'Created', updatedAt: 'Updated' },
  defaultSort: 'name',
});

export type ListContactsQuery = ListQuery<typeof contactList>;
export type ExportContactsQuery = ExportQuery<typeof contactList>;

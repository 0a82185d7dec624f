/** The contacts directory, the duplicate warning, and a person's first role at a partner. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { similarContactsSchema } from '../../../common/src/contracts/contacts.ts';
import { api, type Page, qs } from './client.ts';
import type { Contact, Partner } from './types.ts';

export type SimilarContacts = z.infer<typeof similarContactsSchema>;

/** The directory page by page ("Show more"), for the filters in the address. */
export const useContactPages = (queryString: string, pageSize = 50) =>
  useInfiniteQuery({
    queryKey: ['contacts', 'pages', queryString, pageSize],
    queryFn: ({ pageParam }) =>
      api<Page<Contact>>(
        'GET',
        `/contacts${qs({ ...Object.fromEntries(new URLSearchParams(queryString)), limit: pageSize, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

/** People who may be the one being added: asked once the name or e-mail is worth comparing. */
export const useSimilarContacts = (name: string, email: string) => {
  const enabled = name.trim().length >= 3 || /^\S+@\S+\.\S+$/.test(email.trim());
  return useQuery({
    queryKey: ['contacts', 'similar', name.trim(), email.trim()],
    queryFn: () =>
      api<SimilarContacts>(
        'GET',
        `/contacts/similar${qs({ name: name.trim() || undefined, email: email.trim() || undefined })}`,
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
};

/** Contacts whose name or e-mail matches, for pickers: asks the server as the person types. */
export const useContactSearch = (q: string, enabled: boolean) =>
  useQuery({
    queryKey: ['contacts', 'search', q],
    queryFn: () => api<Page<Contact>>('GET', `/contacts${qs({ q, limit: 20 })}`),
    enabled: enabled && q.trim().length > 0,
  });

/** A partner group's sites and members (partners whose parent it is). */
export const usePartnerSites = (partnerId: string) =>
  useQuery({
    queryKey: ['partners', 'sites', partnerId],
    queryFn: () => api<Page<Partner>>('GET', `/partners${qs({ parentId: partnerId, limit: 100 })}`),
  });

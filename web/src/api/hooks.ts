import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page, qs, setCsrfToken } from './client.ts';
import { sendKeptDrafts } from './drafts.ts';
import type {
  Affiliation,
  Contact,
  Home,
  Overview,
  Partner,
  PartnerType,
  Relationship,
  SearchResult,
  Session,
  SignIn,
  Touchpoint,
  Unit,
} from './types.ts';

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        // Signed out is an answer, not an error: no 401 in the console of the sign-in page.
        const status = await api<{ signedIn: boolean }>('GET', '/auth/status');
        if (!status.signedIn) {
          setCsrfToken(null);
          return null;
        }
        const session = await api<Session>('GET', '/auth/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch {
        setCsrfToken(null);
        return null;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignIn) => api<Session>('POST', '/auth/login', body),
    onSuccess: async (session) => {
      setCsrfToken(session.csrfToken);
      // Drafts first: the signed-in session then sends the person back where they were.
      const sent = await sendKeptDrafts(session.user.id);
      client.setQueryData(['session'], session);
      if (sent) await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    // Through sign-on's logout: a session from a provider answers where to sign out there too.
    mutationFn: () => api<{ endSessionUrl: string | null }>('POST', '/sign-on/logout'),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(['session'], null);
    },
  });
}

export const useHome = () => useQuery({ queryKey: ['home'], queryFn: () => api<Home>('GET', '/me/home') });

/** All pages of the partner list for the filters (the table virtualises the rows). */
export function usePartnerList(queryString: string, max = 5000) {
  const filters = Object.fromEntries(new URLSearchParams(queryString));
  return useQuery({
    queryKey: ['partners', queryString],
    queryFn: async () => {
      const items: Partner[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Partner> = await api('GET', `/partners${qs({ ...filters, limit: 500, cursor })}`);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < max);
      return { items, truncated: cursor !== null };
    },
  });
}

/**
 * Partners whose name matches, for pickers: asks the server's search as the person types, which
 * ranks a name starting with what was typed first ("Ashdown Bu": Ashdown Building Society).
 */
export const usePartnerSearch = (q: string, enabled: boolean) =>
  useQuery({
    queryKey: ['partner-search', q],
    queryFn: () => api<SearchResult>('GET', `/search${qs({ q, types: 'partners', limit: 20 })}`),
    enabled: enabled && q.trim().length > 0,
  });

export const usePartnerTypes = () =>
  useQuery({
    queryKey: ['partner-types'],
    queryFn: () => api<Page<PartnerType>>('GET', '/partner-types?limit=500'),
  });
export const useUnits = () =>
  useQuery({ queryKey: ['units'], queryFn: () => api<Page<Unit>>('GET', '/units?limit=500') });
export const usePartner = (id: string | null) =>
  useQuery({
    queryKey: ['partner', id],
    queryFn: () => api<Partner>('GET', `/partners/${id}`),
    enabled: Boolean(id),
  });

export const useOverview = (id: string) =>
  useQuery({ queryKey: ['overview', id], queryFn: () => api<Overview>('GET', `/partners/${id}/overview`) });

/** Entries per "Show more". */
const TIMELINE_PAGE = 50;

/**
 * A partner's timeline for the filters in the address, a page at a time ("Show more" follows the
 * cursor). Unfiltered, the first page is the overview's own, so opening the page costs no request.
 */
export function usePartnerTimeline(id: string, queryString: string, first: Page<Touchpoint> | undefined) {
  const filters = Object.fromEntries(new URLSearchParams(queryString));
  return useInfiniteQuery({
    queryKey: ['timeline', id, queryString],
    queryFn: ({ pageParam }) =>
      api<Page<Touchpoint>>(
        'GET',
        `/partners/${id}/timeline${qs({ ...filters, limit: TIMELINE_PAGE, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    ...(first && queryString === '' ? { initialData: { pages: [first], pageParams: [null] } } : {}),
    enabled: Boolean(id),
  });
}

export const useContact = (id: string) =>
  useQuery({ queryKey: ['contact', id], queryFn: () => api<Contact>('GET', `/contacts/${id}`) });
export const useContactTimeline = (id: string) =>
  useQuery({
    queryKey: ['contact-timeline', id],
    queryFn: () => api<Page<Touchpoint>>('GET', `/contacts/${id}/timeline?limit=100`),
  });
export const useContacts = (q: string) =>
  useQuery({
    queryKey: ['contacts', q],
    queryFn: () => api<Page<Contact>>('GET', `/contacts${qs({ q, limit: 100 })}`),
  });
export const usePartnerAffiliations = (partnerId: string) =>
  useQuery({
    queryKey: ['affiliations', partnerId],
    queryFn: () =>
      api<Page<Affiliation>>('GET', `/affiliations${qs({ partnerId, current: true, limit: 500 })}`),
    enabled: Boolean(partnerId),
  });
export const usePartnerRelationships = (partnerId: string) =>
  useQuery({
    queryKey: ['relationships', partnerId],
    queryFn: () => api<Page<Relationship>>('GET', `/relationships${qs({ partnerId, limit: 500 })}`),
    enabled: Boolean(partnerId),
  });

/** The current affiliations of several partners at once (contacts from any partner at a joint meeting). */
export function useAffiliationsOf(partnerIds: readonly string[]) {
  const results = useQueries({
    queries: partnerIds.map((partnerId) => ({
      queryKey: ['affiliations', partnerId],
      queryFn: () =>
        api<Page<Affiliation>>('GET', `/affiliations${qs({ partnerId, current: true, limit: 500 })}`),
    })),
  });
  return results.flatMap((r) => r.data?.items ?? []);
}

/**
 * The palette's and search page's groups the search answers; requests and colleagues they still
 * read from their own lists (which match part of an e-mail address too), so the search is not
 * asked for them twice.
 */
export const SEARCHED_GROUPS = 'partners,contacts,touchpoints';

export const useSearch = (q: string) =>
  useQuery({
    queryKey: ['search', q],
    queryFn: () => api<SearchResult>('GET', `/search${qs({ q, types: SEARCHED_GROUPS })}`),
    enabled: q.trim().length > 1,
  });

/** The first part of every query key in the web app. */
type QueryArea =
  | 'duplicates'
  | 'merges'
  | 'imports'
  | 'import-preview'
  | 'import-mappings'
  | 'activities'
  | 'activity'
  | 'activity-invitations'
  | 'activity-attendance'
  | 'activity-feedback'
  | 'working-group-members'
  | 'working-group-actions'
  | 'session'
  | 'home'
  | 'partners'
  | 'partner-search'
  | 'partner-types'
  | 'units'
  | 'users'
  | 'partner'
  | 'overview'
  | 'timeline'
  | 'contact'
  | 'contact-timeline'
  | 'contacts'
  | 'affiliations'
  | 'relationships'
  | 'relationship-escalations'
  | 'search'
  | 'requests'
  | 'requests-board'
  | 'request'
  | 'request-activity'
  | 'senior-view'
  | 'notifications'
  | 'service-levels'
  | 'working-week'
  | 'holidays'
  | 'attention-rules'
  | 'tasks'
  | 'history'
  | 'attachments'
  | 'communication-plan'
  | 'playbook'
  | 'approval-rules'
  | 'agreements'
  | 'open-concerns'
  | 'health'
  | 'health-rules';
/**
 * What each kind of write can change, as the first part of the query keys it makes stale.
 * A write refreshes those queries and no others (not every query on every write).
 */
const affects = {
  partner: [
    'history',
    'partners',
    'partner',
    'partner-search',
    'overview',
    'search',
    'home',
    'requests',
    'request',
  ],
  partnerType: ['partner-types', 'partners', 'partner', 'overview'],
  unit: ['units', 'users', 'session', 'relationships', 'overview', 'timeline', 'home', 'requests', 'request'],
  user: ['users', 'session', 'relationships', 'overview', 'home', 'requests', 'request', 'senior-view'],
  contact: ['history', 'contacts', 'contact', 'affiliations', 'overview', 'search'],
  affiliation: ['history', 'affiliations', 'contact', 'contacts', 'overview'],
  relationship: [
    'playbook',
    'history',
    'relationships',
    'overview',
    'home',
    'senior-view',
    'relationship-escalations',
    'health',
  ],
  touchpoint: [
    'communication-plan',
    'playbook',
    'history',
    'timeline',
    'contact-timeline',
    'overview',
    'home',
    'search',
    'senior-view',
    'tasks',
    'health',
  ],
  task: ['history', 'tasks', 'home', 'overview'],
  request: [
    'open-concerns',
    'history',
    'requests',
    'requests-board',
    'request',
    'request-activity',
    'senior-view',
    'notifications',
    'health',
  ],
  relationshipEscalation: [
    'relationship-escalations',
    'relationships',
    'overview',
    'senior-view',
    'notifications',
  ],
  notification: ['notifications'],
  // A merge moves links of every kind: everything that shows a partner or contact is refreshed.
  merge: [
    'duplicates',
    'merges',
    'partners',
    'partner',
    'partner-search',
    'contacts',
    'contact',
    'contact-timeline',
    'affiliations',
    'history',
    'overview',
    'timeline',
    'relationships',
    'tasks',
    'requests',
    'home',
    'search',
  ],
  attachment: ['attachments'],
  communicationPlan: ['communication-plan', 'playbook'],
  playbook: ['playbook', 'history'],
  approvalRules: ['approval-rules', 'agreements'],
  activity: ['activities', 'activity', 'activity-invitations', 'activity-attendance'],
  feedback: ['activity-feedback', 'history'],
  membership: ['working-group-members', 'working-group-actions', 'activities', 'history'],
  meetingAction: ['working-group-actions', 'tasks', 'home', 'history'],
  attendance: [
    'activity-attendance',
    'activity',
    'history',
    'timeline',
    'contact-timeline',
    'overview',
    'home',
  ],
  import: ['imports', 'import-preview'],
  importMapping: ['import-mappings'],
  serviceLevel: ['service-levels', 'requests', 'requests-board', 'request', 'senior-view'],
  workingWeek: ['working-week', 'requests', 'requests-board', 'request', 'senior-view'],
  holiday: ['holidays', 'requests', 'requests-board', 'request', 'senior-view'],
  healthRules: ['health-rules', 'health'],
  attentionRules: ['attention-rules', 'requests', 'requests-board', 'request', 'senior-view'],
} as const satisfies Record<string, readonly QueryArea[]>;
export type WriteKind = keyof typeof affects;

/** A write that refreshes the queries its kind of record appears in (see `affects`). */
export function useWrite<I, O>(writes: WriteKind, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all(affects[writes].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}

/** Requests, escalation, the senior view and notifications: queries and writes. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Page, qs } from './client.ts';
import { useWrite } from './hooks.ts';
import type {
  Deescalate,
  Escalate,
  NewComment,
  NewRequest,
  NotificationPage,
  ReadNotifications,
  Request,
  RequestActivity,
  RequestBoard,
  RequestChanges,
  RequestItem,
  RequestMove,
  SeniorView,
} from './types.ts';

export type RequestFilters = {
  partnerId?: string;
  ownerId?: string;
  status?: string;
  kind?: string;
  priority?: string;
  open?: boolean;
  overdue?: boolean;
  escalated?: boolean;
  q?: string;
  sort?: string;
  limit?: number;
};

export const useRequests = (filters: RequestFilters, enabled = true) =>
  useQuery({
    queryKey: ['requests', filters],
    queryFn: () => api<Page<RequestItem>>('GET', `/requests${qs({ limit: 100, ...filters })}`),
    enabled,
  });

/** The register page by page ("Show more"), for the requests list and board. */
export const useRequestPages = (filters: RequestFilters, pageSize = 100) =>
  useInfiniteQuery({
    queryKey: ['requests', 'pages', filters, pageSize],
    queryFn: ({ pageParam }) =>
      api<Page<RequestItem>>('GET', `/requests${qs({ ...filters, limit: pageSize, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Keep showing the last answer while the filters change, rather than flashing a loader.
    placeholderData: keepPreviousData,
  });

export const useRequestBoard = (filters: RequestFilters) =>
  useQuery({
    queryKey: ['requests-board', filters],
    queryFn: () => api<RequestBoard>('GET', `/requests/board${qs({ ...filters })}`),
    placeholderData: keepPreviousData,
  });

export const useRequest = (id: string) =>
  useQuery({ queryKey: ['request', id], queryFn: () => api<RequestItem>('GET', `/requests/${id}`) });

export const useRequestActivity = (id: string) =>
  useQuery({
    queryKey: ['request-activity', id],
    queryFn: () => api<RequestActivity>('GET', `/requests/${id}/activity`),
  });

export const useSeniorView = (enabled = true) =>
  useQuery({
    queryKey: ['senior-view'],
    queryFn: () => api<SeniorView>('GET', '/escalations'),
    enabled,
  });

/** The latest notifications and the unread count, for the header; checked every minute. */
export const useNotifications = (unreadOnly = false) =>
  useQuery({
    queryKey: ['notifications', unreadOnly],
    queryFn: () =>
      api<NotificationPage>('GET', `/me/notifications${qs({ unread: unreadOnly || undefined, limit: 50 })}`),
    refetchInterval: 60_000,
  });

/** Every notification, page by page, for the notifications page. */
export const useNotificationPages = (unreadOnly: boolean) =>
  useInfiniteQuery({
    queryKey: ['notifications', 'pages', unreadOnly],
    queryFn: ({ pageParam }) =>
      api<NotificationPage>(
        'GET',
        `/me/notifications${qs({ unread: unreadOnly || undefined, limit: 50, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useRaiseRequest = () =>
  useWrite('request', (body: NewRequest) => api<Request>('POST', '/requests', body));
export const useMoveRequest = (id: string) =>
  useWrite('request', (body: RequestMove) => api<RequestItem>('POST', `/requests/${id}/transition`, body));
/** Moves any request (the board: the card says which), through the same transition route. */
export const useMoveAnyRequest = () =>
  useWrite('request', ({ id, ...body }: RequestMove & { id: string }) =>
    api<RequestItem>('POST', `/requests/${id}/transition`, body),
  );
/** Corrects a request's fields at the version it was read at (412 if someone changed it since). */
export const useChangeRequest = (request: { id: string; version: number }) =>
  useWrite('request', (body: RequestChanges) =>
    api<RequestItem>('PATCH', `/requests/${request.id}`, body, { version: request.version }),
  );
export const useCommentOnRequest = (id: string) =>
  useWrite('request', (body: NewComment) => api('POST', `/requests/${id}/comments`, body));
export const useEscalateRequest = (id: string) =>
  useWrite('request', (body: Escalate) => api<Request>('POST', `/requests/${id}/escalate`, body));
export const useDeescalateRequest = (id: string) =>
  useWrite('request', (body: Deescalate) => api<Request>('POST', `/requests/${id}/deescalate`, body));
export const useMarkNotificationsRead = () =>
  useWrite('notification', (ids?: string[]) =>
    api('POST', '/me/notifications/read', (ids ? { ids } : {}) satisfies ReadNotifications),
  );

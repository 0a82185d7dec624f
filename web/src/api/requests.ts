/** Requests, escalation, the senior view and notifications: queries and writes. */
import { useQuery } from '@tanstack/react-query';
import { api, type Page, qs } from './client.ts';
import { useWrite } from './hooks.ts';
import type { NotificationPage, Request, RequestActivity, SeniorView } from './types.ts';

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
    queryFn: () => api<Page<Request>>('GET', `/requests${qs({ limit: 100, ...filters })}`),
    enabled,
  });

export const useRequestBoard = (filters: RequestFilters) =>
  useQuery({
    queryKey: ['requests-board', filters],
    queryFn: () => api<{ counts: Record<string, number> }>('GET', `/requests/board${qs({ ...filters })}`),
  });

export const useRequest = (id: string) =>
  useQuery({ queryKey: ['request', id], queryFn: () => api<Request>('GET', `/requests/${id}`) });

export const useRequestActivity = (id: string) =>
  useQuery({
    queryKey: ['request-activity', id],
    queryFn: () => api<RequestActivity>('GET', `/requests/${id}/activity`),
  });

export const useSeniorView = () =>
  useQuery({ queryKey: ['senior-view'], queryFn: () => api<SeniorView>('GET', '/escalations') });

export const useNotifications = (unreadOnly = false) =>
  useQuery({
    queryKey: ['notifications', unreadOnly],
    queryFn: () =>
      api<NotificationPage>('GET', `/me/notifications${qs({ unread: unreadOnly || undefined, limit: 50 })}`),
    refetchInterval: 60_000,
  });

export const useRaiseRequest = () => useWrite((body: unknown) => api<Request>('POST', '/requests', body));
export const useMoveRequest = (id: string) =>
  useWrite((body: { to: string; note?: string | null; resolution?: string | null; satisfaction?: number }) =>
    api<Request>('POST', `/requests/${id}/transition`, body),
  );
export const useCommentOnRequest = (id: string) =>
  useWrite((body: { body: string; isShareable: boolean }) => api('POST', `/requests/${id}/comments`, body));
export const useEscalateRequest = (id: string) =>
  useWrite((body: { level: string; briefing: string; notifyUserIds: string[] }) =>
    api<Request>('POST', `/requests/${id}/escalate`, body),
  );
export const useDeescalateRequest = (id: string) =>
  useWrite((body: { reason: string }) => api<Request>('POST', `/requests/${id}/deescalate`, body));
export const useMarkNotificationsRead = () =>
  useWrite((ids?: string[]) => api('POST', '/me/notifications/read', ids ? { ids } : {}));

/** Activities: the list, one activity, its invitations and registrations, and the public page by link. */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActivityDto,
  createActivityBody,
  InvitationDto,
  inviteBody,
  inviteResult,
  PublicInvitationDto,
  updateActivityBody,
} from '../../../common/src/contracts/activities.ts';
import { api, type Page, qs } from './client.ts';
import { useWrite } from './hooks.ts';

export type Activity = ActivityDto;
export type Invitation = InvitationDto;
export type NewActivity = z.input<typeof createActivityBody>;
export type ActivityChanges = z.input<typeof updateActivityBody>;
export type Invite = z.input<typeof inviteBody>;
export type InviteResult = z.infer<typeof inviteResult>;

/** The activity list page by page, for the filters in the address. */
export const useActivityPages = (queryString: string, pageSize = 100) =>
  useInfiniteQuery({
    queryKey: ['activities', 'pages', queryString, pageSize],
    queryFn: ({ pageParam }) =>
      api<Page<Activity>>(
        'GET',
        `/activities${qs({ ...Object.fromEntries(new URLSearchParams(queryString)), limit: pageSize, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

export const useActivity = (id: string) =>
  useQuery({ queryKey: ['activity', id], queryFn: () => api<Activity>('GET', `/activities/${id}`) });

export const useActivityInvitations = (id: string) =>
  useQuery({
    queryKey: ['activity-invitations', id],
    queryFn: () => api<{ items: Invitation[] }>('GET', `/activities/${id}/invitations`),
  });

export const useCreateActivity = () =>
  useWrite('activity', (body: NewActivity) => api<Activity>('POST', '/activities', body));

export const useChangeActivity = () =>
  useWrite('activity', ({ activity, changes }: { activity: Activity; changes: ActivityChanges }) =>
    api<Activity>('PATCH', `/activities/${activity.id}`, changes, { version: activity.version }),
  );

export const useInvite = (id: string) =>
  useWrite('activity', (body: Invite) => api<InviteResult>('POST', `/activities/${id}/invitations`, body));

export const useRegisterOnBehalf = (id: string) =>
  useWrite('activity', (contactId: string) =>
    api<Invitation>('POST', `/activities/${id}/registrations`, { contactId }),
  );

/** The registration page: what the private link shows, and the answers it can give. */
export const usePublicInvitation = (token: string) =>
  useQuery({
    queryKey: ['public-invitation', token],
    queryFn: () => api<PublicInvitationDto>('GET', `/public/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });

export function useRespond(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (answer: 'register' | 'decline' | 'cancel') =>
      api<PublicInvitationDto>('POST', `/public/invitations/${encodeURIComponent(token)}/${answer}`),
    onSuccess: (data) => client.setQueryData(['public-invitation', token], data),
  });
}

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
  AttendeeDto,
  attendanceList,
  calendarFeedSchema,
  createActivityBody,
  InvitationDto,
  inviteBody,
  inviteResult,
  newCalendarFeedSchema,
  PartnerActivitiesDto,
  PublicInvitationDto,
  updateActivityBody,
} from '../../../common/src/contracts/activities.ts';
import type { FeedbackSummaryDto, GiveFeedback } from '../../../common/src/contracts/activity-feedback.ts';
import type {
  ActionDto,
  AddMember,
  actionList,
  CreateAction,
  MemberDto,
  memberList,
} from '../../../common/src/contracts/working-groups.ts';
import type { AttendanceStatus } from '../../../common/src/labels/activities.ts';
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

export type Attendee = AttendeeDto;
export type DoorList = z.infer<typeof attendanceList>;

/** The door list: the registered and walk-ins, and whether they came. */
/** A meeting's door list (a series' latest opened meeting unless one is named). */
export const useAttendance = (id: string, occurrence: string | null = null) =>
  useQuery({
    queryKey: ['activity-attendance', id, occurrence],
    queryFn: () => api<DoorList>('GET', `/activities/${id}/attendance${qs({ occurrence })}`),
  });

export const useRecordAttendance = (id: string) =>
  useWrite(
    'attendance',
    ({
      contactId,
      status,
      occurrenceStartsAt,
    }: {
      contactId: string;
      status: AttendanceStatus;
      occurrenceStartsAt?: string;
    }) => api<Attendee>('PUT', `/activities/${id}/attendance/${contactId}`, { status, occurrenceStartsAt }),
  );

export const useRecordNoShows = (id: string) =>
  useWrite('attendance', (occurrence?: string) =>
    api<{ marked: number }>('POST', `/activities/${id}/attendance/no-shows${qs({ occurrence })}`),
  );

export type CalendarFeed = z.infer<typeof calendarFeedSchema>;
export type NewCalendarFeed = z.infer<typeof newCalendarFeedSchema>;

/** My calendar feed: whether it exists; a new address (shown once); stopping it. */
export const useCalendarFeed = () =>
  useQuery({ queryKey: ['calendar-feed'], queryFn: () => api<CalendarFeed>('GET', '/me/calendar-feed') });

export function useRenewCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<NewCalendarFeed>('POST', '/me/calendar-feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['calendar-feed'] }),
  });
}

export function useStopCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<null>('DELETE', '/me/calendar-feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['calendar-feed'] }),
  });
}

export type FeedbackSummary = FeedbackSummaryDto;

/** The results of an activity's feedback: counts per rating and the written answers. */
export const useActivityFeedback = (id: string, enabled = true) =>
  useQuery({
    queryKey: ['activity-feedback', id],
    queryFn: () => api<FeedbackSummary>('GET', `/activities/${id}/feedback`),
    enabled: enabled && Boolean(id),
  });

/** A member of staff's own feedback on an activity. */
export const useGiveFeedback = (id: string) =>
  useWrite('feedback', (body: GiveFeedback) =>
    api<FeedbackSummary>('POST', `/activities/${id}/feedback`, body),
  );

/** Feedback by the private link: the page shows the thanks the answer brings back. */
export function useGiveFeedbackByLink(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: GiveFeedback) =>
      api<PublicInvitationDto>('POST', `/public/invitations/${encodeURIComponent(token)}/feedback`, body),
    onSuccess: (data) => client.setQueryData(['public-invitation', token], data),
  });
}

export type Member = MemberDto;
export type MemberList = z.infer<typeof memberList>;

/** A working group's members, current and past. */
export const useMembers = (id: string) =>
  useQuery({
    queryKey: ['working-group-members', id],
    queryFn: () => api<MemberList>('GET', `/activities/${id}/members`),
  });

export const useAddMember = (id: string) =>
  useWrite('membership', (body: AddMember) => api<Member>('POST', `/activities/${id}/members`, body));

export const useEndMembership = (id: string) =>
  useWrite('membership', ({ memberId, leftOn }: { memberId: string; leftOn: string }) =>
    api<Member>('POST', `/activities/${id}/members/${memberId}/leave`, { leftOn }),
  );

export type PartnerActivities = PartnerActivitiesDto;

/** A partner's upcoming and past activities with its people's attendance, and their working groups. */
export const usePartnerActivities = (partnerId: string | null, enabled = true) =>
  useQuery({
    queryKey: ['activities', 'partner', partnerId],
    queryFn: () => api<PartnerActivities>('GET', `/partners/${partnerId}/activities`),
    enabled: enabled && Boolean(partnerId),
  });

export type MeetingAction = ActionDto;
export type MeetingActionList = z.infer<typeof actionList>;

/** The actions agreed at a working group's meetings. */
export const useMeetingActions = (id: string) =>
  useQuery({
    queryKey: ['working-group-actions', id],
    queryFn: () => api<MeetingActionList>('GET', `/activities/${id}/actions`),
  });

export const useAddMeetingAction = (id: string) =>
  useWrite('meetingAction', (body: CreateAction) =>
    api<MeetingAction>('POST', `/activities/${id}/actions`, body),
  );

export const useSetMeetingActionDone = (id: string) =>
  useWrite('meetingAction', ({ actionId, done }: { actionId: string; done: boolean }) =>
    api<MeetingAction>('POST', `/activities/${id}/actions/${actionId}/done`, { done }),
  );

/** An activity's meetings in a window (a series expanded in its time zone). */
export const useOccurrences = (id: string, from: string, to: string) =>
  useQuery({
    queryKey: ['activity', 'occurrences', id, from, to],
    queryFn: () =>
      api<{ items: { startsAt: string; endsAt: string; localStart: string }[] }>(
        'GET',
        `/activities/${id}/occurrences${qs({ from, to })}`,
      ),
  });

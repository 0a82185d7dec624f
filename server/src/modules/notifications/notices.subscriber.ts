import type { DomainEvent, EventName } from '../../../../common/src/events.ts';
import { momentInWords } from '../../../../common/src/wording.ts';
import type { Subscriber } from '../events/dispatcher.ts';
import { type Notice, notify } from './notifications.service.ts';

type RequestForm = {
  id: string;
  reference: number;
  title: string;
  partnerName: string;
  kind: string;
  priority: string;
  ownerId: string | null;
  createdById: string;
  raisedByUserId: string | null;
  targets?: { firstResponse?: { dueAt: string | null } };
};

type TaskForm = {
  id: string;
  title: string;
  assigneeId: string;
  dueOn: string | null;
  partnerName: string | null;
};

/** "Tue 27 Oct 2026": a due date in words. */
const dayInWords = (day: string) =>
  new Date(`${day}T12:00:00Z`)
    .toLocaleDateString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    })
    .replace(',', '');

/** The reminder when a task falls due, to its assignee. */
function taskDueNotices(task: TaskForm): Notice[] {
  if (!task.dueOn) return [];
  return [
    {
      userId: task.assigneeId,
      kind: 'task_due',
      title: `Task due: ${task.title}`,
      body: `${task.partnerName ? `${task.partnerName} · ` : ''}Due ${dayInWords(task.dueOn)}.`,
      link: '/tasks?assigneeId=me&done=false',
      dedupeKey: `task_due:${task.id}:${task.dueOn}`,
      about: { entity: 'task', id: task.id },
    },
  ];
}

/** "Respond by Tue 27 Oct, 17:00." in the university's time zone. */
const respondBy = (dueAt: string | null | undefined) =>
  dueAt ? `Respond by ${momentInWords(dueAt)}.` : 'No response target.';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const ids = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The notices an event gives rise to, before the read check (pure, so it is tested alone). */
export function noticesFor(event: DomainEvent): Notice[] {
  const { before, after, detail = {} } = event.payload;
  if (event.entity === 'request') {
    const request = after as RequestForm | null;
    if (!request) return [];
    const about = { entity: 'request', id: request.id } as const;
    const link = `/requests/${request.id}`;
    const assigned = (body: string): Notice[] =>
      request.ownerId
        ? [
            {
              userId: request.ownerId,
              kind: 'assigned',
              title: `You own request #${request.reference}: ${request.title}`,
              body,
              link,
              about,
            },
          ]
        : [];
    switch (event.name) {
      case 'request.created':
        return assigned(
          `${request.partnerName} · ${request.kind}, ${request.priority} priority. ${respondBy(request.targets?.firstResponse?.dueAt)}`,
        );
      case 'request.updated':
        return (before as RequestForm | null)?.ownerId === request.ownerId
          ? []
          : assigned(`${request.partnerName} · ${request.kind}, ${request.priority} priority.`);
      case 'request.commented':
        return [request.ownerId, request.createdById, request.raisedByUserId]
          .filter((u): u is string => !!u)
          .map((userId) => ({
            userId,
            kind: 'commented',
            title: `New comment on request #${request.reference}: ${request.title}`,
            body: text(detail.body).slice(0, 500),
            link,
            about,
          }));
      case 'request.escalated':
        return ids(detail.told).map((userId) => ({
          userId,
          kind: 'escalated',
          title: `Escalated to ${text(detail.levelName)}: request #${request.reference} ${request.title}`,
          body: text(detail.briefing).slice(0, 1000),
          link,
          about,
        }));
      default:
        return [];
    }
  }
  if (event.name === 'task.due') return taskDueNotices(after as TaskForm);
  if (event.name === 'relationship.escalated') {
    return ids(detail.told).map((userId) => ({
      userId,
      kind: 'escalated',
      title: `Escalated to ${text(detail.levelName)}: the relationship of ${text(detail.unitName)} with ${text(detail.partnerName)}`,
      body: text(detail.briefing).slice(0, 1000),
      link: `/partners/${text(detail.partnerId)}`,
      about: { entity: 'relationship', id: event.entityId },
    }));
  }
  return [];
}

const noticeEvents: EventName[] = [
  'request.created',
  'request.updated',
  'request.commented',
  'request.escalated',
  'relationship.escalated',
  'task.due',
];

/** In-app notifications (and, through the outbox, e-mail) from committed changes. */
export const noticesSubscriber: Subscriber = {
  name: 'notices',
  events: noticeEvents,
  async handle(event, tx) {
    const actorId = event.actor.kind === 'user' ? event.actor.userId : null;
    await notify(tx, actorId, noticesFor(event));
  },
};

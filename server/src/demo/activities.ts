import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Executor } from '../db/client.ts';
import {
  activities,
  activityFeedback,
  activityInvitations,
  workingGroupMembers,
} from '../db/schema/activities.ts';
import type { DemoData } from './generate.ts';

const DAY = 86_400_000;
/** A link nobody holds: the demo sends no e-mail, so no one needs the token. */
const unusedLinkHash = () => createHash('sha256').update(randomBytes(32)).digest('hex');

const answers = [
  { rating: 5, useful: 'Hearing how other Schools run their placements', change: null },
  { rating: 4, useful: 'The careers fair timetable', change: 'A longer question time at the end' },
  { rating: 4, useful: null, change: 'Share the slides beforehand' },
  { rating: 3, useful: 'Meeting the IT Services team', change: 'A room with better sound' },
  { rating: 5, useful: 'The new VLE preview', change: null },
];

/**
 * Engagement for the demo: a seminar three weeks ago with its registrations and feedback, and a
 * working group of the Schools' computing representatives that meets on the first Tuesday.
 */
export async function loadDemoActivities(tx: Executor, data: DemoData, today: Date) {
  const manager = data.users.find((u) => u.email === 'manager@northmoor.ac.uk') ?? data.users[0]!;
  const reps = data.affiliations.filter((a) => a.role === 'Local Computing Representative').slice(0, 5);
  if (reps.length === 0) return;
  const start = new Date(Math.floor((today.getTime() - 21 * DAY) / DAY) * DAY + 14 * 3_600_000);
  const seminarId = uuidv7();
  const groupId = uuidv7();
  await tx.insert(activities).values([
    {
      id: seminarId,
      kind: 'seminar',
      title: 'Teaching with the new VLE: a seminar for Schools',
      description: 'What changes for Schools next term, and what you asked us to keep.',
      unitId: manager.unitId,
      ownerId: manager.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * 3_600_000),
      location: 'Library, seminar room 3',
      capacity: 40,
    },
    {
      id: groupId,
      kind: 'working_group',
      title: 'Computing representatives working group',
      description:
        "The Schools' computing representatives and IT Services, on the first Tuesday of the month.",
      unitId: manager.unitId,
      ownerId: manager.id,
      startsAt: new Date(start.getTime() - 120 * DAY),
      endsAt: new Date(start.getTime() - 120 * DAY + 90 * 60_000),
      location: 'IT Services meeting room',
      recurrence: 'FREQ=MONTHLY;BYDAY=1TU',
    },
  ]);
  const invitations = reps.map((r) => ({
    id: uuidv7(),
    activityId: seminarId,
    contactId: r.contactId,
    tokenHash: unusedLinkHash(),
    status: 'registered' as const,
    invitedAt: new Date(start.getTime() - 30 * DAY),
    respondedAt: new Date(start.getTime() - 28 * DAY),
  }));
  await tx.insert(activityInvitations).values(invitations);
  await tx.insert(activityFeedback).values(
    invitations.map((i, n) => ({
      activityId: seminarId,
      invitationId: i.id,
      ...answers[n % answers.length]!,
      createdAt: new Date(start.getTime() + (n + 3) * 3_600_000),
    })),
  );
  await tx.insert(workingGroupMembers).values([
    ...reps.map((r, n) => ({
      activityId: groupId,
      contactId: r.contactId,
      partnerId: r.partnerId,
      role: n === 0 ? 'Vice-chair' : null,
      joinedOn: new Date(start.getTime() - (120 - n * 7) * DAY).toISOString().slice(0, 10),
      leftOn: n === reps.length - 1 ? new Date(start.getTime() - 30 * DAY).toISOString().slice(0, 10) : null,
    })),
    {
      activityId: groupId,
      userId: manager.id,
      role: 'Chair',
      joinedOn: new Date(start.getTime() - 120 * DAY).toISOString().slice(0, 10),
    },
  ]);
}

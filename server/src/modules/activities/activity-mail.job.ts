import { FEEDBACK_DAYS } from '../../../../common/src/contracts/activity-feedback.ts';
import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import { activityKindLabels } from '../../../../common/src/labels/activities.ts';
import type { Db } from '../../db/client.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { deliverOutbox, idsOf } from '../notifications/outbox.ts';
import { contactableFor } from '../personal-data/consents.service.ts';
import { activityCalendar } from './calendar.ts';
import {
  claimFeedbackDue,
  claimUnsentMail,
  dropMail,
  enqueueMail,
  markFeedbackRequested,
  markMailSent,
} from './invitations.repository.ts';
import { localOf } from './recurrence.ts';

type Claimed = Awaited<ReturnType<typeof claimUnsentMail>>[number];

const BATCH = 25;

/** "Tue 8 Dec 2026, 14:00–16:00 (Europe/London)". */
function whenInWords(activity: Claimed['activity']) {
  const day = activity.startsAt.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: activity.timeZone,
  });
  const from = localOf(activity.startsAt, activity.timeZone).slice(11);
  const to = localOf(activity.endsAt, activity.timeZone).slice(11);
  return `${day.replace(',', '')}, ${from}–${to} (${activity.timeZone})`;
}

/** The e-mail for one queued message: an invitation with its link and calendar file, or a place offered. */
export function activityMail(message: Claimed, baseUrl: string): OutgoingMail {
  const { activity } = message;
  const link = message.token ? `${baseUrl}/invitations/${message.token}` : null;
  const kind = activityKindLabels[activity.kind];
  const where =
    activity.format === 'online' ? `Online: ${activity.onlineUrl}` : (activity.location ?? 'To be confirmed');
  const details = `${activity.title}\n${kind} organised by ${message.unitName}\nWhen: ${whenInWords(activity)}\nWhere: ${where}`;
  const to = `${message.contactName} <${message.email}>`;
  if (message.kind === 'feedback')
    return {
      to,
      subject: `How was it? ${activity.title}`,
      text: `Dear ${message.contactName},\n\nThank you for coming to ${activity.title}. Would you tell us how it was? Three short questions: a rating, what was useful, and what we should change.\n\n${details}\n\nGive your feedback here (this link is yours alone; no account needed):\n${link}\n\nFeedback stays open for ${FEEDBACK_DAYS} days after the activity.`,
    };
  if (message.kind === 'promotion')
    return {
      to,
      subject: `A place for you: ${activity.title}`,
      text: `Dear ${message.contactName},\n\nA place has become free and it is yours: you are now registered.\n\n${details}\n\nIf you can no longer come, please cancel with the link in your invitation so the next person can have the place.`,
    };
  return {
    to,
    subject: `Invitation: ${activity.title}`,
    text: `Dear ${message.contactName},\n\nYou are invited.\n\n${details}\n\n${activity.description ? `${activity.description}\n\n` : ''}Register, decline or cancel here (this link is yours alone; no account needed):\n${link}\n`,
    attachments: [
      {
        filename: 'invitation.ics',
        content: activityCalendar(activity, message.unitName, link),
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      },
    ],
  };
}

/**
 * Sends the queued activity e-mail in batches; each batch is locked (SKIP LOCKED) so workers
 * never send a message twice. A message sent has its token erased; a failed one stays queued
 * for the next run. One to a contact who may no longer be contacted for events is dropped unsent. Returns how many were sent.
 */
export async function deliverActivityMail(db: Db, mailer: Mailer, baseUrl: string): Promise<number> {
  return deliverOutbox<Claimed>(db, mailer, {
    claim: claimUnsentMail,
    purpose: PURPOSE.events,
    contactOf: (message) => message.contactId,
    compose: (message) => (message.email ? activityMail(message, baseUrl) : null),
    settle: async (tx, { sent, withheld }) => {
      await markMailSent(tx, sent);
      await dropMail(tx, idsOf(withheld));
    },
  });
}

/**
 * Asks for feedback after a one-off activity: everyone registered who has an address, was not
 * recorded as not coming, has given none yet and may be contacted about events (consent asked
 * now, and again when the message is sent) gets the short form by e-mail, at a private link to
 * the same page as their invitation's. Each place is asked once; one that may not be contacted
 * is marked asked too, so it is never asked later. Returns how many were queued.
 */
export async function requestActivityFeedback(db: Db, now = new Date()): Promise<number> {
  const endedAfter = new Date(now.getTime() - FEEDBACK_DAYS * 86_400_000);
  let queued = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const due = await claimFeedbackDue(tx, endedAfter, now, BATCH);
      const allowed = await contactableFor(
        tx,
        due.map((d) => d.contactId),
        PURPOSE.events,
      );
      let asked = 0;
      for (const place of due) {
        if (!allowed.has(place.contactId)) {
          await markFeedbackRequested(tx, place.id, null);
          continue;
        }
        const token = newSecret();
        await markFeedbackRequested(tx, place.id, hashSecret(token));
        await enqueueMail(tx, [{ invitationId: place.id, kind: 'feedback', token }]);
        asked++;
      }
      return { claimed: due.length, asked };
    });
    queued += batch.asked;
    if (batch.claimed < BATCH) return queued;
  }
}

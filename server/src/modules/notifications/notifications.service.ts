import type { Db, Executor } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import {
  activityAudience,
  actorsOf,
  agreementAudience,
  requestAudience,
  touchpointAudience,
  whoCanReadTask,
} from '../access/audience.repository.ts';
import type { Mailer } from './mailer.ts';
import {
  claimUnsent,
  countUnread,
  insertNotifications,
  listNotifications,
  markEmailed,
  markRead,
  type NewNotification,
  recipientsOfBriefing,
  unreadSince,
} from './notifications.repository.ts';
import { choicesOf } from './preferences.service.ts';

export type { NewNotification };

/** What a notification is about: it reaches only people who may read that record. */
export type About = {
  entity:
    | 'request'
    | 'touchpoint'
    | 'relationship'
    | 'partner'
    | 'task'
    | 'activity'
    | 'agreement'
    | 'briefing';
  id: string;
};
export type Notice = NewNotification & { about: About };

const audiences = {
  request: requestAudience,
  touchpoint: touchpointAudience,
  activity: activityAudience,
  agreement: agreementAudience,
} as const;

/** Of these people, those who may read the record (relationships and partners: every active member of staff; tasks: see whoCanReadTask; a briefing: its recipient). */
async function readersAmong(db: Executor, about: About, userIds: string[]) {
  if (about.entity === 'relationship' || about.entity === 'partner')
    return (await actorsOf(db, userIds)).map((a) => a.userId);
  if (about.entity === 'task') return whoCanReadTask(db, about.id, userIds);
  if (about.entity === 'briefing') return recipientsOfBriefing(db, about.id, userIds);
  return audiences[about.entity].whoCanRead(db, about.id, userIds);
}

const SORT = 'newest';
const DAY_MS = 86_400_000;

/**
 * Notifies people, inside the caller's transaction; nobody is told of their own action, and
 * nobody is told about a record they may not read (the same read check as the record's own
 * reads). E-mail follows from the outbox (`emailed_at` null) when the delivery job next runs.
 */
export async function notify(tx: Executor, actorId: string | null, items: Notice[]) {
  const seen = new Set<string>();
  const wanted = items.filter((n) => {
    const key = `${n.userId}:${n.dedupeKey ?? n.title}`;
    if (n.userId === actorId || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const byRecord = new Map<string, Notice[]>();
  for (const n of wanted) {
    const key = `${n.about.entity}:${n.about.id}`;
    byRecord.set(key, [...(byRecord.get(key) ?? []), n]);
  }
  const allowed: NewNotification[] = [];
  for (const group of byRecord.values()) {
    const readers = new Set(
      await readersAmong(tx, group[0]!.about, [...new Set(group.map((n) => n.userId))]),
    );
    for (const { about: _about, ...n } of group) if (readers.has(n.userId)) allowed.push(n);
  }
  // Each person's choice of channels for the kind; a kind they want nowhere is not kept at all.
  const choice = await choicesOf(tx, [...new Set(allowed.map((n) => n.userId))]);
  const wantedSomewhere = allowed.flatMap((n) => {
    const { inApp, email, digest } = choice(n.userId, n.kind);
    return inApp || email || digest ? [{ ...n, inApp, byEmail: email, inDigest: digest }] : [];
  });
  return insertNotifications(tx, wantedSomewhere);
}

const present = (row: Awaited<ReturnType<typeof listNotifications>>[number]) => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  read: row.readAt !== null,
  createdAt: row.createdAt.toISOString(),
});

export async function myNotifications(ctx: Ctx, query: { unread?: boolean; limit: number; cursor?: string }) {
  const after = query.cursor ? decodeCursor(query.cursor, SORT, 2) : undefined;
  const rows = await listNotifications(ctx.db, ctx.actor.userId, {
    unreadOnly: query.unread ?? false,
    limit: query.limit,
    after: after ? { createdAt: String(after[0]), id: String(after[1]) } : undefined,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(present),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor(SORT, [last.createdAt.toISOString(), last.id]) : null,
    unreadCount: await countUnread(ctx.db, ctx.actor.userId),
  };
}

export async function readNotifications(ctx: Ctx, ids?: string[]) {
  const updated = await markRead(ctx.db, ctx.actor.userId, ids);
  return { updated, unreadCount: await countUnread(ctx.db, ctx.actor.userId) };
}

const linkTo = (baseUrl: string, link: string | null) =>
  link ? `\n\nOpen it in Rapport: ${baseUrl}${link}` : '';

/**
 * E-mails every notification of the last day not yet e-mailed, in batches; each batch is
 * locked (SKIP LOCKED) so several workers never send one twice. A failed send stays in the
 * outbox for the next run. Returns how many were sent.
 */
export async function deliverPendingEmails(db: Db, mailer: Mailer, baseUrl: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await claimUnsent(tx, new Date(Date.now() - DAY_MS), 25);
      const delivered: string[] = [];
      for (const row of rows) {
        try {
          await mailer.send({
            to: `${row.name} <${row.email}>`,
            subject: `[Rapport] ${row.title}`,
            text: `${row.body ?? row.title}${linkTo(baseUrl, row.link)}\n\n(Rapport notification settings: ${baseUrl}/notifications)`,
          });
          delivered.push(row.id);
        } catch {
          // Left unsent: the next run tries again.
        }
      }
      await markEmailed(tx, delivered);
      return { claimed: rows.length, delivered: delivered.length };
    });
    sent += batch.delivered;
    if (batch.claimed < 25 || batch.delivered === 0) return sent;
  }
}

/** One e-mail per person with unread notifications from the last day. Returns how many were sent. */
export async function sendDigests(db: Db, mailer: Mailer, baseUrl: string): Promise<number> {
  const rows = await unreadSince(db, new Date(Date.now() - DAY_MS));
  const byUser = new Map<string, typeof rows>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  let sent = 0;
  for (const items of byUser.values()) {
    const first = items[0]!;
    const lines = items.slice(0, 20).map((n) => `- ${n.title}${n.link ? ` (${baseUrl}${n.link})` : ''}`);
    await mailer.send({
      to: `${first.name} <${first.email}>`,
      subject: `[Rapport] Your daily digest: ${items.length} unread`,
      text: `Good morning ${first.name},\n\nYou have ${items.length} unread notification${items.length === 1 ? '' : 's'} from the last day:\n\n${lines.join('\n')}\n\n${baseUrl}/notifications`,
    });
    sent++;
  }
  return sent;
}

import { defaultPreference, type Preference } from '../../../../common/src/contracts/accounts.ts';
import { type NotificationKind, notificationKinds } from '../../../../common/src/labels/notifications.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { preferencesOf, savePreferences } from './preferences.repository.ts';

/** Each of these users' choice per kind, every kind present (the default where none is stored). */
export async function choicesOf(db: Executor, userIds: string[]) {
  const stored = await preferencesOf(db, userIds);
  const byKey = new Map(stored.map((p) => [`${p.userId}:${p.kind}`, p]));
  return (userId: string, kind: NotificationKind): Preference => {
    const row = byKey.get(`${userId}:${kind}`);
    return row ? { kind, inApp: row.inApp, email: row.email, digest: row.digest } : defaultPreference(kind);
  };
}

/** My choice for every kind of notification. */
export async function myPreferences(ctx: Ctx) {
  const choice = await choicesOf(ctx.db, [ctx.actor.userId]);
  return { items: notificationKinds.map((kind) => choice(ctx.actor.userId, kind)) };
}

/** Changes my choices for the kinds named; answers every kind. */
export async function setMyPreferences(ctx: Ctx, items: Preference[]) {
  await savePreferences(ctx.db, ctx.actor.userId, items);
  return myPreferences(ctx);
}

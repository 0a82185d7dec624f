import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { IntroductionRequest } from '../../../../common/src/contracts/who-knows-whom.ts';
import type { Executor } from '../../db/client.ts';
import { type Row, recordStore } from '../../db/records.ts';
import { introductionRequests } from '../../db/schema/introductions.ts';
import { partners } from '../../db/schema/partners.ts';
import { users } from '../../db/schema/users.ts';

/** The public form of requests for an introduction: one query for the names. */
async function presentIntroductions(db: Executor, rows: Row<typeof introductionRequests>[]) {
  if (rows.length === 0) return [];
  const people = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(rows.flatMap((r) => [r.askedById, r.colleagueId]))]));
  const named = await db
    .select({ id: partners.id, name: partners.name })
    .from(partners)
    .where(inArray(partners.id, [...new Set(rows.map((r) => r.partnerId))]));
  const person = (id: string) => ({ id, name: people.find((p) => p.id === id)?.name ?? '' });
  return rows.map(
    (r): IntroductionRequest => ({
      id: r.id,
      partner: { id: r.partnerId, name: named.find((p) => p.id === r.partnerId)?.name ?? '' },
      askedBy: person(r.askedById),
      colleague: person(r.colleagueId),
      message: r.message,
      createdAt: r.createdAt.toISOString(),
    }),
  );
}

export const introductionStore = recordStore({
  entity: 'introduction_request',
  noun: 'request for an introduction',
  table: introductionRequests,
  fixed: ['partnerId', 'askedById', 'colleagueId'],
  present: presentIntroductions,
});

/** The partner's name, or null when there is no such partner. */
export async function partnerNamed(db: Executor, partnerId: string) {
  const [row] = await db.select({ name: partners.name }).from(partners).where(eq(partners.id, partnerId));
  return row?.name ?? null;
}

/** Whether the id names an active member of staff. */
export async function isActiveStaff(db: Executor, userId: string) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deactivatedAt)));
  return rows.length > 0;
}

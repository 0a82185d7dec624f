import {
  PARTNER_ACTIVITIES_LIMIT,
  type PartnerActivitiesDto,
  type PartnerActivityDto,
} from '../../../../common/src/contracts/activities.ts';
import { notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { activityScope } from './activities.policy.ts';
import { existingReferences } from './activities.repository.ts';
import { activitiesOfPartner, membershipsOfPartner } from './partner-activities.repository.ts';
import { occurrencesOf } from './recurrence.ts';

const YEAR_MS = 366 * 86_400_000;

type Row = Awaited<ReturnType<typeof activitiesOfPartner>>[number];

/**
 * Where a row falls and which meeting it shows: a single activity is upcoming until it ends;
 * a series is upcoming while it has a meeting ahead (shown with the next one), else past
 * (shown with its last one in the year before now, or its first).
 */
function placed(row: Row, now: Date): { upcoming: boolean; startsAt: Date; endsAt: Date } {
  if (!row.recurrence) return { upcoming: row.endsAt >= now, startsAt: row.startsAt, endsAt: row.endsAt };
  const duration = row.endsAt.getTime() - row.startsAt.getTime();
  const [next] = occurrencesOf(row, new Date(now.getTime() - duration), new Date(now.getTime() + YEAR_MS), 1);
  if (next) return { upcoming: true, startsAt: next.startsAt, endsAt: next.endsAt };
  const lastYear = occurrencesOf(row, new Date(now.getTime() - YEAR_MS), now, 400);
  const last = lastYear.at(-1);
  return last
    ? { upcoming: false, startsAt: last.startsAt, endsAt: last.endsAt }
    : { upcoming: false, startsAt: row.startsAt, endsAt: row.endsAt };
}

/**
 * The partner's activities (upcoming and past, with how many of its people registered and
 * came) and its people's working-group memberships, over the activities the caller may see:
 * a confidential activity is listed only to its readers.
 */
export async function partnerActivities(ctx: Ctx, partnerId: string): Promise<PartnerActivitiesDto> {
  const found = await existingReferences(ctx.db, {
    partnerIds: [partnerId],
    userIds: [],
    partnerTypeIds: [],
    contactIds: [],
    unitIds: [],
  });
  if (!found.partners.has(partnerId)) throw notFound('Partner');
  const scope = activityScope(ctx.actor);
  const [rows, memberships] = await Promise.all([
    activitiesOfPartner(ctx.db, partnerId, scope, PARTNER_ACTIVITIES_LIMIT),
    membershipsOfPartner(ctx.db, partnerId, scope, PARTNER_ACTIVITIES_LIMIT),
  ]);
  const now = new Date();
  const upcoming: PartnerActivityDto[] = [];
  const past: PartnerActivityDto[] = [];
  for (const row of rows) {
    const at = placed(row, now);
    (at.upcoming ? upcoming : past).push({
      id: row.id,
      kind: row.kind,
      title: row.title,
      unitName: row.unitName,
      startsAt: at.startsAt.toISOString(),
      endsAt: at.endsAt.toISOString(),
      timeZone: row.timeZone,
      recurring: row.recurrence !== null,
      counts: {
        invited: row.invited,
        registered: row.registered,
        waiting: row.waiting,
        attended: row.attended,
        noShow: row.noShow,
      },
    });
  }
  upcoming.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  past.sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return { upcoming, past, memberships };
}

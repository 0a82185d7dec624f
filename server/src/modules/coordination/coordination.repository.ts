import { and, eq, gte, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { activities } from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { units } from '../../db/schema/units.ts';

/**
 * The managers of these partners' relationships held by other units than `unitId` (which
 * already knows what it did itself), with the partner's name.
 */
export async function managersElsewhere(db: Executor, partnerIds: readonly string[], unitId: string) {
  if (partnerIds.length === 0) return [];
  return db
    .select({ userId: relationships.managerId, partnerId: partners.id, partnerName: partners.name })
    .from(relationships)
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .where(
      and(
        inArray(relationships.partnerId, [...partnerIds]),
        ne(relationships.unitId, unitId),
        isNotNull(relationships.managerId),
        ne(relationships.status, 'ended'),
      ),
    ) as Promise<{ userId: string; partnerId: string; partnerName: string }[]>;
}

/** The partners these contacts are affiliated to now (no end date, or one still to come). */
export async function partnersOfContacts(db: Executor, contactIds: readonly string[]) {
  if (contactIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ partnerId: affiliations.partnerId })
    .from(affiliations)
    .where(
      and(
        inArray(affiliations.contactId, [...contactIds]),
        or(isNull(affiliations.endDate), gte(affiliations.endDate, sql`current_date`)),
      ),
    );
  return rows.map((r) => r.partnerId);
}

export async function activityFacts(db: Executor, activityId: string) {
  const [row] = await db
    .select({ id: activities.id, title: activities.title, unitId: activities.unitId, unitName: units.name })
    .from(activities)
    .innerJoin(units, eq(units.id, activities.unitId))
    .where(eq(activities.id, activityId));
  return row ?? null;
}

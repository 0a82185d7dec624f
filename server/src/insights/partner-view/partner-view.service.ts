import {
  OVERVIEW_RELATIONSHIPS,
  OVERVIEW_TASKS,
  type TimelineQuery,
} from '../../../../common/src/contracts/partner-view.ts';
import type { Ctx } from '../../lib/context.ts';
import { touchpointPartnerScope } from '../../modules/access/audience.repository.ts';
import { getContact } from '../../modules/contacts/contacts.service.ts';
import { getPartner } from '../../modules/partners/partners.service.ts';
import { listRelationshipsFor } from '../../modules/relationships/relationships.service.ts';
import { tasksPage } from '../../modules/tasks/tasks.service.ts';
import { timelineFor } from '../../modules/touchpoints/touchpoints.service.ts';
import { withCadence } from './cadence.ts';
import {
  countsOfLastYear,
  keyContactsOf,
  lastContactByRelationship,
  type RelationshipSelection,
} from './partner-view.repository.ts';

const OVERVIEW_ENTRIES = 50;
const toDate = (v: Date | string | null) => (v === null ? null : new Date(v));

/**
 * When each selected relationship's unit last had a touch point with its partner that the
 * actor may see (null: never). Home and the senior view use it too.
 */
export async function lastContactsOf(ctx: Ctx, which: RelationshipSelection) {
  const rows = await lastContactByRelationship(ctx.db, which, touchpointPartnerScope(ctx.actor));
  return new Map(rows.map((l) => [l.relationshipId, toDate(l.lastContactAt)]));
}

/**
 * Everything a member of staff needs before they call a partner, in one answer. Every part that
 * shows touch points (entries, counts, last contact, follow-ups) takes the same visibility scope.
 */
export async function partnerOverview(ctx: Ctx, partnerId: string) {
  const scope = touchpointPartnerScope(ctx.actor);
  // The partner is read alongside the rest, not first: a missing one still answers 404 (every
  // part below is empty for it), and an existing one costs one round trip less.
  const [partner, relationships, lastById, keyContacts, timeline, counts, tasks] = await Promise.all([
    getPartner(ctx, partnerId),
    listRelationshipsFor(ctx, { partnerId, limit: OVERVIEW_RELATIONSHIPS, sort: 'createdAt' }),
    lastContactsOf(ctx, { partnerId }),
    keyContactsOf(ctx.db, partnerId),
    timelineFor(ctx, { partnerId }, { limit: OVERVIEW_ENTRIES }),
    countsOfLastYear(ctx.db, partnerId, scope),
    tasksPage(ctx, { partnerId, done: false }, { limit: OVERVIEW_TASKS }),
  ]);
  const byUnit = counts
    .filter((c) => c.unitId !== null)
    .map((c) => ({ unitId: c.unitId!, unitName: c.unitName!, count: c.count }));
  return {
    partner,
    relationships: relationships.items.map((r) => withCadence(r, lastById.get(r.id) ?? null)),
    keyContacts,
    timeline,
    lastYear: {
      total: byUnit.reduce((sum, u) => sum + u.count, 0),
      byUnit: byUnit.sort((a, b) => b.count - a.count),
      byKind: counts
        .filter((c) => c.unitId === null && c.kind !== null)
        .map((c) => ({ kind: c.kind as 'meeting', count: c.count }))
        .sort((a, b) => b.count - a.count),
    },
    openTasks: tasks.items,
  };
}

export async function partnerTimeline(ctx: Ctx, partnerId: string, query: TimelineQuery) {
  const { limit, cursor, ...filter } = query;
  const [, timeline] = await Promise.all([
    getPartner(ctx, partnerId),
    timelineFor(ctx, { ...filter, partnerId }, { limit, cursor }),
  ]);
  return timeline;
}

export async function contactTimeline(ctx: Ctx, contactId: string, query: TimelineQuery) {
  await getContact(ctx, contactId);
  const { limit, cursor, ...filter } = query;
  return timelineFor(ctx, { ...filter, contactId }, { limit, cursor });
}

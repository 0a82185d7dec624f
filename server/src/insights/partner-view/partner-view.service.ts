import {
  OVERVIEW_RELATIONSHIPS,
  OVERVIEW_TASKS,
  type TimelineQuery,
} from '../../../../common/src/contracts/partner-view.ts';
import { readTag } from '../../lib/conditional.ts';
import type { Ctx } from '../../lib/context.ts';
import { touchpointPartnerScope } from '../../modules/access/audience.repository.ts';
import { getContact } from '../../modules/contacts/contacts.service.ts';
import { getPartner } from '../../modules/partners/partners.service.ts';
import { listRelationshipsFor } from '../../modules/relationships/relationships.service.ts';
import { tasksPage } from '../../modules/tasks/tasks.service.ts';
import { readTimeline, timelineFor } from '../../modules/touchpoints/touchpoints.service.ts';
import { withCadence } from './cadence.ts';
import {
  countsOfLastYear,
  keyContactsOf,
  lastContactByRelationship,
  type RelationshipSelection,
  readVersionsOf,
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

/**
 * The weak ETag of a partner's overview or timeline page as this actor would read it at `url`:
 * unchanged until a write touches what the page shows, the actor's access changes, or the hour
 * turns. Costs one primary-key read, so a current copy is confirmed without reading the rest.
 */
export async function partnerPageTag(ctx: Ctx, partnerId: string, url: string) {
  return readTag(await readVersionsOf(ctx.db, partnerId), ctx.actor, url);
}

export async function partnerTimeline(ctx: Ctx, partnerId: string, query: TimelineQuery) {
  const { limit, cursor, ...filter } = query;
  const [, timeline] = await Promise.all([
    getPartner(ctx, partnerId),
    readTimeline(ctx, { ...filter, partnerId }, { limit, cursor }),
  ]);
  return timeline;
}

export async function contactTimeline(ctx: Ctx, contactId: string, query: TimelineQuery) {
  await getContact(ctx, contactId);
  const { limit, cursor, ...filter } = query;
  return readTimeline(ctx, { ...filter, contactId }, { limit, cursor });
}

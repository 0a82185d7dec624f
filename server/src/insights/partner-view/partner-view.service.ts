import {
  OVERVIEW_RELATIONSHIPS,
  OVERVIEW_TASKS,
  type TimelineQuery,
} from '../../../../common/src/contracts/partner-view.ts';
import { touchpointList } from '../../../../common/src/lists/touchpoints.ts';
import { notFound } from '../../errors.ts';
import { readTag } from '../../lib/conditional.ts';
import type { Ctx } from '../../lib/context.ts';
import { encodeCursor } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';
import { touchpointPartnerScope } from '../../modules/access/audience.repository.ts';
import { getContact } from '../../modules/contacts/contacts.service.ts';
import { getPartner } from '../../modules/partners/partners.service.ts';
import {
  presentRelationshipsWith,
  withAbilities as relationshipAbilities,
} from '../../modules/relationships/relationships.service.ts';
import { presentTask, withAbilities as taskAbilities } from '../../modules/tasks/tasks.service.ts';
import { touchpointScopes } from '../../modules/touchpoints/touchpoints.policy.ts';
import {
  peopleByList,
  presentTouchpointsWith,
  readTimeline,
  withAbilities as touchpointAbilities,
} from '../../modules/touchpoints/touchpoints.service.ts';
import { withCadence } from './cadence.ts';
import {
  lastContactByRelationship,
  overviewRows,
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
 * Everything a member of staff needs before they call a partner, in one answer, read in one
 * statement (overviewRows). Every part that shows touch points (entries, counts, last contact,
 * follow-ups) takes the same visibility scope; each part is presented by its own module's
 * presenter, so the answer is the one the parts' services give.
 */
export async function partnerOverview(ctx: Ctx, partnerId: string) {
  return (await readOverview(ctx, partnerId)).overview;
}

/**
 * The overview and its weak ETag as this actor would read it at `url` (see partnerPageTag), in
 * one statement: the tag comes from the read versions the overview's statement read beside the
 * data, so it names exactly this answer.
 */
export async function taggedPartnerOverview(ctx: Ctx, partnerId: string, url: string) {
  const { versions, overview } = await readOverview(ctx, partnerId);
  return { tag: readTag(versions, ctx.actor, url), overview };
}

async function readOverview(ctx: Ctx, partnerId: string) {
  const scopes = touchpointScopes(ctx.actor);
  const rows = await overviewRows(ctx.db, partnerId, scopes, {
    relationships: OVERVIEW_RELATIONSHIPS,
    timeline: OVERVIEW_ENTRIES,
    tasks: OVERVIEW_TASKS,
  });
  if (!rows.partner) throw notFound('Partner');
  const relationships = presentRelationshipsWith(
    rows.relationships.map(({ lastContactAt: _l, ...r }) => dated(r, ['createdAt', 'updatedAt'])),
    rows.deputies,
  );
  const lastById = new Map(rows.relationships.map((r) => [r.id, toDate(r.lastContactAt)]));
  const entries = rows.timeline.map((t) => dated(t, ['occurredAt', 'createdAt', 'updatedAt']));
  const page = entries.slice(0, OVERVIEW_ENTRIES);
  const last = page.at(-1);
  const counts = rows.counts;
  const byUnit = counts
    .filter((c) => c.unitId !== null)
    .map((c) => ({ unitId: c.unitId!, unitName: c.unitName!, count: c.count }));
  const overview = {
    partner: presentRecord(dated(rows.partner, ['createdAt', 'updatedAt'])),
    relationships: relationships.map((r) =>
      withCadence(relationshipAbilities(ctx, r), lastById.get(r.id) ?? null),
    ),
    keyContacts: rows.keyContacts,
    timeline: {
      items: presentTouchpointsWith(page, peopleByList(rows.people)).map((t) => touchpointAbilities(ctx, t)),
      nextCursor:
        entries.length > OVERVIEW_ENTRIES && last
          ? encodeCursor(touchpointList.defaultSort, [last.occurredAt.toISOString(), last.id])
          : null,
    },
    lastYear: {
      total: byUnit.reduce((sum, u) => sum + u.count, 0),
      byUnit: byUnit.sort((a, b) => b.count - a.count),
      byKind: counts
        .filter((c) => c.unitId === null && c.kind !== null)
        .map((c) => ({ kind: c.kind as 'meeting', count: c.count }))
        .sort((a, b) => b.count - a.count),
    },
    openTasks: rows.tasks.map((t) =>
      taskAbilities(ctx, presentTask(dated(t, ['doneAt', 'createdAt', 'updatedAt']))),
    ),
  };
  return { versions: rows.versions, overview };
}

/** A row from JSON with these timestamp fields made Dates again, as the drivers give them. */
function dated<R extends object, K extends keyof R>(row: R, keys: K[]) {
  const out = { ...row } as Record<string, unknown>;
  for (const key of keys) out[key as string] = toDate(row[key] as string | null);
  return out as Omit<R, K> & { [P in K]: null extends R[P] ? Date | null : Date };
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

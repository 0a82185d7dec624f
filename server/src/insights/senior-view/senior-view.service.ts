import { SENIOR_VIEW_LIMIT } from '../../../../common/src/contracts/escalations.ts';
import type { Ctx } from '../../lib/context.ts';
import { requestAudience, touchpointAudience } from '../../modules/access/audience.repository.ts';
import { overdueDisputeStages } from '../../modules/disputes/disputes.service.ts';
import {
  openRelationshipEscalations,
  presentEscalation,
} from '../../modules/escalations/escalations.service.ts';
import { presentRequestsInOrder } from '../../modules/requests/requests.service.ts';
import { overdueReviewsEverywhere } from '../../modules/reviews/reviews.service.ts';
import { getAttentionRules } from '../../modules/service-levels/service-levels.service.ts';
import { lastContactsOf } from '../partner-view/partner-view.service.ts';
import {
  partnersBySentiment,
  type RelationshipRisk,
  relationshipsAtRisk,
  seniorRequestIds,
} from './senior-view.repository.ts';

const DAY_MS = 86_400_000;
const LIST_LIMIT = SENIOR_VIEW_LIMIT;

/**
 * The senior view: everything escalated, and everything at risk before anyone asks.
 * Every list honours the reader's visibility (a confidential request appears only to the
 * people it names), and the sentiment rule counts only touch points the reader may see.
 */
export async function seniorView(ctx: Ctx, now = new Date()) {
  const rules = await getAttentionRules(ctx);
  const scope = requestAudience.scope(ctx.actor);
  const load = (ids: { id: string }[]) =>
    presentRequestsInOrder(
      ctx.db,
      ids.map((r) => r.id),
      now,
    );

  const [escalatedIds, candidateIds, disputeIds] = await Promise.all([
    seniorRequestIds(ctx.db, { escalated: true }, scope, LIST_LIMIT * 5),
    seniorRequestIds(ctx.db, { nearTargets: { now } }, scope, LIST_LIMIT * 5),
    seniorRequestIds(
      ctx.db,
      { disputesOpenSince: new Date(now.getTime() - rules.disputeOpenDays * DAY_MS) },
      scope,
      LIST_LIMIT * 5,
    ),
  ]);
  const escalatedRequests = await load(escalatedIds.slice(0, LIST_LIMIT));
  const atRiskRequests = (await load(candidateIds))
    .filter((r) => [r.targets.firstResponse, r.targets.resolution].some((t) => t.approaching || t.breached))
    .sort(
      (a, b) => (a.targets.resolution.workingHoursLeft ?? 0) - (b.targets.resolution.workingHoursLeft ?? 0),
    )
    .slice(0, LIST_LIMIT);
  const disputes = await load(disputeIds.slice(0, LIST_LIMIT));
  const reviews = await overdueReviewsEverywhere(ctx, LIST_LIMIT);
  const disputeStages = await overdueDisputeStages(ctx, LIST_LIMIT);

  // Relationships: open escalations, and cadence long overdue.
  const openEscalations = (await openRelationshipEscalations(ctx.db)).slice(0, LIST_LIMIT);
  const escalatedRelationships = openEscalations.length
    ? await relationshipsAtRisk(ctx.db, { ids: openEscalations.map((e) => e.relationshipId!) })
    : [];
  const lastById = await lastContactsOf(ctx, { activeWithCadence: true });
  const cadenceRows = lastById.size ? await relationshipsAtRisk(ctx.db, { activeWithCadence: true }) : [];
  const longOverdue = cadenceRows
    .filter((r) => {
      const last = lastById.get(r.relationshipId) ?? null;
      return !last || now.getTime() - last.getTime() > rules.cadenceOverdueFactor * r.cadenceDays! * DAY_MS;
    })
    .sort(
      (a, b) =>
        (lastById.get(a.relationshipId)?.getTime() ?? 0) - (lastById.get(b.relationshipId)?.getTime() ?? 0),
    )
    .slice(0, LIST_LIMIT);

  // Partners whose recent sentiment is negative (visible touch points only).
  const sentiment = await partnersBySentiment(
    ctx.db,
    {
      now,
      windowDays: rules.sentimentWindowDays,
      minTouchpoints: rules.sentimentMinTouchpoints,
      threshold: rules.sentimentThreshold,
      limit: LIST_LIMIT,
    },
    touchpointAudience.scope(ctx.actor),
  );

  const escalationByRelationship = new Map(
    openEscalations.map((e) => [e.relationshipId!, presentEscalation(e)]),
  );
  const withContact = (r: RelationshipRisk) => ({
    ...r,
    lastContactAt: lastById.get(r.relationshipId)?.toISOString() ?? null,
    escalation: escalationByRelationship.get(r.relationshipId) ?? null,
  });
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    escalated: { requests: escalatedRequests, relationships: escalatedRelationships.map(withContact) },
    atRisk: {
      requests: atRiskRequests,
      relationships: longOverdue.map(withContact),
      partners: sentiment.map((s) => ({
        ...s,
        averageSentiment: round(Number(s.averageSentiment)),
        previousAverage: s.previousAverage === null ? null : round(Number(s.previousAverage)),
      })),
      disputes,
      reviews,
      disputeStages,
    },
    rules,
  };
}

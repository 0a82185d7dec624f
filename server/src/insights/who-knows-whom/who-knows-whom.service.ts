import type { Link, WhoKnowsWhom } from '../../../../common/src/contracts/who-knows-whom.ts';
import { notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { touchpointPartnerScope } from '../../modules/access/audience.repository.ts';
import { introductionPolicy } from '../../modules/introductions/introductions.policy.ts';
import { linkStrength } from './link-strength.ts';
import { linkFactsOf, partnerExists, recentEvidenceOf } from './who-knows-whom.repository.ts';

/**
 * Who knows whom at a partner: the members of staff ranked by the strength of their links, each
 * with the parts of the strength and the touch points behind it. Only touch points the viewer
 * may see count (the touch-point rule, over touchpoint_partners), so a confidential meeting
 * neither adds a colleague nor moves one's rank for someone who cannot read it.
 */
export async function whoKnowsWhom(
  ctx: Ctx,
  partnerId: string,
  query: { limit: number },
  now = new Date(),
): Promise<WhoKnowsWhom> {
  if (!(await partnerExists(ctx.db, partnerId))) throw notFound('Partner');
  const scope = touchpointPartnerScope(ctx.actor);
  const ranked = (await linkFactsOf(ctx.db, partnerId, scope, now))
    .map((row) => ({ row, ...linkStrength(row, now) }))
    .sort(
      (a, b) =>
        b.strength - a.strength ||
        b.row.lastContact.getTime() - a.row.lastContact.getTime() ||
        a.row.name.localeCompare(b.row.name),
    )
    .slice(0, query.limit);
  const evidence = await recentEvidenceOf(
    ctx.db,
    partnerId,
    scope,
    ranked.map((r) => r.row.userId),
  );
  const links: Link[] = ranked.map(({ row, strength, parts }, i) => ({
    rank: i + 1,
    colleague: { id: row.userId, name: row.name },
    unitName: row.unitName,
    strength,
    parts,
    touchpoints: row.touchpoints,
    twoWay: row.twoWay,
    lastYear: row.lastYear,
    events: row.events,
    firstContact: row.firstContact.toISOString(),
    lastContact: row.lastContact.toISOString(),
    recent: evidence
      .filter((e) => e.userId === row.userId)
      .map((e) => ({
        id: e.id,
        subject: e.subject,
        kind: e.kind as Link['recent'][number]['kind'],
        occurredAt: e.occurredAt.toISOString(),
        twoWay: e.twoWay,
      })),
  }));
  return { partnerId, links, canAskForIntroduction: introductionPolicy.canAsk(ctx.actor) };
}

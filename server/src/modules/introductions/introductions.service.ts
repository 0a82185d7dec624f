import type { AskForIntroduction } from '../../../../common/src/contracts/who-knows-whom.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { introductionPolicy } from './introductions.policy.ts';
import { introductionStore, isActiveStaff, partnerNamed } from './introductions.repository.ts';

/**
 * Asks a colleague for an introduction to a partner. The request is recorded (audited, with
 * its event), and the colleague is told in the app and by e-mail by the subscriber.
 */
export async function askForIntroduction(ctx: Ctx, partnerId: string, input: AskForIntroduction) {
  if (!introductionPolicy.canAsk(ctx.actor)) throw forbidden('Only members of staff ask for an introduction');
  return ctx.db.transaction(async (tx) => {
    if ((await partnerNamed(tx, partnerId)) === null) throw notFound('Partner');
    if (input.colleagueId === ctx.actor.userId) throw invalid('colleagueId', 'is you: ask a colleague');
    if (!(await isActiveStaff(tx, input.colleagueId)))
      throw invalid('colleagueId', 'does not name an active member of staff');
    return introductionStore.create(tx, ctx, {
      partnerId,
      askedById: ctx.actor.userId,
      colleagueId: input.colleagueId,
      message: input.message,
    });
  });
}

import type { BulkRequests } from '../../../../common/src/contracts/bulk.ts';
import { forbidden, invalid } from '../../errors.ts';
import { type BulkProgress, runBulk } from '../../lib/bulk/run.ts';
import type { Ctx } from '../../lib/context.ts';
import { targetSettings } from '../service-levels/calendar.ts';
import { requestPolicy, requestScope } from './requests.policy.ts';
import { findRequest, listRequests, lockRequestVersions } from './requests.repository.ts';
import { changeRequestIn, transitionRequestIn } from './requests.service.ts';

/**
 * Triage of many requests at once: owner and priority through the single PATCH's path, then
 * the status through the lifecycle's allowed moves (a request already there stays). Each is
 * checked as if changed alone: one the caller cannot see or work, or cannot move, refuses all.
 */
export async function triageRequestsInBulk(ctx: Ctx, body: BulkRequests, onProgress?: BulkProgress) {
  if (!requestPolicy.canComment(ctx.actor)) throw forbidden();
  const { ownerId, priority, status } = body;
  if (ownerId === undefined && !priority && !status)
    throw invalid('action', 'triage needs an owner, a priority or a status');
  // Read before the transaction: on PGlite's single connection a read beside it would wait for it.
  const { calendar } = await targetSettings(ctx.db);
  return runBulk(ctx, {
    noun: 'request',
    lock: lockRequestVersions,
    selection: body,
    matching: async (tx, filter, limit) => {
      const resolved = { ...filter, ownerId: filter.ownerId === 'me' ? ctx.actor.userId : filter.ownerId };
      const page = await listRequests(tx, resolved, requestScope(ctx.actor), { limit, sort: '-created' });
      return page.items.map((r) => r.id);
    },
    apply: async (tx, id, version) => {
      if (ownerId !== undefined || priority)
        await changeRequestIn(tx, ctx, calendar, id, version, { ownerId, priority });
      if (status && (await findRequest(tx, id))?.status !== status)
        await transitionRequestIn(tx, ctx, calendar, id, { to: status, note: null, resolution: null });
    },
    onProgress,
  });
}

import { listRequestsQuery } from '../../../../common/src/lists/queries.ts';
import type { Ctx } from '../../lib/context.ts';
import { listRequestsFor } from '../requests/requests.service.ts';
import { urgentRequestKinds } from './coordination.subscriber.ts';

/**
 * The partner's open complaints, concerns and disputes from every unit, as the caller may see
 * them (the request register's own visibility), most recent first: what to know before logging
 * a touch point or raising a request.
 */
export async function openConcernsOf(ctx: Ctx, partnerId: string) {
  const query = listRequestsQuery.parse({
    partnerId,
    kind: urgentRequestKinds.join(','),
    open: 'true',
    limit: '20',
  });
  return listRequestsFor(ctx, query);
}

import type { SearchQuery } from '../../../../common/src/contracts/search.ts';
import type { Ctx } from '../../lib/context.ts';
import { requestScope } from '../requests/requests.policy.ts';
import { touchpointScope } from '../touchpoints/touchpoints.policy.ts';
import {
  searchContacts,
  searchPartners,
  searchRequests,
  searchTouchpoints,
  searchUsers,
} from './search.repository.ts';

/**
 * One search box over partners, contacts, colleagues, and the touch points and requests the
 * actor may see (each under its own visibility scope).
 */
export async function search(ctx: Ctx, query: SearchQuery) {
  const wants = new Set(query.types);
  const { q, limit } = query;
  const [partners, contacts, touchpoints, requests, users] = await Promise.all([
    wants.has('partners') ? searchPartners(ctx.db, q, limit) : [],
    wants.has('contacts') ? searchContacts(ctx.db, q, limit) : [],
    wants.has('touchpoints') ? searchTouchpoints(ctx.db, q, limit, touchpointScope(ctx.actor)) : [],
    wants.has('requests') ? searchRequests(ctx.db, q, limit, requestScope(ctx.actor)) : [],
    wants.has('users') ? searchUsers(ctx.db, q, limit) : [],
  ]);
  return {
    partners,
    contacts,
    touchpoints: touchpoints.map((t) => ({ ...t, occurredAt: new Date(t.occurredAt).toISOString() })),
    requests,
    users,
  };
}

import type { SearchQuery } from '../../../../common/src/contracts/search.ts';
import type { Ctx } from '../../lib/context.ts';
import { touchpointScope } from '../touchpoints/touchpoints.policy.ts';
import { searchContacts, searchPartners, searchTouchpoints } from './search.repository.ts';

/** One search box over partners, contacts and the touch points the actor may see. */
export async function search(ctx: Ctx, query: SearchQuery) {
  const wants = new Set(query.types);
  const [partners, contacts, touchpoints] = await Promise.all([
    wants.has('partners') ? searchPartners(ctx.db, query.q, query.limit) : [],
    wants.has('contacts') ? searchContacts(ctx.db, query.q, query.limit) : [],
    wants.has('touchpoints')
      ? searchTouchpoints(ctx.db, query.q, query.limit, touchpointScope(ctx.actor))
      : [],
  ]);
  return {
    partners,
    contacts,
    touchpoints: touchpoints.map((t) => ({ ...t, occurredAt: new Date(t.occurredAt).toISOString() })),
  };
}

import type { BulkPartners } from '../../../../common/src/contracts/bulk.ts';
import type { UpdatePartner } from '../../../../common/src/contracts/partners.ts';
import { forbidden, invalid } from '../../errors.ts';
import type { BulkProgress } from '../../lib/bulk/run.ts';
import { runBulk } from '../../lib/bulk/run.ts';
import type { Ctx } from '../../lib/context.ts';
import { partnerTypeExists } from '../partner-types/partner-types.service.ts';
import { partnerPolicy } from './partners.policy.ts';
import { listPartners, lockPartnerVersions } from './partners.repository.ts';
import { changePartnerIn } from './partners.service.ts';

/** The change one bulk action makes to one partner, given the partner as it is now. */
function changeFor(body: BulkPartners, before: { tags: string[] }): UpdatePartner {
  switch (body.action) {
    case 'addTags':
      return { tags: [...new Set([...before.tags, ...body.tags])] };
    case 'removeTags':
      return { tags: before.tags.filter((t) => !body.tags.includes(t)) };
    case 'setStatus':
      return { status: body.status };
    case 'setType':
      return { typeId: body.typeId };
  }
}

/** Tags, status or type of many partners at once, through the partner's own write path. */
export async function changePartnersInBulk(ctx: Ctx, body: BulkPartners, onProgress?: BulkProgress) {
  if (!partnerPolicy.canWrite(ctx.actor)) throw forbidden();
  if (body.action === 'setType' && !(await partnerTypeExists(ctx.db, body.typeId)))
    throw invalid('typeId', 'does not name a partner type');
  return runBulk(ctx, {
    noun: 'partner',
    lock: lockPartnerVersions,
    selection: body,
    matching: async (tx, filter, limit) =>
      (await listPartners(tx, { ...filter, sort: 'name', limit })).items.map((p) => p.id),
    apply: (tx, id, version) => changePartnerIn(tx, ctx, id, version, (before) => changeFor(body, before)),
    onProgress,
  });
}

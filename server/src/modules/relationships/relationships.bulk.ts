import type { BulkRelationships } from '../../../../common/src/contracts/bulk.ts';
import type { UpdateRelationship } from '../../../../common/src/contracts/relationships.ts';
import { forbidden } from '../../errors.ts';
import { type BulkProgress, runBulk } from '../../lib/bulk/run.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../access/actor.ts';
import { listRelationships, lockRelationshipVersions } from './relationships.repository.ts';
import { changeRelationshipIn } from './relationships.service.ts';

const changeOf = (body: BulkRelationships): UpdateRelationship =>
  body.action === 'reassign'
    ? { managerId: body.managerId, deputyIds: body.deputyIds }
    : { status: body.status };

/**
 * Hand many relationships to a successor, or set their status, at once: each checked against
 * the relationship policy (own unit, or managed or deputised by the caller) as a PATCH is.
 */
export async function changeRelationshipsInBulk(
  ctx: Ctx,
  body: BulkRelationships,
  onProgress?: BulkProgress,
) {
  if (!hasRole(ctx.actor, 'relationship_manager')) throw forbidden();
  const change = changeOf(body);
  return runBulk(ctx, {
    noun: 'relationship',
    lock: lockRelationshipVersions,
    selection: body,
    matching: async (tx, filter, limit) =>
      (await listRelationships(tx, { ...filter, sort: 'createdAt', limit })).items.map((r) => r.id),
    apply: (tx, id, version) => changeRelationshipIn(tx, ctx, id, version, change),
    onProgress,
  });
}

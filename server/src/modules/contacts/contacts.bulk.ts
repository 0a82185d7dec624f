import type { BulkContacts } from '../../../../common/src/contracts/bulk.ts';
import type { UpdateContact } from '../../../../common/src/contracts/contacts.ts';
import { forbidden, invalid } from '../../errors.ts';
import { type BulkProgress, runBulk } from '../../lib/bulk/run.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../access/actor.ts';
import { listContacts, lockContactVersions } from './contacts.repository.ts';
import { changeContactIn } from './contacts.service.ts';

const changeOf = (body: BulkContacts): UpdateContact =>
  body.action === 'setConsent'
    ? { consentStatus: body.consentStatus, consentRecordedOn: body.consentRecordedOn }
    : { doNotInvite: body.doNotInvite };

/**
 * Consent or "do not invite" of many contacts at once (a consent exercise answered by a
 * School's staff, a partner asking not to be invited), through the contact's own write path.
 */
export async function changeContactsInBulk(ctx: Ctx, body: BulkContacts, onProgress?: BulkProgress) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  // The same rule the single PATCH applies, said once on its field rather than per record.
  if (body.action === 'setConsent' && body.consentStatus !== 'not_asked' && !body.consentRecordedOn)
    throw invalid('consentRecordedOn', 'is required when consent has been given or withdrawn');
  const change = changeOf(body);
  return runBulk(ctx, {
    noun: 'contact',
    lock: lockContactVersions,
    selection: body,
    matching: async (tx, filter, limit) =>
      (await listContacts(tx, { ...filter, sort: 'name', limit })).items.map((c) => c.id),
    apply: (tx, id, version) => changeContactIn(tx, ctx, id, version, change),
    onProgress,
  });
}

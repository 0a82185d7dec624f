import type { BulkContacts } from '../../../../common/src/contracts/bulk.ts';
import type { UpdateContact } from '../../../../common/src/contracts/contacts.ts';
import type { Executor } from '../../db/client.ts';
import { forbidden, invalid } from '../../errors.ts';
import { type BulkProgress, runBulk } from '../../lib/bulk/run.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../access/actor.ts';
import { checkRecordable, recordConsentIn } from '../personal-data/consents.service.ts';
import { listContacts, lockContactVersions } from './contacts.repository.ts';
import { changeContactIn } from './contacts.service.ts';

type Apply = (tx: Executor, id: string, version: number) => Promise<unknown>;

/** What the action does to one contact: the contact's own write path, or consent's. */
function applyOf(ctx: Ctx, body: BulkContacts): Apply {
  if (body.action === 'setConsent') {
    const change: UpdateContact = {
      consentStatus: body.consentStatus,
      consentRecordedOn: body.consentRecordedOn,
    };
    return (tx, id, version) => changeContactIn(tx, ctx, id, version, change);
  }
  const { action: _action, ids: _ids, filter: _filter, ...decision } = body;
  return (tx, id) => recordConsentIn(tx, ctx, id, decision, { skipErased: true });
}

/**
 * Consent of many contacts at once (a consent exercise answered by a School's staff, a partner
 * asking that none of its people be invited), through the contact's or consent's write path.
 */
export async function changeContactsInBulk(ctx: Ctx, body: BulkContacts, onProgress?: BulkProgress) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  // The same rule the single PATCH applies, said once on its field rather than per record.
  if (body.action === 'setConsent' && body.consentStatus !== 'not_asked' && !body.consentRecordedOn)
    throw invalid('consentRecordedOn', 'is required when consent has been given or withdrawn');
  if (body.action === 'recordPurposeConsent') await checkRecordable(ctx.db, body);
  const apply = applyOf(ctx, body);
  return runBulk(ctx, {
    noun: 'contact',
    lock: lockContactVersions,
    selection: body,
    matching: async (tx, filter, limit) =>
      (await listContacts(tx, { ...filter, sort: 'name', limit })).items.map((c) => c.id),
    apply,
    onProgress,
  });
}

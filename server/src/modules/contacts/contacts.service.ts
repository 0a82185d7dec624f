import type {
  CreateContact,
  SimilarContactsQuery,
  UpdateContact,
} from '../../../../common/src/contracts/contacts.ts';
import type { ExportContactsQuery, ListContactsQuery } from '../../../../common/src/lists/contacts.ts';
import type { Executor } from '../../db/client.ts';
import { recordChanges } from '../../db/records.ts';
import { forbidden, invalid, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import { hasRole } from '../access/actor.ts';
import {
  addAffiliation,
  addAffiliations,
  removeAffiliationsOf,
} from '../affiliations/affiliations.service.ts';
import { historyOf } from '../audit/audit.service.ts';
import { partnerExists, partnersThatExist } from '../partners/partners.service.ts';
import {
  bumpContacts,
  contactStore,
  countContacts,
  findContact,
  findContacts,
  findSimilarContacts,
  listContacts,
  presentContacts,
} from './contacts.repository.ts';

const ENTITY = 'contact';
/** Rows per query while exporting. */
const EXPORT_PAGE = 500;
const present = presentContacts;

/** Consent given or withdrawn is a fact with a date: UK GDPR asks us to be able to show when. */
function checkConsent(status: string, recordedOn: string | null) {
  if (status !== 'not_asked' && !recordedOn) {
    throw invalid('consentRecordedOn', 'is required when consent has been given or withdrawn');
  }
}

export async function listContactsFor(ctx: Ctx, query: ListContactsQuery) {
  const page = await listContacts(ctx.db, query);
  return { items: await present(ctx.db, page.items), nextCursor: page.nextCursor };
}

/** How many contacts the filters match: the directory's total. */
export async function countContactsFor(ctx: Ctx, query: ListContactsQuery) {
  const { limit: _l, cursor: _c, sort: _s, ...filter } = query;
  return { total: await countContacts(ctx.db, filter) };
}

type PresentedContact = Awaited<ReturnType<typeof present>>[number];

const exportColumns: ExportColumn<PresentedContact>[] = [
  { header: 'Name', value: (c) => c.name, width: 30 },
  { header: 'E-mail addresses', value: (c) => c.emails.join('; '), width: 30 },
  { header: 'Phone numbers', value: (c) => c.phones.join('; ') },
  { header: 'Job title', value: (c) => c.jobTitle },
  {
    header: 'Partners',
    value: (c) => c.affiliations.map((a) => `${a.partnerName} (${a.role})`).join('; '),
    width: 40,
  },
  { header: 'Lawful basis', value: (c) => c.lawfulBasis },
  { header: 'Consent', value: (c) => c.consentStatus },
  { header: 'Consent recorded on', value: (c) => c.consentRecordedOn },
  { header: 'Created', value: (c) => c.createdAt },
  { header: 'Updated', value: (c) => c.updatedAt },
  { header: 'Rapport id', value: (c) => c.id, width: 38 },
];

/** Every contact the filters match, with their current affiliations, streamed page by page. */
export function exportContacts(ctx: Ctx, query: ExportContactsQuery) {
  const { format, ...filters } = query;
  return exportFile({
    format,
    basename: 'contacts',
    sheetName: 'Contacts',
    columns: exportColumns,
    pages: keysetPages(async (cursor) => {
      const page = await listContacts(ctx.db, { ...filters, cursor, limit: EXPORT_PAGE });
      return { items: await present(ctx.db, page.items), nextCursor: page.nextCursor };
    }),
  });
}

export async function getContact(ctx: Ctx, id: string) {
  const row = await findContact(ctx.db, id);
  if (!row) throw notFound('Contact');
  return (await present(ctx.db, [row]))[0]!;
}

/** Every column of a contact from a create or update body (`undefined` in an update: unchanged). */
const columnsOf = <I extends UpdateContact>(input: I): { [K in keyof UpdateContact]-?: I[K] } => ({
  name: input.name,
  emails: input.emails,
  phones: input.phones,
  jobTitle: input.jobTitle,
  notes: input.notes,
  lawfulBasis: input.lawfulBasis,
  consentStatus: input.consentStatus,
  consentRecordedOn: input.consentRecordedOn,
});

async function loadForChange(tx: Executor, id: string) {
  const row = await findContact(tx, id);
  if (!row) throw notFound('Contact');
  return (await present(tx, [row]))[0]!;
}

/**
 * A new contact, and with `affiliation` their role at a partner, in one transaction: a bad
 * affiliation (an unknown partner, an end before the start) leaves no contact behind.
 */
export async function createContact(ctx: Ctx, input: CreateContact) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  checkConsent(input.consentStatus, input.consentRecordedOn);
  return ctx.db.transaction((tx) => createContactIn(tx, ctx, input));
}

/** Creates a contact (and their first affiliation) in the caller's transaction: an import writes a batch in one. */
export async function createContactIn(tx: Executor, ctx: Ctx, input: CreateContact) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  checkConsent(input.consentStatus, input.consentRecordedOn);
  const { affiliation } = input;
  {
    const contact = await contactStore.create(tx, ctx, columnsOf(input));
    if (!affiliation) return contact;
    if (!(await partnerExists(tx, affiliation.partnerId)))
      throw invalid('affiliation.partnerId', 'does not name an existing partner');
    if (affiliation.startDate && affiliation.endDate && affiliation.endDate < affiliation.startDate)
      throw invalid('affiliation.endDate', 'cannot be before the start date');
    await addAffiliation(tx, ctx, { ...affiliation, contactId: contact.id });
    return loadForChange(tx, contact.id);
  }
}

/**
 * Creates many contacts (and each one's first affiliation) in the caller's transaction,
 * set-based: a fixed number of statements however many (the contacts, their history entries
 * and events; the partners checked; the affiliations, theirs). Each is checked as
 * `createContactIn` checks it, and the history entries and events are the same: the contact's
 * `created` (before its affiliation), then the affiliation's. Returns the contacts' ids in order.
 */
export async function createContactsIn(tx: Executor, ctx: Ctx, inputs: CreateContact[]) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  for (const input of inputs) {
    checkConsent(input.consentStatus, input.consentRecordedOn);
    const { affiliation } = input;
    if (affiliation?.startDate && affiliation.endDate && affiliation.endDate < affiliation.startDate)
      throw invalid('affiliation.endDate', 'cannot be before the start date');
  }
  const named = inputs.flatMap((i) => (i.affiliation ? [i.affiliation.partnerId] : []));
  const existing = await partnersThatExist(tx, named);
  if (named.some((id) => !existing.has(id)))
    throw invalid('affiliation.partnerId', 'does not name an existing partner');
  const created = await contactStore.createMany(tx, ctx, inputs.map(columnsOf));
  await addAffiliations(
    tx,
    ctx,
    inputs.flatMap((input, i) =>
      input.affiliation ? [{ ...input.affiliation, contactId: created[i]!.id }] : [],
    ),
  );
  return created.map((c) => c.id);
}

/** A contact as the API shows it (with current affiliations), in the caller's transaction; null when there is none. */
export async function contactIn(tx: Executor, id: string) {
  const row = await findContact(tx, id);
  return row ? (await present(tx, [row]))[0]! : null;
}

/** Many contacts as the API shows them, in the caller's transaction, in the order of `ids` (those missing left out). */
export async function contactsIn(tx: Executor, ids: string[]) {
  return present(tx, await findContacts(tx, ids));
}

/**
 * Deletes a contact and every affiliation they have, in the caller's transaction, at their
 * current versions. For undoing what the caller's own import created: the caller has checked they may.
 */
export async function removeContactIn(tx: Executor, ctx: Ctx, id: string) {
  const before = await contactIn(tx, id);
  if (!before) return false;
  await removeAffiliationsOf(tx, ctx, id);
  const row = await findContact(tx, id);
  await contactStore.remove(tx, ctx, id, row!.version, { before });
  return true;
}

/** People who may be the one being added (same e-mail, or a similar name): the duplicate warning. */
export async function similarContacts(ctx: Ctx, query: SimilarContactsQuery) {
  const rows = await findSimilarContacts(
    ctx.db,
    { name: query.name, emails: query.email, excludeId: query.excludeId },
    query.limit,
  );
  const presented = await present(
    ctx.db,
    rows.map(({ sameEmail: _e, score: _s, ...row }) => row),
  );
  return {
    items: presented.map((contact, i) => ({
      ...contact,
      reason: rows[i]!.sameEmail ? ('email' as const) : ('name' as const),
    })),
  };
}

export async function changeContact(ctx: Ctx, id: string, version: number, input: UpdateContact) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  return ctx.db.transaction((tx) => changeContactIn(tx, ctx, id, version, input));
}

/** Changes a contact in the caller's transaction: the single PATCH and bulk actions share it. */
export async function changeContactIn(
  tx: Executor,
  ctx: Ctx,
  id: string,
  version: number,
  input: UpdateContact,
) {
  const before = await loadForChange(tx, id);
  checkConsent(
    input.consentStatus ?? before.consentStatus,
    input.consentRecordedOn === undefined ? before.consentRecordedOn : input.consentRecordedOn,
  );
  return contactStore.update(tx, ctx, id, version, columnsOf(input), { before });
}

/**
 * Changes many contacts in the caller's transaction, set-based: read before (two queries), one
 * update of them all, read after (two), one insert of their history entries and one of their
 * events, however many. Each is checked and recorded as `changeContactIn` does one; a contact
 * someone changed first (its version moved on) is a 412, as there.
 */
export async function changeContactsIn(
  tx: Executor,
  ctx: Ctx,
  changes: { id: string; version: number; input: UpdateContact }[],
) {
  if (changes.length === 0) return [];
  const ids = changes.map((c) => c.id);
  const befores = await present(tx, await findContacts(tx, ids));
  const beforeOf = new Map(befores.map((b) => [b.id, b]));
  for (const { id, input } of changes) {
    const before = beforeOf.get(id);
    if (!before) throw notFound('Contact');
    checkConsent(
      input.consentStatus ?? before.consentStatus,
      input.consentRecordedOn === undefined ? before.consentRecordedOn : input.consentRecordedOn,
    );
  }
  const bumped = await bumpContacts(
    tx,
    changes.map((c) => ({ id: c.id, version: c.version, columns: columnsOf(c.input) })),
  );
  if (bumped.size !== new Set(ids).size) throw stale('contact');
  const afters = await present(tx, await findContacts(tx, ids));
  await recordChanges(
    tx,
    ctx,
    afters.map((after) => ({
      entity: 'contact',
      entityId: after.id,
      action: 'updated',
      before: beforeOf.get(after.id),
      after,
    })),
  );
  return afters;
}

export async function removeContact(ctx: Ctx, id: string, version: number) {
  if (!hasRole(ctx.actor, 'senior_manager'))
    throw forbidden('Only senior managers and administrators delete contacts');
  await ctx.db.transaction(async (tx) => {
    const before = await loadForChange(tx, id);
    await contactStore.remove(tx, ctx, id, version, { before });
  });
}

export async function contactHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getContact(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}

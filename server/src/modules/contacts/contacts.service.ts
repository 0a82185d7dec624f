import type { CreateContact, UpdateContact } from '../../../../common/src/contracts/contacts.ts';
import type { ExportContactsQuery, ListContactsQuery } from '../../../../common/src/lists/contacts.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, invalid, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import { presentRecord } from '../../lib/records.ts';
import { hasRole } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import {
  currentAffiliationsOf,
  deleteContact,
  findContact,
  insertContact,
  listContacts,
  updateContact,
} from './contacts.repository.ts';

const ENTITY = 'contact';
/** Rows per query while exporting. */
const EXPORT_PAGE = 500;
type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;

/** Adds each contact's current affiliations, fetched for the whole page at once. */
async function present(db: Executor, rows: ContactRow[]) {
  const links = await currentAffiliationsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    ...presentRecord(row),
    affiliations: links.filter((l) => l.contactId === row.id).map(({ contactId: _c, ...l }) => l),
  }));
}

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

export async function createContact(ctx: Ctx, input: CreateContact) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  checkConsent(input.consentStatus, input.consentRecordedOn);
  return ctx.db.transaction(async (tx) => {
    const id = await insertContact(tx, input);
    const after = (await findContact(tx, id))!;
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'created', after });
    return (await present(tx, [after]))[0]!;
  });
}

export async function changeContact(ctx: Ctx, id: string, version: number, input: UpdateContact) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const before = await findContact(tx, id);
    if (!before) throw notFound('Contact');
    checkConsent(
      input.consentStatus ?? before.consentStatus,
      input.consentRecordedOn === undefined ? before.consentRecordedOn : input.consentRecordedOn,
    );
    if (!(await updateContact(tx, id, version, input))) throw stale('contact');
    const after = (await findContact(tx, id))!;
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'updated', before, after });
    return (await present(tx, [after]))[0]!;
  });
}

export async function removeContact(ctx: Ctx, id: string, version: number) {
  if (!hasRole(ctx.actor, 'senior_manager'))
    throw forbidden('Only senior managers and administrators delete contacts');
  await ctx.db.transaction(async (tx) => {
    const before = await findContact(tx, id);
    if (!before) throw notFound('Contact');
    if (before.version !== version) throw stale('contact');
    await deleteContact(tx, id);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'deleted', before });
  });
}

export async function contactHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getContact(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}

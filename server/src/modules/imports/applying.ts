import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ImportChoices, RowChoice, RowMatch } from '../../../../common/src/contracts/imports.ts';
import type { Executor } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { addAffiliation, addAffiliations } from '../affiliations/affiliations.service.ts';
import {
  changeContactIn,
  changeContactsIn,
  contactIn,
  contactsIn,
  createContactsIn,
} from '../contacts/contacts.service.ts';
import { changePartnersIn, createPartnersIn, partnersIn } from '../partners/partners.service.ts';
import {
  createRelationshipRows,
  createTouchpointRows,
  updateRelationshipRows,
} from './applying-engagements.ts';
import type { CheckedRow } from './checking.ts';
import type { ImportRow } from './imports.repository.ts';
import type { CheckedBatch } from './imports.service.ts';
import { createdByImport, type OutcomeRow, recordsOfRows } from './runs.repository.ts';

/**
 * What a run does with each row of a batch, through the records' own write path (their
 * services, so each write has its history entry and event), in the batch's transaction. The
 * rows that create records are written together, through each record's set-based path (one
 * insert of the records, one of their history entries, one of their events), so a batch costs
 * a fixed number of statements whatever its size; so are the updates (one update statement of
 * the batch's partners, contacts or relationships).
 * A batch is first applied straight; should any row fail there, the batch is rolled back and
 * applied again with each row in a savepoint of its own, so a failed row is rolled back alone
 * and reported with its reason. (Not savepoints every time: past 64 in one transaction
 * PostgreSQL's subtransaction cache overflows and every read of the batch slows down.)
 */

export type RunContext = {
  ctx: Ctx;
  job: ImportRow;
  /** An earlier finished import of the same bytes: a row it wrote is updated, not duplicated. */
  earlierImportId: string | null;
};

type Values = CheckedRow['values'];
type Fields = Record<string, unknown>;

const text = (v: Values[string] | undefined) => (typeof v === 'string' ? v : null);
const describe = (m: RowMatch) =>
  m.recordId ? `"${m.name}" in Rapport (${m.evidence.join(', ')})` : `row ${m.row} ("${m.name}")`;

/** The row's problems as one sentence for the report. */
const problemsOf = (row: CheckedRow) =>
  row.errors.map((e) => (e.column ? `${e.column} ${e.message}` : e.message)).join('; ');

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields an update changes: those chosen (every mapped one by default) that the file fills. */
function chosenFields(job: ImportRow, choice: RowChoice) {
  const mapped = Object.keys(job.mapping);
  return new Set(choice.fields?.length ? choice.fields.filter((f) => mapped.includes(f)) : mapped);
}

/** The choice for a row with matches: its own, or the one for all alike. */
function choiceFor(choices: ImportChoices, row: number): RowChoice | null {
  return choices.rows[String(row)] ?? (choices.all ? { action: choices.all } : null);
}

/** The record a row of each kind becomes. */
export const entityOf = {
  partners: 'partner',
  contacts: 'contact',
  relationships: 'relationship',
  touchpoints: 'touchpoint',
} as const;

/** What the report and the duplicates call a row: its name, the pair it links, or its subject. */
export function rowName(kind: ImportRow['kind'], values: Values): string | null {
  if (kind === 'relationships') {
    const partner = text(values.partner);
    const unit = text(values.unit);
    return partner && unit ? `${partner} and ${unit}` : (partner ?? unit);
  }
  return kind === 'touchpoints' ? text(values.subject) : text(values.name);
}

/** Applies a batch; returns what became of each row, for `import_rows`. */
export async function applyBatch(
  tx: Executor,
  run: RunContext,
  batch: CheckedBatch,
  rows: CheckedRow[],
  options: { isolateRows: boolean },
): Promise<OutcomeRow[]> {
  const { job } = run;
  const entity = entityOf[job.kind];
  const matched = rows.flatMap((r) => batch.matches.get(r.row) ?? []);
  // Records this run created itself are no duplicates: the preview, taken before the run, did
  // not see them either (within the file it matched the earlier row, which stays a match).
  const own = await createdByImport(
    tx,
    job.id,
    matched.flatMap((m) => (m.recordId ? [m.recordId] : [])),
  );
  const earlier = run.earlierImportId
    ? await recordsOfRows(
        tx,
        run.earlierImportId,
        rows.map((r) => r.row),
      )
    : new Map<number, string>();
  // What rows of earlier batches that these rows repeat became, in one lookup.
  const repeated = await recordsOfRows(tx, job.id, [
    ...new Set(matched.flatMap((m) => (m.row !== null ? [m.row] : []))),
  ]);
  const written = new Map<number, string>();
  /** Partners created in this batch by lower-case name, for a parent group named a row above. */
  const createdNames = new Map<string, string>();
  const outcomes: OutcomeRow[] = [];

  /**
   * The rows to create, gathered and written together, set-based (a fixed number of statements
   * for the whole batch, whatever its size). A row that needs one of them written first (an
   * update of a record a row above creates; a partner whose group a row above creates) writes
   * those gathered so far before it. Rows on their own (`isolateRows`) are written one by one.
   */
  const pending: { at: number; row: CheckedRow; matches: RowMatch[]; choice: RowChoice }[] = [];
  const pendingRows = new Set<number>();
  const pendingNames = new Set<string>();
  const settle = (at: number, row: CheckedRow, matches: RowMatch[], choice: RowChoice, outcome: Applied) => {
    if (outcome.recordId) written.set(row.row, outcome.recordId);
    const found = text(row.values.partnerBy);
    const reason =
      [
        outcome.reason ??
          (matches.length && choice.action === 'create'
            ? `created as chosen, although it looks like ${describe(matches[0]!)}`
            : null),
        found && outcome.outcome !== 'failed'
          ? `placed at ${text(row.values.partner)} by its ${found}`
          : null,
      ]
        .filter(Boolean)
        .join('; ') || null;
    outcomes[at] = { ...outcomes[at]!, ...outcome, reason };
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const items = pending.splice(0);
    pendingRows.clear();
    pendingNames.clear();
    const applied = await createRows(
      tx,
      run,
      items.map((p) => p.row.values),
      createdNames,
    );
    for (const [i, p] of items.entries()) settle(p.at, p.row, p.matches, p.choice, applied[i]!);
  };
  /**
   * Updates, gathered and written together too: a contact changed twice is folded into one
   * change; a partner or relationship a row changes again writes those gathered so far first,
   * so each row reads what the rows above left (as row by row).
   */
  const updates: ({ at: number; matches: RowMatch[]; choice: RowChoice } & Update)[] = [];
  const updateRows = new Set<number>();
  const updateIds = new Set<string>();
  const flushUpdates = async () => {
    if (updates.length === 0) return;
    const items = updates.splice(0);
    updateRows.clear();
    updateIds.clear();
    const applied = await applyUpdates(tx, run, items);
    for (const [i, p] of items.entries()) settle(p.at, p.row, p.matches, p.choice, applied[i]!);
  };
  const failedRow = (error: unknown): Applied => {
    if (!options.isolateRows || !(error instanceof AppError)) throw error;
    const detail = error.extra.errors?.map((e) => `${e.field} ${e.message}`).join('; ');
    return { outcome: 'failed', recordId: null, reason: (detail || error.message).slice(0, 2000) };
  };

  for (const [index, row] of rows.entries()) {
    // Let the server read requests meanwhile (PGlite runs in this thread).
    if (index % 50 === 49) await nextTurn();
    const name = rowName(job.kind, row.values);
    const base = { importId: job.id, row: row.row, entity, name: name?.slice(0, 300) ?? null };
    if (row.errors.length) {
      outcomes.push({ ...base, outcome: 'failed', reason: problemsOf(row).slice(0, 2000) });
      continue;
    }
    const matches = (batch.matches.get(row.row) ?? []).filter((m) => !(m.recordId && own.has(m.recordId)));
    const choice = matches.length ? choiceFor(job.choices, row.row) : { action: 'create' as const };
    if (!choice) {
      outcomes.push({
        ...base,
        outcome: 'skipped',
        reason: `looks like ${describe(matches[0]!)}, and no choice was made for it`,
      });
      continue;
    }
    if (choice.action === 'update' && entity === 'touchpoint') {
      outcomes.push({
        ...base,
        outcome: 'skipped',
        reason: `skipped: it looks like ${describe(matches[0]!)}, and an import does not change a touch point already logged`,
      });
      continue;
    }
    if (choice.action === 'skip') {
      outcomes.push({
        ...base,
        outcome: 'skipped',
        reason: `skipped as chosen: it looks like ${describe(matches[0]!)}`,
      });
      continue;
    }
    // A partner placed in a group a row above creates: that row is written first.
    const parent = entity === 'partner' ? text(row.values.parent)?.toLowerCase() : undefined;
    if (parent && !text(row.values.parentId) && pendingNames.has(parent)) await flush();
    const at = outcomes.push({ ...base, outcome: 'failed', reason: null }) - 1;
    if (choice.action === 'create') {
      if (!options.isolateRows) {
        pending.push({ at, row, matches, choice });
        pendingRows.add(row.row);
        if (entity === 'partner' && text(row.values.name))
          pendingNames.add(text(row.values.name)!.toLowerCase());
        continue;
      }
      let applied: Applied;
      try {
        applied = (await tx.transaction((into) => createRows(into, run, [row.values], createdNames)))[0]!;
      } catch (error) {
        applied = failedRow(error);
      }
      settle(at, row, matches, choice, applied);
      continue;
    }
    const fromRow = matches.find((m) => m.row !== null)?.row ?? null;
    // An update of what a row above creates: that row is written first.
    if (fromRow !== null && pendingRows.has(fromRow)) await flush();
    if (fromRow !== null && updateRows.has(fromRow)) await flushUpdates();
    const targetId =
      choice.recordId ??
      earlier.get(row.row) ??
      matches.find((m) => m.recordId)?.recordId ??
      (fromRow !== null ? (written.get(fromRow) ?? repeated.get(fromRow) ?? null) : null);
    if (!targetId) {
      outcomes[at] = {
        ...base,
        outcome: 'failed',
        reason: 'was to update a record, but none matches it any more',
      };
      continue;
    }
    const update: Update = {
      id: targetId,
      row,
      fields: chosenFields(job, choice),
      // Taken now: the parent a row above creates is known from here on.
      partner: entity === 'partner' ? partnerColumns(row.values, createdNames) : undefined,
    };
    if (!options.isolateRows) {
      // A contact changed by several rows: folded in memory into one change (see updateContacts).
      if (entity !== 'contact' && updateIds.has(targetId)) await flushUpdates();
      updates.push({ at, matches, choice, ...update });
      updateRows.add(row.row);
      updateIds.add(targetId);
      continue;
    }
    let applied: Applied;
    try {
      applied = await tx.transaction(async (into) =>
        entity === 'contact'
          ? updateContact(into, run, targetId, row.values, update.fields)
          : (await applyUpdates(into, run, [update]))[0]!,
      );
    } catch (error) {
      applied = failedRow(error);
    }
    settle(at, row, matches, choice, applied);
  }
  await flush();
  await flushUpdates();
  return outcomes;
}

/** Creates the records these rows give, together, through each record's set-based write path. */
function createRows(
  tx: Executor,
  run: RunContext,
  list: Values[],
  createdNames: Map<string, string>,
): Promise<Applied[]> {
  const entity = entityOf[run.job.kind];
  if (entity === 'partner') return createPartners(tx, run, list, createdNames);
  if (entity === 'contact') return createContacts(tx, run, list);
  if (entity === 'relationship') return createRelationshipRows(tx, run, list);
  return createTouchpointRows(tx, run, list);
}

type Applied = Pick<OutcomeRow, 'outcome' | 'recordId' | 'reason' | 'before' | 'after'>;

function parentOf(values: Values, createdNames: Map<string, string>) {
  const parent = text(values.parent);
  if (!parent) return null;
  return text(values.parentId) ?? createdNames.get(parent.toLowerCase()) ?? null;
}

function partnerColumns(values: Values, createdNames: Map<string, string>): Fields {
  return {
    name: text(values.name),
    typeId: text(values.typeId),
    parentId: parentOf(values, createdNames),
    website: text(values.website),
    sector: text(values.sector),
    addressLine: text(values.addressLine),
    city: text(values.city),
    postcode: text(values.postcode),
    country: text(values.country),
    tags: Array.isArray(values.tags) ? values.tags : null,
    status: text(values.status),
  };
}

/** The record field a file field fills (the type and parent by their ids). */
const partnerColumnOf: Record<string, string> = { type: 'typeId', parent: 'parentId' };

async function createPartners(
  tx: Executor,
  run: RunContext,
  list: Values[],
  createdNames: Map<string, string>,
): Promise<Applied[]> {
  const created = await createPartnersIn(
    tx,
    run.ctx,
    list.map((values) => {
      const c = partnerColumns(values, createdNames);
      return {
        name: c.name as string,
        typeId: c.typeId as string,
        parentId: c.parentId as string | null,
        isInternal: false,
        unitId: null,
        status: (c.status as 'active' | 'dormant' | 'archived' | null) ?? 'active',
        website: c.website as string | null,
        sector: c.sector as string | null,
        addressLine: c.addressLine as string | null,
        city: c.city as string | null,
        postcode: c.postcode as string | null,
        country: c.country as string | null,
        tags: (c.tags as string[] | null) ?? [],
      };
    }),
  );
  return created.map((partner) => {
    const key = partner.name.toLowerCase();
    if (!createdNames.has(key)) createdNames.set(key, partner.id);
    return { outcome: 'created', recordId: partner.id, reason: null };
  });
}

/** A row's update of a record: the record, the row, the fields taken (a partner's columns as read then). */
type Update = { id: string; row: CheckedRow; fields: Set<string>; partner?: Fields };

/** The batch's updates of its kind of record, together (each record once in `list`, but a contact). */
function applyUpdates(tx: Executor, run: RunContext, list: Update[]): Promise<Applied[]> {
  const entity = entityOf[run.job.kind];
  if (entity === 'partner') return updatePartners(tx, run, list);
  if (entity === 'contact') return updateContacts(tx, run, list);
  return updateRelationshipRows(
    tx,
    run,
    list.map((u) => ({ id: u.id, values: u.row.values, fields: u.fields })),
  );
}

/**
 * Partners' updates, together: read in one query, changed through the partners' set-based
 * path (one update, one insert of history entries, one of events). Each partner once.
 */
async function updatePartners(tx: Executor, run: RunContext, list: Update[]): Promise<Applied[]> {
  const currents = new Map(
    (
      await partnersIn(
        tx,
        list.map((u) => u.id),
      )
    ).map((p) => [p.id, p as unknown as Fields & { version: number; tags: string[] }]),
  );
  const changes: Parameters<typeof changePartnersIn>[2] = [];
  const applied = list.map(({ id, fields, partner: columns }): Applied => {
    const current = currents.get(id);
    if (!current)
      return { outcome: 'failed', recordId: id, reason: 'was to update a partner that no longer exists' };
    const before: Fields = {};
    const after: Fields = {};
    for (const field of fields) {
      const column = partnerColumnOf[field] ?? field;
      let value = columns![column];
      if (value === null || value === undefined) continue;
      // Tags are added to those the partner has, never taken away.
      if (column === 'tags') value = [...new Set([...current.tags, ...(value as string[])])];
      if (same(current[column], value)) continue;
      before[column] = current[column];
      after[column] = value;
    }
    if (Object.keys(after).length === 0)
      return {
        outcome: 'skipped',
        recordId: id,
        reason: 'nothing to change: the partner already holds these values',
      };
    changes.push({ id, version: current.version, input: after });
    return {
      outcome: 'updated',
      recordId: id,
      reason: `changed ${Object.keys(after).join(', ')}`,
      before,
      after,
    };
  });
  await changePartnersIn(tx, run.ctx, changes);
  return applied;
}

async function createContacts(tx: Executor, run: RunContext, list: Values[]): Promise<Applied[]> {
  const ids = await createContactsIn(
    tx,
    run.ctx,
    list.map((values) => {
      const email = text(values.email);
      const phone = text(values.phone);
      const consentOn = text(values.consentRecordedOn);
      const partnerId = text(values.partnerId);
      return {
        name: text(values.name)!,
        emails: email ? [email] : [],
        phones: phone ? [phone] : [],
        jobTitle: text(values.jobTitle),
        notes: text(values.notes),
        lawfulBasis: 'legitimate_interests' as const,
        consentStatus: consentOn ? ('given' as const) : ('not_asked' as const),
        consentRecordedOn: consentOn,
        affiliation: partnerId
          ? {
              partnerId,
              role: text(values.role) ?? 'Contact',
              isKeyContact: false,
              isPrimary: false,
              startDate: null,
              endDate: null,
            }
          : undefined,
      };
    }),
  );
  return ids.map((id) => ({ outcome: 'created', recordId: id, reason: null }));
}

type ContactRecord = NonNullable<Awaited<ReturnType<typeof contactIn>>>;

/** What a row changes of a contact: the fields, and whether it adds a role at its partner. */
function contactChangeOf(current: ContactRecord, values: Values, fields: Set<string>) {
  const before: Fields = {};
  const after: Fields = {};
  const set = (column: string, value: unknown) => {
    if (value === null || value === undefined || same((current as Fields)[column], value)) return;
    before[column] = (current as Fields)[column];
    after[column] = value;
  };
  const email = text(values.email);
  const phone = text(values.phone);
  if (fields.has('name')) set('name', text(values.name));
  if (fields.has('email') && email && !current.emails.includes(email))
    set('emails', [...current.emails, email]);
  if (fields.has('phone') && phone && !current.phones.includes(phone))
    set('phones', [...current.phones, phone]);
  if (fields.has('jobTitle')) set('jobTitle', text(values.jobTitle));
  if (fields.has('notes')) set('notes', text(values.notes));
  if (fields.has('consentRecordedOn') && text(values.consentRecordedOn)) {
    set('consentStatus', 'given');
    set('consentRecordedOn', text(values.consentRecordedOn));
  }
  const partnerId = text(values.partnerId);
  const addsRole =
    fields.has('partner') && partnerId && !current.affiliations.some((a) => a.partnerId === partnerId)
      ? partnerId
      : null;
  return { before, after, addsRole };
}

const roleAt = (id: string, partnerId: string, values: Values) => ({
  contactId: id,
  partnerId,
  role: text(values.role) ?? 'Contact',
  isKeyContact: false,
  isPrimary: false,
  startDate: null,
  endDate: null,
});

function contactOutcome(id: string, values: Values, change: ReturnType<typeof contactChangeOf>): Applied {
  const changed = Object.keys(change.after).filter((k) => k !== 'affiliationId');
  if (change.addsRole) changed.push(`a role at ${text(values.partner)}`);
  if (changed.length === 0)
    return {
      outcome: 'skipped',
      recordId: id,
      reason: 'nothing to change: the contact already holds these values',
    };
  return {
    outcome: 'updated',
    recordId: id,
    reason: `changed ${changed.join(', ')}`,
    before: change.before,
    after: change.after,
  };
}

async function updateContact(
  tx: Executor,
  run: RunContext,
  id: string,
  values: Values,
  fields: Set<string>,
): Promise<Applied> {
  const current = await contactIn(tx, id);
  if (!current)
    return { outcome: 'failed', recordId: id, reason: 'was to update a contact that no longer exists' };
  const change = contactChangeOf(current, values, fields);
  if (Object.keys(change.after).length) await changeContactIn(tx, run.ctx, id, current.version, change.after);
  if (change.addsRole) {
    const affiliation = await addAffiliation(tx, run.ctx, roleAt(id, change.addsRole, values));
    change.after.affiliationId = affiliation.id;
  }
  return contactOutcome(id, values, change);
}

/**
 * Contacts' updates, together: read in one query, changed through the contacts' set-based path,
 * the new roles through the affiliations'. A contact several rows change is changed once, with
 * the rows' changes folded in memory in row order: one update, one history entry and one event
 * with the final values. Each row keeps its own outcome, its before and after taken against the
 * values the rows above left, so an undo (last row first) puts back what each row changed.
 */
async function updateContacts(
  tx: Executor,
  run: RunContext,
  list: { id: string; row: CheckedRow; fields: Set<string> }[],
): Promise<Applied[]> {
  const originals = new Map(
    (await contactsIn(tx, [...new Set(list.map((u) => u.id))])).map((c) => [c.id, c]),
  );
  /** Each contact as the rows so far leave it, and the columns they changed (in the order first changed). */
  const working = new Map<string, ContactRecord>();
  const touched = new Map<string, Set<string>>();
  const changes = list.map((u) => {
    const current = working.get(u.id) ?? originals.get(u.id);
    if (!current) return null;
    const change = contactChangeOf(current, u.row.values, u.fields);
    const columns = touched.get(u.id) ?? new Set<string>();
    for (const column of Object.keys(change.after)) columns.add(column);
    touched.set(u.id, columns);
    working.set(u.id, {
      ...current,
      ...change.after,
      affiliations: change.addsRole
        ? [...current.affiliations, { partnerId: change.addsRole } as ContactRecord['affiliations'][number]]
        : current.affiliations,
    } as ContactRecord);
    return change;
  });
  const merged = [...working.entries()].flatMap(([id, final]) => {
    const original = originals.get(id)!;
    const input: Fields = {};
    for (const column of touched.get(id)!)
      if (!same((original as Fields)[column], (final as Fields)[column]))
        input[column] = (final as Fields)[column];
    return Object.keys(input).length ? [{ id, version: original.version, input }] : [];
  });
  await changeContactsIn(tx, run.ctx, merged);
  const roles = list.flatMap((_u, i) => (changes[i]?.addsRole ? [i] : []));
  const added = await addAffiliations(
    tx,
    run.ctx,
    roles.map((i) => roleAt(list[i]!.id, changes[i]!.addsRole!, list[i]!.row.values)),
  );
  for (const [n, i] of roles.entries()) changes[i]!.after.affiliationId = added[n]!.id;
  return list.map((u, i) =>
    changes[i]
      ? contactOutcome(u.id, u.row.values, changes[i]!)
      : { outcome: 'failed', recordId: u.id, reason: 'was to update a contact that no longer exists' },
  );
}

import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { headingKey, importFields, type RowError } from '../../../../common/src/contracts/imports.ts';
import type { ImportKind } from '../../../../common/src/labels/imports.ts';
import { partnerStatuses, partnerStatusLabels } from '../../../../common/src/labels/partners.ts';
import {
  relationshipStageLabels,
  relationshipStages,
  relationshipStatuses,
  relationshipStatusLabels,
} from '../../../../common/src/labels/relationships.ts';
import { touchpointKindLabels, touchpointKinds } from '../../../../common/src/labels/touchpoints.ts';
import {
  visibilities,
  visibilityBadges,
  visibilityLabels,
} from '../../../../common/src/labels/visibility.ts';
import { isWebmailDomain } from '../../../../common/src/webmail.ts';
import type { Row } from './reading.ts';

/**
 * A row of a file as the record it becomes: each mapped field's value read and checked as the
 * record's own rules would (lengths, e-mail, dates, a partner type or partner that exists), with
 * every problem named by the row number and the column heading as the file spells them.
 */

/** What the rows are checked against: names and ids found in Rapport, a batch at a time. */
export type Lookups = {
  /** lower-case name → the partner type's id and name. */
  partnerTypes: Map<string, { id: string; name: string }>;
  /** Partners by lower-case name, website domain or id, for the references of a batch. */
  partners: Map<string, { id: string; name: string }>;
  /** Units by `unit:<lower-case name or code>`, for the references of a batch. */
  units: Map<string, { id: string; name: string }>;
  /** Active staff and contacts by lower-case e-mail, for the references of a batch. */
  staff: Map<string, { id: string; name: string }>;
  contacts: Map<string, { id: string; name: string }>;
};
export const noLookups = (partnerTypes: Lookups['partnerTypes'] = new Map()): Lookups => ({
  partnerTypes,
  partners: new Map(),
  units: new Map(),
  staff: new Map(),
  contacts: new Map(),
});

/**
 * A key (an e-mail address, a name) as what the file memory keeps of it: 53 bits of its SHA-1
 * digest, one number whatever the key's length. Never the row's own string: a cell is a slice
 * of the text the file was read in, and one kept cell keeps that whole chunk of the file alive
 * (a run of 20,000 rows kept every chunk it read). Two keys of one file alike by chance: with
 * n keys about n²/2⁵⁴, one in 1.8 million files of 100,000 rows.
 */
export function memoryKey(key: string): number {
  const digest = createHash('sha1').update(key).digest();
  return digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11);
}

/**
 * What is remembered of the rows before, within one pass over the file: for each e-mail the
 * first row that has it, and the partners' names, by `memoryKey` (a map entry of numbers,
 * about 50 bytes a row whatever the rows hold; see imports.memory.test.ts).
 */
export type FileMemory = { emails: Map<number, number>; partnerNames: Set<number> };
export const newFileMemory = (): FileMemory => ({ emails: new Map(), partnerNames: new Set() });

export type CheckedRow = {
  row: number;
  /**
   * The values as they will be stored, by field key; and the ids the names resolved to
   * (`typeId`, `parentId`, `partnerId`) for the run, which writes them.
   */
  values: Record<string, string | string[] | null>;
  errors: RowError[];
};

const maxLength: Record<string, number> = {
  name: 300,
  type: 300,
  parent: 300,
  website: 500,
  sector: 200,
  addressLine: 500,
  city: 120,
  postcode: 20,
  country: 120,
  tags: 3000,
  status: 40,
  email: 320,
  phone: 20,
  jobTitle: 200,
  partner: 500,
  role: 200,
  consentRecordedOn: 40,
  notes: 10_000,
  unit: 200,
  manager: 320,
  stage: 60,
  cadenceDays: 20,
  startDate: 40,
  reviewDate: 40,
  objectives: 5000,
  occurredAt: 60,
  kind: 40,
  subject: 300,
  participants: 5000,
  visibility: 60,
};
/** Where a kind's field has a length of its own. */
const maxLengthOf: Partial<Record<ImportKind, Record<string, number>>> = {
  contacts: { name: 200 },
  touchpoints: { notes: 20_000 },
};

const count = (n: number) => n.toLocaleString('en-GB');
const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
const emailSchema = z.email();
const phonePattern = /^\+?[0-9 ()-]{6,20}$/;

/** A web address's domain without `www.` ("https://www.ashdown.ac.uk/about" → "ashdown.ac.uk"). */
export function domainOf(address: string): string | null {
  const match = /^(?:[a-z]+:\/\/)?(?:www\.)?([^/:?#\s@]+\.[^/:?#\s@]+)/i.exec(address.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** How a contact row names its partner: an id, a website domain, or a name. */
export function partnerKeyOf(reference: string): string {
  const value = reference.trim();
  if (isUuid(value)) return `id:${value.toLowerCase()}`;
  if (/^\S+\.\S+$/.test(value) && !/\s/.test(value))
    return `domain:${domainOf(value) ?? value.toLowerCase()}`;
  return `name:${value.toLowerCase()}`;
}

const dateFormats = [
  'd/M/yyyy',
  'd.M.yyyy',
  'd-M-yyyy',
  'd MMMM yyyy',
  'd MMM yyyy',
  'MMMM d, yyyy',
  'd/M/yy',
];

/** A date in any of the ways people write one (day before month, as in the UK), or null. */
export function readDate(text: string): string | null {
  const value = text.trim().replace(/\s+/g, ' ');
  const iso = DateTime.fromISO(value, { zone: 'utc' });
  if (iso.isValid && /^\d{4}-\d{2}-\d{2}/.test(value)) return iso.toISODate();
  for (const format of dateFormats) {
    const parsed = DateTime.fromFormat(value, format, { locale: 'en-GB', zone: 'utc' });
    if (parsed.isValid) return parsed.toISODate();
  }
  return null;
}

const statusByWord = new Map<string, string>(
  partnerStatuses.flatMap((s) => [
    [s, s],
    [partnerStatusLabels[s].toLowerCase(), s],
  ]),
);

/** The domain of an e-mail address that may name a partner (null for webmail, or no address). */
export function workDomainOf(email: string | null | undefined): string | null {
  const at = email?.trim().toLowerCase().split('@');
  if (at?.length !== 2 || !at[1]?.includes('.')) return null;
  return isWebmailDomain(at[1]) ? null : at[1];
}

/** The e-mail addresses of a cell: separated by commas, semicolons or spaces. */
export const emailsIn = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((e) => e.replace(/^<|>$/g, '').trim().toLowerCase())
    .filter(Boolean);

/**
 * The references a row makes, to look them up for a whole batch at once: partners keyed as
 * `partnerKeyOf` keys them, `unit:<lower-case name or code>` and `email:<lower-case address>`.
 */
export function referencesOf(kind: ImportKind, mapping: Record<string, string>, columns: string[], row: Row) {
  const cell = (field: string) => {
    const column = mapping[field];
    return column ? (row.cells[columns.indexOf(column)]?.trim() ?? '') : '';
  };
  const keys: string[] = [];
  if (kind === 'partners') {
    if (cell('parent')) keys.push(`name:${cell('parent').toLowerCase()}`);
    return keys;
  }
  if (cell('partner')) keys.push(partnerKeyOf(cell('partner')));
  if (kind === 'contacts') {
    // A contact whose partner is not named may be placed by the domain of their e-mail.
    const domain = cell('partner') ? null : workDomainOf(cell('email'));
    if (domain) keys.push(`domain:${domain}`);
    return keys;
  }
  if (cell('unit')) keys.push(`unit:${cell('unit').toLowerCase()}`);
  if (kind === 'relationships' && cell('manager')) keys.push(`email:${cell('manager').toLowerCase()}`);
  if (kind === 'touchpoints') for (const email of emailsIn(cell('participants'))) keys.push(`email:${email}`);
  return keys;
}

/** Checks one row against the field rules, the lookups and the rows before it. */
export function checkRow(
  kind: ImportKind,
  mapping: Record<string, string>,
  columns: string[],
  row: Row,
  lookups: Lookups,
  memory: FileMemory,
): CheckedRow {
  const errors: RowError[] = [];
  const values: CheckedRow['values'] = {};
  const fail = (column: string | null, message: string) => errors.push({ row: row.row, column, message });

  if (row.cells.length > columns.length && row.cells.slice(columns.length).some((c) => c && c.trim() !== ''))
    fail(
      null,
      `has ${count(row.cells.length)} cells but the headings name ${count(columns.length)} columns: the cells after "${columns.at(-1)}" have no heading`,
    );
  const mappedColumns = new Set(Object.values(mapping));
  for (const problem of row.problems) {
    const column = columns[problem.index] ?? null;
    if (column && mappedColumns.has(column)) fail(column, `${problem.message}`);
  }

  for (const field of importFields[kind]) {
    const column = mapping[field.key];
    if (!column) {
      values[field.key] = null;
      continue;
    }
    const raw = row.cells[columns.indexOf(column)] ?? null;
    const text = raw === null ? '' : raw.trim();
    values[field.key] = null;
    if (text === '') {
      if (field.required) fail(column, `is empty: ${field.label} is required`);
      continue;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL cannot be stored in a text column
    if (/\u0000/.test(text)) {
      fail(column, 'holds a NUL character, which cannot be stored');
      continue;
    }
    const max = maxLengthOf[kind]?.[field.key] ?? maxLength[field.key] ?? 500;
    if (text.length > max) {
      fail(column, `is ${count(text.length)} characters long: ${field.label} takes at most ${count(max)}`);
      continue;
    }
    values[field.key] = text;
  }

  if (kind === 'partners') checkPartner(mapping, values, lookups, memory, fail);
  else if (kind === 'contacts') checkContact(mapping, row, values, lookups, memory, fail);
  else if (kind === 'relationships') checkRelationship(mapping, values, lookups, fail);
  else checkTouchpoint(mapping, values, lookups, fail);
  return { row: row.row, values, errors };
}

type Fail = (column: string | null, message: string) => void;

function checkPartner(
  mapping: Record<string, string>,
  values: CheckedRow['values'],
  lookups: Lookups,
  memory: FileMemory,
  fail: Fail,
) {
  const type = values.type as string | null;
  if (type) {
    const found = lookups.partnerTypes.get(type.toLowerCase());
    if (found) {
      values.type = found.name;
      values.typeId = found.id;
    } else {
      const known = [...lookups.partnerTypes.values()].map((t) => t.name).slice(0, 12);
      fail(mapping.type!, `names no partner type: "${type}" is not one of ${known.join(', ')}`);
      values.type = null;
    }
  }
  const parent = values.parent as string | null;
  if (parent) {
    const inRapport = lookups.partners.get(`name:${parent.toLowerCase()}`);
    if (inRapport) {
      values.parent = inRapport.name;
      values.parentId = inRapport.id;
    } else if (!memory.partnerNames.has(memoryKey(parent.toLowerCase()))) {
      fail(mapping.parent!, `names no partner: "${parent}" is neither in Rapport nor in a row above`);
      values.parent = null;
    }
  }
  const email = values.email as string | null;
  if (email) {
    if (emailSchema.safeParse(email.toLowerCase()).success) values.email = email.toLowerCase();
    else {
      fail(mapping.email!, `is not an e-mail address: "${email.slice(0, 100)}"`);
      values.email = null;
    }
  }
  const website = values.website as string | null;
  if (website) {
    const address = /^[a-z]+:\/\//i.test(website) ? website : `https://${website}`;
    const valid = z.url({ protocol: /^https?$/ }).safeParse(address).success && domainOf(address);
    if (valid) values.website = address;
    else {
      fail(mapping.website!, `is not a web address: "${website.slice(0, 100)}"`);
      values.website = null;
    }
  }
  const tags = values.tags as string | null;
  if (tags) {
    const list = [
      ...new Set(
        tags
          .split(/[;,]/)
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    const long = list.find((t) => t.length > 60);
    if (long) fail(mapping.tags!, `has a tag longer than 60 characters: "${long.slice(0, 60)}…"`);
    else if (list.length > 50) fail(mapping.tags!, `has ${list.length} tags: a partner takes at most 50`);
    values.tags = long || list.length > 50 ? null : list;
  }
  const status = values.status as string | null;
  if (status) {
    const found = statusByWord.get(status.toLowerCase());
    if (found) values.status = found;
    else {
      fail(mapping.status!, `is not a status: write Active, Dormant or Archived`);
      values.status = null;
    }
  }
  const name = values.name as string | null;
  if (name) memory.partnerNames.add(memoryKey(name.toLowerCase()));
}

function checkContact(
  mapping: Record<string, string>,
  row: Row,
  values: CheckedRow['values'],
  lookups: Lookups,
  memory: FileMemory,
  fail: Fail,
) {
  const email = values.email as string | null;
  if (email) {
    const address = email.toLowerCase();
    if (!emailSchema.safeParse(address).success) {
      fail(mapping.email!, `is not an e-mail address: "${email.slice(0, 100)}"`);
      values.email = null;
    } else {
      values.email = address;
      const key = memoryKey(address);
      const earlier = memory.emails.get(key);
      if (earlier !== undefined) fail(mapping.email!, `repeats ${address}, already in row ${earlier}`);
      else memory.emails.set(key, row.row);
    }
  }
  const phone = values.phone as string | null;
  if (phone && !phonePattern.test(phone)) {
    fail(mapping.phone!, 'is not a telephone number, such as +44 113 496 0000');
    values.phone = null;
  }
  const partner = values.partner as string | null;
  if (partner) {
    const found = lookups.partners.get(partnerKeyOf(partner));
    if (found) {
      values.partner = found.name;
      values.partnerId = found.id;
    } else {
      fail(
        mapping.partner!,
        `matches no partner in Rapport: "${partner.slice(0, 100)}" is not a partner's name, website domain or id`,
      );
      values.partner = null;
    }
    values.role = (values.role as string | null) ?? 'Contact';
  } else {
    // No partner named: the domain of a work e-mail address may say where they work.
    const domain = workDomainOf(values.email as string | null);
    const found = domain ? lookups.partners.get(`domain:${domain}`) : undefined;
    if (found) {
      values.partner = found.name;
      values.partnerId = found.id;
      values.partnerBy = `e-mail domain ${domain}`;
      values.role = (values.role as string | null) ?? 'Contact';
    }
  }
  const consent = values.consentRecordedOn as string | null;
  if (consent) {
    const date = readDate(consent);
    if (date) values.consentRecordedOn = date;
    else {
      fail(mapping.consentRecordedOn!, `is not a date: write it as 2026-03-25, 25/03/2026 or 25 March 2026`);
      values.consentRecordedOn = null;
    }
  }
}

/** A word as one of a list's keys or labels (any case), or null. */
function oneOf<K extends string>(keys: readonly K[], labels: Record<K, string>, word: string): K | null {
  const key = headingKey(word);
  return keys.find((k) => headingKey(k) === key || headingKey(labels[k]) === key) ?? null;
}
const listOf = (labels: Record<string, string>) => Object.values(labels).join(', ');

function checkPartnerNamed(
  mapping: Record<string, string>,
  values: CheckedRow['values'],
  lookups: Lookups,
  fail: Fail,
) {
  const partner = values.partner as string | null;
  if (!partner) return;
  const found = lookups.partners.get(partnerKeyOf(partner));
  if (found) {
    values.partner = found.name;
    values.partnerId = found.id;
  } else {
    fail(
      mapping.partner!,
      `matches no partner in Rapport: "${partner.slice(0, 100)}" is not a partner's name, website domain or id`,
    );
    values.partner = null;
  }
}

function checkUnitNamed(
  mapping: Record<string, string>,
  values: CheckedRow['values'],
  lookups: Lookups,
  fail: Fail,
) {
  const unit = values.unit as string | null;
  if (!unit) return;
  const found = lookups.units.get(`unit:${unit.toLowerCase()}`);
  if (found) {
    values.unit = found.name;
    values.unitId = found.id;
  } else {
    fail(mapping.unit!, `matches no unit in Rapport: "${unit.slice(0, 100)}" is not a unit's name or code`);
    values.unit = null;
  }
}

function checkDate(mapping: Record<string, string>, values: CheckedRow['values'], field: string, fail: Fail) {
  const text = values[field] as string | null;
  if (!text) return;
  const date = readDate(text);
  if (date) values[field] = date;
  else {
    fail(mapping[field]!, `is not a date: write it as 2026-03-25, 25/03/2026 or 25 March 2026`);
    values[field] = null;
  }
}

function checkRelationship(
  mapping: Record<string, string>,
  values: CheckedRow['values'],
  lookups: Lookups,
  fail: Fail,
) {
  checkUnitNamed(mapping, values, lookups, fail);
  checkPartnerNamed(mapping, values, lookups, fail);
  const manager = values.manager as string | null;
  if (manager) {
    const address = manager.toLowerCase();
    const found = lookups.staff.get(address);
    if (found) {
      values.manager = found.name;
      values.managerId = found.id;
    } else {
      fail(
        mapping.manager!,
        emailSchema.safeParse(address).success
          ? `matches no active member of staff: nobody in Rapport has the e-mail address ${address.slice(0, 100)}`
          : `is not an e-mail address: "${manager.slice(0, 100)}"`,
      );
      values.manager = null;
    }
  }
  const stage = values.stage as string | null;
  if (stage) {
    values.stage = oneOf(relationshipStages, relationshipStageLabels, stage);
    if (!values.stage) fail(mapping.stage!, `is not a stage: write ${listOf(relationshipStageLabels)}`);
  }
  const status = values.status as string | null;
  if (status) {
    values.status = oneOf(relationshipStatuses, relationshipStatusLabels, status);
    if (!values.status) fail(mapping.status!, `is not a status: write ${listOf(relationshipStatusLabels)}`);
  }
  const cadence = values.cadenceDays as string | null;
  if (cadence) {
    const days = /^\d+$/.test(cadence) ? Number(cadence) : Number.NaN;
    if (days >= 1 && days <= 730) values.cadenceDays = String(days);
    else {
      fail(mapping.cadenceDays!, `is not a number of days from 1 to 730: "${cadence.slice(0, 40)}"`);
      values.cadenceDays = null;
    }
  }
  checkDate(mapping, values, 'startDate', fail);
  checkDate(mapping, values, 'reviewDate', fail);
}

const dateTimeFormats = [
  'd/M/yyyy H:mm',
  'd/M/yyyy H:mm:ss',
  'd.M.yyyy H:mm',
  'd-M-yyyy H:mm',
  'd MMMM yyyy H:mm',
  'd MMM yyyy H:mm',
  'yyyy-MM-dd H:mm',
  'yyyy-MM-dd H:mm:ss',
];

/**
 * A moment in any of the ways people write one: an ISO date-time (with its offset, or UK time),
 * a date with a time, or a date alone (taken as midday, UK time); null if none fits.
 */
export function readDateTime(text: string): string | null {
  const value = text.trim().replace(/\s+/g, ' ');
  const zone = 'Europe/London';
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const iso = DateTime.fromISO(value, { zone, setZone: true });
    return iso.isValid ? iso.toUTC().toISO() : null;
  }
  for (const format of dateTimeFormats) {
    const parsed = DateTime.fromFormat(value, format, { locale: 'en-GB', zone });
    if (parsed.isValid) return parsed.toUTC().toISO();
  }
  const date = readDate(value);
  return date ? DateTime.fromISO(date, { zone }).set({ hour: 12 }).toUTC().toISO() : null;
}

function checkTouchpoint(
  mapping: Record<string, string>,
  values: CheckedRow['values'],
  lookups: Lookups,
  fail: Fail,
) {
  checkPartnerNamed(mapping, values, lookups, fail);
  checkUnitNamed(mapping, values, lookups, fail);
  const when = values.occurredAt as string | null;
  if (when) {
    const moment = readDateTime(when);
    if (!moment) {
      fail(
        mapping.occurredAt!,
        `is not a date: write it as 2026-03-25, 25/03/2026, 25 March 2026 or 25/03/2026 14:30`,
      );
      values.occurredAt = null;
    } else if (Date.parse(moment) > Date.now() + 86_400_000) {
      fail(mapping.occurredAt!, `is in the future: a touch point records what happened`);
      values.occurredAt = null;
    } else values.occurredAt = moment;
  }
  const kind = values.kind as string | null;
  if (kind) {
    values.kind = oneOf(touchpointKinds, touchpointKindLabels, kind);
    if (!values.kind)
      fail(mapping.kind!, `is not a kind of touch point: write ${listOf(touchpointKindLabels)}`);
  } else values.kind = 'note';
  const visibility = values.visibility as string | null;
  if (visibility) {
    values.visibility =
      oneOf(visibilities, visibilityBadges, visibility) ?? oneOf(visibilities, visibilityLabels, visibility);
    if (!values.visibility)
      fail(mapping.visibility!, `is not a visibility: write ${listOf(visibilityBadges)}`);
  }
  const participants = values.participants as string | null;
  if (participants) {
    const staffIds: string[] = [];
    const contactIds: string[] = [];
    const known: string[] = [];
    const unmatched: string[] = [];
    for (const email of [...new Set(emailsIn(participants))]) {
      if (!emailSchema.safeParse(email).success) {
        fail(mapping.participants!, `holds "${email.slice(0, 100)}", which is not an e-mail address`);
        continue;
      }
      const person = lookups.staff.get(email);
      const contact = lookups.contacts.get(email);
      if (person) staffIds.push(person.id);
      if (contact) contactIds.push(contact.id);
      if (person || contact) known.push((person ?? contact)!.name);
      else unmatched.push(email);
    }
    if (staffIds.length > 50 || contactIds.length > 50)
      fail(
        mapping.participants!,
        'names more than 50 staff or 50 contacts: a touch point takes at most 50 of each',
      );
    values.participants = known.length ? known.join(', ') : null;
    values.staffIds = staffIds;
    values.contactIds = contactIds;
    values.unmatched = unmatched;
  }
}

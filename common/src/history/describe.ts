import { activityFormatLabels, activityKindLabels } from '../labels/activities.ts';
import { consentStatusLabels, lawfulBasisLabels } from '../labels/contacts.ts';
import { initiativeStatusLabels } from '../labels/initiatives.ts';
import { partnerStatusLabels } from '../labels/partners.ts';
import { relationshipStageLabels, relationshipStatusLabels } from '../labels/relationships.ts';
import {
  escalationLevelLabels,
  requestKindLabels,
  requestPriorityLabels,
  requestStatusLabels,
} from '../labels/requests.ts';
import { sentimentLabels, touchpointKindLabels } from '../labels/touchpoints.ts';
import { visibilityLabels } from '../labels/visibility.ts';

/**
 * A history entry in words: "Status: Active → Dormant". The audit log keeps each record as the
 * API presented it before and after the change; this turns the two snapshots into the fields
 * that changed, with labels people use and values formatted (enums in words, dates, names
 * rather than ids where the snapshot carries the name beside the id).
 */

/** The records with a History panel, by the audit log's entity name. */
export type HistoryEntity =
  | 'partner'
  | 'contact'
  | 'affiliation'
  | 'relationship'
  | 'request'
  | 'touchpoint'
  | 'task'
  | 'activity'
  | 'initiative';

/** Labels that the field's name alone would not give (the rest: "consentRecordedOn" → "Consent recorded on"). */
const fieldLabels: Record<string, string> = {
  typeId: 'Type',
  parentId: 'Part of',
  unitId: 'Unit',
  partnerId: 'Partner',
  contactId: 'Contact',
  managerId: 'Relationship manager',
  ownerId: 'Owner',
  assigneeId: 'Assigned to',
  touchpointId: 'Touch point',
  dueOn: 'Due',
  isInternal: 'Internal',
  addressLine: 'Address',
  emails: 'E-mail addresses',
  phones: 'Telephone numbers',
  isKeyContact: 'Key contact',
  isPrimary: 'Main affiliation',
  cadenceDays: 'Expected contact (days)',
  deputies: 'Deputies',
  readers: 'Named readers',
  escalationLevel: 'Escalated to',
  localStart: 'Starts',
  localEnd: 'Ends',
  recurrence: 'Repeats',
  exceptionDates: 'Dates the series skips',
};

/** Enumerated fields whose values have labels, per kind of record (a status means different things). */
const enumLabels: Record<HistoryEntity, Record<string, Record<string, string>>> = {
  partner: { status: partnerStatusLabels },
  contact: { consentStatus: consentStatusLabels, lawfulBasis: lawfulBasisLabels },
  affiliation: {},
  relationship: { stage: relationshipStageLabels, status: relationshipStatusLabels },
  request: {
    kind: requestKindLabels,
    priority: requestPriorityLabels,
    status: requestStatusLabels,
    escalationLevel: escalationLevelLabels,
    visibility: visibilityLabels,
  },
  touchpoint: { kind: touchpointKindLabels, sentiment: sentimentLabels, visibility: visibilityLabels },
  task: {},
  activity: { kind: activityKindLabels, format: activityFormatLabels, visibility: visibilityLabels },
  initiative: { status: initiativeStatusLabels },
};

/** Bookkeeping and derived fields: they change with every write, or follow from the others. */
const hiddenFor: Partial<Record<HistoryEntity, ReadonlySet<string>>> = {
  // Derived: how many pieces of input it has.
  initiative: new Set(['counts']),
  // Derived: how many were invited, registered, waiting and declined; the instants it starts and
  // ends follow from the local times and the time zone, which are shown.
  activity: new Set(['counts', 'startsAt', 'endsAt']),
};
const hidden = new Set([
  'id',
  'version',
  'createdAt',
  'updatedAt',
  'createdById',
  'can',
  'allowedTransitions',
  'targets',
  'affiliations',
  'search',
]);

export type FieldChange = { field: string; label: string; before: string | null; after: string };

const NONE = 'none';
const MAX_TEXT = 200;

/** "consentRecordedOn" → "Consent recorded on". */
export const labelOf = (field: string) =>
  fieldLabels[field] ??
  field
    .replace(/(.)Id$/, '$1')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/** The field holding the name of the record an id field points to: ownerId → ownerName, raisedByUserId → raisedByName. */
const nameFieldOf = (field: string) => {
  const base = /^(.+?)(?:UserId|ContactId|Id)$/.exec(field)?.[1];
  return base ? `${base}Name` : null;
};

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
const isDateTime = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v);

export const formatDay = (iso: string) =>
  new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
export const formatMoment = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

/** The name (or title) of a record a snapshot nests, such as `{ id, name }`; null for anything else. */
function namedOf(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  if ('name' in value) return String((value as { name: unknown }).name);
  if ('title' in value) return String((value as { title: unknown }).title);
  return null;
}

/** Local date-times, said as they were entered: the record's time zone is a field of its own. */
const localFields = new Set(['localStart', 'localEnd']);

/**
 * Fields a caller says in words of its own (an iCalendar rule, read by a library the shared code
 * does not carry): null when it cannot, and the value is shown as it is.
 */
export type FieldWords = Partial<Record<string, (value: string) => string | null>>;

/** One value in words. */
export function formatValue(
  entity: HistoryEntity,
  field: string,
  value: unknown,
  words: FieldWords = {},
): string {
  if (value === null || value === undefined || value === '') return NONE;
  if (typeof value === 'string' && words[field]) {
    const said = words[field](value);
    if (said) return said;
  }
  if (typeof value === 'string' && localFields.has(field) && isDateTime(value))
    return `${formatDay(value)}, ${value.slice(11, 16)}`;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return NONE;
    return value.map((v) => namedOf(v) ?? String(v)).join(', ');
  }
  // An initiative's publication holds its private link: the history says when, never the link.
  if (field === 'publication' && typeof value === 'object' && 'publishedAt' in value)
    return `Published ${formatMoment(String((value as { publishedAt: unknown }).publishedAt))}`;
  const named = namedOf(value);
  if (named !== null) return named;
  if (typeof value === 'string') {
    const labels = enumLabels[entity][field];
    if (labels?.[value]) return labels[value];
    if (isDate(value)) return formatDay(value);
    if (isDateTime(value)) return formatMoment(value);
    return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
  }
  // A nested group of fields (an activity's audience): each part that holds something, in words.
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .map(([key, part]) => [labelOf(key), formatValue(entity, key, part)] as const)
      .filter(([, words]) => words !== NONE)
      .map(([label, words]) => `${label}: ${words}`);
    return parts.length ? parts.join('; ') : NONE;
  }
  return String(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields an entry changed (or, for a creation, the fields it set), in the record's own
 * field order. An id shown through its name counts as one field; the name alone is left out.
 */
export function describeChange(
  entity: HistoryEntity,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  words: FieldWords = {},
): FieldChange[] {
  // A deletion says so; what the record held is in the entry before it.
  if (!after) return [];
  const snapshot = after;
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before ?? {})])];
  const paired = new Set(
    fields.map(nameFieldOf).filter((name): name is string => name !== null && name in snapshot),
  );
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (hidden.has(field) || hiddenFor[entity]?.has(field) || paired.has(field)) continue;
    const nameField = nameFieldOf(field);
    const shown = nameField && paired.has(nameField) ? nameField : field;
    const was = before?.[field];
    const now = after[field];
    if (before && same(was, now) && same(before[shown], after[shown])) continue;
    // A creation lists what was filled in.
    if (!before) {
      const value = after[shown];
      if (formatValue(entity, field, value) === NONE || value === false) continue;
      changes.push({
        field,
        label: labelOf(field),
        before: null,
        after: formatValue(entity, field, value, words),
      });
      continue;
    }
    changes.push({
      field,
      label: labelOf(field),
      before: formatValue(entity, field, before[shown], words),
      after: formatValue(entity, field, after[shown], words),
    });
  }
  return changes;
}

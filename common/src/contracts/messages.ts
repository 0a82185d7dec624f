/**
 * Validation messages written for staff ("Enter a name", "Use at most 300 characters"), not
 * zod's defaults ("Invalid input: expected string, received null"). One zod error map, used by
 * the server (every request schema) and the web app (the same schemas in the forms), so a field
 * reads the same wherever it is checked. Messages a schema states itself (a refinement's words)
 * win over these.
 */
import { z } from 'zod';

/** How staff would name what a field wants, keyed by field name ("a partner type"). */
export const fieldNouns: Record<string, string> = {
  name: 'a name',
  title: 'a title',
  subject: 'a subject',
  description: 'a description',
  typeId: 'a partner type',
  partnerTypeId: 'a partner type',
  partnerId: 'a partner',
  unitId: 'a unit',
  parentId: 'the unit or partner it is part of',
  contactId: 'a contact',
  relationshipId: 'a relationship',
  touchpointId: 'a touch point',
  managerId: 'a relationship manager',
  ownerId: 'an owner',
  assigneeId: 'who should do it',
  raisedByContactId: 'the contact who raised it',
  raisedByUserId: 'the member of staff who raised it',
  notifyUserIds: 'who to tell',
  readerIds: 'who may see it',
  staffIds: 'the staff who took part',
  contactIds: 'the contacts who took part',
  deputyIds: 'the deputies',
  kind: 'a kind',
  role: 'a role',
  status: 'a status',
  stage: 'a stage',
  priority: 'a priority',
  visibility: 'who can see it',
  level: 'a level',
  to: 'a status to move to',
  email: 'an e-mail address',
  emails: 'the e-mail addresses',
  phones: 'the telephone numbers',
  password: 'a password',
  currentPassword: 'your current password',
  newPassword: 'a new password',
  jobTitle: 'a job title',
  briefing: 'a briefing',
  reason: 'a reason',
  body: 'a comment',
  note: 'a note',
  resolution: 'what was done',
  satisfaction: 'a satisfaction score',
  sentiment: 'a sentiment',
  cadenceDays: 'a cadence in days',
  occurredAt: 'when it happened',
  dueOn: 'a due date',
  startDate: 'a start date',
  endDate: 'an end date',
  reviewDate: 'a review date',
  consentRecordedOn: 'the date consent was recorded',
  lawfulBasis: 'a lawful basis',
  consentStatus: 'a consent status',
  website: 'a web address',
  tags: 'the tags',
  day: 'a date',
  days: 'the working days',
  timeZone: 'a time zone',
  start: 'a start time',
  end: 'an end time',
  firstResponseHours: 'a first-response target in hours',
  resolveHours: 'a resolution target in hours',
  expiresAt: 'an expiry date',
  q: 'some words to search for',
};

/** "partnerTypeId" → "a partner type"; unknown fields by their words ("jobTitle" → "a job title"). */
export function fieldNoun(field: string | undefined): string {
  if (!field) return 'a value';
  const known = fieldNouns[field];
  if (known) return known;
  const words = field
    .replace(/Ids?$/, '')
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .trim();
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** A limit a person can read: whole numbers as they are, others to at most two places. */
const limit = (n: number | bigint) =>
  typeof n === 'bigint' ? n.toString() : String(Math.round(n * 100) / 100);
/** Zod's integer bounds stand for "no bound" when a schema states none. */
const isStated = (n: unknown): n is number =>
  typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER;

type RawIssue = z.core.$ZodRawIssue;
type Bounds = { minValue?: unknown; maxValue?: unknown; minLength?: unknown; maxLength?: unknown };

/** A field that takes a choice (a reference, a list entry, yes/no) is chosen, not entered. */
function isChoice(field: string | undefined, issue: RawIssue): boolean {
  if (field && /Ids?$/.test(field)) return true;
  if (issue.code === 'invalid_value') return true;
  return issue.code === 'invalid_type' && (issue.expected === 'boolean' || issue.expected === 'array');
}

const missing = (field: string | undefined, issue: RawIssue) =>
  `${isChoice(field, issue) ? 'Choose' : 'Enter'} ${fieldNoun(field)}`;

function numberRange(issue: RawIssue & { code: 'too_small' | 'too_big' }): string {
  const schema = (issue as { schema?: Bounds }).schema ?? {};
  const min = isStated(schema.minValue) ? schema.minValue : undefined;
  const max = isStated(schema.maxValue) ? schema.maxValue : undefined;
  if (min !== undefined && max !== undefined) return `Enter a number from ${limit(min)} to ${limit(max)}`;
  if (issue.code === 'too_small')
    return issue.inclusive === false
      ? `Enter a number greater than ${limit(issue.minimum)}`
      : `Enter a number of at least ${limit(issue.minimum)}`;
  return issue.inclusive === false
    ? `Enter a number less than ${limit(issue.maximum)}`
    : `Enter a number of at most ${limit(issue.maximum)}`;
}

const formats: Record<string, string> = {
  email: 'Enter an e-mail address, such as name@example.ac.uk',
  url: 'Enter a web address starting with http:// or https://',
  date: 'Enter a date as YYYY-MM-DD',
  datetime: 'Enter a date and time, such as 2026-03-01T09:30:00Z',
  time: 'Enter a time as HH:MM',
};

/** The staff-facing message for one validation issue (zod 4 `customError`). */
export function staffMessage(issue: RawIssue): string | undefined {
  const last = issue.path?.filter((p) => typeof p === 'string').at(-1);
  const field = typeof last === 'string' ? last : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return missing(field, issue);
      if (issue.expected === 'int') return 'Enter a whole number';
      if (issue.expected === 'number') return 'Enter a number';
      if (issue.expected === 'boolean') return 'Choose yes or no';
      if (issue.expected === 'array') return 'Give a list';
      if (issue.expected === 'string') return 'Enter text';
      return `Enter ${fieldNoun(field)}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? missing(field, issue)
          : `Use at least ${limit(issue.minimum)} characters`;
      if (issue.origin === 'number' || issue.origin === 'int') return numberRange(issue);
      if (issue.origin === 'array' || issue.origin === 'set')
        return `Choose at least ${limit(issue.minimum)}`;
      if (issue.origin === 'date') return 'Choose a later date';
      return undefined;
    case 'too_big':
      if (issue.origin === 'string') return `Use at most ${limit(issue.maximum)} characters`;
      if (issue.origin === 'number' || issue.origin === 'int') return numberRange(issue);
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at most ${limit(issue.maximum)}`;
      if (issue.origin === 'date') return 'Choose an earlier date';
      return undefined;
    case 'invalid_format':
      if (issue.format === 'uuid' || issue.format === 'guid') return missing(field ?? 'id', issue);
      return formats[issue.format] ?? `Check ${fieldNoun(field)}: it is not in the expected form`;
    case 'invalid_value':
      // An empty select sends '' (or nothing): that is a choice not yet made.
      if (issue.input === undefined || issue.input === null || issue.input === '')
        return missing(field, issue);
      return `Choose one of: ${issue.values.map(String).join(', ')}`;
    case 'not_multiple_of':
      return `Enter a multiple of ${limit(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Remove ${issue.keys.join(', ')}: not a field here`;
    default:
      return undefined;
  }
}

let installed = false;
/** Makes every zod schema in this process (server or browser) speak to staff. Idempotent. */
export function installStaffMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: staffMessage });
}

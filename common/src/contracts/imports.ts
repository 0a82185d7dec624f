/**
 * Importing a unit's spreadsheet: what can be imported, the fields a column can fill (with the
 * names and synonyms a column is matched by), and the upload, mapping and preview shapes.
 */
import { z } from 'zod';
import {
  type ImportAction,
  type ImportKind,
  importActions,
  importFormats,
  importKinds,
  importStatuses,
} from '../labels/imports.ts';
import { isoDateTime, requiredText } from './shared.ts';

export type ImportField = {
  key: string;
  label: string;
  required: boolean;
  /** Column headings that mean this field, compared without case, spaces or punctuation. */
  synonyms: readonly string[];
  hint?: string;
};

const partnerSynonyms = [
  'partner',
  'partner name',
  'org',
  'organisation',
  'organization',
  'organisation name',
  'company',
  'company name',
  'employer',
  'institution',
];
const unitSynonyms = ['unit', 'unit name', 'unit code', 'department', 'faculty', 'team', 'office', 'service'];
const partnerHint = 'A partner in Rapport, by name, website domain or id';
const unitHint = 'A unit in Rapport, by name or code';
const dateHint = 'A date: 2026-03-01, 01/03/2026 or 1 March 2026';

/** The fields of each kind, in the order the mapping shows them. */
export const importFields: Record<ImportKind, readonly ImportField[]> = {
  partners: [
    {
      key: 'name',
      label: 'Partner name',
      required: true,
      synonyms: [
        'name',
        'partner',
        'partner name',
        'org',
        'organisation',
        'organization',
        'organisation name',
        'company',
        'company name',
        'employer',
        'institution',
      ],
    },
    {
      key: 'type',
      label: 'Partner type',
      required: true,
      synonyms: ['type', 'partner type', 'category', 'kind', 'organisation type'],
      hint: 'The name of a partner type, e.g. Employer',
    },
    {
      key: 'parent',
      label: 'Parent group',
      required: false,
      synonyms: ['parent', 'group', 'parent group', 'parent organisation', 'parent company'],
      hint: 'The name of a partner already in Rapport',
    },
    {
      key: 'website',
      label: 'Website',
      required: false,
      synonyms: ['website', 'web', 'url', 'web address', 'site', 'homepage'],
    },
    {
      key: 'email',
      label: 'General e-mail',
      required: false,
      synonyms: ['email', 'e-mail', 'email address', 'general email', 'contact email', 'enquiries email'],
      hint: 'Its domain finds the partner already in Rapport with that website (webmail never does)',
    },
    { key: 'sector', label: 'Sector', required: false, synonyms: ['sector', 'industry'] },
    {
      key: 'addressLine',
      label: 'Address',
      required: false,
      synonyms: ['address', 'address line', 'street', 'address 1'],
    },
    { key: 'city', label: 'City', required: false, synonyms: ['city', 'town'] },
    {
      key: 'postcode',
      label: 'Postcode',
      required: false,
      synonyms: ['postcode', 'post code', 'zip', 'postal code'],
    },
    { key: 'country', label: 'Country', required: false, synonyms: ['country'] },
    {
      key: 'tags',
      label: 'Tags',
      required: false,
      synonyms: ['tags', 'tag', 'labels', 'keywords'],
      hint: 'Separated by commas or semicolons',
    },
    {
      key: 'status',
      label: 'Status',
      required: false,
      synonyms: ['status', 'state'],
      hint: 'Active, Dormant or Archived',
    },
  ],
  contacts: [
    {
      key: 'name',
      label: 'Contact name',
      required: true,
      synonyms: ['name', 'contact', 'contact name', 'full name', 'person', 'attendee'],
    },
    {
      key: 'email',
      label: 'E-mail',
      required: false,
      synonyms: ['email', 'e-mail', 'email address', 'mail', 'e-mail address'],
    },
    {
      key: 'phone',
      label: 'Phone',
      required: false,
      synonyms: ['phone', 'telephone', 'tel', 'mobile', 'phone number'],
    },
    {
      key: 'jobTitle',
      label: 'Job title',
      required: false,
      synonyms: ['job title', 'title', 'position', 'job'],
    },
    {
      key: 'partner',
      label: 'Partner',
      required: false,
      synonyms: [
        'partner',
        'org',
        'organisation',
        'organization',
        'company',
        'employer',
        'partner name',
        'school',
      ],
      hint: 'A partner in Rapport, by name, website domain or id',
    },
    {
      key: 'role',
      label: 'Role at the partner',
      required: false,
      synonyms: ['role', 'affiliation', 'relationship to partner'],
      hint: 'Contact, when left empty',
    },
    {
      key: 'consentRecordedOn',
      label: 'Consent recorded on',
      required: false,
      synonyms: ['consent date', 'consent recorded on', 'consented on', 'consent'],
      hint: 'A date: 2026-03-01, 01/03/2026 or 1 March 2026',
    },
    { key: 'notes', label: 'Notes', required: false, synonyms: ['notes', 'comments', 'remarks'] },
  ],
  relationships: [
    { key: 'unit', label: 'Unit', required: true, synonyms: unitSynonyms, hint: unitHint },
    { key: 'partner', label: 'Partner', required: true, synonyms: partnerSynonyms, hint: partnerHint },
    {
      key: 'manager',
      label: 'Relationship manager',
      required: false,
      synonyms: [
        'manager',
        'relationship manager',
        'manager email',
        'manager e-mail',
        'relationship manager email',
        'owner',
        'owner email',
        'managed by',
      ],
      hint: 'The e-mail address of a member of staff',
    },
    {
      key: 'stage',
      label: 'Stage',
      required: false,
      synonyms: ['stage', 'relationship stage', 'maturity'],
      hint: 'Getting to know each other, Developing, Established or Strategic',
    },
    {
      key: 'status',
      label: 'Status',
      required: false,
      synonyms: ['status', 'state'],
      hint: 'Active, Paused or Ended',
    },
    {
      key: 'cadenceDays',
      label: 'Expected contact every (days)',
      required: false,
      synonyms: ['cadence', 'cadence days', 'contact every', 'frequency', 'expected contact every days'],
      hint: 'A number of days, 1 to 730',
    },
    {
      key: 'startDate',
      label: 'Start date',
      required: false,
      synonyms: ['start date', 'start', 'since', 'started'],
      hint: dateHint,
    },
    {
      key: 'reviewDate',
      label: 'Review date',
      required: false,
      synonyms: ['review date', 'review', 'next review'],
      hint: dateHint,
    },
    {
      key: 'objectives',
      label: 'Objectives',
      required: false,
      synonyms: ['objectives', 'goals', 'aims', 'notes', 'comments'],
    },
  ],
  touchpoints: [
    { key: 'partner', label: 'Partner', required: true, synonyms: partnerSynonyms, hint: partnerHint },
    {
      key: 'occurredAt',
      label: 'Date',
      required: true,
      synonyms: ['date', 'when', 'occurred', 'occurred at', 'date of contact', 'meeting date', 'time'],
      hint: 'A date, with a time if there is one: 2026-03-01 14:30, 01/03/2026 or 1 March 2026',
    },
    {
      key: 'kind',
      label: 'Kind',
      required: false,
      synonyms: ['kind', 'type', 'channel', 'contact type', 'touch point type'],
      hint: 'Meeting, Call, E-mail, Visit, Event, Enquiry or Note (Note, when left empty)',
    },
    {
      key: 'subject',
      label: 'Subject',
      required: true,
      synonyms: ['subject', 'title', 'topic', 'summary', 'purpose'],
    },
    {
      key: 'notes',
      label: 'Notes',
      required: false,
      synonyms: ['notes', 'comments', 'details', 'description', 'outcome', 'remarks'],
    },
    {
      key: 'unit',
      label: 'Unit',
      required: false,
      synonyms: unitSynonyms,
      hint: `${unitHint}; your own unit when left empty`,
    },
    {
      key: 'participants',
      label: 'Participants',
      required: false,
      synonyms: ['participants', 'attendees', 'people', 'who', 'participant emails', 'attendee emails'],
      hint: 'E-mail addresses of contacts or staff, separated by commas or semicolons',
    },
    {
      key: 'visibility',
      label: 'Visibility',
      required: false,
      synonyms: ['visibility', 'visible to', 'privacy'],
      hint: 'Everyone, Unit only or Confidential (Everyone, when left empty)',
    },
  ],
};

/** A heading as compared: lower case, letters and digits only ("E-mail address" → "emailaddress"). */
export const headingKey = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The mapping Rapport proposes: each field to the first column whose heading is the field's
 * label or one of its synonyms. A column fills at most one field.
 */
export function suggestMapping(kind: ImportKind, columns: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  for (const field of importFields[kind]) {
    const names = new Set([field.label, field.key, ...field.synonyms].map(headingKey));
    const column = columns.find((c) => !taken.has(c) && names.has(headingKey(c)));
    if (column !== undefined) {
      mapping[field.key] = column;
      taken.add(column);
    }
  }
  return mapping;
}

const columnName = z.string().max(1000);
/** field key → the column (as the file spells its heading) that fills it. */
export const importMapping = z
  .record(z.string().max(40), columnName)
  .refine((m) => Object.keys(m).length <= 40, 'maps at most 40 fields');
export type ImportMapping = z.infer<typeof importMapping>;

/** What can become of a matching row, by kind: a touch point already logged is not changed by an import. */
export const importActionsOf: Record<ImportKind, readonly ImportAction[]> = {
  partners: importActions,
  contacts: importActions,
  relationships: importActions,
  touchpoints: ['create', 'skip'],
};

export const rowChoice = z.object({
  action: z.enum(importActions),
  recordId: z.uuid().nullish().describe('update: the matching record to update (default the best match)'),
  fields: z
    .array(z.string().max(40))
    .max(40)
    .optional()
    .describe('update: the fields taken from the file (default every mapped field)'),
});
export type RowChoice = z.infer<typeof rowChoice>;

/** The choices for rows with matches: one for all alike, and any row's own. */
export const importChoices = z.object({
  all: z.enum(importActions).nullable().describe('For every row with a match that has no choice of its own'),
  rows: z
    .record(
      z
        .string()
        .regex(/^[1-9][0-9]{0,8}$/, 'a row number')
        .max(10),
      rowChoice,
    )
    .refine((rows) => Object.keys(rows).length <= 100_000, 'holds at most 100,000 rows'),
});
export type ImportChoices = z.infer<typeof importChoices>;

export const rowMatch = z.object({
  recordId: z.uuid().nullable().describe('The record in Rapport it matches, or null for an earlier row'),
  row: z.int32().min(1).nullable().describe('The earlier row of the file it matches'),
  name: z.string().max(300),
  evidence: z
    .array(z.string().max(100))
    .max(5)
    .describe('Why: same e-mail, same website domain, similar name'),
});
export type RowMatch = z.infer<typeof rowMatch>;

export const sameFileSchema = z.object({
  id: z.uuid(),
  fileName: z.string().max(255),
  uploadedAt: isoDateTime,
  status: z.enum(importStatuses),
  created: z.int32().min(0).describe('Records that import created'),
});

export const importRunSchema = z.object({
  status: z.enum(importStatuses),
  rowsDone: z.int32().min(0).describe('Rows applied so far'),
  created: z.int32().min(0),
  updated: z.int32().min(0),
  skipped: z.int32().min(0),
  failed: z.int32().min(0),
  undone: z.int32().min(0).describe('Rows put back by an undo so far'),
  rowsPerSecond: z.number().min(0).nullable().describe('Since the run started; null before the first batch'),
  secondsLeft: z.int32().min(0).nullable().describe('At that pace, until the last row'),
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
  undoneAt: isoDateTime.nullable(),
  undoableUntil: isoDateTime.nullable().describe('A finished import can be undone until then'),
  error: z.string().max(500).nullable(),
});
export type ImportRunDto = z.infer<typeof importRunSchema>;

export const importSchema = z.object({
  id: z.uuid(),
  kind: z.enum(importKinds),
  fileName: z.string().max(255),
  size: z.int32().min(0),
  sha256: z.string().max(64),
  format: z.enum(importFormats),
  encoding: z.string().max(40).nullable().describe('CSV only: the encoding the file was read in'),
  delimiter: z.string().max(4).nullable().describe('CSV only: the delimiter between cells'),
  sheets: z.array(z.string().max(200)).max(500).describe('XLSX only: the workbook’s sheets'),
  sheet: z.string().max(200).nullable(),
  columns: z.array(columnName).max(1000).describe('The headings of the file’s first row'),
  rowCount: z.int32().min(0),
  mapping: importMapping,
  choices: importChoices,
  uploadedAt: isoDateTime,
  sameFileAs: sameFileSchema
    .nullable()
    .describe('An earlier import of the same bytes: importing again updates what it created'),
  run: importRunSchema,
});
export type ImportDto = z.infer<typeof importSchema>;

export const importList = z.object({
  items: z.array(importSchema).max(50).describe('The latest first'),
});

export const updateImportBody = z.object({
  choices: importChoices
    .optional()
    .describe('What becomes of rows with matches (replaces the choices made before)'),
  sheet: z.string().max(200).optional().describe('XLSX only: read this sheet (proposes a new mapping)'),
  mapping: importMapping.optional(),
});
export type UpdateImport = z.infer<typeof updateImportBody>;

export const previewQuery = z.object({
  rows: z.coerce.number().int().min(1).max(100).default(20).describe('How many rows to show'),
  errors: z.coerce.number().int().min(1).max(5000).default(500).describe('How many errors to list'),
  duplicates: z.coerce
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(500)
    .describe('How many rows with matches to list'),
});

export const rowError = z.object({
  row: z.int32().min(1).describe('The row number as the spreadsheet shows it (the headings are row 1)'),
  column: columnName.nullable().describe('The column as the file spells its heading'),
  message: z.string().max(500),
});
export type RowError = z.infer<typeof rowError>;

export const previewSchema = z.object({
  fields: z.array(z.object({ key: z.string().max(40), label: z.string().max(100) })).max(40),
  rows: z
    .array(z.object({ row: z.int32().min(1), values: z.array(z.string().max(2000).nullable()).max(40) }))
    .max(100),
  errors: z.array(rowError).max(5000),
  errorCount: z.int32().min(0),
  duplicates: z
    .array(
      z.object({
        row: z.int32().min(1),
        name: z.string().max(300),
        matches: z.array(rowMatch).max(5),
        choice: rowChoice.nullable(),
      }),
    )
    .max(5000)
    .describe('Rows that match a record or an earlier row, with the choice made for them'),
  duplicateCount: z.int32().min(0),
  rowsWithErrors: z.int32().min(0),
  rowCount: z.int32().min(0),
});
export type ImportPreview = z.infer<typeof previewSchema>;

export const savedMappingSchema = z.object({
  id: z.uuid(),
  name: z.string().max(100),
  kind: z.enum(importKinds),
  mapping: importMapping,
  createdAt: isoDateTime,
});
export type SavedMappingDto = z.infer<typeof savedMappingSchema>;

export const createSavedMappingBody = z.object({
  name: requiredText(100),
  kind: z.enum(importKinds),
  mapping: importMapping,
});
export const savedMappingList = z.object({ items: z.array(savedMappingSchema).max(500) });
export const savedMappingQuery = z.object({ kind: z.enum(importKinds).optional() });

export const reportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv').describe('CSV (the default) or XLSX'),
});

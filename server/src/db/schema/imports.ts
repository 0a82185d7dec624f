import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ImportChoices } from '../../../../common/src/contracts/imports.ts';
import {
  importFormats,
  importKinds,
  importStatuses,
  rowOutcomes,
} from '../../../../common/src/labels/imports.ts';
import { id } from './columns.ts';
import { users } from './users.ts';

/**
 * A spreadsheet uploaded to be imported, and how it is read: its bytes in the attachment
 * storage under `storage_key`, the encoding and delimiter (CSV) or sheet (XLSX) it is read with,
 * the headings of its first row, and the mapping of fields to those headings. Only whoever
 * uploaded it (and administrators) see it: the file may hold anyone's personal data.
 */
export const imports = pgTable(
  'imports',
  {
    id: id(),
    kind: text('kind', { enum: importKinds }).notNull(),
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Of the bytes as uploaded: the same file uploaded again is recognised by it. */
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    format: text('format', { enum: importFormats }).notNull(),
    encoding: text('encoding'),
    delimiter: text('delimiter'),
    sheets: text('sheets').array().notNull().default(sql`'{}'::text[]`),
    sheet: text('sheet'),
    columns: text('columns').array().notNull(),
    rowCount: integer('row_count').notNull(),
    /** field key → column heading. */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    /** What becomes of rows with matches: for all alike, and by row number. */
    choices: jsonb('choices').$type<ImportChoices>().notNull().default({ all: null, rows: {} }),
    uploadedById: uuid('uploaded_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** uploaded → running → finished (or failed); finished → undoing → undone. */
    status: text('status', { enum: importStatuses }).notNull().default('uploaded'),
    /**
     * The run's position: how many rows after the headings are applied. It moves in the same
     * transaction as the batch it counts, so a killed run resumes at the first row not applied.
     */
    rowsDone: integer('rows_done').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    /** Rows put back by an undo so far. */
    undoneCount: integer('undone_count').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }),
    /** When the last batch was applied (rows per second: rows done over the time since the start). */
    progressAt: timestamp('progress_at', { withTimezone: true, precision: 3 }),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
    undoneAt: timestamp('undone_at', { withTimezone: true, precision: 3 }),
    /**
     * Who asked for the undo: the uploader, or an administrator. The undo writes as them, so
     * its history entries name who put the records back.
     */
    undoneById: uuid('undone_by_id').references(() => users.id, { onDelete: 'set null' }),
    /** Why a run stopped for good (a failure that is no row's fault). */
    error: text('error'),
  },
  (t) => [
    index('imports_status_idx').on(t.status),
    index('imports_sha256_idx').on(t.sha256),
    index('imports_uploaded_by_idx').on(t.uploadedById, t.uploadedAt),
  ],
);

/** A mapping saved under a name, to be used again for the next file of the same shape. */
export const importMappings = pgTable(
  'import_mappings',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: importKinds }).notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('import_mappings_kind_name_idx').on(t.kind, sql`lower(${t.name})`)],
);

/**
 * What a run did with each row of the file: created, updated, skipped or failed, and why. The
 * report is read from it, and an undo: `before` holds the fields an update changed as they
 * were, `after` as the import left them. `record_id` is deliberately no foreign key: the row
 * stays in the report when the record is later deleted or merged away.
 */
export const importRows = pgTable(
  'import_rows',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    outcome: text('outcome', { enum: rowOutcomes }).notNull(),
    entity: text('entity', { enum: ['partner', 'contact', 'relationship', 'touchpoint'] }),
    recordId: uuid('record_id'),
    name: text('name'),
    reason: text('reason'),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    undone: boolean('undone').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.row] }),
    index('import_rows_record_idx').on(t.importId, t.recordId),
  ],
);

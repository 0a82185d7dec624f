import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agreements } from './agreements.ts';
import { id } from './columns.ts';
import { relationships } from './relationships.ts';
import { requests } from './requests.ts';
import { touchpoints } from './touchpoints.ts';
import { users } from './users.ts';

/**
 * A file attached to one record: a touch point, a request, a relationship or an agreement (one reference is
 * set). The bytes live in the attachment storage under `storage_key`; deleting the record
 * deletes these rows by cascade, and the attachment-files subscriber removes the bytes.
 * Attachments are never changed, only added and deleted, so they carry no version.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    touchpointId: uuid('touchpoint_id').references(() => touchpoints.id, { onDelete: 'cascade' }),
    requestId: uuid('request_id').references(() => requests.id, { onDelete: 'cascade' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'cascade' }),
    agreementId: uuid('agreement_id').references(() => agreements.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Recognised from the bytes when the file arrived, never the uploader's claim. */
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    uploadedById: uuid('uploaded_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'attachments_one_record',
      sql`num_nonnulls(${t.touchpointId}, ${t.requestId}, ${t.relationshipId}, ${t.agreementId}) = 1`,
    ),
    index('attachments_touchpoint_idx').on(t.touchpointId).where(sql`touchpoint_id is not null`),
    index('attachments_request_idx').on(t.requestId).where(sql`request_id is not null`),
    index('attachments_relationship_idx').on(t.relationshipId).where(sql`relationship_id is not null`),
    index('attachments_agreement_idx').on(t.agreementId).where(sql`agreement_id is not null`),
  ],
);

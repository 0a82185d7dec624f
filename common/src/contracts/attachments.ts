import { z } from 'zod';
import { attachableKinds, attachmentTypeLabels } from '../labels/attachments.ts';
import { isoDateTime } from './shared.ts';

/** What is taken unless RAPPORT_ATTACHMENT_TYPES says otherwise. */
export const DEFAULT_ATTACHMENT_TYPES = Object.keys(attachmentTypeLabels);

/** "PDF", "Word document", or the media type itself for one Rapport has no name for. */
export const attachmentTypeLabel = (contentType: string) => attachmentTypeLabels[contentType] ?? contentType;

/** The file extensions of the kinds taken (for a file picker's `accept`), text by its usual ones. */
export const attachmentExtensions: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'text/plain': ['.txt'],
  'text/csv': ['.csv'],
};

export const attachmentSchema = z.object({
  id: z.uuid(),
  recordKind: z.enum(attachableKinds).describe('The kind of record the file is attached to'),
  recordId: z.uuid(),
  fileName: z.string().max(255),
  size: z.int().min(0).describe('Bytes'),
  contentType: z.string().max(255).describe('Recognised from the bytes, not taken from the upload'),
  sha256: z.string().length(64).describe('Hex SHA-256 of the bytes'),
  uploadedById: z.uuid(),
  uploadedByName: z.string().max(200),
  uploadedAt: isoDateTime,
  can: z.object({ delete: z.boolean() }).describe("The caller's abilities on this file"),
});
export type AttachmentDto = z.infer<typeof attachmentSchema>;

export const attachmentList = z.object({
  items: z.array(attachmentSchema),
  /** What an upload may be, so a form can say so before the bytes are sent. */
  limits: z.object({
    maxBytes: z.int().min(0),
    types: z.array(z.string().max(255)).max(100),
  }),
  can: z.object({ upload: z.boolean() }).describe('Whether the caller may attach files to this record'),
});
export type AttachmentList = z.infer<typeof attachmentList>;

/** "2.4 MB": a size for people, in units of 1,024 as Windows shows them (25 MB is 25 × 1,024 × 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${shown} ${units[unit]}`;
}

/** The attachments vocabularies and their labels, without zod: contracts/attachments.ts builds its schemas from them. */

/** The records files can be attached to, as they appear in paths (`/touchpoints/{id}/attachments`). */
export const attachableKinds = ['touchpoints', 'requests', 'relationships', 'agreements'] as const;
export type AttachableKind = (typeof attachableKinds)[number];

/**
 * The kinds of file Rapport recognises from their bytes, with the words staff know them by.
 * Office documents are recognised inside their zip; text has no signature, so it is taken when
 * the bytes are readable UTF-8 text.
 */
export const attachmentTypeLabels: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'text/plain': 'Text',
  'text/csv': 'CSV',
};

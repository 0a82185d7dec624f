/** The imports vocabularies and their labels, without zod: contracts/imports.ts builds its schemas from them. */

export const importKinds = ['partners', 'contacts', 'relationships', 'touchpoints'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKindLabels: Record<ImportKind, string> = {
  partners: 'Partners',
  contacts: 'Contacts and their affiliations',
  relationships: 'Relationships (unit, partner, relationship manager)',
  touchpoints: 'Touch points',
};

export const importFormats = ['csv', 'xlsx'] as const;

/** Where an import is: uploaded (being mapped), running, finished or failed; undoing, undone. */
export const importStatuses = ['uploaded', 'running', 'finished', 'failed', 'undoing', 'undone'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importStatusLabels: Record<ImportStatus, string> = {
  uploaded: 'Not run yet',
  running: 'Running',
  finished: 'Finished',
  failed: 'Stopped',
  undoing: 'Being undone',
  undone: 'Undone',
};

/** What became of a row. */
export const rowOutcomes = ['created', 'updated', 'skipped', 'failed'] as const;
export type RowOutcome = (typeof rowOutcomes)[number];
export const rowOutcomeLabels: Record<RowOutcome, string> = {
  created: 'Created',
  updated: 'Updated',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** What becomes of a row that matches a record (or an earlier row). */
export const importActions = ['create', 'update', 'skip'] as const;
export type ImportAction = (typeof importActions)[number];
export const importActionLabels: Record<ImportAction, string> = {
  create: 'Create a new record',
  update: 'Update the existing record',
  skip: 'Skip the row',
};

/** The partner view vocabularies and their labels, without zod: contracts/partner-view.ts builds its schemas from them. */

/** Where a relationship stands against its expected contact cadence. */
export const cadenceStatuses = ['none', 'ok', 'due', 'overdue'] as const;
export type CadenceStatus = (typeof cadenceStatuses)[number];
export const cadenceStatusLabels: Record<CadenceStatus, string> = {
  none: 'No cadence',
  ok: 'On track',
  due: 'Contact due',
  overdue: 'Contact overdue',
};

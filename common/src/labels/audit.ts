/** The audit vocabularies and their labels, without zod: contracts/audit.ts builds its schemas from them. */

/** What an audit entry records. */
export const auditActions = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditActionLabels: Record<AuditAction, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
};

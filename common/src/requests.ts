/**
 * The request vocabulary, shared by the server (database enums, validation) and the web app
 * (filters, labels): one list, so the two can never disagree.
 */
export const requestKinds = [
  'incident',
  'enhancement',
  'enquiry',
  'complaint',
  'dispute',
  'concern',
] as const;
export const requestPriorities = ['low', 'normal', 'high', 'critical'] as const;
export const requestStatuses = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_partner',
  'resolved',
  'closed',
] as const;
export const escalationLevels = ['line_manager', 'head_of_unit', 'senior_management'] as const;

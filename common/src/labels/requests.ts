/** The requests vocabularies and their labels, without zod: contracts/requests.ts builds its schemas from them. */

export const requestKinds = [
  'incident',
  'enhancement',
  'enquiry',
  'complaint',
  'dispute',
  'concern',
] as const;
export type RequestKind = (typeof requestKinds)[number];
export const requestKindLabels: Record<RequestKind, string> = {
  incident: 'Incident',
  enhancement: 'Enhancement',
  enquiry: 'Enquiry',
  complaint: 'Complaint',
  dispute: 'Dispute',
  concern: 'Concern',
};

export const requestPriorities = ['low', 'normal', 'high', 'critical'] as const;
export type RequestPriority = (typeof requestPriorities)[number];
export const requestPriorityLabels: Record<RequestPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  critical: 'Critical',
};

export const requestStatuses = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_partner',
  'resolved',
  'closed',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const requestStatusLabels: Record<RequestStatus, string> = {
  new: 'New',
  triaged: 'Triaged',
  in_progress: 'In progress',
  waiting_on_partner: 'Waiting on partner',
  resolved: 'Resolved',
  closed: 'Closed',
};
/** The words on the button that moves a request to a status (nothing moves back to new). */
export const requestMoveLabels: Record<Exclude<RequestStatus, 'new'>, string> = {
  triaged: 'Triage',
  in_progress: 'Start work',
  waiting_on_partner: 'Wait on partner',
  resolved: 'Resolve',
  closed: 'Close',
};

export const escalationLevels = ['line_manager', 'head_of_unit', 'senior_management'] as const;
export type EscalationLevel = (typeof escalationLevels)[number];
export const escalationLevelLabels: Record<EscalationLevel, string> = {
  line_manager: 'Line manager',
  head_of_unit: 'Head of unit',
  senior_management: 'Senior management',
};

/** The fields an edit of a request can change, as its timeline names them. */
export const requestChangeFields = [
  'title',
  'description',
  'kind',
  'priority',
  'ownerId',
  'relationshipId',
  'raisedByContactId',
  'visibility',
  'readerIds',
  'resolution',
  'satisfaction',
  'responseDueAt',
  'resolveDueAt',
] as const;
export type RequestChangeField = (typeof requestChangeFields)[number];
export const requestChangeFieldLabels: Record<RequestChangeField, string> = {
  title: 'Title',
  description: 'Description',
  kind: 'Kind',
  priority: 'Priority',
  ownerId: 'Owner',
  relationshipId: 'Relationship',
  raisedByContactId: 'Raised by',
  visibility: 'Who can see it',
  readerIds: 'Named people',
  resolution: 'Resolution',
  satisfaction: 'Partner satisfaction',
  responseDueAt: 'Response due',
  resolveDueAt: 'Resolution due',
};

/** The background jobs by name (definitions.ts says what each does). */
export const JOB = {
  deliverEmail: 'deliver-email',
  checkTargets: 'check-targets',
  dailyDigest: 'daily-digest',
  deliverEvents: 'deliver-events',
  housekeeping: 'housekeeping',
  remindTasks: 'remind-tasks',
  remindAgreementReviews: 'remind-agreement-reviews',
  deliverActivityMail: 'deliver-activity-mail',
  requestActivityFeedback: 'request-activity-feedback',
  deliverSurveyMail: 'deliver-survey-mail',
  deliverInitiativeDigests: 'deliver-initiative-digests',
  refreshHealth: 'refresh-health',
  snapshotHealth: 'snapshot-health',
  applyRetention: 'apply-retention',
  runImports: 'run-imports',
} as const;

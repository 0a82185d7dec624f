/** The background jobs by name (definitions.ts says what each does). */
export const JOB = {
  deliverEmail: 'deliver-email',
  checkTargets: 'check-targets',
  dailyDigest: 'daily-digest',
  deliverEvents: 'deliver-events',
  housekeeping: 'housekeeping',
  remindTasks: 'remind-tasks',
  deliverActivityMail: 'deliver-activity-mail',
} as const;

import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.ts';
import { prepareBriefings } from '../insights/briefings/briefings.service.ts';
import { refreshAllHealth } from '../insights/relationship-health/relationship-health.service.ts';
import { snapshotAllHealth } from '../insights/relationship-health/snapshot.job.ts';
import { deliverActivityMail, requestActivityFeedback } from '../modules/activities/activity-mail.job.ts';
import { deliverAgreementChangeMail } from '../modules/agreements/change-mail.job.ts';
import { remindAgreementEnds } from '../modules/agreements/ends.job.ts';
import { remindAgreementReviews } from '../modules/agreements/reviews.job.ts';
import { deliverAssessmentMail } from '../modules/assessments/assessment-mail.job.ts';
import { sweepOrphanFiles } from '../modules/attachments/orphans.job.ts';
import type { Storage } from '../modules/attachments/storage.ts';
import { deliverDisputeOutcomeMail } from '../modules/disputes/outcome-mail.job.ts';
import type { Dispatcher } from '../modules/events/dispatcher.ts';
import type { ImportDeps } from '../modules/imports/imports.service.ts';
import { runPendingImports } from '../modules/imports/running.ts';
import { deliverInitiativeDigests } from '../modules/initiatives/initiative-digest.job.ts';
import type { Mailer } from '../modules/notifications/mailer.ts';
import { deliverPendingEmails, sendDigests } from '../modules/notifications/notifications.service.ts';
import { applyRetention } from '../modules/personal-data/retention.service.ts';
import { checkTargets } from '../modules/requests/targets.job.ts';
import { remindReviewsDue } from '../modules/reviews/reminders.job.ts';
import { deliverSurveyMail } from '../modules/surveys/survey-mail.job.ts';
import { remindSurveys } from '../modules/surveys/survey-reminders.job.ts';
import { remindDueTasks } from '../modules/tasks/reminders.job.ts';
import { sweepExpired } from './housekeeping.ts';
import { JOB } from './names.ts';
import type { JobDefinition, JobTrigger } from './queue.ts';

/** Rapport's background jobs. Each is an idempotent sweep, so a repeat run does no harm. */
export function rapportJobs(deps: {
  db: Db;
  mailer: Mailer | null;
  baseUrl: string;
  jobs: JobTrigger;
  events: Dispatcher;
  storage: Storage;
  /** Where imports keep their files, and how they match; the runs' log. */
  imports: ImportDeps;
  log: FastifyBaseLogger;
}): JobDefinition[] {
  const { db, mailer, baseUrl } = deps;
  return [
    {
      // Triggered after every successful write; the schedule picks up anything a crash left.
      name: JOB.deliverEvents,
      cron: '* * * * *',
      run: async () => {
        const result = await deps.events.deliver();
        if (result.delivered > 0) {
          await deps.jobs.trigger(JOB.deliverEmail);
          await deps.jobs.trigger(JOB.deliverAgreementChangeMail);
        }
        return result;
      },
    },
    {
      name: JOB.deliverEmail,
      cron: '* * * * *',
      run: async () => (mailer ? deliverPendingEmails(db, mailer, baseUrl) : 0),
    },
    {
      // Invitations and places offered from waiting lists; triggered by the writes that queue them.
      name: JOB.deliverActivityMail,
      cron: '* * * * *',
      run: async () => (mailer ? deliverActivityMail(db, mailer, baseUrl) : 0),
    },
    {
      // The short feedback form e-mailed after each one-off activity, once per place.
      name: JOB.requestActivityFeedback,
      cron: '*/15 * * * *',
      run: async () => {
        const queued = await requestActivityFeedback(db);
        if (queued > 0) await deps.jobs.trigger(JOB.deliverActivityMail);
        return queued;
      },
    },
    {
      // Survey links to contacts; triggered by the writes that queue them.
      name: JOB.deliverSurveyMail,
      cron: '* * * * *',
      run: async () => (mailer ? deliverSurveyMail(db, mailer, baseUrl) : 0),
    },
    {
      // A dispute outcome's private link to the partner's contact; triggered by recording it.
      name: JOB.deliverDisputeOutcomeMail,
      cron: '* * * * *',
      run: async () => (mailer ? deliverDisputeOutcomeMail(db, mailer, baseUrl) : 0),
    },
    {
      // An approved agreement change, to the partner's contact; triggered after event delivery.
      name: JOB.deliverAgreementChangeMail,
      cron: '* * * * *',
      run: async () => (mailer ? deliverAgreementChangeMail(db, mailer, baseUrl) : 0),
    },
    {
      // One reminder to each contact who has not answered a survey closing within three days.
      name: JOB.remindSurveys,
      cron: '23 * * * *',
      timeZone: 'Europe/London',
      run: async () => (mailer ? remindSurveys(db, mailer, baseUrl) : 0),
    },
    {
      // Assessment links to partners' key contacts; triggered by the assessment that asks them.
      name: JOB.deliverAssessmentMail,
      cron: '* * * * *',
      run: async () => (mailer ? deliverAssessmentMail(db, mailer, baseUrl) : 0),
    },
    {
      // "You said, we did" digests when an initiative reaches a milestone; triggered by that write.
      name: JOB.deliverInitiativeDigests,
      cron: '* * * * *',
      run: async () => (mailer ? deliverInitiativeDigests(db, mailer, baseUrl) : 0),
    },
    {
      name: JOB.checkTargets,
      cron: '*/5 * * * *',
      run: async () => {
        const created = await checkTargets(db);
        if (created > 0) await deps.jobs.trigger(JOB.deliverEmail);
        return created;
      },
    },
    {
      // The notices follow from the task.due events, which the event delivery hands out.
      name: JOB.remindTasks,
      cron: '*/15 * * * *',
      timeZone: 'Europe/London',
      run: async () => {
        const due = await remindDueTasks(db);
        if (due > 0) await deps.jobs.trigger(JOB.deliverEvents);
        return due;
      },
    },
    {
      // The notices follow from the agreement.review_due events.
      name: JOB.remindAgreementReviews,
      cron: '7 6 * * *',
      timeZone: 'Europe/London',
      run: async () => {
        const due = await remindAgreementReviews(db);
        if (due > 0) await deps.jobs.trigger(JOB.deliverEvents);
        return due;
      },
    },
    {
      // The notices follow from the agreement.ending events.
      name: JOB.remindAgreementEnds,
      cron: '9 6 * * *',
      timeZone: 'Europe/London',
      run: async () => {
        const due = await remindAgreementEnds(db);
        if (due > 0) await deps.jobs.trigger(JOB.deliverEvents);
        return due;
      },
    },
    {
      // The notices follow from the review.due events.
      name: JOB.remindReviewsDue,
      cron: '11 6 * * *',
      timeZone: 'Europe/London',
      run: async () => {
        const due = await remindReviewsDue(db);
        if (due > 0) await deps.jobs.trigger(JOB.deliverEvents);
        return due;
      },
    },
    {
      name: JOB.dailyDigest,
      cron: '0 7 * * 1-5',
      timeZone: 'Europe/London',
      run: async () => (mailer ? sendDigests(db, mailer, baseUrl) : 0),
    },
    {
      // Each senior manager's weekly briefing, Monday early; the notice (app, e-mail) follows.
      name: JOB.prepareBriefings,
      cron: '30 6 * * 1',
      timeZone: 'Europe/London',
      run: async () => {
        const created = await prepareBriefings({ db, log: deps.log, jobs: deps.jobs });
        if (created > 0) await deps.jobs.trigger(JOB.deliverEmail);
        return created;
      },
    },
    {
      // Recomputes every kept health score after an administrator changes the rule.
      name: JOB.refreshHealth,
      cron: '41 4 * * *',
      timeZone: 'Europe/London',
      run: async () => refreshAllHealth(db),
    },
    {
      // The day's health scores, kept for trends (and recency moved by time alone).
      name: JOB.snapshotHealth,
      cron: '7 2 * * *',
      timeZone: 'Europe/London',
      run: async () => snapshotAllHealth(db),
    },
    {
      // The retention schedule: every rule an administrator turned on, each run recorded.
      name: JOB.applyRetention,
      cron: '41 2 * * *',
      timeZone: 'Europe/London',
      run: async () => applyRetention(db),
    },
    {
      // Imports being run or undone, a batch per transaction; triggered by a run or an undo,
      // and at start, so one a crash stopped goes on; the schedule is the safety net.
      name: JOB.runImports,
      cron: '* * * * *',
      run: async () => {
        const handled = await runPendingImports({ ...deps.imports, db, jobs: deps.jobs, log: deps.log });
        if (handled > 0) await deps.jobs.trigger(JOB.deliverEvents);
        return handled;
      },
    },
    {
      name: JOB.housekeeping,
      cron: '17 3 * * *',
      timeZone: 'Europe/London',
      run: async () => ({
        ...(await sweepExpired(db)),
        orphanFiles: await sweepOrphanFiles(db, deps.storage),
      }),
    },
  ];
}

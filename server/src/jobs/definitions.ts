import type { Db } from '../db/client.ts';
import { deliverActivityMail } from '../modules/activities/activity-mail.job.ts';
import { sweepOrphanFiles } from '../modules/attachments/orphans.job.ts';
import type { Storage } from '../modules/attachments/storage.ts';
import type { Dispatcher } from '../modules/events/dispatcher.ts';
import type { Mailer } from '../modules/notifications/mailer.ts';
import { deliverPendingEmails, sendDigests } from '../modules/notifications/notifications.service.ts';
import { checkTargets } from '../modules/requests/targets.job.ts';
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
}): JobDefinition[] {
  const { db, mailer, baseUrl } = deps;
  return [
    {
      // Triggered after every successful write; the schedule picks up anything a crash left.
      name: JOB.deliverEvents,
      cron: '* * * * *',
      run: async () => {
        const result = await deps.events.deliver();
        if (result.delivered > 0) await deps.jobs.trigger(JOB.deliverEmail);
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
      name: JOB.dailyDigest,
      cron: '0 7 * * 1-5',
      timeZone: 'Europe/London',
      run: async () => (mailer ? sendDigests(db, mailer, baseUrl) : 0),
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

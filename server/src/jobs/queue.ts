/**
 * Background jobs behind one interface. Every job here is a named, parameterless sweep
 * (deliver e-mail, check targets, send digests) that runs on a schedule and can be
 * triggered early; a sweep is idempotent, so running it again is always safe.
 *
 * - On PostgreSQL, pg-boss keeps the queue in the database: a triggered or scheduled job runs
 *   once across all worker instances and survives restarts.
 * - On PGlite (one process by design), an in-process runner does the same in memory.
 */
export type JobDefinition = {
  name: string;
  /** When it runs on its own: a cron expression (minute precision) in `timeZone`. */
  cron: string;
  timeZone?: string;
  run: () => Promise<unknown>;
};

export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  /** Creates the queues; with `work`, this instance also runs the jobs and their schedules. */
  start(definitions: JobDefinition[], options: { work: boolean }): Promise<void>;
  /** Asks for a job to run soon; at most one waits per job, however often it is asked. */
  trigger(name: string): Promise<void>;
  /**
   * Resolves once no job of this queue waits or runs (in any instance, on pg-boss), including
   * jobs that running ones trigger. Tests wait on it instead of sleeping; `timeoutMs` bounds the
   * wait on pg-boss, whose jobs may be on another instance or waiting for a retry.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops taking jobs and waits for running ones to finish. */
  stop(): Promise<void>;
}

/** What services see: they may only ask for a job to run. */
export type JobTrigger = Pick<JobQueue, 'trigger'>;

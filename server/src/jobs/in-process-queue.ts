import cronParser from 'cron-parser';
import type { JobDefinition, JobQueue } from './queue.ts';

type Log = { error(obj: object, msg: string): void };
type Slot = { job: JobDefinition; running: Promise<void> | null; again: boolean; timer?: NodeJS.Timeout };

/** The PGlite runner: jobs run in this process, one at a time per name; triggers coalesce. */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly slots = new Map<string, Slot>();
  private working = false;
  private stopped = false;

  constructor(private readonly log: Log) {}

  async start(definitions: JobDefinition[], options: { work: boolean }) {
    this.working = options.work;
    for (const job of definitions) {
      const slot: Slot = { job, running: null, again: false };
      this.slots.set(job.name, slot);
      if (options.work) this.plan(slot);
    }
  }

  /** Sets a timer for the job's next cron time. */
  private plan(slot: Slot) {
    if (this.stopped) return;
    const next = cronParser
      .parseExpression(slot.job.cron, { tz: slot.job.timeZone ?? 'UTC' })
      .next()
      .getTime();
    // Timers longer than ~24.8 days overflow; re-plan at most daily.
    const delay = Math.min(Math.max(next - Date.now(), 1_000), 86_400_000);
    slot.timer = setTimeout(() => {
      void this.trigger(slot.job.name);
      this.plan(slot);
    }, delay);
    slot.timer.unref();
  }

  async trigger(name: string) {
    const slot = this.slots.get(name);
    if (!slot || !this.working || this.stopped) return;
    if (slot.running) {
      slot.again = true;
      return;
    }
    slot.running = (async () => {
      do {
        slot.again = false;
        try {
          await slot.job.run();
        } catch (err) {
          this.log.error({ err, job: name }, 'background job failed');
        }
      } while (slot.again && !this.stopped);
      slot.running = null;
    })();
  }

  /** Waits until every job is idle; a run that triggers another job is waited for too. */
  async drain() {
    for (;;) {
      const running = [...this.slots.values()].flatMap((slot) => (slot.running ? [slot.running] : []));
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  async stop() {
    this.stopped = true;
    for (const slot of this.slots.values()) {
      clearTimeout(slot.timer);
      await slot.running;
    }
  }
}

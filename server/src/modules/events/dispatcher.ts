import type { DomainEvent } from '../../../../common/src/events.ts';
import type { Db, Executor } from '../../db/client.ts';
import { claimDue, fanOut, markDelivered, markFailed, type Subscription } from './events.repository.ts';

/**
 * Something that reacts to committed changes: notifications, e-mail, and later webhooks,
 * health scores and portal notices. It gets each event at least once, in order per record,
 * inside a transaction of its own (a savepoint): what it writes commits with the mark that it
 * was delivered, and a failure rolls its writes back and schedules a retry.
 *
 * A subscriber whose work for many events costs about what it costs for one (health scores:
 * one recomputation for all the relationships a burst of touch points concerns) may also take a
 * whole claimed batch at once with `handleBatch`: the batch shares one savepoint, and all its
 * events are marked delivered together. A batch holds at most one event per record, so order
 * per record still holds. If `handleBatch` throws, its writes roll back and the batch is
 * delivered again one event at a time through `handle`, so only the events that fail there
 * wait for a retry.
 */
export type Subscriber = Subscription & {
  handle(event: DomainEvent, tx: Executor): Promise<void>;
  /** Handles several events (oldest first, at most one per record) as if each were handled in turn. */
  handleBatch?(events: DomainEvent[], tx: Executor): Promise<void>;
};

type Log = { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };

const BATCH = 50;
type Due = Awaited<ReturnType<typeof claimDue>>;
/** Retry after 10 s, 20 s, 40 s … at most an hour apart. */
export const retryDelaySeconds = (attempts: number) => Math.min(10 * 2 ** attempts, 3600);

export type Dispatcher = {
  subscribers: readonly Subscriber[];
  /** Fans out and delivers everything due now; resolves when nothing due is left. */
  deliver(): Promise<{ delivered: number; failed: number }>;
};

export function createDispatcher(db: Db, subscribers: Subscriber[], log: Log): Dispatcher {
  const names = new Set<string>();
  for (const s of subscribers) {
    if (names.has(s.name)) throw new Error(`Two event subscribers are called ${s.name}`);
    names.add(s.name);
  }

  /** Delivers a claimed batch in one savepoint; false (and nothing kept) if the batch handler threw. */
  async function deliverAsBatch(tx: Executor, subscriber: Subscriber, due: Due) {
    const ids = due.map((d) => d.event.id);
    try {
      await tx.transaction((savepoint) =>
        subscriber.handleBatch!(
          due.map((d) => d.event),
          savepoint,
        ),
      );
    } catch (err) {
      log.warn(
        { err, subscriber: subscriber.name, events: ids.length },
        'event subscriber failed on a batch; delivering its events one at a time',
      );
      return false;
    }
    await markDelivered(tx, subscriber.name, ids);
    return true;
  }

  async function deliverTo(subscriber: Subscriber) {
    let delivered = 0;
    let failed = 0;
    for (;;) {
      const batch = await db.transaction(async (tx) => {
        const due = await claimDue(tx, subscriber.name, BATCH);
        if (subscriber.handleBatch && due.length > 1 && (await deliverAsBatch(tx, subscriber, due))) {
          delivered += due.length;
          return due.length;
        }
        for (const { event, attempts } of due) {
          try {
            await tx.transaction((savepoint) => subscriber.handle(event, savepoint));
            await markDelivered(tx, subscriber.name, [event.id]);
            delivered++;
          } catch (err) {
            failed++;
            log.error({ err, subscriber: subscriber.name, event: event.id }, 'event subscriber failed');
            await markFailed(tx, subscriber.name, event.id, String(err), retryDelaySeconds(attempts));
          }
        }
        return due.length;
      });
      // Each batch takes one event per record, so a record's next event comes in the next batch.
      if (batch === 0) return { delivered, failed };
    }
  }

  return {
    subscribers,
    async deliver() {
      while ((await db.transaction((tx) => fanOut(tx, subscribers))) > 0) {
        // keep fanning out until every waiting event has its deliveries
      }
      const totals = { delivered: 0, failed: 0 };
      for (const subscriber of subscribers) {
        const result = await deliverTo(subscriber);
        totals.delivered += result.delivered;
        totals.failed += result.failed;
      }
      return totals;
    },
  };
}

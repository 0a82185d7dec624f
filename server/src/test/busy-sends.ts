import { afterAll, afterEach, beforeEach } from 'vitest';
import { busySendCount, describeBusySends, takeBusySends } from './busy-sends-detector.ts';

/**
 * A vitest setup file for the PostgreSQL run: fails a test that sends a query on a pg.Client
 * still busy with another (see busy-sends-detector.ts), listing each origin once.
 */

function report(where: string, from: number): void {
  const message = describeBusySends(takeBusySends(from), where);
  if (message) throw new Error(message);
}

let mark = 0;
beforeEach(() => {
  // Sends of the hooks before this test (or left running by the one before) are reported in afterAll.
  mark = busySendCount();
});
afterEach(() => report('during this test', mark));
afterAll(() => report('in this file, outside its tests', 0));

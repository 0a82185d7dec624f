import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.ts';
import { AppError, forbidden } from '../../errors.ts';
import { JOB } from '../../jobs/names.ts';
import type { JobTrigger } from '../../jobs/queue.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../access/actor.ts';
import { actorsOf } from '../access/audience.repository.ts';
import { applyBatch, type RunContext } from './applying.ts';
import type { ImportRow } from './imports.repository.ts';
import { checkedBatches, type ImportDeps, loadOwn, mappingProblems, present } from './imports.service.ts';
import {
  advanceImport,
  earlierRunOfSameFile,
  finishImport,
  insertOutcomes,
  lockImport,
  markRunning,
  markUndoing,
  nextImportWithWork,
  undoDays,
} from './runs.repository.ts';
import { undoBatches } from './undoing.ts';

/**
 * The run of an import as a background job: the rows applied a batch at a time, each batch in
 * its own transaction with the position that counts it, so a run killed half way resumes at
 * the first row not applied and never leaves half a batch.
 */

export type RunDeps = ImportDeps & { db: Db; jobs: JobTrigger; log: FastifyBaseLogger };

const canImport = (ctx: Ctx) => !ctx.actor.readOnly && hasRole(ctx.actor, 'staff');

/** Another worker moved the import on while this one read the batch: leave it to that one. */
class Superseded extends Error {}

/** Starts the run (or resumes a stopped one); refused while the mapping leaves a required field out. */
export async function startRun(ctx: Ctx, id: string) {
  if (!canImport(ctx)) throw forbidden();
  const row = await loadOwn(ctx, ctx.db, id);
  const problems = mappingProblems(row.kind, row.columns, row.mapping);
  if (problems.length)
    throw new AppError('validation', 'The mapping is not complete: the import cannot run', {
      errors: problems,
    });
  const started = await markRunning(ctx.db, id);
  if (!started)
    throw new AppError(
      'conflict',
      `This import is ${row.status === 'running' ? 'already running' : `${row.status}`}`,
      {
        errors: [
          { field: 'status', message: `is ${row.status}: only an import not run yet, or stopped, can run` },
        ],
      },
    );
  await ctx.jobs.trigger(JOB.runImports);
  return present(ctx.db, ctx, started);
}

/**
 * Undoes a finished import as a whole, within the `import.undo_days` period after its run.
 * Who may: the person who ran it, or an administrator (anyone's); the period binds both. To
 * anyone else another's import looks missing (404), as it does everywhere else.
 */
export async function startUndo(ctx: Ctx, id: string) {
  if (!canImport(ctx)) throw forbidden();
  const row = await loadOwn(ctx, ctx.db, id);
  if (row.status !== 'finished' || !row.finishedAt)
    throw new AppError('conflict', 'Only a finished import can be undone', {
      errors: [{ field: 'status', message: `is ${row.status}: only a finished import can be undone` }],
    });
  const days = await undoDays(ctx.db);
  const until = DateTime.fromJSDate(row.finishedAt).plus({ days });
  if (until < DateTime.now())
    throw new AppError('conflict', 'The period to undo this import is over', {
      errors: [
        {
          field: 'status',
          message: `finished on ${DateTime.fromJSDate(row.finishedAt).toUTC().toFormat('d MMMM yyyy')}: an import can be undone within ${days} ${days === 1 ? 'day' : 'days'} of its run (the import.undo_days setting)`,
        },
      ],
    });
  const undoing = await markUndoing(ctx.db, id, ctx.actor.userId);
  if (!undoing) throw new AppError('conflict', 'This import is being undone already');
  await ctx.jobs.trigger(JOB.runImports);
  return present(ctx.db, ctx, undoing);
}

/**
 * Who writes, with the rights they have now: the uploader for the run, whoever asked for the
 * undo (the uploader or an administrator) for the undo. Null: no longer active.
 */
async function contextFor(deps: RunDeps, job: ImportRow): Promise<Ctx | null> {
  const writer = job.status === 'undoing' ? (job.undoneById ?? job.uploadedById) : job.uploadedById;
  const [actor] = await actorsOf(deps.db, [writer]);
  if (!actor) return null;
  return {
    db: deps.db,
    actor: { ...actor, readOnly: false },
    // Every history entry of the run carries the import's id where a request's would be.
    requestId: `import:${job.id}`,
    log: deps.log,
    jobs: deps.jobs,
  };
}

/** The job: every import with work left, one after another; returns how many it saw through. */
export async function runPendingImports(deps: RunDeps): Promise<number> {
  let handled = 0;
  const failedHere = new Set<string>();
  for (;;) {
    const job = await nextImportWithWork(deps.db);
    if (!job || failedHere.has(job.id)) return handled;
    const from = job.status as 'running' | 'undoing';
    try {
      const ctx = await contextFor(deps, job);
      if (!ctx || !canImport(ctx)) {
        await finishImport(deps.db, job.id, from, {
          // An undo that cannot go on leaves the import finished: someone else may undo it.
          status: from === 'running' ? 'failed' : 'finished',
          error:
            from === 'running'
              ? 'The person who started it no longer has an account that may import'
              : 'The person who asked for the undo no longer has an account that may import',
        });
      } else if (from === 'running') await runImport(deps, ctx, job);
      else await undoBatches(ctx, job);
    } catch (error) {
      if (error instanceof Superseded) return handled;
      deps.log.error({ err: error, importId: job.id }, 'import stopped');
      failedHere.add(job.id);
      await finishImport(deps.db, job.id, from, {
        status: from === 'running' ? 'failed' : 'finished',
        error: 'It stopped on an unexpected error; run it again to go on from where it stopped',
      });
    }
    handled++;
  }
}

async function runImport(deps: RunDeps, ctx: Ctx, job: ImportRow) {
  const run: RunContext = { ctx, job, earlierImportId: await earlierRunOfSameFile(deps.db, job) };
  let seen = 0;
  for await (const batch of checkedBatches(ctx, deps, job, { run: true })) {
    const first = seen;
    seen += batch.rows.length;
    if (seen <= job.rowsDone) continue;
    const rows = batch.rows.slice(Math.max(0, job.rowsDone - first));
    const expected = first + (batch.rows.length - rows.length);
    const applyOnce = (isolateRows: boolean) =>
      deps.db.transaction(async (tx) => {
        const locked = await lockImport(tx, job.id);
        if (locked?.status !== 'running' || locked.rowsDone !== expected) throw new Superseded();
        const outcomes = await applyBatch(tx, run, batch, rows, { isolateRows });
        await insertOutcomes(tx, outcomes);
        const count = (o: string) => outcomes.filter((x) => x.outcome === o).length;
        await advanceImport(tx, job.id, seen, {
          created: count('created'),
          updated: count('updated'),
          skipped: count('skipped'),
          failed: count('failed'),
        });
      });
    try {
      await applyOnce(false);
    } catch (error) {
      if (error instanceof Superseded) throw error;
      // A row failed: the batch was rolled back whole; again, each row on its own.
      deps.log.info({ err: error, importId: job.id }, 'a row of the batch failed: applying it row by row');
      await applyOnce(true);
    }
    // PGlite runs in this thread and answers each query at once: without a turn of the event
    // loop between batches, requests (someone watching the progress) would wait for the whole run.
    await nextTurn();
  }
  await finishImport(deps.db, job.id, 'running', { status: 'finished' });
}

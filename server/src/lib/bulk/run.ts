import { BULK_MAX, type BulkResult } from '../../../../common/src/contracts/bulk.ts';
import type { Executor } from '../../db/client.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Ctx } from '../context.ts';

/** Told after each record: how many are done of how many (awaited, so it can let the line out). */
export type BulkProgress = (done: number, total: number) => void | Promise<void>;

export type BulkRun<F> = {
  /** The record's name in messages: "does not name a partner you can see". */
  noun: string;
  /** Locks the records (in id order) and reads their versions: the repository's lock<Records>. */
  lock(tx: Executor, ids: string[]): Promise<Map<string, number>>;
  selection: { ids?: string[]; filter?: F };
  /**
   * The ids the filter matches that the caller may see, through the list pipeline and its
   * scope (at most `limit`): a bulk action never reaches a record its list would not show.
   */
  matching(tx: Executor, filter: F, limit: number): Promise<string[]>;
  /** Changes one record through the domain's own write path (the single PATCH's). */
  apply(tx: Executor, id: string, version: number): Promise<unknown>;
  onProgress?: BulkProgress;
};

/**
 * One action on many records, all or nothing: one transaction; the records are locked (in id
 * order, so two bulk actions cannot deadlock) and each goes through the domain's write path,
 * which checks the caller's right to change it, audits it and publishes its event. The first
 * refusal rolls everything back and names the record: `ids[3]`, or its id for a filter.
 */
export async function runBulk<F>(ctx: Ctx, run: BulkRun<F>): Promise<BulkResult> {
  const { selection } = run;
  return ctx.db.transaction(async (tx) => {
    let ids = selection.ids;
    if (!ids) {
      ids = await run.matching(tx, selection.filter as F, BULK_MAX + 1);
      if (ids.length > BULK_MAX)
        throw invalid('filter', `matches more than ${BULK_MAX.toLocaleString('en-GB')} records: narrow it`);
    }
    const versions = await run.lock(tx, ids);
    for (const [i, id] of ids.entries()) {
      const label = selection.ids ? `ids[${i}]` : 'filter';
      const version = versions.get(id);
      try {
        if (version === undefined) throw new AppError('not_found', `${run.noun} not found`);
        await run.apply(tx, id, version);
      } catch (error) {
        throw naming(error, label, id, run.noun);
      }
      await run.onProgress?.(i + 1, ids.length);
    }
    return { count: ids.length, ids };
  });
}

/**
 * The record's own refusal, saying which record it is. Hidden and missing records look the
 * same; a move the lifecycle refuses is, in a bulk, a bad selection (400), not a conflict.
 */
function naming(error: unknown, label: string, id: string, noun: string): unknown {
  if (!(error instanceof AppError)) return error;
  const hidden = error.code === 'not_found';
  const code = hidden || error.code === 'conflict' ? 'validation' : error.code;
  const reason = hidden
    ? `does not name a ${noun} you can see`
    : (error.extra.errors?.map((e) => `${e.field} ${e.message}`).join('; ') ?? error.message);
  return new AppError(code, `${label} (${id}): ${reason}. Nothing was changed.`, {
    ...error.extra,
    recordId: id,
    errors: [{ field: label, message: reason }],
  });
}

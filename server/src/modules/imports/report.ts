import { rowOutcomeLabels } from '../../../../common/src/labels/imports.ts';
import { AppError, forbidden } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile } from '../../lib/lists/export.ts';
import { hasRole } from '../access/actor.ts';
import { loadOwn } from './imports.service.ts';
import { outcomesAfter, type StoredOutcome } from './runs.repository.ts';

/** Rows of the report read at a time. */
const REPORT_PAGE = 1000;

const columns: ExportColumn<StoredOutcome>[] = [
  { header: 'Row', value: (r) => r.row, width: 8 },
  { header: 'What happened', value: (r) => rowOutcomeLabels[r.outcome] },
  { header: 'Name', value: (r) => r.name, width: 40 },
  { header: 'Why', value: (r) => r.reason, width: 80 },
  { header: 'Rapport id', value: (r) => r.recordId, width: 38 },
];

/**
 * What became of every row of an import, and why, as CSV or XLSX, streamed a page at a time.
 * What the file held is written as text a spreadsheet will not run ("=HYPERLINK(…)" and the like).
 */
export async function importReport(ctx: Ctx, id: string, format: 'csv' | 'xlsx') {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  const row = await loadOwn(ctx, ctx.db, id);
  if (row.status === 'uploaded')
    throw new AppError('conflict', 'The import has not run yet: there is no report', {
      errors: [{ field: 'status', message: 'is not run yet: run the import first' }],
    });
  const base =
    row.fileName
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 60) || 'import';
  return exportFile({
    format,
    basename: `${base}-import-report`,
    sheetName: 'Report',
    columns,
    pages: (async function* () {
      let after = 0;
      for (;;) {
        const page = await outcomesAfter(ctx.db, row.id, after, REPORT_PAGE);
        if (page.length === 0) return;
        yield page;
        after = page.at(-1)!.row;
      }
    })(),
  });
}

import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ExportFormat } from '../../../../common/src/lists/query.ts';

export type Cell = string | number | boolean | Date | null | undefined;

/** One column of an export: its heading and how a row fills it. */
export type ExportColumn<Row> = { header: string; value: (row: Row) => Cell; width?: number };

export type ExportFile = { filename: string; contentType: string; body: Readable };

/** Keyset pages fetched one after another until the list ends: no cap, never the whole result at once. */
export async function* keysetPages<Row>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: Row[]; nextCursor: string | null }>,
): AsyncGenerator<Row[]> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    if (page.items.length) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet would read as a formula ("=HYPERLINK(…)", "+1", "@SUM") gets a
 * leading apostrophe, so opening an export never runs what someone typed into a record.
 */
export function neutralise(value: Cell): Cell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

function csvText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

async function* csvChunks<Row>(columns: ExportColumn<Row>[], pages: AsyncIterable<Row[]>) {
  const header = columns.map((c) => c.header);
  let first = true;
  for await (const rows of pages) {
    const records = rows.map((row) => columns.map((c) => csvText(neutralise(c.value(row)))));
    // The byte-order mark lets Excel read UTF-8 (accented names) correctly.
    yield stringify(records, { header: first, columns: header, bom: first });
    first = false;
  }
  if (first) yield stringify([], { header: true, columns: header, bom: true });
}

function xlsxStream<Row>(columns: ExportColumn<Row>[], pages: AsyncIterable<Row[]>, sheetName: string) {
  const out = new PassThrough();
  (async () => {
    // Loaded on the first XLSX export: exceljs alone would add over a second to every start.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(sheetName);
    sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width ?? 20 }));
    for await (const rows of pages) {
      // The caller went away: stop asking the database for more.
      if (out.destroyed) return;
      for (const row of rows) {
        sheet.addRow(columns.map((c) => neutralise(c.value(row)) ?? null)).commit();
      }
      // Wait for a slow reader before fetching the next page, so memory stays at about a page.
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A streamed CSV or XLSX file of every row the pages yield, named `<basename>-<date>.<format>`. */
export function exportFile<Row>(options: {
  format: ExportFormat;
  basename: string;
  sheetName: string;
  columns: ExportColumn<Row>[];
  pages: AsyncIterable<Row[]>;
}): ExportFile {
  const { format, basename, columns, pages } = options;
  const filename = `${basename}-${new Date().toISOString().slice(0, 10)}.${format}`;
  const body =
    format === 'csv'
      ? Readable.from(csvChunks(columns, pages))
      : xlsxStream(columns, pages, options.sheetName);
  return { filename, contentType: contentTypes[format], body };
}

/** The headers of a download; filenames are ASCII (list name and date), so no encoding is needed. */
export function downloadHeaders(file: ExportFile): Record<string, string> {
  return {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.filename}"`,
    'cache-control': 'no-store',
  };
}

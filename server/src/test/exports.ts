import ExcelJS from 'exceljs';
import Papa from 'papaparse';

/** An exported CSV read back as records keyed by heading (the byte-order mark dropped). */
export const csvRows = (body: string) =>
  Papa.parse<Record<string, string>>(body.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true })
    .data;

/** An exported XLSX read back as records keyed by heading, from its first sheet. */
export async function xlsxRows(payload: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

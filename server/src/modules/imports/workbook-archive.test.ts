import { once } from 'node:events';
import { createRequire } from 'node:module';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inspectFile } from './reading.ts';

/*
 * ExcelJS reads a workbook's zip through unzipper, which emits 'end' by hand once it has read the
 * whole archive, while entries it has pushed may still wait in the paused stream. Unpatched, those
 * entries were lost at random (exceljs#3064): a workbook written by ExcelJS keeps xl/workbook.xml
 * last, so its sheets came out nameless and the import refused a good file. patches/ fixes
 * ExcelJS's stream iteration; these tests make the race happen every time.
 */
const require = createRequire(import.meta.url);
const iterateStream = require('exceljs/lib/utils/iterate-stream.js') as (
  stream: Readable,
) => AsyncGenerator<{ path: string; autodrain(): unknown }>;
const unzipper = createRequire(require.resolve('exceljs'))('unzipper') as {
  Parse(options: { forceStream: boolean }): NodeJS.ReadWriteStream & Readable & { writableFinished: boolean };
};

async function twoSheetWorkbook() {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('About').addRow(['Careers contacts, kept by Ifan']);
  const sheet = workbook.addWorksheet('Contacts 2026');
  sheet.addRow(['Full name', 'E-mail address']);
  sheet.addRow(['Amira Shah', 'amira.shah@kestrel.example']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading a workbook archive while its reader is slow', () => {
  it('yields every entry, even those pushed after the archive was read to its end', async () => {
    const zip = unzipper.Parse({ forceStream: true });
    const source = new PassThrough();
    source.pipe(zip);
    source.end(await twoSheetWorkbook());
    const paths: string[] = [];
    for await (const entry of iterateStream(zip)) {
      // The slow reader: the parser runs on to the end of the archive before the first entry is done.
      if (paths.length === 0 && !zip.writableFinished) await once(zip, 'finish');
      paths.push(entry.path);
      entry.autodrain();
    }
    expect(paths).toContain('xl/workbook.xml');
    expect(paths).toContain('xl/worksheets/sheet2.xml');
    expect(paths.at(-1)).toBe('xl/workbook.xml');
  });

  it('names the sheets of a workbook ExcelJS wrote, read many times over', async () => {
    const bytes = await twoSheetWorkbook();
    const open = async () => {
      const stream = new PassThrough();
      stream.end(bytes);
      return stream;
    };
    for (let i = 0; i < 10; i++) {
      const inspected = await inspectFile(open, 'contacts.xlsx', {});
      expect(inspected.sheets).toEqual(['About', 'Contacts 2026']);
      expect(inspected.sheet).toBe('Contacts 2026');
      expect(inspected.rowCount).toBe(1);
    }
  });
});

import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import iconv from 'iconv-lite';
import jschardet from 'jschardet';
import Papa from 'papaparse';
import { invalid } from '../../errors.ts';

/**
 * Reading a spreadsheet as a stream of rows, whatever it is: CSV in any common encoding and with
 * any delimiter, or a sheet of an XLSX workbook. Nothing here holds more than one row (and the
 * first 64 KB, to recognise the file) in memory, so a file of any size is read in bounded memory.
 */

/** How much of the file is looked at to recognise its kind, encoding and delimiter. */
const SAMPLE_BYTES = 64 * 1024;

/** The encodings read (iconv-lite names) with what people call them. */
export const readableEncodings: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Western European)',
  'iso-8859-1': 'ISO-8859-1 (Latin-1)',
  'iso-8859-15': 'ISO-8859-15 (Latin-9)',
  'windows-1250': 'Windows-1250 (Central European)',
  'iso-8859-2': 'ISO-8859-2 (Latin-2)',
};

const delimiters = [',', ';', '\t', '|'];

export type Format = 'csv' | 'xlsx';
export type ReadOptions = {
  format: Format;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
};
/** One row: its number as the spreadsheet shows it, its cells as text, and cells that could not be read. */
export type Row = { row: number; cells: (string | null)[]; problems: { index: number; message: string }[] };
export type Opener = () => Promise<Readable>;

async function headOf(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= max) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, max);
}

const isUtf8 = (sample: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
};

/** UTF-16 without a byte-order mark: every other byte zero, as Latin text is in it. */
function utf16WithoutMark(sample: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 2) return null;
  let oddZero = 0;
  let evenZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZero++;
    if (sample[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero / pairs > 0.6 && evenZero / pairs < 0.1) return 'utf-16le';
  if (evenZero / pairs > 0.6 && oddZero / pairs < 0.1) return 'utf-16be';
  return null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const CONTROL = /[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/;

/** A byte-order mark, or UTF-16 recognised by its zeros: before anything else, as UTF-16 looks binary. */
function markedEncoding(sample: Buffer): string | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return utf16WithoutMark(sample);
}

/** The encoding of a CSV sample without a mark: valid UTF-8, or what jschardet says. */
function encodingOf(sample: Buffer, fileName: string): string {
  if (sample.includes(0))
    throw invalid('file', `"${fileName}" is not a CSV or XLSX file: its content is not text`);
  if (isUtf8(sample)) return 'utf-8';
  const guess = jschardet.detect(sample);
  const name = guess.encoding?.toLowerCase() ?? '';
  if (name === 'ascii') return 'utf-8';
  if (name in readableEncodings) return name;
  const said = guess.encoding ? ` (it looks like ${guess.encoding})` : '';
  throw invalid(
    'file',
    `"${fileName}" is in an encoding Rapport does not read${said}: save it as "CSV UTF-8" and upload it again, or choose its encoding`,
  );
}

/**
 * The delimiter of the first lines: of those that split the headings into several cells, the
 * one that splits most of the lines into as many cells as the headings (quotes respected).
 */
function delimiterOf(text: string): string {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .slice(0, 50);
  const cellsOf = (line: string, d: string) =>
    Papa.parse<string[]>(line, { delimiter: d }).data[0]?.length ?? 1;
  let best = { delimiter: ',', score: -1 };
  for (const d of delimiters) {
    const width = lines.length ? cellsOf(lines[0]!, d) : 1;
    if (width < 2) continue;
    const score = lines.filter((line) => cellsOf(line, d) === width).length * 1000 + width;
    if (score > best.score) best = { delimiter: d, score };
  }
  return best.delimiter;
}

/** A cell of a workbook as text: formulas by their saved result, dates as dates. */
function cellText(value: ExcelJS.CellValue): { text: string | null; problem?: string } {
  if (value === null || value === undefined) return { text: null };
  if (value instanceof Date) {
    const iso = value.toISOString();
    return { text: iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso };
  }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null)
        return {
          text: null,
          problem: 'is a formula without a saved result: open the file in Excel, save it and upload it again',
        };
      if (typeof result === 'object' && 'error' in result)
        return { text: null, problem: `is ${result.error}` };
      return cellText(result as ExcelJS.CellValue);
    }
    if ('richText' in value) return { text: value.richText.map((part) => part.text).join('') };
    if ('hyperlink' in value) return { text: String((value as ExcelJS.CellHyperlinkValue).text ?? '') };
    if ('error' in value) return { text: null, problem: `is ${(value as ExcelJS.CellErrorValue).error}` };
    return { text: null };
  }
  return { text: String(value) };
}

const isBlank = (cells: (string | null)[]) => cells.every((c) => c === null || c.trim() === '');

async function* csvRows(open: Opener, encoding: string, delimiter: string): AsyncGenerator<Row> {
  const source = await open();
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter }) as unknown as NodeJS.ReadWriteStream;
  const decoded = source.pipe(iconv.decodeStream(encoding, { stripBOM: true }));
  decoded.on('error', (err) => parser.emit('error', err));
  decoded.pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      if (isBlank(cells)) continue;
      yield { row, cells, problems: [] };
    }
  } finally {
    source.destroy();
  }
}

/** Each worksheet's name, and the rows of the one asked for (the first when none is). */
async function* xlsxRows(
  open: Opener,
  sheet: string | null,
  names?: string[],
  fileName = 'The file',
): AsyncGenerator<Row> {
  const source = await open();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'cache',
    entries: 'emit',
  });
  let chosen: string | null = sheet;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      names?.push(name);
      if (chosen === null) chosen = name;
      if (name !== chosen) {
        for await (const _ of worksheet) {
          // Sheets not chosen are read past, as the zip's order requires.
        }
        continue;
      }
      for await (const read of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = Array.isArray(read.values) ? read.values.slice(1) : [];
        const cells: (string | null)[] = [];
        const problems: Row['problems'] = [];
        for (let i = 0; i < values.length; i++) {
          const { text, problem } = cellText(values[i] as ExcelJS.CellValue);
          cells.push(text);
          if (problem) problems.push({ index: i, message: problem });
        }
        if (isBlank(cells) && problems.length === 0) continue;
        yield { row: read.number, cells, problems };
      }
    }
  } catch (err) {
    if ((err as { status?: number }).status) throw err;
    throw invalid(
      'file',
      `${fileName === 'The file' ? fileName : `"${fileName}"`} cannot be read as an XLSX workbook (${(err as Error).message.slice(0, 200)})`,
    );
  } finally {
    source.destroy();
  }
}

/** The rows of a file, the headings first. */
export function readRows(open: Opener, options: ReadOptions): AsyncGenerator<Row> {
  return options.format === 'xlsx'
    ? xlsxRows(open, options.sheet)
    : csvRows(open, options.encoding ?? 'utf-8', options.delimiter ?? ',');
}

/** Headings as columns: blanks named by their letter, repeats numbered, so each names one column. */
function columnsOf(cells: (string | null)[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    let name = (cell ?? '').replace(/\s+/g, ' ').trim().slice(0, 200) || `Column ${columnLetter(i)}`;
    const count = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), count);
    if (count > 1) name = `${name} (${count})`;
    return name;
  });
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export type Inspected = ReadOptions & { sheets: string[]; columns: string[]; rowCount: number };

/**
 * Recognises a file and reads it once through: its kind, encoding and delimiter (or sheets), its
 * headings and how many rows follow them. A file that cannot be imported is refused, naming it.
 */
export async function inspectFile(
  open: Opener,
  fileName: string,
  wanted: { sheet?: string | null; encoding?: string | null },
): Promise<Inspected> {
  try {
    return await inspectOnce(open, fileName, wanted);
  } catch (err) {
    // A workbook whose first sheet is empty or a note: the first sheet with rows, when none was chosen.
    const sheets = (err as { sheets?: string[] }).sheets;
    if (!sheets || wanted.sheet) throw err;
    for (const sheet of sheets.slice(1)) {
      try {
        return await inspectOnce(open, fileName, { ...wanted, sheet });
      } catch {}
    }
    throw err;
  }
}

async function inspectOnce(
  open: Opener,
  fileName: string,
  wanted: { sheet?: string | null; encoding?: string | null },
): Promise<Inspected> {
  const sample = await headOf(await open(), SAMPLE_BYTES);
  if (sample.length === 0) throw invalid('file', `"${fileName}" is empty`);
  const marked = markedEncoding(sample);
  const signed = marked ? undefined : await fileTypeFromBuffer(sample);
  let options: ReadOptions;
  const sheets: string[] = [];
  if (signed && (signed.ext === 'xlsx' || signed.ext === 'zip')) {
    options = { format: 'xlsx', encoding: null, delimiter: null, sheet: wanted.sheet ?? null };
  } else if (signed && !['csv', 'txt'].includes(signed.ext)) {
    throw invalid(
      'file',
      `"${fileName}" is not a CSV or XLSX file: its content is ${signed.ext.toUpperCase()}, whatever its name says`,
    );
  } else {
    const encoding = wanted.encoding ?? marked ?? encodingOf(sample, fileName);
    const text = iconv.decode(sample, encoding);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
    if (CONTROL.test(text.replace(/\u0000+$/, '')))
      throw invalid('file', `"${fileName}" is not a CSV or XLSX file: its content is not text`);
    options = { format: 'csv', encoding, delimiter: delimiterOf(text.replace(/^\uFEFF/, '')), sheet: null };
  }
  let columns: string[] | null = null;
  let rowCount = 0;
  const rows =
    options.format === 'xlsx' ? xlsxRows(open, options.sheet, sheets, fileName) : readRows(open, options);
  for await (const row of rows) {
    if (columns === null) columns = columnsOf(row.cells);
    else rowCount++;
  }
  if (options.format === 'xlsx') {
    if (sheets.length === 0) throw invalid('file', `"${fileName}" cannot be read as an XLSX workbook`);
    options.sheet ??= sheets[0]!;
    if (!sheets.includes(options.sheet)) throw invalid('sheet', `is not a sheet of "${fileName}"`);
  }
  const where = options.format === 'xlsx' ? `The sheet "${options.sheet}" of "${fileName}"` : `"${fileName}"`;
  const refuse = (message: string) => Object.assign(invalid('file', `${where} ${message}`), { sheets });
  if (columns === null) throw refuse('has nothing in it: not even a row of headings');
  if (rowCount === 0) throw refuse('has headings but no rows under them');
  return { ...options, sheets, columns, rowCount };
}

import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import { formatBytes } from '../../../../common/src/contracts/attachments.ts';
import {
  type ImportPreview,
  importActionsOf,
  importFields,
  type RowError,
  type RowMatch,
  suggestMapping,
  type UpdateImport,
} from '../../../../common/src/contracts/imports.ts';
import { type ImportKind, importKindLabels } from '../../../../common/src/labels/imports.ts';
import type { Executor } from '../../db/client.ts';
import { AppError, type FieldError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole, isAdministrator } from '../access/actor.ts';
import type { Storage } from '../attachments/storage.ts';
import { rowName } from './applying.ts';
import { type CheckedRow, checkRow, type Lookups, newFileMemory, referencesOf } from './checking.ts';
import {
  findImport,
  type ImportRow,
  insertImport,
  insertSavedMapping,
  latestImports,
  latestSameFile,
  partnersByKeys,
  partnerTypesByName,
  peopleByEmails,
  type SavedMappingRow,
  savedMappingsOf,
  unitsByKeys,
  updateImport,
} from './imports.repository.ts';
import { type MatchSettings, matchBatch, newMatchMemory } from './matching.ts';
import { inspectFile, type Opener, type Row, readableEncodings, readRows } from './reading.ts';
import { undoDays } from './runs.repository.ts';

/** Where the uploaded files are kept, and the largest taken. */
export type ImportDeps = { storage: Storage; maxBytes: number } & MatchSettings;
export type ImportUpload = { fileName: string; stream: Readable; truncated(): boolean };

/** The largest spreadsheet taken in one upload. */
export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;

/** How many rows are checked together (one lookup of their partners per batch). */
export const CHECK_BATCH = 500;

const canImport = (ctx: Ctx) => !ctx.actor.readOnly && hasRole(ctx.actor, 'staff');

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/g;

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(CONTROL_CHARACTERS, '').trim().slice(-255) || 'file';
}

function meter() {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) };
}

const openerOf =
  (deps: ImportDeps, key: string): Opener =>
  async () => {
    const stream = await deps.storage.get(key);
    if (!stream) throw notFound('Import file');
    return stream;
  };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The run's progress: rows per second since the start, and the time left at that pace. */
function presentRun(row: ImportRow, undoDays: number) {
  const seconds =
    row.startedAt && row.progressAt ? (row.progressAt.getTime() - row.startedAt.getTime()) / 1000 : 0;
  const rate = seconds > 0 && row.rowsDone > 0 ? row.rowsDone / seconds : null;
  return {
    status: row.status,
    rowsDone: row.rowsDone,
    created: row.createdCount,
    updated: row.updatedCount,
    skipped: row.skippedCount,
    failed: row.failedCount,
    undone: row.undoneCount,
    rowsPerSecond: rate === null ? null : Math.round(rate * 10) / 10,
    secondsLeft:
      rate === null || row.status !== 'running'
        ? null
        : Math.ceil(Math.max(0, row.rowCount - row.rowsDone) / rate),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    undoneAt: iso(row.undoneAt),
    undoableUntil:
      row.status === 'finished' && row.finishedAt
        ? new Date(row.finishedAt.getTime() + undoDays * 86_400_000).toISOString()
        : null,
    error: row.error,
  };
}

/** An import as the API shows it: how it is read and mapped, and how its run goes. */
export async function present(db: Executor, ctx: Ctx, row: ImportRow) {
  const same = await latestSameFile(
    db,
    row.sha256,
    row.id,
    isAdministrator(ctx.actor) ? null : ctx.actor.userId,
  );
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    size: row.size,
    sha256: row.sha256,
    format: row.format,
    encoding: row.encoding,
    delimiter: row.delimiter,
    sheets: row.sheets,
    sheet: row.sheet,
    columns: row.columns,
    rowCount: row.rowCount,
    mapping: row.mapping,
    choices: row.choices,
    uploadedAt: row.uploadedAt.toISOString(),
    sameFileAs: same ? { ...same, uploadedAt: same.uploadedAt.toISOString() } : null,
    run: presentRun(row, await undoDays(db)),
  };
}

/** The latest imports the actor may see: their own, or everyone's for an administrator. */
export async function listImports(ctx: Ctx) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  const rows = await latestImports(ctx.db, isAdministrator(ctx.actor) ? null : ctx.actor.userId, 50);
  const items = [];
  for (const row of rows) items.push(await present(ctx.db, ctx, row));
  return { items };
}

/** The spreadsheet as it was uploaded, to whoever uploaded it (or an administrator). */
export async function importFile(ctx: Ctx, deps: ImportDeps, id: string) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  const row = await loadOwn(ctx, ctx.db, id);
  const body = await openerOf(deps, row.storageKey)();
  const contentType =
    row.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  return { body, fileName: row.fileName, size: row.size, contentType };
}

/** An import the actor may see: their own, or any for an administrator. Others' look missing. */
export async function loadOwn(ctx: Ctx, db: Executor, id: string) {
  const row = await findImport(db, id);
  if (!row || (row.uploadedById !== ctx.actor.userId && !isAdministrator(ctx.actor)))
    throw notFound('Import');
  return row;
}

/**
 * Takes a spreadsheet to import: streams it into storage (cut at the size limit) with its
 * SHA-256, recognises it and reads it once through, and proposes a mapping from its headings.
 * A file that cannot be imported is refused, naming why, and leaves nothing behind.
 */
export async function uploadImport(
  ctx: Ctx,
  deps: ImportDeps,
  options: { kind: ImportKind; sheet?: string; encoding?: string },
  open: () => Promise<ImportUpload | null>,
) {
  if (!canImport(ctx)) throw forbidden();
  if (options.encoding && !(options.encoding in readableEncodings))
    throw invalid(
      'encoding',
      `is not one Rapport reads: choose ${Object.values(readableEncodings).join(', ')}`,
    );
  const upload = await open();
  if (!upload) throw invalid('file', 'is missing: choose the spreadsheet to import');
  const id = uuidv7();
  const key = `imports/${id}`;
  const measured = meter();
  let kept = false;
  try {
    await deps.storage.put(
      key,
      pipeline(upload.stream, measured.stream, () => {}),
    );
    if (upload.truncated())
      throw new AppError('too_large', 'The file is too large', {
        errors: [
          {
            field: 'file',
            message: `is larger than ${formatBytes(deps.maxBytes)}, the most Rapport imports at once`,
          },
        ],
      });
    const { size, sha256 } = measured.result();
    const fileName = cleanFileName(upload.fileName);
    const inspected = await inspectFile(openerOf(deps, key), fileName, {
      sheet: options.sheet ?? null,
      encoding: options.encoding ?? null,
    });
    const row = await insertImport(ctx.db, {
      id,
      kind: options.kind,
      fileName,
      size,
      sha256,
      storageKey: key,
      format: inspected.format,
      encoding: inspected.encoding,
      delimiter: inspected.delimiter,
      sheets: inspected.sheets,
      sheet: inspected.sheet,
      columns: inspected.columns,
      rowCount: inspected.rowCount,
      mapping: suggestMapping(options.kind, inspected.columns),
      uploadedById: ctx.actor.userId,
    });
    kept = true;
    return present(ctx.db, ctx, row);
  } finally {
    if (!kept) await deps.storage.delete(key);
  }
}

export async function getImport(ctx: Ctx, id: string) {
  return present(ctx.db, ctx, await loadOwn(ctx, ctx.db, id));
}

/** What is wrong with a mapping for these columns: unknown fields, missing columns, required fields left out. */
export function mappingProblems(
  kind: ImportKind,
  columns: readonly string[],
  mapping: Record<string, string>,
) {
  const problems: FieldError[] = [];
  const fields = importFields[kind];
  const used = new Map<string, string>();
  for (const [key, column] of Object.entries(mapping)) {
    const field = fields.find((f) => f.key === key);
    if (!field) {
      problems.push({ field: `mapping.${key}`, message: `is not a field of an import of ${kind}` });
      continue;
    }
    if (!columns.includes(column))
      problems.push({
        field: `mapping.${key}`,
        message: `names the column "${column.slice(0, 100)}", which the file does not have`,
      });
    else if (used.has(column))
      problems.push({
        field: `mapping.${key}`,
        message: `uses the column "${column}", already mapped to ${used.get(column)}`,
      });
    else used.set(column, field.label);
  }
  for (const field of fields)
    if (field.required && !mapping[field.key])
      problems.push({
        field: `mapping.${field.key}`,
        message: `${field.label} is required: choose the column that holds it`,
      });
  return problems;
}

/**
 * Chooses the sheet (reading it again, and proposing a mapping for its headings) or sets the
 * mapping, which must name the file's columns and every required field.
 */
export async function changeImport(ctx: Ctx, deps: ImportDeps, id: string, body: UpdateImport) {
  if (!canImport(ctx)) throw forbidden();
  let row = await loadOwn(ctx, ctx.db, id);
  if (row.status !== 'uploaded')
    throw new AppError('conflict', 'The import has run: its sheet, mapping and choices stay as they were', {
      errors: [{ field: 'status', message: `is ${row.status}: change an import before it runs` }],
    });
  if (body.sheet !== undefined && body.sheet !== row.sheet) {
    if (row.format !== 'xlsx') throw invalid('sheet', 'is only for an XLSX workbook');
    if (!row.sheets.includes(body.sheet))
      throw invalid('sheet', `is not a sheet of "${row.fileName}": choose ${row.sheets.join(', ')}`);
    const inspected = await inspectFile(openerOf(deps, row.storageKey), row.fileName, { sheet: body.sheet });
    row = (await updateImport(ctx.db, id, {
      sheet: inspected.sheet,
      columns: inspected.columns,
      rowCount: inspected.rowCount,
      mapping: body.mapping ?? suggestMapping(row.kind, inspected.columns),
    }))!;
  }
  if (body.choices) {
    const known = new Set(importFields[row.kind].map((f) => f.key));
    const problems: FieldError[] = Object.entries(body.choices.rows).flatMap(([number, choice]) =>
      (choice.fields ?? [])
        .filter((key) => !known.has(key))
        .map((key) => ({
          field: `choices.rows.${number}.fields`,
          message: `names "${key}", which is not a field of an import of ${row.kind}`,
        })),
    );
    const allowed = importActionsOf[row.kind];
    const refuse = (field: string, action: string) =>
      problems.push({
        field,
        message: `is "${action}", which an import of ${importKindLabels[row.kind].toLowerCase()} does not do: choose ${allowed.join(' or ')}`,
      });
    if (body.choices.all && !allowed.includes(body.choices.all)) refuse('choices.all', body.choices.all);
    for (const [number, choice] of Object.entries(body.choices.rows))
      if (!allowed.includes(choice.action)) refuse(`choices.rows.${number}.action`, choice.action);
    if (problems.length) throw new AppError('validation', 'The choices are not valid', { errors: problems });
    row = (await updateImport(ctx.db, id, { choices: body.choices }))!;
  }
  if (body.mapping) {
    const problems = mappingProblems(row.kind, row.columns, body.mapping);
    if (problems.length)
      throw new AppError('validation', 'The mapping is not complete', { errors: problems });
    row = (await updateImport(ctx.db, id, { mapping: body.mapping }))!;
  }
  return present(ctx.db, ctx, row);
}

export type CheckedBatch = { rows: CheckedRow[]; matches: Map<number, RowMatch[]>; lookups: Lookups };

/**
 * Rows of the file after its headings, in checked batches: the partners they name looked up
 * once a batch. Lazy: a batch is read and checked only when the one before has been taken (a
 * run applies it first, so the next batch is checked against what it wrote).
 */
export async function* checkedBatches(
  ctx: Ctx,
  deps: ImportDeps,
  row: ImportRow,
  /** For a run: the records it created itself are not looked at for duplicates. */
  options: { run?: boolean } = {},
): AsyncGenerator<CheckedBatch> {
  const partnerTypes = await partnerTypesByName(ctx.db);
  const memory = newFileMemory();
  const matchMemory = newMatchMemory();
  const rows = readRows(openerOf(deps, row.storageKey), row);
  let headings = true;
  let batch: Row[] = [];
  const check = async () => {
    const keys = batch.flatMap((r) => referencesOf(row.kind, row.mapping, row.columns, r));
    const lookups: Lookups = {
      partnerTypes,
      partners: await partnersByKeys(ctx.db, keys),
      units: await unitsByKeys(ctx.db, keys),
      ...(await peopleByEmails(ctx.db, keys, row.kind === 'touchpoints')),
    };
    const checked = batch.map((r) => checkRow(row.kind, row.mapping, row.columns, r, lookups, memory));
    batch = [];
    const matches = await matchBatch(
      ctx.db,
      row.kind,
      checked,
      lookups,
      matchMemory,
      deps,
      ctx.actor,
      options.run ? row.id : null,
    );
    return { rows: checked, matches, lookups };
  };
  for await (const read of rows) {
    if (headings) {
      headings = false;
      continue;
    }
    batch.push(read);
    if (batch.length >= CHECK_BATCH) yield await check();
  }
  if (batch.length) yield await check();
}

const shown = (value: string | string[] | null) => {
  if (value === null) return null;
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
};

/**
 * The first rows as they will be stored, and every row's problems by row number and column.
 * The whole file is read, a batch at a time; only the rows shown and the errors listed are kept.
 */
export async function previewImport(
  ctx: Ctx,
  deps: ImportDeps,
  id: string,
  query: { rows: number; errors: number; duplicates: number },
): Promise<ImportPreview> {
  const row = await loadOwn(ctx, ctx.db, id);
  const problems = mappingProblems(row.kind, row.columns, row.mapping);
  if (problems.length) throw new AppError('validation', 'The mapping is not complete', { errors: problems });
  // A contact's partner shows when their e-mail domain may find it, though no column names it.
  const fields = importFields[row.kind].filter(
    (f) => row.mapping[f.key] || (row.kind === 'contacts' && f.key === 'partner' && row.mapping.email),
  );
  const preview: ImportPreview = {
    fields: fields.map((f) => ({ key: f.key, label: f.label })),
    rows: [],
    errors: [],
    errorCount: 0,
    duplicates: [],
    duplicateCount: 0,
    rowsWithErrors: 0,
    rowCount: 0,
  };
  for await (const batch of checkedBatches(ctx, deps, row)) {
    for (const checked of batch.rows) {
      const matches = batch.matches.get(checked.row);
      if (matches?.length) {
        preview.duplicateCount++;
        if (preview.duplicates.length < query.duplicates)
          preview.duplicates.push({
            row: checked.row,
            name: (rowName(row.kind, checked.values) ?? '').slice(0, 300),
            matches,
            choice: row.choices.rows[String(checked.row)] ?? null,
          });
      }
      preview.rowCount++;
      if (preview.rows.length < query.rows)
        preview.rows.push({
          row: checked.row,
          values: fields.map((f) =>
            f.key === 'partner' && checked.values.partnerBy
              ? shown(`${checked.values.partner} (by ${checked.values.partnerBy})`)
              : shown(checked.values[f.key] ?? null),
          ),
        });
      if (checked.errors.length) preview.rowsWithErrors++;
      preview.errorCount += checked.errors.length;
      for (const error of checked.errors)
        if (preview.errors.length < query.errors) preview.errors.push(error as RowError);
    }
  }
  return preview;
}

const presentMapping = (row: SavedMappingRow) => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  mapping: row.mapping,
  createdAt: row.createdAt.toISOString(),
});

export async function listSavedMappings(ctx: Ctx, kind: ImportKind | undefined) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  return { items: (await savedMappingsOf(ctx.db, kind)).map(presentMapping) };
}

/** Saves a mapping under a name for the next file of the same shape; names are unique per kind. */
export async function saveMapping(
  ctx: Ctx,
  body: { name: string; kind: ImportKind; mapping: Record<string, string> },
) {
  if (!canImport(ctx)) throw forbidden();
  const unknown = Object.keys(body.mapping).filter(
    (key) => !importFields[body.kind].some((f) => f.key === key),
  );
  if (unknown.length)
    throw new AppError('validation', 'The mapping is not valid', {
      errors: unknown.map((key) => ({
        field: `mapping.${key}`,
        message: `is not a field of an import of ${body.kind}`,
      })),
    });
  const row = await insertSavedMapping(ctx.db, { ...body, createdById: ctx.actor.userId });
  if (!row)
    throw new AppError('conflict', 'A mapping of that name exists', {
      errors: [{ field: 'name', message: `"${body.name}" is taken: choose another name` }],
    });
  return presentMapping(row);
}

import multipart from '@fastify/multipart';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createSavedMappingBody,
  importList,
  importSchema,
  previewQuery,
  previewSchema,
  reportQuery,
  savedMappingList,
  savedMappingQuery,
  savedMappingSchema,
  updateImportBody,
} from '../../../../common/src/contracts/imports.ts';
import { importKinds } from '../../../../common/src/labels/imports.ts';
import { invalid } from '../../errors.ts';
import { contextOf } from '../../lib/context.ts';
import { downloadHeaders } from '../../lib/lists/export.ts';
import { idParams } from '../../lib/records.ts';
import {
  changeImport,
  getImport,
  type ImportDeps,
  type ImportUpload,
  importFile,
  listImports,
  listSavedMappings,
  previewImport,
  saveMapping,
  uploadImport,
} from './imports.service.ts';
import { importReport } from './report.ts';
import { startRun, startUndo } from './running.ts';

const tags = ['Imports'];

const uploadQuery = z.object({
  kind: z.enum(importKinds).describe('What the rows are'),
  sheet: z.string().max(200).optional().describe('XLSX only: the sheet to read (default the first)'),
  encoding: z
    .string()
    .max(40)
    .optional()
    .describe('CSV only: read it in this encoding instead of the detected one'),
});

function uploadOf(request: FastifyRequest, maxBytes: number) {
  return async (): Promise<ImportUpload | null> => {
    let part: Awaited<ReturnType<FastifyRequest['file']>>;
    try {
      part = await request.file({
        limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11, fieldSize: 1000 },
        throwFileSizeLimit: false,
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
        throw invalid('file', 'is missing: send it as multipart/form-data, in a part named "file"');
      throw err;
    }
    if (!part) return null;
    return { fileName: part.filename, stream: part.file, truncated: () => part.file.truncated };
  };
}

/**
 * The import wizard's steps: upload a spreadsheet, choose its sheet and map its columns, and
 * preview the rows with every problem; mappings saved under a name for the next file.
 */
export const importRoutes: FastifyPluginAsyncZod<{ deps: ImportDeps }> = async (app, { deps }) => {
  await app.register(multipart);

  app.post(
    '/imports',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Upload a spreadsheet to import (multipart/form-data, one part named "file")',
        description:
          'CSV in UTF-8 (with or without BOM), UTF-16 or Windows-1252 with any delimiter, or XLSX. The file is read through once: its encoding, delimiter or sheets, its headings and its rows counted, and a mapping of fields to headings proposed. `sameFileAs` names an earlier upload of the same bytes.',
        querystring: uploadQuery,
        response: { 201: importSchema },
      },
    },
    async (request, reply) => {
      const created = await uploadImport(
        contextOf(request),
        deps,
        request.query,
        uploadOf(request, deps.maxBytes),
      );
      return reply.code(201).header('location', `/api/v1/imports/${created.id}`).send(created);
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'An uploaded spreadsheet, as it is read and mapped',
        params: idParams,
        response: { 200: importSchema },
      },
    },
    async (request) => getImport(contextOf(request), request.params.id),
  );

  app.patch(
    '/imports/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Choose the sheet, or set the mapping of fields to columns',
        description:
          'A mapping that names a column the file lacks or leaves a required field unmapped is refused, naming the field.',
        params: idParams,
        body: updateImportBody,
        response: { 200: importSchema },
      },
    },
    async (request) => changeImport(contextOf(request), deps, request.params.id, request.body),
  );

  app.get(
    '/imports/:id/preview',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The first rows as they will be stored, and every row’s problems by row and column',
        params: idParams,
        querystring: previewQuery,
        response: { 200: previewSchema },
      },
    },
    async (request) => previewImport(contextOf(request), deps, request.params.id, request.query),
  );

  app.post(
    '/imports/:id/run',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Run the import in the background (or resume one that stopped)',
        description:
          'Refused (400) while the mapping leaves a required field out, and (409) once it has run. The rows are applied in batches; `run` in the answer (and in `GET /imports/{id}`) shows the progress. Rows with matches follow `choices`; a row with matches and no choice is skipped.',
        params: idParams,
        response: { 202: importSchema },
      },
    },
    async (request, reply) => reply.code(202).send(await startRun(contextOf(request), request.params.id)),
  );

  app.post(
    '/imports/:id/undo',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Undo a finished import: remove what it created and put back what it changed',
        description:
          'Within the `import.undo_days` setting (7 days unless set) of the end of its run; refused (409) after, naming the period. Runs in the background like the import.',
        params: idParams,
        response: { 202: importSchema },
      },
    },
    async (request, reply) => reply.code(202).send(await startUndo(contextOf(request), request.params.id)),
  );

  app.get(
    '/imports',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The latest imports: the caller’s own, or everyone’s for an administrator',
        response: { 200: importList },
      },
    },
    async (request) => listImports(contextOf(request)),
  );

  app.get(
    '/imports/:id/file',
    {
      config: { access: 'staff' },
      compress: false,
      schema: {
        tags,
        summary: 'The spreadsheet as it was uploaded (always as a download), to whoever uploaded it',
        params: idParams,
      },
    },
    async (request, reply) => {
      const file = await importFile(contextOf(request), deps, request.params.id);
      return reply
        .headers({
          'content-type': file.contentType.startsWith('text/')
            ? `${file.contentType}; charset=utf-8`
            : file.contentType,
          'content-length': String(file.size),
          'content-disposition': contentDisposition(file.fileName, { type: 'attachment' }),
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, no-store',
        })
        .send(file.body);
    },
  );

  app.get(
    '/imports/:id/report',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'What happened to every row of the import, and why (CSV or XLSX)',
        params: idParams,
        querystring: reportQuery,
      },
    },
    async (request, reply) => {
      const file = await importReport(contextOf(request), request.params.id, request.query.format);
      return reply.headers(downloadHeaders(file)).send(file.body);
    },
  );

  app.get(
    '/import-mappings',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Mappings saved under a name',
        querystring: savedMappingQuery,
        response: { 200: savedMappingList },
      },
    },
    async (request) => listSavedMappings(contextOf(request), request.query.kind),
  );

  app.post(
    '/import-mappings',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Save a mapping under a name, to use again',
        body: createSavedMappingBody,
        response: { 201: savedMappingSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await saveMapping(contextOf(request), request.body)),
  );
};

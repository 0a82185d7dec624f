import multipart from '@fastify/multipart';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachmentList, attachmentSchema } from '../../../../common/src/contracts/attachments.ts';
import { type AttachableKind, attachableKinds } from '../../../../common/src/labels/attachments.ts';
import { invalid } from '../../errors.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import {
  type AttachmentDeps,
  attachFile,
  listAttachments,
  openAttachment,
  removeAttachment,
  type Upload,
} from './attachments.service.ts';

const tags = ['Attachments'];

const labels: Record<AttachableKind, string> = {
  touchpoints: 'touch point',
  requests: 'request',
  relationships: 'relationship',
  agreements: 'agreement',
};

/** The uploaded file as the service takes it; a request that is not a multipart upload names `file`. */
function uploadOf(request: FastifyRequest, maxBytes: number) {
  return async (): Promise<Upload | null> => {
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
 * Files on touch points, requests and relationships: list and upload under the record, download
 * and remove by the attachment's id. Multipart parsing is registered here only.
 */
export const attachmentRoutes: FastifyPluginAsyncZod<{ deps: AttachmentDeps }> = async (app, { deps }) => {
  await app.register(multipart);

  for (const kind of attachableKinds) {
    app.get(
      `/${kind}/:id/attachments`,
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: `The files attached to a ${labels[kind]}, with what an upload may be`,
          params: idParams,
          response: { 200: attachmentList },
        },
      },
      async (request) => listAttachments(contextOf(request), deps, kind, request.params.id),
    );
    app.post(
      `/${kind}/:id/attachments`,
      {
        config: { access: 'staff' },
        schema: {
          tags,
          summary: `Attach a file to a ${labels[kind]} (multipart/form-data, one part named "file")`,
          description:
            'The type is recognised from the bytes (not the name or the declared type) and must be one of the allowed types; a file over the size limit is refused with 413. A refused file leaves nothing behind.',
          params: idParams,
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const created = await attachFile(
          ctx,
          deps,
          kind,
          request.params.id,
          uploadOf(request, deps.maxBytes),
        );
        return reply.code(201).header('location', `/api/v1/attachments/${created.id}`).send(created);
      },
    );
  }

  app.get(
    '/attachments/:id',
    {
      config: { access: 'viewer' },
      // The bytes go as they are stored: compressing a PDF or a JPEG gains nothing.
      compress: false,
      schema: {
        tags,
        summary: 'Download an attached file (always as a download, never shown inline)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const file = await openAttachment(contextOf(request), deps, request.params.id);
      const type = file.contentType.startsWith('text/')
        ? `${file.contentType}; charset=utf-8`
        : file.contentType;
      return reply
        .headers({
          'content-type': type,
          'content-length': String(file.size),
          'content-disposition': contentDisposition(file.fileName, { type: 'attachment' }),
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, no-store',
        })
        .send(file.body);
    },
  );

  app.delete(
    '/attachments/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Remove an attached file (whoever attached it, or an administrator)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeAttachment(contextOf(request), deps, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

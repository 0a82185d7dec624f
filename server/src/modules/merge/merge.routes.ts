import type { FastifyPluginAsync, FastifySchema } from 'fastify';
import { z } from 'zod';
import {
  type DismissDuplicate,
  dismissalList,
  dismissalsQuery,
  dismissDuplicateBody,
  duplicatePage,
  type MergeBody,
  mergeBody,
  mergePage,
  mergePreviewSchema,
  mergeSchema,
  mergesQuery,
} from '../../../../common/src/contracts/merges.ts';
import { idParams } from '../../../../common/src/contracts/shared.ts';
import type { ListDuplicatesQuery } from '../../../../common/src/lists/duplicates.ts';
import { listDuplicatesQuery } from '../../../../common/src/lists/queries.ts';
import { contextOf } from '../../lib/context.ts';
import { dismissDuplicate, listDismissalsFor, listDuplicates, undoDismissal } from './duplicates.service.ts';
import { getMerge, listMergesFor, mergeRecords, previewMerge, unmerge } from './merge.service.ts';

const tags = ['Duplicates and merges'];

export const mergeRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/duplicates',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Likely duplicate partners or contacts, the likeliest first, with the evidence',
        querystring: listDuplicatesQuery,
        response: { 200: duplicatePage },
      } as FastifySchema,
    },
    async (request) => listDuplicates(contextOf(request), request.query as ListDuplicatesQuery),
  );
  app.post(
    '/duplicates/dismissals',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Say a pair is not a duplicate: it is never proposed again',
        body: dismissDuplicateBody,
        response: { 204: z.null() },
      } as FastifySchema,
    },
    async (request, reply) => {
      await dismissDuplicate(contextOf(request), request.body as DismissDuplicate);
      return reply.code(204).send();
    },
  );
  app.get(
    '/duplicates/dismissals',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'The pairs said not to be duplicates, the latest first',
        querystring: dismissalsQuery,
        response: { 200: dismissalList },
      } as FastifySchema,
    },
    async (request) =>
      listDismissalsFor(contextOf(request), request.query as z.infer<typeof dismissalsQuery>),
  );
  app.delete(
    '/duplicates/dismissals/:id',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Undo "not a duplicate": the pair is proposed again',
        params: idParams,
        response: { 204: z.null() },
      } as FastifySchema,
    },
    async (request, reply) => {
      await undoDismissal(contextOf(request), (request.params as { id: string }).id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/merges/preview',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'What a merge would do: the surviving record and the links that would move',
        body: mergeBody,
        response: { 200: mergePreviewSchema },
      } as FastifySchema,
    },
    async (request) => previewMerge(contextOf(request), request.body as MergeBody),
  );
  app.post(
    '/merges',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Merge partners (or contacts) into one, field by field; every link moves to the survivor',
        body: mergeBody,
        response: { 201: mergeSchema },
      } as FastifySchema,
    },
    async (request, reply) =>
      reply.code(201).send(await mergeRecords(contextOf(request), request.body as MergeBody)),
  );
  app.get(
    '/merges',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Merges, newest first; of one record with recordId',
        querystring: mergesQuery,
        response: { 200: mergePage },
      } as FastifySchema,
    },
    async (request) =>
      listMergesFor(contextOf(request), request.query as { recordId?: string; limit: number }),
  );
  app.get(
    '/merges/:id',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'One merge',
        params: idParams,
        response: { 200: mergeSchema },
      } as FastifySchema,
    },
    async (request) => getMerge(contextOf(request), (request.params as { id: string }).id),
  );
  app.post(
    '/merges/:id/unmerge',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Undo a merge within the grace period: the records and their links as they were',
        params: idParams,
        response: { 200: mergeSchema },
      } as FastifySchema,
    },
    async (request) => unmerge(contextOf(request), (request.params as { id: string }).id),
  );
};

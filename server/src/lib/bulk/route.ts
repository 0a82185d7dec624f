import { PassThrough } from 'node:stream';
import type { FastifyContextConfig, FastifyInstance, FastifySchema } from 'fastify';
import type { z } from 'zod';
import {
  BULK_STREAM_TYPE,
  type BulkResult,
  type BulkStreamLine,
  bulkResultSchema,
} from '../../../../common/src/contracts/bulk.ts';
import { problemOf } from '../../plugins/errors.ts';
import { type Ctx, contextOf } from '../context.ts';
import type { BulkProgress } from './run.ts';

/** Progress lines per action, at most: enough for a smooth bar, few enough to cost nothing. */
const PROGRESS_STEPS = 100;

/**
 * `POST /<path>/bulk`: one action on many records, all or nothing. It answers with what it
 * changed; asked for `Accept: application/x-ndjson`, it streams progress lines while it works
 * and ends with a `done` line, or an `error` line carrying the problem (nothing was changed).
 * The stream is the whole job: the work is one transaction in one request, so there is no job
 * to look up afterwards and nothing half-done to clean up if the connection drops.
 */
export function registerBulkRoute<B extends z.ZodType>(
  app: FastifyInstance,
  route: {
    path: string;
    noun: string;
    tags: string[];
    access: FastifyContextConfig['access'];
    body: B;
    run(ctx: Ctx, body: z.output<B>, onProgress?: BulkProgress): Promise<BulkResult>;
  },
): void {
  app.post(
    `/${route.path}/bulk`,
    {
      // Compression would hold the progress lines back until its buffer fills.
      config: { access: route.access, compress: false },
      schema: {
        tags: route.tags,
        summary: `Change many ${route.noun} at once, all or nothing (by ids or by the list's filter)`,
        description: `Send \`Accept: ${BULK_STREAM_TYPE}\` to receive progress lines ({type: progress, done, total}) and a last line that is either {type: done, count, ids} or {type: error, problem}. With an Idempotency-Key the answer is plain JSON.`,
        body: route.body,
        response: { 200: bulkResultSchema },
      } as FastifySchema,
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const body = request.body as z.output<B>;
      // With an Idempotency-Key the answer is plain JSON, so a repeat can replay it as it was.
      const streamed =
        String(request.headers.accept ?? '').includes(BULK_STREAM_TYPE) &&
        !request.headers['idempotency-key'];
      if (!streamed) return route.run(ctx, body);
      const stream = new PassThrough();
      const send = (line: BulkStreamLine) => stream.write(`${JSON.stringify(line)}\n`);
      const onProgress: BulkProgress = (done, total) => {
        const step = Math.max(1, Math.floor(total / PROGRESS_STEPS));
        if (done % step !== 0 && done !== total) return;
        send({ type: 'progress', done, total });
        // Let the line out: on the embedded database every query runs on this thread, and the
        // socket is only written when the event loop turns.
        return new Promise<void>((resolve) => setImmediate(resolve));
      };
      route.run(ctx, body, onProgress).then(
        (result) => stream.end(`${JSON.stringify({ type: 'done', ...result } satisfies BulkStreamLine)}\n`),
        (error: unknown) => {
          send({ type: 'error', problem: problemOf(error, request) });
          stream.end();
        },
      );
      return reply.type(BULK_STREAM_TYPE).header('cache-control', 'no-store').send(stream);
    },
  );
}

import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { JobTrigger } from '../jobs/queue.ts';
import type { Actor } from '../modules/access/actor.ts';

/** What a service needs to know about the call: the database, who asks, and the request id. */
export type Ctx = { db: Db; actor: Actor; requestId: string; log: FastifyBaseLogger; jobs: JobTrigger };

export function contextOf(request: FastifyRequest): Ctx {
  const actor = request.actor;
  if (!actor) throw new AppError('unauthenticated', 'Sign in first');
  return {
    db: request.server.database.db,
    actor,
    requestId: request.id,
    log: request.log,
    jobs: request.server.jobs,
  };
}

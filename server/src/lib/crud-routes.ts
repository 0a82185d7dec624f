import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { historyPageSchema, historyQuery } from '../../../common/src/contracts/audit.ts';
import { type RecordAbilities, recordAbilities } from '../../../common/src/contracts/shared.ts';
import type { Role } from '../modules/access/actor.ts';
import { isFresh, notModified, readTag, tagAnswer } from './conditional.ts';
import { type Ctx, contextOf } from './context.ts';
import { expectedVersion, setEtag } from './etag.ts';
import { idParams } from './records.ts';

type Versioned = { id: string; version: number };
const unchanged = z.null().describe('Not modified: the copy named in If-None-Match is current');
export type CrudAccess = { read: Role; create: Role; update: Role; delete?: Role };
type HistoryQuery = z.infer<typeof historyQuery>;

/** The standard resource routes: list, create, get, change (If-Match), delete (If-Match), history. */
export type CrudResource<
  Item extends z.ZodType<Versioned>,
  ListQuery extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
> = {
  /** Plural path segment, e.g. "partners". */
  path: string;
  /** Singular noun for summaries, e.g. "partner". */
  noun: string;
  tags: string[];
  schemas: { item: Item; page: z.ZodType; listQuery: ListQuery; create: Create; update: Update };
  access: CrudAccess;
  list(ctx: Ctx, query: z.output<ListQuery>): Promise<unknown>;
  /**
   * The versions a list page depends on (db/read-versions.ts), or null when this query is not
   * tagged. Given, the list answers with a weak ETag (conditional.ts: it covers who asks and the
   * URL too) and a 304 without the body while the caller's copy is current.
   */
  listVersions?(ctx: Ctx, query: z.output<ListQuery>): Promise<readonly number[] | null>;
  get(ctx: Ctx, id: string): Promise<z.output<Item>>;
  create(ctx: Ctx, input: z.output<Create>): Promise<z.output<Item>>;
  update(ctx: Ctx, id: string, version: number, input: z.output<Update>): Promise<z.output<Item>>;
  /** Omit for records that are never deleted (they are deactivated or archived instead). */
  remove?(ctx: Ctx, id: string, version: number): Promise<void>;
  history(ctx: Ctx, id: string, query: HistoryQuery): Promise<unknown>;
  /**
   * What the caller may do with one record, given the record and these routes' access levels.
   * Only for records whose abilities depend on the caller's role alone (`byRole` in
   * access/abilities.ts; records with finer rules add `can` in their service). A record these
   * routes answer with carries them as `can`, and a list carries them once, as the page's `can`
   * for every item on it: per item they cost a quarter of the list's throughput (measured) and
   * say nothing more.
   */
  abilities?(ctx: Ctx, levels: CrudAccess & { removable: boolean }): RecordAbilities;
};

/** Registers the six standard routes of a resource; domain-specific routes sit beside them. */
export function registerCrudRoutes<
  Item extends z.ZodType<Versioned>,
  ListQuery extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
>(instance: FastifyInstance, r: CrudResource<Item, ListQuery, Create, Update>): void {
  // Typed through CrudResource; the route generics cannot follow the schema type parameters.
  const app = instance;
  const { path, noun, tags, access } = r;
  const levels = { ...access, removable: Boolean(r.remove) };
  const abilities = r.abilities;
  const withCan = abilities ? (ctx: Ctx) => abilities(ctx, levels) : undefined;
  const schemas = withCan ? withAbilitySchemas(r.schemas) : r.schemas;
  /** The record as this caller gets it. */
  const answer = <T extends z.output<Item>>(ctx: Ctx, item: T) =>
    withCan ? { ...item, can: withCan(ctx) } : item;

  app.get(
    `/${path}`,
    {
      config: { access: access.read, hotRead: true },
      schema: {
        tags,
        summary: `List ${path.replace(/-/g, ' ')}`,
        querystring: schemas.listQuery,
        ...(r.listVersions
          ? {
              description:
                'Answers with a weak ETag; send it back as If-None-Match to get 304 without the body while nothing listed changed.',
              response: { 200: schemas.page, 304: unchanged },
            }
          : { response: { 200: schemas.page } }),
      } as FastifySchema,
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const query = request.query as z.output<ListQuery>;
      const versions = r.listVersions ? await r.listVersions(ctx, query) : null;
      const tag = versions ? readTag(versions, ctx.actor, request.url) : null;
      if (tag && isFresh(request, tag)) return notModified(reply, tag);
      const page = (await r.list(ctx, query)) as { items: z.output<Item>[] };
      const body = withCan ? { ...page, can: withCan(ctx) } : page;
      return tag ? tagAnswer(reply, tag, body) : body;
    },
  );

  app.post(
    `/${path}`,
    {
      config: { access: access.create },
      schema: {
        tags,
        summary: `Create a ${noun}`,
        body: schemas.create,
        response: { 201: schemas.item },
      } as FastifySchema,
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const item = await r.create(ctx, request.body as z.output<Create>);
      setEtag(reply, item);
      return reply.code(201).header('location', `/api/v1/${path}/${item.id}`).send(answer(ctx, item));
    },
  );

  app.get(
    `/${path}/:id`,
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: `Get a ${noun}`,
        params: idParams,
        response: { 200: schemas.item },
      } as FastifySchema,
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const item = await r.get(ctx, (request.params as { id: string }).id);
      setEtag(reply, item);
      return answer(ctx, item);
    },
  );

  app.patch(
    `/${path}/:id`,
    {
      config: { access: access.update, ifMatch: true },
      schema: {
        tags,
        summary: `Change a ${noun} (send If-Match with the ETag you read)`,
        params: idParams,
        body: schemas.update,
        response: { 200: schemas.item },
      } as FastifySchema,
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const item = await r.update(
        ctx,
        (request.params as { id: string }).id,
        expectedVersion(request),
        request.body as z.output<Update>,
      );
      setEtag(reply, item);
      return answer(ctx, item);
    },
  );

  const remove = r.remove;
  if (remove) {
    app.delete(
      `/${path}/:id`,
      {
        config: { access: access.delete ?? 'administrator', ifMatch: true },
        schema: {
          tags,
          summary: `Delete a ${noun} nothing else uses (send If-Match)`,
          params: idParams,
          response: { 204: z.null() },
        } as FastifySchema,
      },
      async (request, reply) => {
        await remove(contextOf(request), (request.params as { id: string }).id, expectedVersion(request));
        return reply.code(204).send(null);
      },
    );
  }

  app.get(
    `/${path}/:id/history`,
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: `Change history of a ${noun}`,
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyPageSchema },
      } as FastifySchema,
    },
    async (request) =>
      r.history(contextOf(request), (request.params as { id: string }).id, request.query as HistoryQuery),
  );
}

/** The item schema with the caller's abilities, and the page with them once for all its items. */
function withAbilitySchemas<S extends { item: z.ZodType; page: z.ZodType }>(schemas: S): S {
  if (!(schemas.item instanceof z.ZodObject) || !(schemas.page instanceof z.ZodObject))
    throw new Error('abilities need object item and page schemas');
  return {
    ...schemas,
    item: schemas.item.extend({ can: recordAbilities }),
    page: schemas.page.extend({
      can: recordAbilities.describe("The caller's abilities on every item of the page"),
    }),
  };
}

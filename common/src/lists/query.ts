import { z } from 'zod';
import { pageQuery } from '../contracts/shared.ts';
import {
  type ExportQuery,
  type FilterMeta,
  type FilterValue,
  type ListMeta,
  type ListQuery,
  sortNames,
} from './define.ts';

/*
 * A list's querystring as zod checks it on the server, built from its plain declaration. The web
 * reads the same declaration with read.ts instead, without zod; read.test.ts holds the two to the
 * same answers.
 */

const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

const commaList = (options: readonly string[]) =>
  z
    .string()
    .max(1000)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(
      z.array(z.enum(options as [string, ...string[]], { error: `must be among ${options.join(', ')}` })),
    );

/** The zod schema of one filter's query parameter. */
export function filterSchema(filter: FilterMeta): z.ZodType {
  let schema: z.ZodType;
  switch (filter.kind) {
    case 'text': {
      const text = z
        .string()
        .trim()
        .max(filter.max ?? 200);
      schema = filter.lowercase ? text.toLowerCase() : text;
      break;
    }
    case 'id':
      schema = filter.allowMe ? z.union([z.uuid(), z.literal('me')]) : z.uuid();
      break;
    case 'choice':
      schema = z.enum(filter.options as [string, ...string[]]);
      break;
    case 'choices':
      schema = commaList(filter.options);
      break;
    case 'flag':
      schema = flag;
      break;
    case 'date':
      schema = z.iso.date();
      break;
    case 'datetime':
      schema = z.iso.datetime({ offset: true }).max(40);
      break;
  }
  // The OpenAPI document shows the description; a comma list says what it may hold.
  const description =
    filter.kind === 'choices'
      ? `${filter.description ?? filter.label}: comma-separated, each one of ${filter.options.join(', ')}`
      : (filter.description ?? filter.label);
  return schema.optional().describe(description);
}

/** The zod shape of a list's filters and sort, without paging. */
export function filterShape(meta: ListMeta): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, filter] of Object.entries(meta.filters)) shape[name] = filterSchema(filter);
  shape.sort = z.enum(sortNames(meta) as [string, ...string[]]).default(meta.defaultSort);
  return shape;
}

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** `?limit&cursor&sort` and the declared filters: a list route's querystring (and its OpenAPI parameters). */
export const listQuerySchema = <const M extends ListMeta>(meta: M) =>
  pageQuery.extend(filterShape(meta)) as unknown as z.ZodType<ListQuery<M>>;

/** The same filters and sort, and `?format=`: the export route's querystring. */
export const exportQuerySchema = <const M extends ListMeta>(meta: M) =>
  z.object({
    ...filterShape(meta),
    format: z.enum(exportFormats).default('csv').describe('csv (UTF-8) or xlsx'),
  }) as unknown as z.ZodType<ExportQuery<M>>;

/** Some of a list's filters as a zod shape, for a related route (a partner's timeline). */
export function pickFilters<const M extends ListMeta, const K extends keyof M['filters'] & string>(
  meta: M,
  names: readonly K[],
): { [P in K]: z.ZodType<FilterValue<M['filters'][P]> | undefined> } {
  const shape = filterShape(meta);
  return Object.fromEntries(names.map((name) => [name, shape[name]!])) as {
    [P in K]: z.ZodType<FilterValue<M['filters'][P]> | undefined>;
  };
}

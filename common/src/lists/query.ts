import { z } from 'zod';
import { pageQuery } from '../contracts/shared.ts';
import { type ExportQuery, type FilterValue, filterShape, type ListMeta, type ListQuery } from './define.ts';

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

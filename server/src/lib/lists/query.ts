import { z } from 'zod';
import { type ListMeta, toSearchParams } from '../../../../common/src/lists/define.ts';
import { filterShape } from '../../../../common/src/lists/query.ts';
import { invalid } from '../../errors.ts';

/** Paging and format are not part of a view: they are dropped, not refused. */
const NOT_FILTERS = new Set(['limit', 'cursor', 'format']);

/**
 * A list's query string checked against its filters and written in canonical order, as saved
 * views store it. A filter that does not parse, or a parameter the list does not take, is a
 * validation error on `query.<parameter>`.
 */
export function canonicalQuery(meta: ListMeta, raw: string): string {
  const given: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(raw)) if (!NOT_FILTERS.has(name)) given[name] = value;
  const parsed = z.object(filterShape(meta)).strict().safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0] ?? '(all)');
    const message =
      issue.code === 'unrecognized_keys' ? `is not a filter of the ${meta.name} list` : issue.message;
    throw invalid(`query.${name}`, message);
  }
  return toSearchParams(meta, parsed.data).toString();
}

import { useDeferredValue } from 'react';

type Answer<T, E> = { data: T | undefined; isPending: boolean; error: E };

/**
 * A query's answer drawn in a background render that React splits into short slices, instead of
 * in one long task when it arrives. An answer arriving in the browser (through TanStack Query's
 * store) is otherwise drawn at once and whole: on Home, its large tables and timeline, arriving
 * during load, blocked the main thread. The page stays pending until the answer is drawn.
 */
export function useDeferredAnswer<T, E>(query: Answer<T, E>): Answer<T, E> {
  const data = useDeferredValue(query.data);
  return { data, isPending: data === undefined && !query.error, error: query.error };
}

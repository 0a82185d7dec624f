import { Alert, Button, Card, Group, Progress, Stack, Text, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { type BulkProgress, BulkRefusal, type BulkResource, useBulkAction } from '../api/bulk.ts';
import { ApiError } from '../api/client.ts';

const number = (n: number) => n.toLocaleString('en-GB');

/** Which rows are chosen: some by id, or every row the filters match. */
export function useSelection() {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  /** Chooses or drops one row; dropping one from "all that match" keeps the others shown. */
  const toggle = (id: string, on: boolean, shown: readonly string[] = []) => {
    const wasAll = allMatching;
    setAllMatching(false);
    setIds((current) => {
      const next = new Set(wasAll ? shown : current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  const setMany = (many: readonly string[], on: boolean) => {
    setAllMatching(false);
    setIds(on ? new Set(many) : new Set());
  };
  const clear = () => {
    setAllMatching(false);
    setIds(new Set());
  };
  return { ids, allMatching, toggle, setMany, clear, selectAllMatching: () => setAllMatching(true) };
}
export type Selection = ReturnType<typeof useSelection>;

/** The selection as a bulk body: the ids, or the list's filters as its query string has them. */
export function selectionBody(selection: Selection, filterQuery: string): Record<string, unknown> {
  if (!selection.allMatching) return { ids: [...selection.ids] };
  const filter = Object.fromEntries(new URLSearchParams(filterQuery));
  delete filter.sort;
  return { filter };
}

/** What a list gives its bulk actions: the selection, how many rows, and how to name one. */
export type BulkListProps = {
  selection: Selection;
  /** The rows on screen. */
  shown: number;
  /** How many match the filters in all (the server's count). */
  matching: number;
  /** The list's filters as a query string (for "all that match"). */
  filterQuery: string;
  /** A row's name as the list shows it. */
  nameOf: (id: string) => string | undefined;
};

/** Runs one action on the selection: its body without the selection, and what to say when done. */
export type RunBulkAction = (body: Record<string, unknown>, done: (count: number) => string) => void;

/**
 * A list's bulk actions: the bar, wired to the resource's bulk endpoint. `children` are the
 * action's controls, given `run` (which adds the selection and reports the outcome on the bar)
 * and whether an action is running.
 */
export function BulkActions({
  resource,
  noun,
  children,
  ...list
}: BulkListProps & {
  resource: BulkResource;
  /** Singular and plural: ['request', 'requests']. */
  noun: readonly [string, string];
  children: (run: RunBulkAction, running: boolean) => ReactNode;
}) {
  const bulk = useBulkAction(resource);
  const { outcome, perform } = useBulkOutcome(list.selection);
  const run: RunBulkAction = (body, done) =>
    perform(() => bulk.run({ ...body, ...selectionBody(list.selection, list.filterQuery) }), done);
  return (
    <BulkActionBar
      noun={noun}
      nameOf={list.nameOf}
      selection={list.selection}
      shown={list.shown}
      matching={list.matching}
      running={bulk.running}
      progress={bulk.progress}
      outcome={outcome}
    >
      {children(run, bulk.running)}
    </BulkActionBar>
  );
}

/**
 * The bar above a list while rows are selected: how many (announced as it changes), "Select
 * all N that match", the list's actions, and a progress bar while one runs. An action that is
 * refused shows which record refused it; nothing was changed.
 */
function BulkActionBar({
  noun,
  nameOf,
  selection,
  shown,
  matching,
  running,
  progress,
  outcome,
  children,
}: {
  /** Singular and plural: ['request', 'requests']. */
  noun: readonly [string, string];
  /** A record's name as the list shows it, to say which one refused an action. */
  nameOf: (id: string) => string | undefined;
  selection: Selection;
  /** The rows on screen (what "select all shown" picked). */
  shown: number;
  /** How many match the filters in all. */
  matching: number;
  running: boolean;
  progress: BulkProgress | null;
  outcome: { ok: string } | { error: unknown } | null;
  /** The actions, each a form or button calling the page's action. */
  children: ReactNode;
}) {
  const count = selection.allMatching ? matching : selection.ids.size;
  const visible = count > 0 || running || outcome !== null;
  const said =
    count > 0
      ? `${number(count)} ${count === 1 ? noun[0] : noun[1]} selected${selection.allMatching ? ' (every one that matches the filters)' : ''}`
      : '';
  return (
    <>
      {/* Always in the page, so screen readers hear the count change from the first selection. */}
      <VisuallyHidden role="status">{said}</VisuallyHidden>
      {/* Not rendered while idle: Mantine's Card sets its own display, which a hidden attribute cannot override. */}
      <Card
        withBorder
        component="section"
        aria-label={`Bulk actions on ${noun[1]}`}
        p="sm"
        display={visible ? undefined : 'none'}
      >
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fw={600} aria-hidden>
              {said}
            </Text>
            <Group gap="xs" wrap="wrap">
              {!selection.allMatching && count > 0 && count >= shown && matching > 0 && (
                <Button
                  variant="light"
                  size="compact-sm"
                  onClick={selection.selectAllMatching}
                  disabled={running}
                >
                  Select all {number(matching)} that match
                </Button>
              )}
              {count > 0 && (
                <Button variant="subtle" size="compact-sm" onClick={selection.clear} disabled={running}>
                  Clear selection
                </Button>
              )}
            </Group>
          </Group>
          {count > 0 && (
            <Group gap="sm" align="flex-end" wrap="wrap">
              {children}
            </Group>
          )}
          {running && (
            <Stack gap={4}>
              <Progress
                value={progress ? (100 * progress.done) / progress.total : 0}
                aria-label={`Changing ${noun[1]}`}
                animated
                size="lg"
              />
              <Text size="sm" role="status">
                {progress ? `${number(progress.done)} of ${number(progress.total)}` : 'Starting…'}
              </Text>
            </Stack>
          )}
          {outcome && 'ok' in outcome && (
            <Alert color="green" role="status" p="xs">
              {outcome.ok}
            </Alert>
          )}
          {outcome && 'error' in outcome && (
            <Alert color="red" role="alert" title="Nothing was changed" p="xs">
              {describe(outcome.error, nameOf)}
            </Alert>
          )}
        </Stack>
      </Card>
    </>
  );
}

/** Why nothing was changed, naming the record that refused as the list names it. */
function describe(error: unknown, nameOf: (id: string) => string | undefined): string {
  if (error instanceof BulkRefusal && error.recordId) {
    const reason = error.reason.replace(/^(ids\[\d+\]|filter): /, '');
    return `${nameOf(error.recordId) ?? `The record ${error.recordId}`}: ${reason}`;
  }
  if (error instanceof BulkRefusal && error.reason && error.reason !== error.message)
    return `${error.message}: ${error.reason}`;
  return error instanceof ApiError || error instanceof Error ? error.message : String(error);
}

/** Runs an action over the selection and reports its outcome on the bar. */
function useBulkOutcome(selection: Selection) {
  const [outcome, setOutcome] = useState<{ ok: string } | { error: unknown } | null>(null);
  const perform = async (action: () => Promise<{ count: number }>, done: (count: number) => string) => {
    setOutcome(null);
    try {
      const result = await action();
      selection.clear();
      setOutcome({ ok: done(result.count) });
    } catch (error) {
      setOutcome({ error });
    }
  };
  return { outcome, perform, dismiss: () => setOutcome(null) };
}

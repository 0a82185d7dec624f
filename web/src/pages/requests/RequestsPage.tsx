import {
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { qs } from '../../api/client.ts';
import { useSession } from '../../api/hooks.ts';
import { type RequestFilters, useRequestBoard, useRequestPages } from '../../api/requests.ts';
import { useSelection } from '../../components/BulkActionBar.tsx';
import { RaiseRequestModal } from '../../components/dialogs.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { RequestTable } from '../../components/RequestTable.tsx';
import {
  requestKindOptions,
  requestPriorityOptions,
  requestStatusOptions,
} from '../../components/requestLabels.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { RequestBoard } from './RequestBoard.tsx';
import { RequestBulkActions } from './RequestBulkActions.tsx';

type Filters = {
  partnerId?: string;
  view: 'list' | 'board';
  q: string;
  status: string[];
  kind: string[];
  priority: string[];
  mine: boolean;
  open: boolean;
  overdue: boolean;
  escalated: boolean;
};

function parse(params: URLSearchParams): Filters {
  const list = (name: string) => params.get(name)?.split(',').filter(Boolean) ?? [];
  const flag = (name: string) => params.get(name) === 'true';
  return {
    partnerId: params.get('partnerId') ?? undefined,
    view: params.get('view') === 'board' ? 'board' : 'list',
    q: params.get('q') ?? '',
    status: list('status'),
    kind: list('kind'),
    priority: list('priority'),
    mine: flag('mine'),
    // Open requests by default: `open=false` in the address shows settled ones too.
    open: params.get('open') !== 'false',
    overdue: flag('overdue'),
    escalated: flag('escalated'),
  };
}

function serialise(f: Filters): string {
  const params = new URLSearchParams();
  const put = (name: string, value: string | undefined | false) => {
    if (value) params.set(name, value);
  };
  put('partnerId', f.partnerId);
  put('view', f.view === 'board' && 'board');
  put('q', f.q.trim() && f.q);
  put('status', f.status.join(','));
  put('kind', f.kind.join(','));
  put('priority', f.priority.join(','));
  put('mine', f.mine && 'true');
  put('open', !f.open && 'false');
  put('overdue', f.overdue && 'true');
  put('escalated', f.escalated && 'true');
  return params.toString();
}

/**
 * The filters, mirrored in the address so Back from a request returns to the same list. The
 * controls answer at once from local state; a link that changes the address resets them.
 */
function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState(() => parse(params));
  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the address only when it changes
  useEffect(() => {
    if (search !== serialise(filters)) setFilters(parse(new URLSearchParams(search)));
  }, [search]);
  const set = (changes: Partial<Filters>) => {
    const next = { ...filters, ...changes };
    setFilters(next);
    setParams(serialise(next), { replace: true });
  };
  return { ...filters, set };
}

/** The request register: filters, a table or a board by status, export (CSV or Excel) from the server. */
export function RequestsPage() {
  const session = useSession();
  usePageTitle('Requests');
  const f = useFilterParams();
  const [raising, setRaising] = useState(false);
  const [q, setQ] = useState(f.q);
  const [debouncedQ] = useDebouncedValue(q, 250);
  // A link that changes the address (the Requests link in the navigation) clears the box too.
  useEffect(() => setQ(f.q), [f.q]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed words drive the address
  useEffect(() => {
    if (debouncedQ !== f.q) f.set({ q: debouncedQ });
  }, [debouncedQ]);
  const filters: RequestFilters = {
    partnerId: f.partnerId,
    q: f.q || undefined,
    status: f.status.join(',') || undefined,
    kind: f.kind.join(',') || undefined,
    priority: f.priority.join(',') || undefined,
    ownerId: f.mine ? 'me' : undefined,
    open: f.open || undefined,
    overdue: f.overdue || undefined,
    escalated: f.escalated || undefined,
  };
  const list = useRequestPages(filters);
  const board = useRequestBoard(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = Object.values(board.data?.counts ?? {}).reduce((a, b) => a + b, 0);
  const selection = useSelection();
  const filterQuery = qs({ ...filters }).slice(1);
  const canTriage = !!session.data?.abilities.raiseRequests && f.view === 'list';
  // A new filter is a new list: what was chosen in the last one is no longer on screen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: clear when the filters change
  useEffect(() => selection.clear(), [filterQuery]);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Requests</Title>
        <Group>
          <SegmentedControl
            aria-label="Show as"
            value={f.view}
            onChange={(v) => f.set({ view: v === 'board' ? 'board' : 'list' })}
            data={[
              { value: 'list', label: 'List' },
              { value: 'board', label: 'Board' },
            ]}
          />
          <ExportMenu list="requests" queryString={filterQuery} />
          {session.data?.abilities.raiseRequests && (
            <Button onClick={() => setRaising(true)}>Raise request</Button>
          )}
        </Group>
      </Group>
      {f.partnerId && (
        <Group gap="xs">
          <Text size="sm">Showing one partner's requests{rows[0] ? `: ${rows[0].partnerName}` : ''}.</Text>
          <Button variant="subtle" size="compact-sm" onClick={() => f.set({ partnerId: undefined })}>
            Show every partner
          </Button>
        </Group>
      )}
      <Card
        withBorder
        component="form"
        role="search"
        aria-label="Filter requests"
        onSubmit={(e) => e.preventDefault()}
      >
        <Stack gap="xs">
          <Group grow align="flex-end">
            <TextInput
              label="Search"
              placeholder="Words, or a reference like #42"
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
            />
            <MultiSelect
              label="Status"
              data={requestStatusOptions}
              value={f.status}
              onChange={(status) => f.set({ status })}
              clearable
            />
            <MultiSelect
              label="Kind"
              data={requestKindOptions}
              value={f.kind}
              onChange={(kind) => f.set({ kind })}
              clearable
            />
            <MultiSelect
              label="Priority"
              data={requestPriorityOptions}
              value={f.priority}
              onChange={(priority) => f.set({ priority })}
              clearable
            />
          </Group>
          <Group>
            <Checkbox
              label="Mine"
              checked={f.mine}
              onChange={(e) => f.set({ mine: e.currentTarget.checked })}
            />
            <Checkbox
              label="Open only"
              checked={f.open}
              onChange={(e) => f.set({ open: e.currentTarget.checked })}
            />
            <Checkbox
              label="Past target"
              checked={f.overdue}
              onChange={(e) => f.set({ overdue: e.currentTarget.checked })}
            />
            <Checkbox
              label="Escalated"
              checked={f.escalated}
              onChange={(e) => f.set({ escalated: e.currentTarget.checked })}
            />
          </Group>
        </Stack>
      </Card>
      <QueryState isPending={list.isPending} error={list.error}>
        <Text size="sm" aria-live="polite">
          {board.data ? `${total} ${total === 1 ? 'request matches' : 'requests match'}.` : ''}
        </Text>
        {f.view === 'list' ? (
          rows.length ? (
            <>
              {canTriage && (
                <RequestBulkActions
                  selection={selection}
                  shown={rows.length}
                  matching={total}
                  filterQuery={filterQuery}
                  nameOf={(id) => {
                    const r = rows.find((x) => x.id === id);
                    return r && `#${r.reference} ${r.title}`;
                  }}
                />
              )}
              <RequestTable
                requests={rows}
                caption="Requests matching the filters"
                selection={canTriage ? selection : undefined}
              />
            </>
          ) : (
            <Empty>No requests match.</Empty>
          )
        ) : (
          <RequestBoard rows={rows} counts={board.data?.counts ?? {}} settledHidden={f.open} />
        )}
        {list.hasNextPage && (
          <Group>
            <Text size="sm">
              Showing {rows.length} of {total}.
            </Text>
            <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Show more
            </Button>
          </Group>
        )}
      </QueryState>
      <RaiseRequestModal opened={raising} onClose={() => setRaising(false)} />
    </Stack>
  );
}

import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type ComponentPropsWithoutRef,
  type CSSProperties,
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Link, useNavigate } from 'react-router';
import { partnerStatusLabels } from '../../../../common/src/labels/partners.ts';
import { partnerList } from '../../../../common/src/lists/partners.ts';
import { usePartner, usePartnerList, usePartnerTypes, useSession, useUnits } from '../../api/hooks.ts';
import type { Partner } from '../../api/types.ts';
import { useSelection } from '../../components/BulkActionBar.tsx';
import { PartnerForm } from '../../components/dialogs.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { SavedViewsMenu } from '../../components/SavedViewsMenu.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { useDeferredAnswer } from '../../components/useDeferredAnswer.ts';
import { useListParams } from '../../components/useListParams.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { PartnerBulkActions } from './PartnerBulkActions.tsx';

const ROW_HEIGHT = 44;

// The list's parts above the rows are drawn again only when what they show changes, not each
// time another answer (the types, the units, the session, the rows) arrives.
const FilterBar = memo(ListFilterBar);
const SavedViews = memo(SavedViewsMenu);
const Export = memo(ExportMenu);

/**
 * The rows are plain table cells styled by the Table's own classes, with the browser's own
 * checkbox: a row is a few elements, not thirty components, and Mantine's Checkbox draws itself
 * twice on mounting (for its id) — for every row that scrolls into view.
 */
const TR = `mantine-Table-tr ${Table.classes.tr}`;
const TD = `mantine-Table-td ${Table.classes.td}`;
const CELL: CSSProperties = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' };
const CHECK: CSSProperties = {
  width: 18,
  height: 18,
  margin: 0,
  verticalAlign: 'middle',
  cursor: 'pointer',
  accentColor: 'var(--mantine-primary-color-filled)',
};
const dateOf = new Intl.DateTimeFormat('en-GB');

/** A checkbox that can be partly ticked (some rows chosen), which only a property of the element says. */
function Tick({
  indeterminate = false,
  ...props
}: { indeterminate?: boolean } & ComponentPropsWithoutRef<'input'>) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return <input ref={ref} type="checkbox" style={CHECK} {...props} />;
}

type RowProps = {
  partner: Partner;
  index: number;
  start: number;
  /** Undefined when the person may not change partners (no checkbox column). */
  checked: boolean | undefined;
  onToggle: (id: string, on: boolean) => void;
  onOpen: (id: string) => void;
};

/** One partner's row; drawn again only when its place, its tick or the partner changes. */
const PartnerRow = memo(function PartnerRow({
  partner: p,
  index,
  start,
  checked,
  onToggle,
  onOpen,
}: RowProps) {
  return (
    <tr
      className={TR}
      data-with-row-border
      aria-rowindex={index + 2}
      style={{
        position: 'absolute',
        top: 0,
        transform: `translateY(${start}px)`,
        width: '100%',
        display: 'table',
        tableLayout: 'fixed',
        height: ROW_HEIGHT,
      }}
      onDoubleClick={() => onOpen(p.id)}
    >
      {checked !== undefined && (
        <td className={TD} style={{ ...CELL, width: 44 }}>
          <Tick
            aria-label={`Select ${p.name}`}
            checked={checked}
            onChange={(e) => onToggle(p.id, e.currentTarget.checked)}
          />
        </td>
      )}
      <td className={TD} style={{ ...CELL, width: '40%' }}>
        <Anchor component={Link} to={`/partners/${p.id}`}>
          {p.name}
        </Anchor>
      </td>
      <td className={TD} style={CELL}>
        {p.typeName}
      </td>
      <td className={TD} style={CELL}>
        <Badge color={p.status === 'active' ? 'success' : 'gray.7'}>{partnerStatusLabels[p.status]}</Badge>
      </td>
      <td className={TD} style={CELL}>
        {p.city ?? '—'}
      </td>
      <td className={TD} style={CELL}>
        {dateOf.format(new Date(p.updatedAt))}
      </td>
    </tr>
  );
});

/**
 * Every partner, filtered and sorted on the server; rows are virtualised so 50,000 scroll
 * smoothly. The filters live in the address, so a reload or a shared link shows the same list.
 */
export function PartnersPage() {
  const session = useSession();
  usePageTitle('Partners');
  const navigate = useNavigate();
  const filters = useListParams(partnerList);
  const [creating, setCreating] = useState(false);
  const types = usePartnerTypes();
  const units = useUnits();
  const group = usePartner(filters.values.parentId ?? null);
  // The rows are drawn in slices as the answer arrives, not in one long task (see useDeferredAnswer).
  const list = useDeferredAnswer(usePartnerList(filters.queryString));
  const rows = list.data?.items ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const canChange = !!session.data?.abilities.editSharedRecord;
  const selection = useSelection();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter is a new list; clear the choice
  useEffect(() => selection.clear(), [filters.queryString]);
  const chosen = (id: string) => selection.allMatching || selection.ids.has(id);
  const allShown = rows.length > 0 && rows.every((p) => chosen(p.id));
  const sort = filters.values.sort;
  const sortBy = (field: string) => filters.set({ sort: sort === field ? `-${field}` : field });
  const sortLabel = (field: string) =>
    sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  // What the rows and the memoised parts are given stays the same object from one drawing to the
  // next, so they are drawn again only when what they show changes.
  const latest = useRef({ selection, rows, filters });
  latest.current = { selection, rows, filters };
  const onToggle = useCallback((id: string, on: boolean) => {
    const { selection, rows } = latest.current;
    selection.toggle(
      id,
      on,
      rows.map((r) => r.id),
    );
  }, []);
  const onOpen = useCallback((id: string) => navigate(`/partners/${id}`), [navigate]);
  const setFilters = useCallback(
    (changes: Parameters<typeof filters.set>[0]) => latest.current.filters.set(changes),
    [],
  );
  const applyView = useCallback((query: string) => latest.current.filters.apply(query), []);
  const choices = useMemo(
    () => ({
      'partner-types': (types.data?.items ?? []).map((t) => ({ value: t.id, label: t.name })),
      units: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
    }),
    [types.data, units.data],
  );
  const groupName = group.data?.name;
  const hiddenLabels = useMemo(
    (): Record<string, string> => (groupName ? { parentId: groupName } : {}),
    [groupName],
  );

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Partners</Title>
        <Group wrap="wrap" align="flex-end">
          <SavedViews list="partners" queryString={filters.queryString} onApply={applyView} />
          <Export list="partners" queryString={filters.queryString} />
          {session.data?.abilities.editSharedRecord && (
            <Button onClick={() => setCreating(true)}>New partner</Button>
          )}
        </Group>
      </Group>
      <FilterBar
        meta={partnerList}
        values={filters.values}
        onChange={setFilters}
        choices={choices}
        hiddenLabels={hiddenLabels}
      />
      <QueryState isPending={list.isPending} error={list.error}>
        <Text size="sm" c="dimmed" aria-live="polite">
          {rows.length} partners
          {list.data?.truncated ? ' shown (the first 5,000: narrow the filters; Export gives every row)' : ''}
        </Text>
        {canChange && (
          <PartnerBulkActions
            selection={selection}
            shown={rows.length}
            matching={rows.length}
            filterQuery={filters.queryString}
            nameOf={(id) => rows.find((p) => p.id === id)?.name}
          />
        )}
        {rows.length === 0 ? (
          <Empty>No partners match these filters.</Empty>
        ) : (
          <section
            ref={scroller}
            style={{ height: '65vh', overflow: 'auto' }}
            aria-label="Partner list"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable by keyboard (WCAG 2.1.1).
            tabIndex={0}
          >
            <Table stickyHeader layout="fixed" miw={640} aria-rowcount={rows.length + 1}>
              <Table.Thead>
                <Table.Tr>
                  {canChange && (
                    <Table.Th w={44}>
                      <Tick
                        aria-label="Select every partner shown"
                        checked={allShown}
                        indeterminate={!allShown && selection.ids.size > 0}
                        onChange={(e) =>
                          selection.setMany(
                            rows.map((p) => p.id),
                            e.currentTarget.checked,
                          )
                        }
                      />
                    </Table.Th>
                  )}
                  <Table.Th aria-sort={sortLabel('name')} w="40%">
                    <Anchor component="button" type="button" onClick={() => sortBy('name')}>
                      Name
                    </Anchor>
                  </Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>City</Table.Th>
                  <Table.Th aria-sort={sortLabel('updatedAt')}>
                    <Anchor component="button" type="button" onClick={() => sortBy('updatedAt')}>
                      Updated
                    </Anchor>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody style={{ position: 'relative', height: virtual.getTotalSize() }}>
                {virtual.getVirtualItems().map((row) => {
                  const p = rows[row.index]!;
                  return (
                    <PartnerRow
                      key={p.id}
                      partner={p}
                      index={row.index}
                      start={row.start}
                      checked={canChange ? chosen(p.id) : undefined}
                      onToggle={onToggle}
                      onOpen={onOpen}
                    />
                  );
                })}
              </Table.Tbody>
            </Table>
          </section>
        )}
      </QueryState>
      <PartnerForm
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(p) => navigate(`/partners/${p.id}`)}
      />
    </Stack>
  );
}

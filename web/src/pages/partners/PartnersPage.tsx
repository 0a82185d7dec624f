import { Anchor, Badge, Button, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { partnerStatusLabels } from '../../../../common/src/labels/partners.ts';
import { partnerList } from '../../../../common/src/lists/partners.ts';
import { usePartner, usePartnerList, usePartnerTypes, useSession, useUnits } from '../../api/hooks.ts';
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

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Partners</Title>
        <Group wrap="wrap" align="flex-end">
          <SavedViewsMenu list="partners" queryString={filters.queryString} onApply={filters.apply} />
          <ExportMenu list="partners" queryString={filters.queryString} />
          {session.data?.abilities.editSharedRecord && (
            <Button onClick={() => setCreating(true)}>New partner</Button>
          )}
        </Group>
      </Group>
      <ListFilterBar
        meta={partnerList}
        values={filters.values}
        onChange={filters.set}
        choices={{
          'partner-types': (types.data?.items ?? []).map((t) => ({ value: t.id, label: t.name })),
          units: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
        }}
        hiddenLabels={group.data ? { parentId: group.data.name } : {}}
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
            <Table
              stickyHeader
              layout="fixed"
              miw={640}
              aria-rowcount={rows.length + 1}
              styles={{ td: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } }}
            >
              <Table.Thead>
                <Table.Tr>
                  {canChange && (
                    <Table.Th w={44}>
                      <Checkbox
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
                    <Table.Tr
                      key={p.id}
                      aria-rowindex={row.index + 2}
                      style={{
                        position: 'absolute',
                        top: 0,
                        transform: `translateY(${row.start}px)`,
                        width: '100%',
                        display: 'table',
                        tableLayout: 'fixed',
                        height: ROW_HEIGHT,
                      }}
                      onDoubleClick={() => navigate(`/partners/${p.id}`)}
                    >
                      {canChange && (
                        <Table.Td w={44}>
                          <Checkbox
                            aria-label={`Select ${p.name}`}
                            checked={chosen(p.id)}
                            onChange={(e) =>
                              selection.toggle(
                                p.id,
                                e.currentTarget.checked,
                                rows.map((r) => r.id),
                              )
                            }
                          />
                        </Table.Td>
                      )}
                      <Table.Td w="40%">
                        <Anchor component={Link} to={`/partners/${p.id}`}>
                          {p.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{p.typeName}</Table.Td>
                      <Table.Td>
                        <Badge color={p.status === 'active' ? 'success' : 'gray.7'}>
                          {partnerStatusLabels[p.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{p.city ?? '—'}</Table.Td>
                      <Table.Td>{new Date(p.updatedAt).toLocaleDateString('en-GB')}</Table.Td>
                    </Table.Tr>
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

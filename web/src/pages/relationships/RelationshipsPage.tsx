import { Anchor, Badge, Button, Card, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import {
  relationshipStageLabels,
  relationshipStatusLabels,
} from '../../../../common/src/labels/relationships.ts';
import { relationshipList } from '../../../../common/src/lists/relationships.ts';
import { useSession, useUnits } from '../../api/hooks.ts';
import { useRelationshipPages } from '../../api/relationships.ts';
import { useListTotal } from '../../api/totals.ts';
import { useSelection } from '../../components/BulkActionBar.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { SavedViewsMenu } from '../../components/SavedViewsMenu.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { RelationshipBulkActions } from './RelationshipBulkActions.tsx';

const day = (iso: string | null) =>
  iso ? new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '—';

/**
 * Every unit's relationships with partners, filtered by unit, manager, stage and status, a page
 * at a time. Those the caller may change can be selected (or every one that matches) and handed
 * to a successor or given a new status at once: a departing manager's portfolio in one go.
 */
export function RelationshipsPage() {
  usePageTitle('Relationships');
  const session = useSession();
  const filters = useListParams(relationshipList);
  const units = useUnits();
  const list = useRelationshipPages(filters.queryString);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = useListTotal('relationships', filters.queryString).data?.total ?? rows.length;
  const changeable = rows.filter((r) => r.can.update);
  const selection = useSelection();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter is a new list; clear the choice
  useEffect(() => selection.clear(), [filters.queryString]);
  const chosen = (id: string) => selection.allMatching || selection.ids.has(id);
  const allShown = changeable.length > 0 && changeable.every((r) => chosen(r.id));
  // The bar stays while the role may use it, so its outcome shows even when the rows it changed leave the list.
  const selectable = !!session.data?.abilities.manageRelationships;

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Relationships</Title>
        <Group wrap="wrap" align="flex-end">
          <SavedViewsMenu list="relationships" queryString={filters.queryString} onApply={filters.apply} />
          <ExportMenu list="relationships" queryString={filters.queryString} />
        </Group>
      </Group>
      <ListFilterBar
        meta={relationshipList}
        values={filters.values}
        onChange={filters.set}
        choices={{
          units: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
          users: [],
        }}
      />
      <QueryState isPending={list.isPending} error={list.error}>
        <Card withBorder component="section" aria-label="Relationship list">
          <Text size="sm" c="dimmed" aria-live="polite" mb="xs">
            {list.hasNextPage
              ? `${rows.length} of ${total.toLocaleString('en-GB')} relationships shown`
              : `${rows.length} ${rows.length === 1 ? 'relationship' : 'relationships'}`}
          </Text>
          {selectable && (
            <RelationshipBulkActions
              selection={selection}
              shown={changeable.length}
              matching={total}
              filterQuery={filters.queryString}
              nameOf={(id) => {
                const r = rows.find((row) => row.id === id);
                return r && `${r.unitName} with ${r.partnerName}`;
              }}
            />
          )}
          {rows.length === 0 ? (
            <Empty>No relationships match these filters.</Empty>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    {selectable && (
                      <Table.Th w={44}>
                        <Checkbox
                          aria-label="Select every relationship shown that you can change"
                          checked={allShown}
                          disabled={changeable.length === 0}
                          indeterminate={!allShown && selection.ids.size > 0}
                          onChange={(e) =>
                            selection.setMany(
                              changeable.map((r) => r.id),
                              e.currentTarget.checked,
                            )
                          }
                        />
                      </Table.Th>
                    )}
                    <Table.Th>Partner</Table.Th>
                    <Table.Th>Unit</Table.Th>
                    <Table.Th>Relationship manager</Table.Th>
                    <Table.Th>Stage</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Review date</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.id}>
                      {selectable && (
                        <Table.Td>
                          {r.can.update && (
                            <Checkbox
                              aria-label={`Select ${r.unitName} with ${r.partnerName}`}
                              checked={chosen(r.id)}
                              onChange={(e) =>
                                selection.toggle(
                                  r.id,
                                  e.currentTarget.checked,
                                  changeable.map((c) => c.id),
                                )
                              }
                            />
                          )}
                        </Table.Td>
                      )}
                      <Table.Td>
                        <Anchor component={Link} to={`/partners/${r.partnerId}`} fw={600}>
                          {r.partnerName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{r.unitName}</Table.Td>
                      <Table.Td>{r.managerName ?? 'None yet'}</Table.Td>
                      <Table.Td>{relationshipStageLabels[r.stage]}</Table.Td>
                      <Table.Td>
                        <Badge color={r.status === 'active' ? '#216e39' : 'gray.7'} style={{ flexShrink: 0 }}>
                          {relationshipStatusLabels[r.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{day(r.reviewDate)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {list.hasNextPage && (
            <Group justify="center" mt="sm">
              <Button
                variant="default"
                loading={list.isFetchingNextPage}
                onClick={() => list.fetchNextPage()}
              >
                Show more
              </Button>
            </Group>
          )}
        </Card>
      </QueryState>
    </Stack>
  );
}

import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { initiativeStatusLabels, involvementLabels } from '../../../../common/src/labels/initiatives.ts';
import { initiativeList } from '../../../../common/src/lists/initiatives.ts';
import { useSession, useUnits } from '../../api/hooks.ts';
import { useInitiativePages } from '../../api/initiatives.ts';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { InitiativeForm } from './InitiativeForm.tsx';

/** University projects and changes in which partners are involved, with their open input. */
export function InitiativesPage() {
  const session = useSession();
  const filters = useListParams(initiativeList);
  const units = useUnits();
  const [creating, setCreating] = useState(false);
  const list = useInitiativePages(filters.queryString);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Initiatives</Title>
        <Group wrap="wrap" align="flex-end">
          <ExportMenu list="initiatives" queryString={filters.queryString} />
          {session.data?.abilities.editSharedRecord && (
            <Button onClick={() => setCreating(true)}>New initiative</Button>
          )}
        </Group>
      </Group>
      <ListFilterBar
        meta={initiativeList}
        values={filters.values}
        onChange={filters.set}
        choices={{ units: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })) }}
      />
      <QueryState isPending={list.isPending} error={list.error}>
        <Text size="sm" c="dimmed" aria-live="polite">
          {rows.length} {rows.length === 1 ? 'initiative' : 'initiatives'}
          {list.hasNextPage ? ' shown' : ''}
        </Text>
        {rows.length === 0 ? (
          <Empty>No initiatives match these filters.</Empty>
        ) : (
          <TableBox label="Initiatives" minWidth={640}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Initiative</Table.Th>
                  <Table.Th>Owning unit</Table.Th>
                  <Table.Th>Partners involved</Table.Th>
                  <Table.Th>Open input</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/initiatives/${i.id}`} fw={500}>
                        {i.title}
                      </Anchor>
                      <Group gap={4} mt={2}>
                        <Badge variant="light" size="sm">
                          {initiativeStatusLabels[i.status]}
                        </Badge>
                        {i.publication && (
                          <Badge variant="outline" size="sm" color="rapport">
                            Published
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{i.unit.name}</Table.Td>
                    <Table.Td>
                      {i.partners.length === 0
                        ? '—'
                        : i.partners.map((p) => `${p.name} (${involvementLabels[p.involvement]})`).join(', ')}
                    </Table.Td>
                    <Table.Td>
                      {i.counts.open} of {i.counts.inputs}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        )}
        {list.hasNextPage && (
          <Group justify="center">
            <Button variant="default" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
              Show more
            </Button>
          </Group>
        )}
      </QueryState>
      <InitiativeForm opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { activityKindLabels } from '../../../../common/src/labels/activities.ts';
import { activityList } from '../../../../common/src/lists/activities.ts';
import { type Activity, useActivityPages } from '../../api/activities.ts';
import { useSession, useUnits } from '../../api/hooks.ts';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { ActivityForm } from './ActivityForm.tsx';
import { monthOf, whenInWords } from './activityLabels.ts';

/** Activities in month groups, in the order the list gives them (soonest first). */
function byMonth(items: Activity[]) {
  const groups: { month: string; items: Activity[] }[] = [];
  for (const a of items) {
    const month = monthOf(a);
    const last = groups.at(-1);
    if (last?.month === month) last.items.push(a);
    else groups.push({ month, items: [a] });
  }
  return groups;
}

/** Forums, seminars, working groups…: upcoming or past, by kind and organising unit, a month at a time. */
export function ActivitiesPage() {
  const session = useSession();
  const filters = useListParams(activityList);
  const units = useUnits();
  const [creating, setCreating] = useState(false);
  const list = useActivityPages(filters.queryString);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const when = filters.values.when ?? '';

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Activities</Title>
        <Group wrap="wrap" align="flex-end">
          <ExportMenu list="activities" queryString={filters.queryString} />
          {session.data?.abilities.editSharedRecord && (
            <Button onClick={() => setCreating(true)}>New activity</Button>
          )}
        </Group>
      </Group>
      <SegmentedControl
        aria-label="Show"
        value={when}
        onChange={(next) => filters.set({ when: (next || undefined) as 'upcoming' | 'past' | undefined })}
        data={[
          { value: 'upcoming', label: 'Upcoming' },
          { value: 'past', label: 'Past' },
          { value: '', label: 'All' },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <ListFilterBar
        meta={activityList}
        values={filters.values}
        onChange={filters.set}
        choices={{ units: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })) }}
        hiddenLabels={when ? { when: when === 'upcoming' ? 'Upcoming' : 'Past' } : {}}
      />
      <QueryState isPending={list.isPending} error={list.error}>
        <Text size="sm" c="dimmed" aria-live="polite">
          {rows.length} {rows.length === 1 ? 'activity' : 'activities'}
          {list.hasNextPage ? ' shown' : ''}
        </Text>
        {rows.length === 0 && <Empty>No activities match these filters.</Empty>}
        {byMonth(rows).map((group) => (
          <Card withBorder key={group.month} component="section" aria-labelledby={`month-${group.month}`}>
            <Title order={3} size="h4" id={`month-${group.month}`} mb="xs">
              {group.month}
            </Title>
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Activity</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Organised by</Table.Th>
                    <Table.Th>Places</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {group.items.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/activities/${a.id}`} fw={500}>
                          {a.title}
                        </Anchor>
                        <Group gap={4} mt={2}>
                          <Badge variant="light" size="sm">
                            {activityKindLabels[a.kind]}
                          </Badge>
                          {a.recurrence && (
                            <Badge variant="outline" size="sm" color="gray">
                              Series
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{whenInWords(a)}</Table.Td>
                      <Table.Td>{a.unitName}</Table.Td>
                      <Table.Td>
                        {a.counts.registered}
                        {a.capacity ? ` of ${a.capacity}` : ''} registered
                        {a.counts.waiting ? `, ${a.counts.waiting} waiting` : ''}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        ))}
        {list.hasNextPage && (
          <Group justify="center">
            <Button variant="default" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
              Show more
            </Button>
          </Group>
        )}
      </QueryState>
      <ActivityForm opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

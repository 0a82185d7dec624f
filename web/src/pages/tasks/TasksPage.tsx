import { Button, Card, Checkbox, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { taskList } from '../../../../common/src/lists/tasks.ts';
import { useSession, useUnits } from '../../api/hooks.ts';
import { useTaskPages } from '../../api/tasks.ts';
import { useListTotal } from '../../api/totals.ts';
import { useSelection } from '../../components/BulkActionBar.tsx';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { SavedViewsMenu } from '../../components/SavedViewsMenu.tsx';
import { QueryState } from '../../components/States.tsx';
import { TaskForm } from '../../components/TaskForm.tsx';
import { TaskList } from '../../components/TaskList.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { TaskBulkActions } from './TaskBulkActions.tsx';

type View = 'mine' | 'unit' | 'overdue' | 'all';

/** The task list: mine, my unit's, overdue or by partner, filtered on the server and kept in the address. */
export function TasksPage() {
  const session = useSession();
  usePageTitle('Tasks');
  const filters = useListParams(taskList);
  const units = useUnits();
  const [creating, setCreating] = useState(false);
  const list = useTaskPages(filters.queryString);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const count = useListTotal('tasks', filters.queryString);
  const total = count.data?.total ?? rows.length;
  const myUnit = session.data?.user.unitId ?? null;
  const canChange = !!session.data?.abilities.editSharedRecord;
  const selection = useSelection();
  const changeable = rows.filter((t) => t.can.update);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter is a new list; clear the choice
  useEffect(() => selection.clear(), [filters.queryString]);
  const v = filters.values;
  const view: View | null =
    v.assigneeId === 'me' && !v.unitId && !v.overdue
      ? 'mine'
      : v.unitId && v.unitId === myUnit && !v.assigneeId && !v.overdue
        ? 'unit'
        : v.overdue && !v.assigneeId && !v.unitId
          ? 'overdue'
          : !v.assigneeId && !v.unitId && !v.overdue
            ? 'all'
            : null;
  const show = (next: string) => {
    const none = { assigneeId: undefined, unitId: undefined, overdue: undefined };
    if (next === 'mine') filters.set({ ...none, assigneeId: 'me', done: false });
    else if (next === 'unit') filters.set({ ...none, unitId: myUnit ?? undefined, done: false });
    else if (next === 'overdue') filters.set({ ...none, overdue: true, done: undefined });
    else filters.set(none);
  };
  const views = [
    { value: 'mine', label: 'Mine' },
    ...(myUnit ? [{ value: 'unit', label: "My unit's" }] : []),
    { value: 'overdue', label: 'Overdue' },
    { value: 'all', label: 'All' },
  ];

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Tasks</Title>
        <Group wrap="wrap" align="flex-end">
          <SavedViewsMenu list="tasks" queryString={filters.queryString} onApply={filters.apply} />
          {session.data?.abilities.editSharedRecord && (
            <Button onClick={() => setCreating(true)}>New task</Button>
          )}
        </Group>
      </Group>
      <SegmentedControl
        aria-label="Show"
        value={view ?? ''}
        onChange={show}
        data={views}
        style={{ alignSelf: 'flex-start' }}
      />
      <ListFilterBar
        meta={taskList}
        values={filters.values}
        onChange={filters.set}
        choices={{
          units: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
          users: [{ value: 'me', label: 'Me' }],
        }}
      />
      <QueryState isPending={list.isPending} error={list.error}>
        <Card withBorder component="section" aria-label="Task list">
          <Group justify="space-between" mb="xs" wrap="wrap">
            <Text size="sm" c="dimmed" aria-live="polite">
              {list.hasNextPage
                ? `${rows.length} of ${total.toLocaleString('en-GB')} tasks shown`
                : `${rows.length} ${rows.length === 1 ? 'task' : 'tasks'}`}
            </Text>
            {canChange && changeable.length > 0 && (
              <Checkbox
                label="Select every task shown that you can change"
                checked={changeable.every((t) => selection.allMatching || selection.ids.has(t.id))}
                onChange={(e) =>
                  selection.setMany(
                    changeable.map((t) => t.id),
                    e.currentTarget.checked,
                  )
                }
              />
            )}
          </Group>
          {canChange && (
            <TaskBulkActions
              selection={selection}
              shown={rows.length}
              matching={total}
              filterQuery={filters.queryString}
              nameOf={(id) => rows.find((t) => t.id === id)?.title}
            />
          )}
          <TaskList
            tasks={rows}
            empty="No tasks match these filters."
            selection={canChange ? selection : undefined}
          />
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
      <TaskForm opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

import { Anchor, Badge, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useChangeTask, useDeleteTask } from '../api/tasks.ts';
import type { Task } from '../api/types.ts';
import type { Selection } from './BulkActionBar.tsx';
import { TaskForm } from './dialogs.tsx';
import { saved, showServerErrors } from './forms.ts';
import { lazySection, OnceOpened } from './lazy.tsx';
import { Empty } from './States.tsx';

// A task's history is read in a dialog: its code (and the history's wording) loads when first opened.
const HistoryPanel = lazySection(async () => (await import('./HistoryPanel.tsx')).HistoryPanel);

type Props = {
  tasks: Task[];
  /** Leave out what the page already says (the partner on its own page, me on Home). */
  showPartner?: boolean;
  showAssignee?: boolean;
  empty: string;
  /** Tasks the caller may change can be chosen for a bulk action. */
  selection?: Selection;
};

/** A due day (YYYY-MM-DD) in words, the same day wherever the browser is. */
const formatDay = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Today as YYYY-MM-DD in the browser's time zone, to say which tasks are overdue. */
const todayHere = () => new Date().toLocaleDateString('en-CA');

/**
 * Tasks as a list that reads the same on a desk and a phone: tick one off, or edit, re-assign
 * or delete it, where the caller may (the task's own abilities say so).
 */
export function TaskList({ tasks, showPartner = true, showAssignee = true, empty, selection }: Props) {
  const change = useChangeTask();
  const [editing, setEditing] = useState<Task | null>(null);
  const [historyOf, setHistoryOf] = useState<Task | null>(null);
  const [deleting, setDeleting] = useState<Task | null>(null);
  const remove = useDeleteTask();
  const today = todayHere();

  const tick = (task: Task, done: boolean) =>
    change.mutate(
      { task, changes: { done } },
      {
        onSuccess: () => saved(done ? `Done: ${task.title}` : `Open again: ${task.title}`),
        onError: (e) => showServerErrors(e, () => {}),
      },
    );

  // The dialogs stay mounted when the list empties: a task edited out of this list (re-assigned
  // elsewhere) must still close its dialog when the save returns.
  return (
    <>
      {tasks.length === 0 && <Empty>{empty}</Empty>}
      <Stack
        gap={0}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        display={tasks.length === 0 ? 'none' : undefined}
      >
        {tasks.map((t, i) => {
          const overdue = !t.done && t.dueOn !== null && t.dueOn < today;
          return (
            <Group
              key={t.id}
              component="li"
              justify="space-between"
              wrap="wrap"
              gap="xs"
              py={6}
              style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
            >
              {selection && (
                <Checkbox
                  // Numbered, not named: the title already names the done tick beside it.
                  aria-label={`Select task ${i + 1} of ${tasks.length}`}
                  checked={selection.allMatching || selection.ids.has(t.id)}
                  disabled={!t.can.update}
                  onChange={(e) =>
                    selection.toggle(
                      t.id,
                      e.currentTarget.checked,
                      tasks.map((x) => x.id),
                    )
                  }
                  variant="outline"
                />
              )}
              <Stack gap={2} style={{ flex: '1 1 16rem', minWidth: 0 }}>
                <Checkbox
                  label={t.title}
                  checked={t.done}
                  disabled={!t.can.update}
                  onChange={(e) => tick(t, e.currentTarget.checked)}
                  styles={{ label: { textDecoration: t.done ? 'line-through' : undefined } }}
                />
                <Group gap="xs" pl={32} wrap="wrap">
                  {showPartner && t.partnerId && (
                    <Anchor component={Link} to={`/partners/${t.partnerId}`} size="sm">
                      {t.partnerName}
                    </Anchor>
                  )}
                  {showAssignee && <Text size="sm">{t.assigneeName}</Text>}
                  <Text size="sm" c={overdue ? 'var(--mantine-color-error)' : 'dimmed'}>
                    {t.dueOn ? `Due ${formatDay(t.dueOn)}` : 'No due date'}
                  </Text>
                  {overdue && (
                    <Badge color="red.9" style={{ overflow: 'visible' }}>
                      Overdue
                    </Badge>
                  )}
                </Group>
              </Stack>
              <Group gap={4}>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  onClick={() => setHistoryOf(t)}
                  aria-label={`History of ${t.title}`}
                >
                  History
                </Button>
                {t.can.update && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => setEditing(t)}
                    aria-label={`Edit ${t.title}`}
                  >
                    Edit
                  </Button>
                )}
                {t.can.delete && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => setDeleting(t)}
                    aria-label={`Delete ${t.title}`}
                  >
                    Delete
                  </Button>
                )}
              </Group>
            </Group>
          );
        })}
      </Stack>
      <TaskForm opened={editing !== null} onClose={() => setEditing(null)} task={editing ?? undefined} />
      <OnceOpened opened={historyOf !== null}>
        <Modal
          opened={historyOf !== null}
          onClose={() => setHistoryOf(null)}
          title={`History of “${historyOf?.title ?? ''}”`}
        >
          {historyOf && <HistoryPanel entity="task" id={historyOf.id} bare />}
        </Modal>
      </OnceOpened>
      <OnceOpened opened={deleting !== null}>
        <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete the task?">
          <Text size="sm">“{deleting?.title}” will be deleted. Its history is kept.</Text>
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Keep it
            </Button>
            <Button
              color="red.9"
              loading={remove.isPending}
              onClick={() =>
                deleting &&
                remove.mutate(deleting, {
                  onSuccess: () => {
                    saved('Task deleted');
                    setDeleting(null);
                  },
                  onError: (e) => showServerErrors(e, () => {}),
                })
              }
            >
              Delete
            </Button>
          </Group>
        </Modal>
      </OnceOpened>
    </>
  );
}

import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { createTaskBody, updateTaskBody } from '../../../common/src/contracts/tasks.ts';
import { useSession } from '../api/hooks.ts';
import { useChangeTask, useCreateTask } from '../api/tasks.ts';
import type { Task } from '../api/types.ts';
import { checkWith, saved, showServerErrors } from './forms.ts';
import { PartnerPicker } from './PartnerPicker.tsx';
import { PersonPicker } from './PersonPicker.tsx';

type Values = { title: string; assigneeId: string; dueOn: string };

type Props = {
  opened: boolean;
  onClose: () => void;
  /** The task to edit; without one, a new task is set. */
  task?: Task;
  /** A new task's partner, fixed when the dialog is opened from the partner's page. */
  partnerId?: string;
};

const toChanges = (v: Values) => ({
  title: v.title,
  assigneeId: v.assigneeId || undefined,
  dueOn: v.dueOn || null,
});

/** Set a task on its own (for a partner), or change one: its title, who does it, and by when. */
export function TaskForm({ opened, onClose, task, partnerId }: Props) {
  const session = useSession();
  const create = useCreateTask();
  const change = useChangeTask();
  const [partner, setPartner] = useState<string | null>(partnerId ?? null);
  const toBody = (v: Values) => ({ ...toChanges(v), partnerId: partner });
  const form = useForm<Values>({
    validate: (v) => (task ? checkWith(updateTaskBody, toChanges)(v) : checkWith(createTaskBody, toBody)(v)),
    initialValues: { title: '', assigneeId: '', dueOn: '' },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill the form when the dialog opens
  useEffect(() => {
    if (!opened) return;
    setPartner(task?.partnerId ?? partnerId ?? null);
    form.setValues({
      title: task?.title ?? '',
      assigneeId: task?.assigneeId ?? session.data?.user.id ?? '',
      dueOn: task?.dueOn ?? '',
    });
    form.resetDirty();
    form.clearErrors();
  }, [opened]);

  const fields = ['title', 'assigneeId', 'dueOn', 'partnerId'];
  const done = (message: string) => {
    saved(message);
    onClose();
  };
  const submit = form.onSubmit((v) => {
    if (task)
      change.mutate(
        { task, changes: toChanges(v) },
        {
          onSuccess: () => done('Task changed'),
          onError: (e) => showServerErrors(e, form.setErrors, fields),
        },
      );
    else
      create.mutate(toBody(v), {
        onSuccess: () => done('Task set'),
        onError: (e) => showServerErrors(e, form.setErrors, fields),
      });
  });

  return (
    <Modal opened={opened} onClose={onClose} title={task ? 'Edit the task' : 'New task'}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Task" required data-autofocus {...form.getInputProps('title')} />
          {!task && (
            <PartnerPicker
              value={partner}
              onChange={setPartner}
              active={opened}
              fixed={Boolean(partnerId)}
              error={form.errors.partnerId}
            />
          )}
          <PersonPicker
            label="Assigned to"
            allowDeselect={false}
            active={opened}
            {...form.getInputProps('assigneeId')}
          />
          <TextInput label="Due" type="date" {...form.getInputProps('dueOn')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || change.isPending}>
              {task ? 'Save' : 'Set task'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

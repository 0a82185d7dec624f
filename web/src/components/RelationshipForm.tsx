import { Button, Group, Modal, NumberInput, Select, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api } from '../api/client.ts';
import { useSession, useUnits, useUsers, useWrite } from '../api/hooks.ts';
import { blankToNull, saved, showServerErrors } from './forms.ts';

const stages = [
  { value: 'getting_to_know', label: 'Getting to know each other' },
  { value: 'developing', label: 'Developing' },
  { value: 'established', label: 'Established' },
  { value: 'strategic', label: 'Strategic' },
];

export function RelationshipForm({
  opened,
  onClose,
  partnerId,
}: {
  opened: boolean;
  onClose: () => void;
  partnerId: string;
}) {
  const session = useSession();
  const units = useUnits();
  const users = useUsers();
  const form = useForm({
    initialValues: {
      unitId: session.data?.user.unitId ?? '',
      managerId: session.data?.user.id ?? '',
      stage: 'getting_to_know',
      cadenceDays: 30 as number | string,
      objectives: '',
    },
  });
  const write = useWrite((body: unknown) => api('POST', '/relationships', body));
  const submit = form.onSubmit((v) =>
    write.mutate(
      blankToNull({ ...v, partnerId, cadenceDays: v.cadenceDays === '' ? null : Number(v.cadenceDays) }),
      {
        onSuccess: () => {
          saved('Relationship started');
          form.reset();
          onClose();
        },
        onError: (e) => showServerErrors(e, form.setErrors),
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="Start a relationship">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label="Unit (the provider)"
            required
            searchable
            data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            {...form.getInputProps('unitId')}
          />
          <Select
            label="Relationship manager"
            searchable
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            {...form.getInputProps('managerId')}
          />
          <Group grow>
            <Select label="Stage" data={stages} {...form.getInputProps('stage')} />
            <NumberInput
              label="Expected contact every (days)"
              min={1}
              max={730}
              {...form.getInputProps('cadenceDays')}
            />
          </Group>
          <Textarea label="Objectives" autosize minRows={2} {...form.getInputProps('objectives')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              Start relationship
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

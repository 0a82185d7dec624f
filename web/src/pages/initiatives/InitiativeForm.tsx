import { ActionIcon, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { createInitiativeBody } from '../../../../common/src/contracts/initiatives.ts';
import {
  type InvolvementKind,
  initiativeStatuses,
  initiativeStatusLabels,
  involvementKinds,
  involvementLabels,
} from '../../../../common/src/labels/initiatives.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { usePartner } from '../../api/hooks.ts';
import {
  type Initiative,
  type NewInitiative,
  useChangeInitiative,
  useCreateInitiative,
} from '../../api/initiatives.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { PartnerPicker } from '../../components/PartnerPicker.tsx';

type Values = {
  title: string;
  description: string;
  status: string;
  startDate: string;
  partners: { partnerId: string; name: string; involvement: InvolvementKind }[];
};
const blank: Values = { title: '', description: '', status: 'planned', startDate: '', partners: [] };
const fields = ['title', 'description', 'status', 'startDate', 'partners'];

const toBody = (v: Values): NewInitiative => ({
  title: v.title,
  description: v.description || null,
  status: v.status as NewInitiative['status'],
  startDate: v.startDate || null,
  partners: v.partners.map(({ partnerId, involvement }) => ({ partnerId, involvement })),
});

const valuesOf = (i: Initiative | undefined): Values =>
  i
    ? {
        title: i.title,
        description: i.description ?? '',
        status: i.status,
        startDate: i.startDate ?? '',
        partners: i.partners.map((p) => ({ partnerId: p.id, name: p.name, involvement: p.involvement })),
      }
    : blank;

/**
 * Start an initiative, or change one: what it is, when it starts, and the partners involved and
 * how (a partner taken off keeps its input in the log).
 */
export function InitiativeForm({
  opened,
  onClose,
  initiative,
}: {
  opened: boolean;
  onClose: () => void;
  initiative?: Initiative;
}) {
  const create = useCreateInitiative();
  const change = useChangeInitiative();
  const navigate = useNavigate();
  const form = useForm<Values>({
    initialValues: valuesOf(initiative),
    validate: checkWith(createInitiativeBody, toBody),
  });
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [involvement, setInvolvement] = useState<InvolvementKind>('consulted');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh form each time the dialog opens
  useEffect(() => {
    if (!opened) return;
    form.setInitialValues(valuesOf(initiative));
    form.reset();
    setPartnerId(null);
  }, [opened]);
  const chosen = usePartner(partnerId);
  const add = () => {
    if (!partnerId || !chosen.data || form.values.partners.some((p) => p.partnerId === partnerId)) return;
    form.insertListItem('partners', { partnerId, name: chosen.data.name, involvement });
    setPartnerId(null);
  };
  const submit = form.onSubmit((v) => {
    if (initiative)
      return change.mutate(
        { initiative, changes: toBody(v) },
        {
          onSuccess: () => {
            saved('Initiative saved');
            onClose();
          },
          onError: (e) => showServerErrors(e, form.setErrors, fields),
        },
      );
    create.mutate(toBody(v), {
      onSuccess: (i) => {
        saved('Initiative started');
        onClose();
        navigate(`/initiatives/${i.id}`);
      },
      onError: (e) => showServerErrors(e, form.setErrors, fields),
    });
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={initiative ? 'Edit the initiative' : 'New initiative'}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
          <Textarea label="What it is" autosize minRows={2} {...form.getInputProps('description')} />
          <Group grow align="flex-start">
            <Select
              label="Status"
              data={optionsOf(initiativeStatuses, initiativeStatusLabels)}
              allowDeselect={false}
              {...form.getInputProps('status')}
            />
            <TextInput label="Starts" type="date" {...form.getInputProps('startDate')} />
          </Group>
          <Text fw={500} size="sm">
            Partners involved
          </Text>
          {form.values.partners.length === 0 && (
            <Text size="sm" c="dimmed">
              None yet: add the partners you inform, consult, co-design with or pilot with.
            </Text>
          )}
          {form.values.partners.map((p, index) => (
            <Group key={p.partnerId} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {p.name} · {involvementLabels[p.involvement]}
              </Text>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${p.name}`}
                onClick={() => form.removeListItem('partners', index)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Group align="flex-end" wrap="wrap">
            <div style={{ flex: '1 1 14rem' }}>
              <PartnerPicker
                value={partnerId}
                onChange={setPartnerId}
                active={opened}
                fixed={false}
                label="Partner"
              />
            </div>
            <Select
              label="How"
              data={optionsOf(involvementKinds, involvementLabels)}
              value={involvement}
              onChange={(v) => v && setInvolvement(v as InvolvementKind)}
              allowDeselect={false}
              style={{ flex: '1 1 9rem' }}
            />
            <Button variant="default" onClick={add} disabled={!partnerId || !chosen.data}>
              Add partner
            </Button>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || change.isPending}>
              {initiative ? 'Save' : 'Start initiative'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

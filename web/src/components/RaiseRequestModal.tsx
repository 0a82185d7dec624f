import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { usePartnerRelationships, useUsers } from '../api/hooks.ts';
import { useRaiseRequest } from '../api/requests.ts';
import { blankToNull, humanise, saved, showServerErrors } from './forms.ts';
import { PartnerPicker } from './PartnerPicker.tsx';
import { requestKinds, requestPriorities } from './requestLabels.tsx';

type Props = { opened: boolean; onClose: () => void; partnerId?: string };

/** Raise a request or a concern for a partner; the owner is told at once. */
export function RaiseRequestModal({ opened, onClose, partnerId }: Props) {
  const navigate = useNavigate();
  const [partner, setPartner] = useState<string | null>(partnerId ?? null);
  const relationships = usePartnerRelationships(partner ?? '');
  const users = useUsers(opened);
  const raise = useRaiseRequest();
  const form = useForm({
    initialValues: {
      kind: 'enquiry',
      priority: 'normal',
      title: '',
      description: '',
      relationshipId: '',
      ownerId: '',
      visibility: 'institution',
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the dialog opens
  useEffect(() => {
    if (opened) setPartner(partnerId ?? null);
  }, [opened]);

  const submit = form.onSubmit((v) => {
    raise.mutate(blankToNull({ ...v, partnerId: partner }), {
      onSuccess: (created) => {
        saved(`Request #${created.reference} raised`);
        form.reset();
        onClose();
        navigate(`/requests/${created.id}`);
      },
      onError: (e) => showServerErrors(e, form.setErrors, [...Object.keys(form.values), 'partnerId']),
    });
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Raise a request" size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <PartnerPicker
            value={partner}
            onChange={setPartner}
            active={opened}
            fixed={Boolean(partnerId)}
            error={form.errors.partnerId}
          />
          <Group grow>
            <Select
              label="Kind"
              required
              data={requestKinds.map((k) => ({ value: k, label: humanise(k) }))}
              {...form.getInputProps('kind')}
            />
            <Select
              label="Priority"
              required
              data={requestPriorities.map((p) => ({ value: p, label: humanise(p) }))}
              {...form.getInputProps('priority')}
            />
          </Group>
          <TextInput
            label="Title"
            required
            {...form.getInputProps('title')}
            {...(partnerId ? { 'data-autofocus': true } : {})}
          />
          <Textarea label="Description" autosize minRows={3} {...form.getInputProps('description')} />
          <Group grow>
            <Select
              label="Relationship"
              description="Which unit's relationship it concerns (optional)"
              clearable
              data={(relationships.data?.items ?? []).map((r) => ({ value: r.id, label: r.unitName }))}
              {...form.getInputProps('relationshipId')}
            />
            <Select
              label="Owner"
              description="Who handles it; they are notified"
              searchable
              clearable
              data={(users.data?.items ?? [])
                .filter((u) => u.role !== 'viewer')
                .map((u) => ({ value: u.id, label: u.name }))}
              {...form.getInputProps('ownerId')}
            />
          </Group>
          <Select
            label="Who can see it"
            data={[
              { value: 'institution', label: 'Everyone in the university' },
              { value: 'unit', label: 'My unit (and the people named)' },
              { value: 'confidential', label: 'Confidential: the owner and the people named' },
            ]}
            {...form.getInputProps('visibility')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={raise.isPending}>
              Raise request
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

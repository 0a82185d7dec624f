import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { createRequestBody } from '../../../common/src/contracts/requests.ts';
import { optionsOf } from '../../../common/src/labels/options.ts';
import type { RequestKind, RequestPriority } from '../../../common/src/labels/requests.ts';
import { type Visibility, visibilities, visibilityLabels } from '../../../common/src/labels/visibility.ts';
import { isSessionEnded, keepDraft } from '../api/drafts.ts';
import { usePartnerRelationships, useSession } from '../api/hooks.ts';
import { useRaiseRequest } from '../api/requests.ts';
import type { NewRequest } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';
import { OpenConcerns } from './OpenConcerns.tsx';
import { PartnerPicker } from './PartnerPicker.tsx';
import { PersonPicker } from './PersonPicker.tsx';
import { requestKindOptions, requestPriorityOptions } from './requestLabels.tsx';

type Values = {
  kind: RequestKind;
  priority: RequestPriority;
  title: string;
  description: string;
  relationshipId: string;
  ownerId: string;
  visibility: Visibility;
};
const toBody = (v: Values, partnerId: string | null): NewRequest =>
  blankToNull({ ...v, partnerId: partnerId ?? '' });

type Props = { opened: boolean; onClose: () => void; partnerId?: string };

/** Raise a request or a concern for a partner; the owner is told at once. */
export function RaiseRequestModal({ opened, onClose, partnerId }: Props) {
  const navigate = useNavigate();
  const session = useSession();
  const client = useQueryClient();
  const [partner, setPartner] = useState<string | null>(partnerId ?? null);
  const relationships = usePartnerRelationships(partner ?? '');
  const raise = useRaiseRequest();
  const form = useForm<Values>({
    validate: (v) => checkWith(createRequestBody, (values: Values) => toBody(values, partner))(v),
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
    const body = toBody(v, partner);
    raise.mutate(body, {
      onSuccess: (created) => {
        saved(`Request #${created.reference} raised`);
        form.reset();
        onClose();
        navigate(`/requests/${created.id}`);
      },
      onError: (e) => {
        if (!isSessionEnded(e) || !session.data)
          return showServerErrors(e, form.setErrors, [...Object.keys(form.values), 'partnerId']);
        keepDraft(client, {
          userId: session.data.user.id,
          what: `request “${v.title}”`,
          path: '/requests',
          body,
        });
        form.reset();
        onClose();
      },
    });
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Raise a request" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PartnerPicker
            value={partner}
            onChange={setPartner}
            active={opened}
            fixed={Boolean(partnerId)}
            error={form.errors.partnerId}
          />
          <OpenConcerns partnerId={partner} />
          <Group grow>
            <Select label="Kind" required data={requestKindOptions} {...form.getInputProps('kind')} />
            <Select
              label="Priority"
              required
              data={requestPriorityOptions}
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
            <PersonPicker
              label="Owner"
              description="Who handles it; they are notified"
              clearable
              active={opened}
              excludeRoles={['viewer']}
              {...form.getInputProps('ownerId')}
            />
          </Group>
          <Select
            label="Who can see it"
            description="The owner and the people you name can always see it"
            data={optionsOf(visibilities, visibilityLabels)}
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

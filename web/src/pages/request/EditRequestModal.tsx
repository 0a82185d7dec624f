import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormErrors, useForm } from '@mantine/form';
import { useEffect } from 'react';
import { updateRequestBody } from '../../../../common/src/contracts/requests.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import type { RequestKind, RequestPriority } from '../../../../common/src/labels/requests.ts';
import { type Visibility, visibilities, visibilityLabels } from '../../../../common/src/labels/visibility.ts';
import { usePartnerAffiliations, usePartnerRelationships } from '../../api/hooks.ts';
import { useChangeRequest } from '../../api/requests.ts';
import type { RequestChanges, RequestItem } from '../../api/types.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { PeoplePicker, PersonPicker } from '../../components/PersonPicker.tsx';
import { requestKindOptions, requestPriorityOptions } from '../../components/requestLabels.tsx';

type Values = {
  title: string;
  description: string;
  kind: RequestKind;
  priority: RequestPriority;
  ownerId: string;
  relationshipId: string;
  raisedByContactId: string;
  visibility: Visibility;
  readerIds: string[];
};

const valuesOf = (r: RequestItem): Values => ({
  title: r.title,
  description: r.description ?? '',
  kind: r.kind,
  priority: r.priority,
  ownerId: r.ownerId ?? '',
  relationshipId: r.relationshipId ?? '',
  raisedByContactId: r.raisedByContactId ?? '',
  visibility: r.visibility,
  // Its creator and owner can always see it; the form names the others.
  readerIds: r.readers.map((p) => p.id).filter((id) => id !== r.createdById && id !== r.ownerId),
});

/** Only what was changed is sent, so an edit never overwrites a field it did not touch. */
function toBody(values: Values, changed: (field: keyof Values) => boolean): RequestChanges {
  const body: Record<string, unknown> = {};
  for (const field of Object.keys(values) as (keyof Values)[]) {
    if (!changed(field)) continue;
    const v = values[field];
    body[field] = v === '' ? null : v;
  }
  return body as RequestChanges;
}

type Props = { request: RequestItem; opened: boolean; onClose: () => void };

/** Correct a request: its owner, priority, words, relationship, raising contact and audience. */
export function EditRequestModal({ request: r, opened, onClose }: Props) {
  const change = useChangeRequest(r);
  const relationships = usePartnerRelationships(opened ? r.partnerId : '');
  const affiliations = usePartnerAffiliations(opened ? r.partnerId : '');
  const form = useForm<Values>({
    initialValues: valuesOf(r),
    validate: (v: Values): FormErrors =>
      checkWith(updateRequestBody, (values: Values) => toBody(values, changed))(v),
  });
  const changed = (field: keyof Values): boolean => form.isDirty(field);
  /** A clearable choice: nothing chosen shows as empty (no clear button), and clears to ''. */
  const optional = (field: 'ownerId' | 'relationshipId' | 'raisedByContactId') => ({
    ...form.getInputProps(field),
    value: form.values[field] || null,
    onChange: (v: string | null) => form.setFieldValue(field, v ?? ''),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: start from the request as it is each time the dialog opens
  useEffect(() => {
    if (opened) {
      form.setInitialValues(valuesOf(r));
      form.setValues(valuesOf(r));
      form.resetDirty(valuesOf(r));
      change.reset();
    }
  }, [opened]);

  const contacts = new Map<string, string>();
  if (r.raisedByContactId && r.raisedByName) contacts.set(r.raisedByContactId, r.raisedByName);
  for (const a of affiliations.data?.items ?? []) contacts.set(a.contactId, `${a.contactName} (${a.role})`);
  const relationshipOptions = (relationships.data?.items ?? []).map((x) => ({
    value: x.id,
    label: x.unitName,
  }));
  if (r.relationshipId && !relationshipOptions.some((o) => o.value === r.relationshipId))
    relationshipOptions.push({ value: r.relationshipId, label: 'The current relationship' });

  const submit = form.onSubmit((v) =>
    change.mutate(toBody(v, changed), {
      onSuccess: () => {
        saved(`Request #${r.reference} updated`);
        onClose();
      },
      onError: (e) => showServerErrors(e, form.setErrors, Object.keys(v)),
    }),
  );

  return (
    <Modal opened={opened} onClose={onClose} title={`Edit request #${r.reference}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
          <Textarea label="Description" autosize minRows={3} {...form.getInputProps('description')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label="Kind"
              description="A new kind re-targets it"
              required
              allowDeselect={false}
              data={requestKindOptions}
              {...form.getInputProps('kind')}
            />
            <Select
              label="Priority"
              description="A new priority re-targets it"
              required
              allowDeselect={false}
              data={requestPriorityOptions}
              {...form.getInputProps('priority')}
            />
            <PersonPicker
              label="Owner"
              description="Who handles it; they are notified"
              clearable
              active={opened}
              excludeRoles={['viewer']}
              {...optional('ownerId')}
            />
            <Select
              label="Raised by"
              description={`A contact at ${r.partnerName}`}
              clearable
              searchable
              nothingFoundMessage="No contact by that name"
              data={[...contacts].map(([value, label]) => ({ value, label }))}
              {...optional('raisedByContactId')}
            />
            <Select
              label="Relationship"
              description="Which unit's relationship it concerns"
              clearable
              data={relationshipOptions}
              {...optional('relationshipId')}
            />
            <Select
              label="Who can see it"
              allowDeselect={false}
              data={optionsOf(visibilities, visibilityLabels)}
              {...form.getInputProps('visibility')}
            />
          </SimpleGrid>
          <PeoplePicker
            label="Also named"
            description="They can always see it, whatever its visibility (its owner and creator too)"
            active={opened}
            {...form.getInputProps('readerIds')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={change.isPending}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

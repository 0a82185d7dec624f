import { Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { createAffiliationBody, updateAffiliationBody } from '../../../common/src/contracts/affiliations.ts';
import { api } from '../api/client.ts';
import { usePartnerSearch, useWrite } from '../api/hooks.ts';
import type { AffiliationChanges, Contact, NewAffiliation } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';

type Values = {
  partnerId: string;
  role: string;
  isKeyContact: boolean;
  isPrimary: boolean;
  startDate: string;
  endDate: string;
};
const toNew = (v: Values, contactId: string): NewAffiliation => blankToNull({ ...v, contactId });
const toChanges = ({ partnerId: _p, ...changes }: Values): AffiliationChanges => blankToNull(changes);

type Existing = Contact['affiliations'][number] & {
  version?: number;
  startDate?: string | null;
  endDate?: string | null;
};

/** Links a contact to a partner with a role, or changes or ends an affiliation. */
export function AffiliationForm({
  opened,
  onClose,
  contactId,
  affiliation,
}: {
  opened: boolean;
  onClose: () => void;
  contactId: string;
  affiliation?: Existing;
}) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 200);
  const partners = usePartnerSearch(debounced, opened && !affiliation);
  const form = useForm<Values>({
    validate: affiliation
      ? checkWith(updateAffiliationBody, toChanges)
      : checkWith(createAffiliationBody, (v: Values) => toNew(v, contactId)),
    initialValues: {
      partnerId: '',
      role: '',
      isKeyContact: false,
      isPrimary: false,
      startDate: '',
      endDate: '',
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the record when the dialog opens
  useEffect(() => {
    if (!opened) return;
    form.clearErrors();
    if (affiliation) {
      api<{ version: number; startDate: string | null; endDate: string | null }>(
        'GET',
        `/affiliations/${affiliation.id}`,
      ).then((a) =>
        form.setValues({
          partnerId: affiliation.partnerId,
          role: affiliation.role,
          isKeyContact: affiliation.isKeyContact,
          isPrimary: affiliation.isPrimary,
          startDate: a.startDate ?? '',
          endDate: a.endDate ?? '',
        }),
      );
    } else form.reset();
  }, [opened, affiliation]);
  const write = useWrite('affiliation', async (v: Values) => {
    if (!affiliation) return api('POST', '/affiliations', toNew(v, contactId));
    const { version } = await api<{ version: number }>('GET', `/affiliations/${affiliation.id}`);
    return api('PATCH', `/affiliations/${affiliation.id}`, toChanges(v), { version });
  });
  const submit = form.onSubmit((v) =>
    write.mutate(v, {
      onSuccess: () => {
        saved(affiliation ? 'Affiliation updated' : 'Affiliation added');
        onClose();
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={affiliation ? `Role at ${affiliation.partnerName}` : 'Add an affiliation'}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {!affiliation && (
            <Select
              label="Partner"
              required
              searchable
              data={(partners.data?.partners ?? []).map((p) => ({ value: p.id, label: p.title }))}
              onSearchChange={setQuery}
              filter={({ options }) => options}
              {...form.getInputProps('partnerId')}
            />
          )}
          <TextInput label="Role" required {...form.getInputProps('role')} />
          <Group grow>
            <TextInput label="From" type="date" {...form.getInputProps('startDate')} />
            <TextInput label="Until" type="date" {...form.getInputProps('endDate')} />
          </Group>
          <Checkbox label="Key contact" {...form.getInputProps('isKeyContact', { type: 'checkbox' })} />
          <Checkbox label="Primary affiliation" {...form.getInputProps('isPrimary', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              Save affiliation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

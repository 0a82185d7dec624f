import { Button, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { api } from '../api/client.ts';
import { useWrite } from '../api/hooks.ts';
import type { Contact } from '../api/types.ts';
import { blankToNull, saved, showServerErrors } from './forms.ts';

const lawfulBases = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
];

/** Edits a contact's details and the lawful basis and consent UK GDPR asks us to keep. */
export function ContactEditForm({
  opened,
  onClose,
  contact,
}: {
  opened: boolean;
  onClose: () => void;
  contact: Contact;
}) {
  const form = useForm({
    initialValues: {
      name: '',
      jobTitle: '',
      emails: [] as string[],
      phones: [] as string[],
      lawfulBasis: 'legitimate_interests',
      consentStatus: 'not_asked',
      consentRecordedOn: '',
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the record when the dialog opens
  useEffect(() => {
    if (opened) {
      form.setValues({
        name: contact.name,
        jobTitle: contact.jobTitle ?? '',
        emails: contact.emails,
        phones: contact.phones,
        lawfulBasis: contact.lawfulBasis,
        consentStatus: contact.consentStatus,
        consentRecordedOn: contact.consentRecordedOn ?? '',
      });
      form.clearErrors();
    }
  }, [opened, contact]);
  const write = useWrite((body: unknown) =>
    api<Contact>('PATCH', `/contacts/${contact.id}`, body, { version: contact.version }),
  );
  const submit = form.onSubmit((v) =>
    write.mutate(blankToNull(v), {
      onSuccess: () => {
        saved('Contact updated');
        onClose();
      },
      onError: (e) =>
        showServerErrors(e, (errors) =>
          form.setErrors(
            Object.fromEntries(Object.entries(errors).map(([k, m]) => [k.replace(/\.\d+$/, ''), m])),
          ),
        ),
    }),
  );
  const humanise = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${contact.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Full name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Job title" {...form.getInputProps('jobTitle')} />
          <TagsInput label="E-mail addresses" {...form.getInputProps('emails')} />
          <TagsInput label="Telephone numbers" {...form.getInputProps('phones')} />
          <Select
            label="Lawful basis"
            data={lawfulBases.map((b) => ({ value: b, label: humanise(b) }))}
            {...form.getInputProps('lawfulBasis')}
          />
          <Group grow>
            <Select
              label="Consent"
              data={[
                { value: 'not_asked', label: 'Not asked' },
                { value: 'given', label: 'Given' },
                { value: 'withdrawn', label: 'Withdrawn' },
              ]}
              {...form.getInputProps('consentStatus')}
            />
            <TextInput label="Consent recorded on" type="date" {...form.getInputProps('consentRecordedOn')} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              Save contact
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

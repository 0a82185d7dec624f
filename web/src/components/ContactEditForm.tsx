import { Button, Group, Modal, Select, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { updateContactBody } from '../../../common/src/contracts/contacts.ts';
import {
  type ConsentStatus,
  consentStatuses,
  consentStatusLabels,
  type LawfulBasis,
  lawfulBases,
  lawfulBasisLabels,
} from '../../../common/src/labels/contacts.ts';
import { optionsOf } from '../../../common/src/labels/options.ts';
import { api } from '../api/client.ts';
import { useWrite } from '../api/hooks.ts';
import type { Contact, ContactChanges } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';

type Values = {
  name: string;
  jobTitle: string;
  emails: string[];
  phones: string[];
  notes: string;
  lawfulBasis: LawfulBasis;
  consentStatus: ConsentStatus;
  consentRecordedOn: string;
};
const toBody = (v: Values): ContactChanges => blankToNull(v);
/** An error on one address or number shows on its list. */
const onList = (errors: Record<string, string>) =>
  Object.fromEntries(Object.entries(errors).map(([k, m]) => [k.replace(/\.\d+$/, ''), m]));

/** Edits a contact's details, notes, and the lawful basis and consent UK GDPR asks us to keep. */
export function ContactEditForm({
  opened,
  onClose,
  contact,
}: {
  opened: boolean;
  onClose: () => void;
  contact: Contact;
}) {
  const form = useForm<Values>({
    validate: (v) => onList(checkWith(updateContactBody, toBody)(v) as Record<string, string>),
    initialValues: {
      name: '',
      jobTitle: '',
      emails: [] as string[],
      phones: [] as string[],
      notes: '',
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
        notes: contact.notes ?? '',
        lawfulBasis: contact.lawfulBasis,
        consentStatus: contact.consentStatus,
        consentRecordedOn: contact.consentRecordedOn ?? '',
      });
      form.clearErrors();
    }
  }, [opened, contact]);
  const write = useWrite('contact', (body: ContactChanges) =>
    api<Contact>('PATCH', `/contacts/${contact.id}`, body, { version: contact.version }),
  );
  const submit = form.onSubmit((v) =>
    write.mutate(toBody(v), {
      onSuccess: () => {
        saved('Contact updated');
        onClose();
      },
      onError: (e) => showServerErrors(e, (errors) => form.setErrors(onList(errors))),
    }),
  );
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${contact.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Full name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Job title" {...form.getInputProps('jobTitle')} />
          <TagsInput label="E-mail addresses" {...form.getInputProps('emails')} />
          <TagsInput label="Telephone numbers" {...form.getInputProps('phones')} />
          <Textarea
            label="Notes"
            description="What colleagues should know before they get in touch"
            autosize
            minRows={3}
            maxRows={10}
            {...form.getInputProps('notes')}
          />
          <Select
            label="Lawful basis"
            data={optionsOf(lawfulBases, lawfulBasisLabels)}
            {...form.getInputProps('lawfulBasis')}
          />
          <Group grow>
            <Select
              label="Consent"
              data={optionsOf(consentStatuses, consentStatusLabels)}
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

import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { z } from 'zod';
import { createAffiliationBody } from '../../../common/src/contracts/affiliations.ts';
import { createContactBody } from '../../../common/src/contracts/contacts.ts';
import { api } from '../api/client.ts';
import { useWrite } from '../api/hooks.ts';
import type { Contact, NewAffiliation, NewContact } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';

type Values = {
  name: string;
  email: string;
  phone: string;
  jobTitle: string;
  role: string;
  isKeyContact: boolean;
};
const toContact = (v: Values): NewContact =>
  blankToNull({
    name: v.name,
    jobTitle: v.jobTitle,
    emails: v.email ? [v.email] : [],
    phones: v.phone ? [v.phone] : [],
  });
const toAffiliation = (v: Values, contactId: string, partnerId: string): NewAffiliation => ({
  contactId,
  partnerId,
  role: v.role || v.jobTitle || 'Contact',
  isKeyContact: v.isKeyContact,
});
/** The one form makes two records: checked against the contact's contract and the affiliation's. */
const newContactForm = z.object({
  contact: createContactBody,
  affiliation: createAffiliationBody.pick({ role: true, isKeyContact: true }),
});
const fieldOf = {
  'contact.name': 'name',
  'contact.jobTitle': 'jobTitle',
  'contact.emails.0': 'email',
  'contact.phones.0': 'phone',
  'affiliation.role': 'role',
};

/** Adds a person at a partner: the contact and their affiliation (role) in one step. */
export function ContactForm({
  opened,
  onClose,
  partnerId,
}: {
  opened: boolean;
  onClose: () => void;
  partnerId: string;
}) {
  const form = useForm<Values>({
    initialValues: { name: '', email: '', phone: '', jobTitle: '', role: '', isKeyContact: false },
    validate: checkWith(
      newContactForm,
      (v: Values) => ({ contact: toContact(v), affiliation: toAffiliation(v, '', partnerId) }),
      fieldOf,
    ),
  });
  const write = useWrite('contact', async (v: Values) => {
    const contact = await api<Contact>('POST', '/contacts', toContact(v));
    await api('POST', '/affiliations', toAffiliation(v, contact.id, partnerId));
    return contact;
  });
  const submit = form.onSubmit((v) =>
    write.mutate(v, {
      onSuccess: (c) => {
        saved(`${c.name} added`);
        form.reset();
        onClose();
      },
      onError: (e) =>
        showServerErrors(e, (errors) =>
          form.setErrors(
            Object.fromEntries(
              Object.entries(errors).map(([k, m]) => [
                k.replace('emails.0', 'email').replace('phones.0', 'phone'),
                m,
              ]),
            ),
          ),
        ),
    }),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="Add a contact">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Full name" required data-autofocus {...form.getInputProps('name')} />
          <Group grow>
            <TextInput label="E-mail address" type="email" {...form.getInputProps('email')} />
            <TextInput label="Telephone" {...form.getInputProps('phone')} />
          </Group>
          <TextInput label="Job title" {...form.getInputProps('jobTitle')} />
          <TextInput
            label="Role with this partner"
            placeholder="e.g. Local Computing Representative"
            {...form.getInputProps('role')}
          />
          <Checkbox label="Key contact" {...form.getInputProps('isKeyContact', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              Add contact
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api } from '../api/client.ts';
import { useWrite } from '../api/hooks.ts';
import type { Contact } from '../api/types.ts';
import { blankToNull, saved, showServerErrors } from './forms.ts';

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
  const form = useForm({
    initialValues: { name: '', email: '', phone: '', jobTitle: '', role: '', isKeyContact: false },
  });
  const write = useWrite(async (v: typeof form.values) => {
    const contact = await api<Contact>(
      'POST',
      '/contacts',
      blankToNull({
        name: v.name,
        jobTitle: v.jobTitle,
        emails: v.email ? [v.email] : [],
        phones: v.phone ? [v.phone] : [],
      }),
    );
    await api('POST', '/affiliations', {
      contactId: contact.id,
      partnerId,
      role: v.role || v.jobTitle || 'Contact',
      isKeyContact: v.isKeyContact,
    });
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

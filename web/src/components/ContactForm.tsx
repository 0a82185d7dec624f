import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { createAffiliationBody } from '../../../common/src/contracts/affiliations.ts';
import { createContactBody } from '../../../common/src/contracts/contacts.ts';
import { api } from '../api/client.ts';
import { type SimilarContacts, useContactSearch, useSimilarContacts } from '../api/contacts.ts';
import { useWrite } from '../api/hooks.ts';
import type { Contact, NewAffiliation, NewContact } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';

type Mode = 'new' | 'existing';
type Values = {
  mode: Mode;
  contactId: string;
  name: string;
  email: string;
  phone: string;
  jobTitle: string;
  role: string;
  isKeyContact: boolean;
};
const blank: Values = {
  mode: 'new',
  contactId: '',
  name: '',
  email: '',
  phone: '',
  jobTitle: '',
  role: '',
  isKeyContact: false,
};

/** A new person and their role here, sent as one request: saved together or not at all. */
const toNewContact = (v: Values, partnerId: string): NewContact => ({
  ...blankToNull({ name: v.name, jobTitle: v.jobTitle }),
  emails: v.email ? [v.email] : [],
  phones: v.phone ? [v.phone] : [],
  affiliation: { partnerId, role: v.role || v.jobTitle || 'Contact', isKeyContact: v.isKeyContact },
});
const toAffiliation = (v: Values, partnerId: string): NewAffiliation => ({
  contactId: v.contactId,
  partnerId,
  role: v.role || 'Contact',
  isKeyContact: v.isKeyContact,
});
/** Body paths as the form's fields. */
const fieldOf: Record<string, string> = {
  'emails.0': 'email',
  'phones.0': 'phone',
  'affiliation.role': 'role',
  'affiliation.partnerId': 'role',
};
const onFields = (errors: Record<string, string>) =>
  Object.fromEntries(Object.entries(errors).map(([k, m]) => [fieldOf[k] ?? k, m]));

const reasonText = { email: 'same e-mail address', name: 'similar name' } as const;

/** "Is this the person you mean?": people already in Rapport who look like the one being typed. */
function SimilarWarning({
  similar,
  onLink,
}: {
  similar: SimilarContacts['items'];
  onLink: (contact: SimilarContacts['items'][number]) => void;
}) {
  if (similar.length === 0) return null;
  return (
    <Alert color="warning" variant="light" title="This person may already be in Rapport" role="status">
      <Stack gap={6}>
        {similar.map((c) => (
          <Group key={c.id} justify="space-between" wrap="nowrap" align="flex-start">
            <div>
              <Anchor component={Link} to={`/contacts/${c.id}`} target="_blank" size="sm" fw={600}>
                {c.name}
              </Anchor>
              <Text size="xs">
                {reasonText[c.reason]}
                {c.affiliations.length > 0 &&
                  ` · ${c.affiliations.map((a) => `${a.role}, ${a.partnerName}`).join('; ')}`}
              </Text>
            </div>
            <Button size="compact-xs" variant="default" onClick={() => onLink(c)} style={{ flexShrink: 0 }}>
              Link {c.name.split(' ')[0]}
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}

/**
 * Adds a person at a partner: a new contact with their role (one request, one transaction), or
 * someone already in Rapport linked with a role. While a new name or e-mail is typed, people who
 * look the same are offered, so the same person is not entered twice.
 */
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
    initialValues: blank,
    validate: (v) =>
      v.mode === 'new'
        ? onFields(
            checkWith(createContactBody, (x: Values) => toNewContact(x, partnerId))(v) as Record<
              string,
              string
            >,
          )
        : onFields(
            checkWith(createAffiliationBody, (x: Values) => toAffiliation(x, partnerId))(v) as Record<
              string,
              string
            >,
          ),
  });
  const v = form.values;
  const [typedName] = useDebouncedValue(v.name, 300);
  const [typedEmail] = useDebouncedValue(v.email, 300);
  const similar = useSimilarContacts(opened && v.mode === 'new' ? typedName : '', typedEmail);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 200);
  const found = useContactSearch(debouncedSearch, opened && v.mode === 'existing');
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: start afresh each time the dialog opens
  useEffect(() => {
    if (opened) {
      form.setValues(blank);
      form.clearErrors();
      setChosen(null);
    }
  }, [opened]);

  const write = useWrite('contact', (values: Values) =>
    values.mode === 'new'
      ? api<Contact>('POST', '/contacts', toNewContact(values, partnerId)).then((c) => c.name)
      : api('POST', '/affiliations', toAffiliation(values, partnerId)).then(() => chosen?.name ?? 'Contact'),
  );
  const submit = form.onSubmit((values) =>
    write.mutate(values, {
      onSuccess: (name) => {
        saved(values.mode === 'new' ? `${name} added` : `${name} linked`);
        onClose();
      },
      onError: (e) => showServerErrors(e, (errors) => form.setErrors(onFields(errors))),
    }),
  );
  const link = (c: { id: string; name: string }) => {
    setChosen(c);
    form.setValues({ mode: 'existing', contactId: c.id, role: v.role });
    form.clearErrors();
  };
  const options = [
    ...(chosen ? [{ value: chosen.id, label: chosen.name }] : []),
    ...(found.data?.items ?? [])
      .filter((c) => c.id !== chosen?.id)
      .map((c) => ({
        value: c.id,
        label: c.affiliations[0] ? `${c.name} (${c.affiliations[0].partnerName})` : c.name,
      })),
  ];

  return (
    <Modal opened={opened} onClose={onClose} title="Add a contact">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Who to add"
            fullWidth
            value={v.mode}
            onChange={(mode) => {
              form.setFieldValue('mode', mode as Mode);
              form.clearErrors();
            }}
            data={[
              { value: 'new', label: 'New person' },
              { value: 'existing', label: 'Already in Rapport' },
            ]}
          />
          {v.mode === 'new' ? (
            <>
              <TextInput label="Full name" required data-autofocus {...form.getInputProps('name')} />
              <Group grow>
                <TextInput label="E-mail address" type="email" {...form.getInputProps('email')} />
                <TextInput label="Telephone" {...form.getInputProps('phone')} />
              </Group>
              <SimilarWarning similar={similar.data?.items ?? []} onLink={link} />
              <TextInput label="Job title" {...form.getInputProps('jobTitle')} />
            </>
          ) : (
            <Select
              label="Person"
              required
              searchable
              data={options}
              value={v.contactId || null}
              onChange={(id) => {
                const person = found.data?.items.find((c) => c.id === id);
                setChosen(id ? { id, name: person?.name ?? chosen?.name ?? '' } : null);
                form.setFieldValue('contactId', id ?? '');
              }}
              onSearchChange={setSearch}
              filter={({ options: all }) => all}
              nothingFoundMessage={
                debouncedSearch ? 'Nobody by that name or e-mail' : 'Type a name or e-mail'
              }
              error={form.errors.contactId}
            />
          )}
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
              {v.mode === 'new' ? 'Add contact' : 'Link contact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

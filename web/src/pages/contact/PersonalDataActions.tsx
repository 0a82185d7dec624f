import { Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  subjectAccessUrl,
  useContactConsents,
  useDataProtection,
  useEraseContact,
} from '../../api/personalData.ts';
import { saved, showServerErrors } from '../../components/forms.ts';

/**
 * "Export personal data" and "Erase" on the contact page, for whoever holds the data protection
 * ability. Erasure is irreversible, so it asks for the person's name, typed, as a second confirmation.
 */
export function PersonalDataActions({ contactId, name }: { contactId: string; name: string }) {
  const access = useDataProtection();
  const erased = Boolean(useContactConsents(contactId).data?.erased);
  const [erasing, setErasing] = useState(false);
  if (!access.data?.dataProtection) return null;
  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default">Export personal data</Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item component="a" href={subjectAccessUrl(contactId, 'pdf')} download>
            As a readable PDF
          </Menu.Item>
          <Menu.Item component="a" href={subjectAccessUrl(contactId, 'json')} download>
            As JSON
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {!erased && (
        <Button color="red" variant="outline" onClick={() => setErasing(true)}>
          Erase
        </Button>
      )}
      <EraseModal opened={erasing} onClose={() => setErasing(false)} contactId={contactId} name={name} />
    </>
  );
}

function EraseModal({
  opened,
  onClose,
  contactId,
  name,
}: {
  opened: boolean;
  onClose: () => void;
  contactId: string;
  name: string;
}) {
  const erase = useEraseContact(contactId);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const matches = typed.trim().toLocaleLowerCase('en-GB') === name.trim().toLocaleLowerCase('en-GB');
  const submit = async () => {
    try {
      await erase.mutateAsync(typed);
      saved(`${name}'s personal data has been erased`);
      setTyped('');
      onClose();
    } catch (e) {
      showServerErrors(e, (errors) => setError(errors.confirmName ?? null), ['confirmName']);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={`Erase ${name}'s personal data`}>
      <Stack>
        <Alert color="red" title="This cannot be undone">
          Their name, e-mail addresses, telephone numbers, notes and consents are removed, and every mention
          of them in touch points, requests, comments, attachments and the change history is replaced. Touch
          points and counts remain, with an anonymous participant.
        </Alert>
        <Text size="sm">
          Type <strong>{name}</strong> to confirm.
        </Text>
        <TextInput
          label="Full name, to confirm"
          value={typed}
          onChange={(e) => {
            setTyped(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          autoComplete="off"
          maxLength={200}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" disabled={!matches} loading={erase.isPending} onClick={submit}>
            Erase for ever
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

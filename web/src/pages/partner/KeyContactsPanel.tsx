import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ContactForm } from '../../components/ContactForm.tsx';
import { Empty } from '../../components/States.tsx';
import type { PartnerPanelProps } from './panel.ts';

/** The people at the partner, key contacts first, with a way to add one. */
export function KeyContactsPanel({ overview, can }: PartnerPanelProps) {
  const [adding, setAdding] = useState(false);
  const { partner, keyContacts } = overview;
  return (
    <Card withBorder component="section" aria-labelledby="partner-key-contacts">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="partner-key-contacts">
          Key contacts
        </Title>
        <Group gap="xs">
          <Anchor component={Link} to={`/contacts?partnerId=${partner.id}`} size="sm">
            All contacts
          </Anchor>
          {can.editSharedRecord && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconUserPlus size={16} aria-hidden />}
              onClick={() => setAdding(true)}
            >
              Add a contact
            </Button>
          )}
        </Group>
      </Group>
      {keyContacts.length ? (
        <Stack gap="xs">
          {keyContacts.map((c) => (
            <div key={c.contactId}>
              <Anchor component={Link} to={`/contacts/${c.contactId}`} fw={600}>
                {c.name}
              </Anchor>
              {c.isKeyContact && (
                <Badge size="sm" variant="light" ml="xs">
                  Key contact
                </Badge>
              )}
              <Text size="sm">{c.role}</Text>
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {[...c.emails, ...c.phones].join(' · ')}
              </Text>
            </div>
          ))}
        </Stack>
      ) : (
        <Empty>No contacts yet.</Empty>
      )}
      <ContactForm opened={adding} onClose={() => setAdding(false)} partnerId={partner.id} />
    </Card>
  );
}

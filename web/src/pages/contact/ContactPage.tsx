import { Anchor, Badge, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { consentStatusLabels, lawfulBasisLabels } from '../../../../common/src/labels/contacts.ts';
import { useContact, useContactTimeline, useSession } from '../../api/hooks.ts';
import { AffiliationForm } from '../../components/AffiliationForm.tsx';
import { ContactEditForm } from '../../components/ContactEditForm.tsx';
import { LogTouchpointModal } from '../../components/dialogs.tsx';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { MergesPanel } from '../../components/MergesPanel.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { Timeline } from '../../components/Timeline.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { ConsentPanel } from './ConsentPanel.tsx';
import { PersonalDataActions } from './PersonalDataActions.tsx';

export function ContactPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const contact = useContact(id);
  const timeline = useContactTimeline(id);
  const [logging, setLogging] = useState(false);
  const [editing, setEditing] = useState(false);
  const [affiliation, setAffiliation] = useState<string | 'new' | null>(null);
  const canEdit = Boolean(session.data?.abilities.editSharedRecord);
  const c = contact.data;
  usePageTitle(c?.name, 'Contacts');
  const primary = c?.affiliations.find((a) => a.isPrimary) ?? c?.affiliations[0];
  return (
    <QueryState isPending={contact.isPending} error={contact.error}>
      {c && (
        <Stack>
          <Group justify="space-between">
            <div>
              <Title order={2}>{c.name}</Title>
              <Text>{c.jobTitle ?? ''}</Text>
            </div>
            <Group>
              <PersonalDataActions contactId={c.id} name={c.name} />
              {canEdit && (
                <Button variant="default" onClick={() => setEditing(true)}>
                  Edit contact
                </Button>
              )}
              {canEdit && primary && <Button onClick={() => setLogging(true)}>Log touch point</Button>}
            </Group>
          </Group>
          <Grid>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack>
                <Card withBorder>
                  <Title order={3} size="h4" mb="sm">
                    Details
                  </Title>
                  <Text size="sm">E-mail: {c.emails.join(', ') || '—'}</Text>
                  <Text size="sm">Telephone: {c.phones.join(', ') || '—'}</Text>
                  <Text size="sm">Lawful basis: {lawfulBasisLabels[c.lawfulBasis]}</Text>
                  <Text size="sm">Consent: {consentStatusLabels[c.consentStatus]}</Text>
                  <Title order={3} size="h4" mt="md" mb="sm">
                    Notes
                  </Title>
                  {c.notes ? (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {c.notes}
                    </Text>
                  ) : (
                    <Empty>No notes yet.</Empty>
                  )}
                  <Title order={3} size="h4" mt="md" mb="sm">
                    Affiliations
                  </Title>
                  {c.affiliations.length ? (
                    c.affiliations.map((a) => (
                      <Text size="sm" key={a.id}>
                        {a.role} at{' '}
                        <Anchor component={Link} to={`/partners/${a.partnerId}`}>
                          {a.partnerName}
                        </Anchor>
                        {canEdit && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            ml={4}
                            onClick={() => setAffiliation(a.id)}
                            aria-label={`Change the role at ${a.partnerName}`}
                          >
                            Change
                          </Button>
                        )}
                        {a.isKeyContact && (
                          <Badge size="xs" ml={4}>
                            Key
                          </Badge>
                        )}
                      </Text>
                    ))
                  ) : (
                    <Empty>No current affiliations.</Empty>
                  )}
                  {canEdit && (
                    <Button size="xs" variant="light" mt="sm" onClick={() => setAffiliation('new')}>
                      Add an affiliation
                    </Button>
                  )}
                </Card>
                <ConsentPanel contactId={c.id} canRecord={canEdit} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack>
                <Card withBorder>
                  <Title order={3} size="h4" mb="sm">
                    Touch points with {c.name}
                  </Title>
                  <QueryState isPending={timeline.isPending} error={timeline.error}>
                    <Timeline items={timeline.data?.items ?? []} />
                  </QueryState>
                </Card>
                <MergesPanel id={c.id} />
                <HistoryPanel entity="contact" id={c.id} />
              </Stack>
            </Grid.Col>
          </Grid>
          <ContactEditForm opened={editing} onClose={() => setEditing(false)} contact={c} />
          <AffiliationForm
            opened={affiliation !== null}
            onClose={() => setAffiliation(null)}
            contactId={c.id}
            affiliation={
              affiliation && affiliation !== 'new'
                ? c.affiliations.find((a) => a.id === affiliation)
                : undefined
            }
          />
          {primary && (
            <LogTouchpointModal
              opened={logging}
              onClose={() => setLogging(false)}
              partnerId={primary.partnerId}
              contactId={c.id}
            />
          )}
        </Stack>
      )}
    </QueryState>
  );
}

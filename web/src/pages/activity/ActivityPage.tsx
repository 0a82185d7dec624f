import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  MultiSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  activityFormatLabels,
  activityKindLabels,
  invitationStatusLabels,
} from '../../../../common/src/labels/activities.ts';
import { visibilityBadges } from '../../../../common/src/labels/visibility.ts';
import {
  type Activity,
  type Invitation,
  useActivity,
  useActivityInvitations,
  useInvite,
  useRegisterOnBehalf,
} from '../../api/activities.ts';
import { usePartnerTypes } from '../../api/hooks.ts';
import { formatDateTime, saved, showServerErrors } from '../../components/forms.ts';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { Empty } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { ActivityForm } from '../activities/ActivityForm.tsx';
import { whenInWords } from '../activities/activityLabels.ts';
import { repeatsInWords } from '../activities/repeats.ts';

/** The history says a repeat rule as the page does. */
const historyWords = { recurrence: repeatsInWords };

import { ActionsPanel } from './ActionsPanel.tsx';
import { FeedbackPanel } from './FeedbackPanel.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { SearchPicker } from './SearchPicker.tsx';

function Details({ activity: a }: { activity: Activity }) {
  const rows: [string, string][] = [
    ['When', `${whenInWords(a)} (${a.timeZone})`],
    [
      'Where',
      a.format === 'online'
        ? `${activityFormatLabels.online}: ${a.onlineUrl}`
        : (a.location ?? 'To be confirmed'),
    ],
    ['Organised by', `${a.unitName}; ${[a.ownerName, ...a.coOrganisers.map((o) => o.name)].join(', ')}`],
    [
      'Places',
      a.capacity
        ? `${a.counts.registered} of ${a.capacity} taken`
        : `${a.counts.registered} registered, no limit`,
    ],
    ...(a.recurrence
      ? ([['Repeats', repeatsInWords(a.recurrence) ?? a.recurrence]] as [string, string][])
      : []),
    ...(a.exceptionDates.length ? ([['Except on', a.exceptionDates.join(', ')]] as [string, string][]) : []),
  ];
  return (
    <Card withBorder component="section" aria-labelledby="details">
      <Title order={2} size="h4" id="details" mb="xs">
        Details
      </Title>
      <Table variant="vertical" layout="fixed" withRowBorders={false}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={130}>{label}</Table.Th>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {a.description && (
        <Text mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {a.description}
        </Text>
      )}
    </Card>
  );
}

function InvitePanel({ activity }: { activity: Activity }) {
  const types = usePartnerTypes();
  const invite = useInvite(activity.id);
  const [partnerTypeIds, setTypes] = useState<string[]>([]);
  const [partnerIds, setPartners] = useState<string[]>([]);
  const [contactIds, setContacts] = useState<string[]>([]);
  const [result, setResult] = useState<string | null>(null);
  const nothing = !partnerTypeIds.length && !partnerIds.length && !contactIds.length;
  const send = () =>
    invite.mutate(
      { partnerTypeIds, partnerIds, contactIds },
      {
        onSuccess: (r) => {
          const left = [
            r.alreadyInvited ? `${r.alreadyInvited} already invited` : null,
            r.noConsent ? `${r.noConsent} without consent for events and invitations` : null,
            r.noEmail ? `${r.noEmail} without an e-mail address` : null,
          ].filter(Boolean);
          setResult(
            `${r.invited} ${r.invited === 1 ? 'invitation' : 'invitations'} sent.${left.length ? ` Not sent: ${left.join(', ')}.` : ''}`,
          );
          setTypes([]);
          setPartners([]);
          setContacts([]);
        },
        onError: (e) => showServerErrors(e, () => undefined),
      },
    );
  return (
    <Card withBorder component="section" aria-labelledby="invite">
      <Title order={2} size="h4" id="invite" mb="xs">
        Invite
      </Title>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Each contact gets an e-mail with a calendar file and a private link to register, decline or cancel.
        </Text>
        <MultiSelect
          label="Partner types"
          description="Everyone currently affiliated with a partner of these types"
          searchable
          data={(types.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={partnerTypeIds}
          onChange={setTypes}
        />
        <SearchPicker label="Partners" kind="partners" value={partnerIds} onChange={setPartners} />
        <SearchPicker label="Contacts" kind="contacts" value={contactIds} onChange={setContacts} />
        <Group>
          <Button onClick={send} loading={invite.isPending} disabled={nothing}>
            Send invitations
          </Button>
        </Group>
        {result && (
          <Alert color="green" role="status">
            {result}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function RegisterOnBehalf({ activity }: { activity: Activity }) {
  const register = useRegisterOnBehalf(activity.id);
  const [contactIds, setContacts] = useState<string[]>([]);
  const submit = () => {
    const [contactId] = contactIds;
    if (!contactId) return;
    register.mutate(contactId, {
      onSuccess: (i) => {
        saved(
          i.status === 'waiting'
            ? `${i.contactName} is on the waiting list`
            : `${i.contactName} is registered`,
        );
        setContacts([]);
      },
      onError: (e) => showServerErrors(e, () => undefined),
    });
  };
  return (
    <Card withBorder component="section" aria-labelledby="on-behalf">
      <Title order={2} size="h4" id="on-behalf" mb="xs">
        Register someone
      </Title>
      <Stack gap="sm">
        <SearchPicker
          label="Contact"
          kind="contacts"
          value={contactIds}
          onChange={(ids) => setContacts(ids.slice(-1))}
        />
        <Group>
          <Button onClick={submit} loading={register.isPending} disabled={!contactIds.length}>
            Register on their behalf
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const statusColour: Record<Invitation['status'], string> = {
  // Dark shades, as the request badges: white text on them meets 4.5:1.
  invited: 'gray.8',
  registered: 'success',
  waiting: 'warning',
  declined: 'red.9',
  cancelled: 'red.9',
};

function People({
  title,
  id,
  rows,
  empty,
  position,
}: {
  title: string;
  id: string;
  rows: Invitation[];
  empty: string;
  position?: boolean;
}) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="xs">
        {title} ({rows.length})
      </Title>
      {rows.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                {position && <Table.Th>Place</Table.Th>}
                <Table.Th>Contact</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Since</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((i) => (
                <Table.Tr key={i.id}>
                  {position && <Table.Td>{i.waitingPosition}</Table.Td>}
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${i.contactId}`}>
                      {i.contactName}
                    </Anchor>
                    {i.registeredByName && (
                      <Text size="xs" c="dimmed">
                        registered by {i.registeredByName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColour[i.status]} autoContrast>
                      {invitationStatusLabels[i.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {i.respondedAt || i.invitedAt ? formatDateTime((i.respondedAt ?? i.invitedAt)!) : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** One activity: its details, who is invited, registered and waiting, and inviting or registering people. */
export function ActivityPage() {
  const { id = '' } = useParams();
  const activity = useActivity(id);
  const invitations = useActivityInvitations(id);
  const [editing, setEditing] = useState(false);
  usePageTitle(activity.data?.title, 'Activities');
  if (activity.isPending)
    return (
      <Center p="xl" role="status" aria-label="Loading the activity">
        <Loader aria-hidden />
      </Center>
    );
  if (activity.error)
    return (
      <Alert color="red" role="alert" title="Could not load this activity">
        {activity.error.message}
      </Alert>
    );
  const a = activity.data;
  const all = invitations.data?.items ?? [];
  const waiting = all
    .filter((i) => i.status === 'waiting')
    .sort((x, y) => (x.waitingPosition ?? 0) - (y.waitingPosition ?? 0));
  const started = new Date(a.startsAt) <= new Date();
  return (
    <Stack>
      <div>
        <Anchor component={Link} to="/activities?when=upcoming" size="sm">
          Activities
        </Anchor>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {a.title}
          </Title>
          <Group gap="xs">
            <Button component={Link} to={`/activities/${a.id}/attendance`} variant="default">
              Attendance
            </Button>
            <Button component="a" href={`/api/v1/activities/${a.id}/calendar`} download variant="default">
              Add to my calendar
            </Button>
            {a.can.update && (
              <Button variant="default" onClick={() => setEditing(true)}>
                Edit activity
              </Button>
            )}
          </Group>
        </Group>
        <Group gap="xs" mt={4}>
          <Badge variant="light">{activityKindLabels[a.kind]}</Badge>
          {a.visibility !== 'institution' && (
            <Badge variant="outline" color="gray">
              {visibilityBadges[a.visibility]}
            </Badge>
          )}
          {a.recurrence && (
            <Badge variant="outline" color="gray">
              Series
            </Badge>
          )}
        </Group>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Details activity={a} />
        {a.can.invite && !started ? (
          <Stack>
            <InvitePanel activity={a} />
            <RegisterOnBehalf activity={a} />
          </Stack>
        ) : (
          <Card withBorder>
            <Text c="dimmed">
              {started
                ? 'The activity has started: invitations and registration are closed.'
                : 'Only its organisers invite and register people.'}
            </Text>
          </Card>
        )}
      </SimpleGrid>
      {invitations.isPending ? (
        <Center role="status" aria-label="Loading invitations">
          <Loader aria-hidden />
        </Center>
      ) : (
        <>
          <People
            title="Registrations"
            id="registrations"
            rows={all.filter((i) => i.status === 'registered')}
            empty="Nobody has registered yet."
          />
          <People title="Waiting list" id="waiting" rows={waiting} empty="Nobody is waiting." position />
          <People
            title="Invitations sent"
            id="invitations"
            rows={all.filter((i) => i.invitedAt)}
            empty="No invitations sent yet."
          />
        </>
      )}
      {a.kind === 'working_group' && <MembersPanel activity={a} />}
      {a.kind === 'working_group' && <ActionsPanel activity={a} />}
      <FeedbackPanel activity={a} />
      <HistoryPanel entity="activity" id={a.id} words={historyWords} />
      {a.can.update && <ActivityForm opened={editing} onClose={() => setEditing(false)} activity={a} />}
    </Stack>
  );
}

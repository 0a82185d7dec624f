import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  type Attendee,
  useActivity,
  useAttendance,
  useOccurrences,
  useRecordAttendance,
  useRecordNoShows,
} from '../../api/activities.ts';
import { formatDateTime, saved, showServerErrors } from '../../components/forms.ts';
import { Empty } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { whenInWords } from '../activities/activityLabels.ts';
import { SearchPicker } from '../activity/SearchPicker.tsx';

const answer = (a: Attendee) => a.attendance ?? 'unknown';

/** One person at the door: their name, partners, and one tap for "came" or "did not come". */
function Row({
  person,
  canRecord,
  onRecord,
  busy,
}: {
  person: Attendee;
  canRecord: boolean;
  onRecord: (status: 'attended' | 'no_show') => void;
  busy: boolean;
}) {
  const label = `${person.contactName}: attendance`;
  return (
    <Card withBorder padding="sm" component="li" aria-label={person.contactName}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0, flex: '1 1 12rem' }}>
          <Anchor
            component={Link}
            to={`/contacts/${person.contactId}`}
            fw={600}
            style={{ overflowWrap: 'anywhere' }}
          >
            {person.contactName}
          </Anchor>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {person.partners.map((p) => p.name).join(', ') || 'No current partner'}
          </Text>
          <Group gap={4} mt={2}>
            {person.walkIn && (
              <Badge color="gray.8" size="sm">
                Walk-in
              </Badge>
            )}
            {!person.registered && !person.walkIn && (
              <Badge color="gray.8" size="sm" variant="outline">
                No longer registered
              </Badge>
            )}
          </Group>
        </div>
        {canRecord ? (
          <SegmentedControl
            aria-label={label}
            disabled={busy}
            value={answer(person)}
            onChange={(v) => onRecord(v as 'attended' | 'no_show')}
            data={[
              ...(person.attendance ? [] : [{ value: 'unknown', label: 'Not recorded', disabled: true }]),
              { value: 'attended', label: 'Came' },
              { value: 'no_show', label: 'Did not come' },
            ]}
          />
        ) : (
          <Text size="sm">
            {person.attendance === 'attended'
              ? 'Came'
              : person.attendance === 'no_show'
                ? 'Did not come'
                : 'Not recorded'}
          </Text>
        )}
      </Group>
      {person.recordedAt && (
        <Text size="xs" c="dimmed" mt={4}>
          Recorded {formatDateTime(person.recordedAt)}
          {person.recordedByName ? ` by ${person.recordedByName}` : ''}
        </Text>
      )}
    </Card>
  );
}

/**
 * Taking attendance at the door (a phone or a tablet): the registered people and walk-ins, found
 * by typing part of a name, one tap each; coming is logged on the partner's timeline.
 */
export function AttendancePage() {
  const { id = '' } = useParams();
  const activity = useActivity(id);
  // A series takes attendance per meeting: the latest one opened unless another is chosen.
  const [meeting, setMeeting] = useState<string | null>(null);
  const [window] = useState(() => ({
    from: new Date(Date.now() - 366 * 86_400_000).toISOString(),
    to: new Date(Date.now() + 3_600_000).toISOString(),
  }));
  const list = useAttendance(id, meeting);
  const meetings = useOccurrences(id, window.from, window.to);
  const record = useRecordAttendance(id);
  const noShows = useRecordNoShows(id);
  const [search, setSearch] = useState('');
  const [walkIn, setWalkIn] = useState<string[]>([]);
  usePageTitle('Attendance', activity.data?.title, 'Activities');
  if (activity.isPending || list.isPending)
    return (
      <Center p="xl" role="status" aria-label="Loading the attendance">
        <Loader aria-hidden />
      </Center>
    );
  if (activity.error || list.error)
    return (
      <Alert color="red" role="alert" title="Could not load the attendance">
        {(activity.error ?? list.error)?.message}
      </Alert>
    );
  const a = activity.data;
  const { items, counts, opensAt, occurrenceStartsAt } = list.data;
  const open = new Date(opensAt) <= new Date();
  const started = new Date(occurrenceStartsAt) <= new Date();
  const meetingWords = (startsAt: string) =>
    new Date(startsAt)
      .toLocaleString('en-GB', {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: a.timeZone,
      })
      .replace(/^(\w+),/, '$1');
  const meetingOptions = [...(meetings.data?.items ?? [])].reverse().map((o) => ({
    value: o.startsAt,
    label: meetingWords(o.startsAt),
  }));
  if (!meetingOptions.some((o) => o.value === occurrenceStartsAt))
    meetingOptions.unshift({ value: occurrenceStartsAt, label: meetingWords(occurrenceStartsAt) });
  const canRecord = a.can.update && open;
  const words = search.trim().toLocaleLowerCase('en-GB');
  const shown = words
    ? items.filter((p) =>
        [p.contactName, ...p.partners.map((x) => x.name)].some((n) =>
          n.toLocaleLowerCase('en-GB').includes(words),
        ),
      )
    : items;
  const recordOne = (contactId: string, status: 'attended' | 'no_show', name?: string) =>
    record.mutate(
      { contactId, status, occurrenceStartsAt },
      {
        onSuccess: (p) => {
          if (name) saved(`${p.contactName} added as a walk-in`);
        },
        onError: (e) => showServerErrors(e, () => undefined),
      },
    );
  return (
    <Stack>
      <div>
        <Anchor component={Link} to={`/activities/${a.id}`} size="sm">
          {a.title}
        </Anchor>
        <Title order={1} size="h2">
          Attendance
        </Title>
        <Text c="dimmed">{whenInWords(a)}</Text>
      </div>
      {a.recurrence && (
        <Select
          label="Meeting"
          description="A series takes attendance at each meeting"
          data={meetingOptions}
          value={occurrenceStartsAt}
          onChange={(v) => v && setMeeting(v)}
          allowDeselect={false}
          maw={360}
        />
      )}
      <Text role="status" aria-live="polite">
        {counts.attended} came · {counts.noShow} did not come · {counts.registered} registered ·{' '}
        {counts.walkIns} {counts.walkIns === 1 ? 'walk-in' : 'walk-ins'}
      </Text>
      {!a.can.update && <Alert color="gray">Only the activity's organisers take attendance.</Alert>}
      {a.can.update && !open && (
        <Alert color="gray">Attendance opens an hour before the start, at {formatDateTime(opensAt)}.</Alert>
      )}
      {canRecord && (
        <Card withBorder component="section" aria-labelledby="walk-in">
          <Title order={2} size="h4" id="walk-in" mb="xs">
            Add a walk-in
          </Title>
          <Group align="flex-end" wrap="wrap">
            <div style={{ flex: '1 1 14rem' }}>
              <SearchPicker
                label="Contact"
                kind="contacts"
                value={walkIn}
                onChange={(ids) => setWalkIn(ids.slice(-1))}
              />
            </div>
            <Button
              disabled={!walkIn.length}
              loading={record.isPending}
              onClick={() => {
                const [contactId] = walkIn;
                if (contactId) recordOne(contactId, 'attended', 'walk-in');
                setWalkIn([]);
              }}
            >
              Add as attended
            </Button>
          </Group>
        </Card>
      )}
      <section aria-labelledby="door-list">
        <Group justify="space-between" mb="xs" wrap="wrap">
          <Title order={2} size="h4" id="door-list">
            Door list ({items.length})
          </Title>
          {canRecord && started && (
            <Button
              variant="default"
              loading={noShows.isPending}
              onClick={() =>
                noShows.mutate(occurrenceStartsAt, {
                  onSuccess: (r) => saved(`${r.marked} marked as not coming`),
                  onError: (e) => showServerErrors(e, () => undefined),
                })
              }
            >
              Mark the rest as not coming
            </Button>
          )}
        </Group>
        <TextInput
          label="Find someone"
          placeholder="Part of a name or partner"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          mb="sm"
        />
        {shown.length === 0 ? (
          <Empty>{items.length ? 'Nobody on the list by that name.' : 'Nobody has registered yet.'}</Empty>
        ) : (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {shown.map((p) => (
              <Row
                key={p.contactId}
                person={p}
                canRecord={canRecord}
                busy={record.isPending && record.variables?.contactId === p.contactId}
                onRecord={(status) => recordOne(p.contactId, status)}
              />
            ))}
          </Stack>
        )}
      </section>
    </Stack>
  );
}

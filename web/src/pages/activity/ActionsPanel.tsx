import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Checkbox,
  Group,
  Loader,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  type Activity,
  type MeetingAction,
  useAddMeetingAction,
  useMeetingActions,
  useMembers,
  useOccurrences,
  useSetMeetingActionDone,
} from '../../api/activities.ts';
import { formatDate, saved, showServerErrors } from '../../components/forms.ts';
import { Empty } from '../../components/States.tsx';

const YEAR_MS = 366 * 86_400_000;

/** "Tue 3 Nov 2026, 10:00": a meeting's start in the group's own time zone. */
const meetingInWords = (startsAt: string, timeZone: string) =>
  new Date(startsAt)
    .toLocaleString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
    })
    .replace(/^(\w+),/, '$1');

function AddAction({ activity }: { activity: Activity }) {
  // The window is fixed when the form opens, so the meetings' query keeps one key.
  const [window] = useState(() => ({
    from: new Date(Date.now() - YEAR_MS).toISOString(),
    to: new Date().toISOString(),
  }));
  const meetings = useOccurrences(activity.id, window.from, window.to);
  const members = useMembers(activity.id);
  const add = useAddMeetingAction(activity.id);
  const [meeting, setMeeting] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [memberId, setMember] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const held = [...(meetings.data?.items ?? [])].reverse();
  const chosenMeeting = meeting ?? held[0]?.startsAt ?? null;
  const current = (members.data?.items ?? []).filter((m) => m.leftOn === null);
  const submit = () => {
    setErrors({});
    add.mutate(
      { meetingStartsAt: chosenMeeting ?? '', title, memberId: memberId ?? '', dueOn: dueOn || null },
      {
        onSuccess: (a) => {
          saved(`Action recorded for ${a.owner.name}`);
          setTitle('');
          setMember(null);
          setDueOn('');
        },
        onError: (e) => showServerErrors(e, setErrors, ['meetingStartsAt', 'title', 'memberId', 'dueOn']),
      },
    );
  };
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Record an agreed action
      </Title>
      {held.length === 0 && !meetings.isPending ? (
        <Text size="sm" c="dimmed">
          Actions are recorded once the group has met.
        </Text>
      ) : (
        <>
          <Select
            label="Agreed at the meeting of"
            data={held.map((o) => ({
              value: o.startsAt,
              label: meetingInWords(o.startsAt, activity.timeZone),
            }))}
            value={chosenMeeting}
            onChange={setMeeting}
            error={errors.meetingStartsAt}
            disabled={meetings.isPending}
            allowDeselect={false}
          />
          <TextInput
            label="Action"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
            maxLength={300}
          />
          <Group grow wrap="wrap" align="flex-start">
            <Select
              label="Owner"
              description="A member of the group, from either side"
              data={current.map((m) => ({
                value: m.id,
                label:
                  m.side === 'university'
                    ? `${m.name} (university staff)`
                    : `${m.name} (${m.partnerName ?? 'partner'})`,
              }))}
              value={memberId}
              onChange={setMember}
              error={errors.memberId}
              searchable
            />
            <TextInput
              label="Due"
              type="date"
              value={dueOn}
              onChange={(e) => setDueOn(e.currentTarget.value)}
              error={errors.dueOn}
            />
          </Group>
          <Group>
            <Button
              onClick={submit}
              loading={add.isPending}
              disabled={!title.trim() || !memberId || !chosenMeeting}
            >
              Record action
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function ActionItem({
  activity,
  action,
  canChange,
}: {
  activity: Activity;
  action: MeetingAction;
  canChange: boolean;
}) {
  const setDone = useSetMeetingActionDone(activity.id);
  const owner = `${action.owner.name}${action.owner.side === 'university' ? ', university staff' : action.owner.partnerName ? `, ${action.owner.partnerName}` : ''}`;
  const details = (
    <Text size="sm" c="dimmed" component="span">
      {owner}
      {action.dueOn ? ` · due ${formatDate(action.dueOn)}` : ''}
      {action.taskId ? ' · in their tasks' : ''}
    </Text>
  );
  return (
    <li>
      {canChange ? (
        <Checkbox
          label={action.title}
          description={details}
          checked={action.done}
          disabled={setDone.isPending}
          onChange={(e) =>
            setDone.mutate(
              { actionId: action.id, done: e.currentTarget.checked },
              {
                onSuccess: (a) => saved(a.done ? `Done: ${a.title}` : `Open again: ${a.title}`),
                onError: (e) => showServerErrors(e, () => undefined, []),
              },
            )
          }
        />
      ) : (
        <>
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {action.title}
            </Text>
            {action.done && (
              <Badge size="sm" color="#216e39">
                Done
              </Badge>
            )}
          </Group>
          {details}
        </>
      )}
    </li>
  );
}

/** The actions agreed at the group's meetings, by meeting, with their owners on either side. */
export function ActionsPanel({ activity }: { activity: Activity }) {
  const actions = useMeetingActions(activity.id);
  const data = actions.data;
  const byMeeting = new Map<string, MeetingAction[]>();
  for (const a of data?.items ?? [])
    byMeeting.set(a.meetingStartsAt, [...(byMeeting.get(a.meetingStartsAt) ?? []), a]);
  return (
    <Card withBorder component="section" aria-labelledby="meeting-actions">
      <Title order={2} size="h4" id="meeting-actions" mb="xs">
        Agreed actions
      </Title>
      {actions.isPending && (
        <Center role="status" aria-label="Loading actions">
          <Loader aria-hidden />
        </Center>
      )}
      {actions.error && (
        <Alert color="red" role="alert">
          {actions.error.message}
        </Alert>
      )}
      {data && (
        <Stack>
          {byMeeting.size === 0 ? (
            <Empty>No actions agreed yet.</Empty>
          ) : (
            [...byMeeting].map(([startsAt, items]) => (
              <section
                key={startsAt}
                aria-label={`Meeting of ${meetingInWords(startsAt, activity.timeZone)}`}
              >
                <Title order={3} size="h5" mb={4}>
                  Meeting of {meetingInWords(startsAt, activity.timeZone)}
                </Title>
                <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {items.map((a) => (
                    <ActionItem key={a.id} activity={activity} action={a} canChange={data.can.change} />
                  ))}
                </Stack>
              </section>
            ))
          )}
          {data.can.change && <AddAction activity={activity} />}
        </Stack>
      )}
    </Card>
  );
}

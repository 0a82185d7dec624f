import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { activityKindLabels } from '../../../../common/src/labels/activities.ts';
import { type PartnerActivities, usePartnerActivities } from '../../api/activities.ts';
import { formatDate } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import type { PartnerPanelProps } from './panel.ts';

type Listed = PartnerActivities['upcoming'][number];

/** "Tue 5 Jan 2027, 10:00": the meeting's start in the activity's own time zone. */
const startInWords = (a: Listed) =>
  new Date(a.startsAt)
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

/** What the partner's people did: registered and waiting ahead of it, came and did not come after. */
function takingPart(a: Listed, past: boolean) {
  const c = a.counts;
  const parts = past
    ? [`${c.attended} came`, `${c.noShow} did not come`, `${c.registered} registered`]
    : [`${c.registered} registered`, ...(c.waiting ? [`${c.waiting} waiting`] : []), `${c.invited} invited`];
  return parts.join(' · ');
}

function ActivityList({ items, past, label }: { items: Listed[]; past: boolean; label: string }) {
  return (
    <Stack gap="xs" component="ul" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((a) => (
        <li key={a.id}>
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/activities/${a.id}`} fw={500}>
              {a.title}
            </Anchor>
            <Badge variant="light" size="sm">
              {activityKindLabels[a.kind]}
            </Badge>
            {a.recurring && (
              <Badge variant="outline" size="sm" color="gray">
                Series
              </Badge>
            )}
          </Group>
          <Text size="sm">
            {a.recurring ? (past ? 'Last met ' : 'Next meeting ') : ''}
            {startInWords(a)} · {a.unitName}
          </Text>
          <Text size="sm" c="dimmed">
            {takingPart(a, past)}
          </Text>
        </li>
      ))}
    </Stack>
  );
}

/**
 * The activities that concern the partner (aimed at it, or with its people invited or at the
 * door) with how many of them took part, and its people's working-group memberships.
 */
export function ActivitiesPanel({ overview }: PartnerPanelProps) {
  const found = usePartnerActivities(overview.partner.id);
  const data = found.data;
  return (
    <>
      <Card withBorder component="section" aria-labelledby="partner-activities">
        <Title order={2} size="h4" id="partner-activities" mb="xs">
          Activities
        </Title>
        <QueryState isPending={found.isPending} error={found.error}>
          <Title order={3} size="h5" mb={4}>
            Upcoming
          </Title>
          {data && data.upcoming.length === 0 ? (
            <Empty>No upcoming activity for this partner.</Empty>
          ) : (
            <ActivityList items={data?.upcoming ?? []} past={false} label="Upcoming activities" />
          )}
          <Title order={3} size="h5" mt="md" mb={4}>
            Past
          </Title>
          {data && data.past.length === 0 ? (
            <Empty>Nobody from this partner has taken part in an activity yet.</Empty>
          ) : (
            <ActivityList items={data?.past ?? []} past label="Past activities" />
          )}
        </QueryState>
      </Card>
      <Card withBorder component="section" aria-labelledby="partner-working-groups">
        <Title order={2} size="h4" id="partner-working-groups" mb="xs">
          Working groups
        </Title>
        <QueryState isPending={found.isPending} error={found.error}>
          {data && data.memberships.length === 0 ? (
            <Empty>Nobody from this partner belongs to a working group.</Empty>
          ) : (
            <Stack
              gap="xs"
              component="ul"
              aria-label="Working-group memberships"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
            >
              {(data?.memberships ?? []).map((m) => (
                <li key={m.id}>
                  <Group gap="xs" wrap="wrap">
                    <Anchor component={Link} to={`/activities/${m.activityId}`} fw={500}>
                      {m.title}
                    </Anchor>
                    {m.leftOn === null ? (
                      <Badge size="sm" color="#216e39">
                        Member
                      </Badge>
                    ) : (
                      <Badge variant="outline" size="sm" color="gray">
                        Past member
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm">
                    <Anchor component={Link} to={`/contacts/${m.contactId}`}>
                      {m.contactName}
                    </Anchor>
                    {m.role ? `, ${m.role}` : ''} · joined {formatDate(m.joinedOn)}
                    {m.leftOn ? `, left ${formatDate(m.leftOn)}` : ''}
                  </Text>
                </li>
              ))}
            </Stack>
          )}
        </QueryState>
      </Card>
    </>
  );
}

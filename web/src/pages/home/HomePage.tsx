import { Anchor, Card, Grid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useHome, useSession } from '../../api/hooks.ts';
import { useRequests } from '../../api/requests.ts';
import { CadenceBadge } from '../../components/CadenceBadge.tsx';
import { formatDate } from '../../components/forms.ts';
import { RequestTable } from '../../components/RequestTable.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { Timeline } from '../../components/Timeline.tsx';

export function HomePage() {
  const session = useSession();
  const home = useHome();
  const myRequests = useRequests({ ownerId: 'me', open: true, sort: 'due', limit: 20 });
  return (
    <Stack>
      <Title order={2}>Hello, {session.data?.user.name.split(' ')[0]}</Title>
      <Card withBorder component="section" aria-labelledby="my-open-requests">
        <Title order={3} size="h4" mb="sm" id="my-open-requests">
          My open requests
        </Title>
        <QueryState isPending={myRequests.isPending} error={myRequests.error}>
          {myRequests.data?.items.length ? (
            <RequestTable requests={myRequests.data.items} />
          ) : (
            <Empty>No open requests are yours.</Empty>
          )}
        </QueryState>
      </Card>
      <QueryState isPending={home.isPending} error={home.error}>
        <Grid>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Card withBorder>
              <Title order={3} size="h4" mb="sm">
                My relationships
              </Title>
              {home.data?.relationships.length ? (
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Partner</Table.Th>
                      <Table.Th>Unit</Table.Th>
                      <Table.Th>Last contact</Table.Th>
                      <Table.Th>Cadence</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {home.data.relationships.map((r) => (
                      <Table.Tr key={r.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/partners/${r.partnerId}`}>
                            {r.partnerName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{r.unitName}</Table.Td>
                        <Table.Td>{formatDate(r.lastContactAt)}</Table.Td>
                        <Table.Td>
                          <CadenceBadge status={r.cadenceStatus} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Empty>You do not manage any relationships yet.</Empty>
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Card withBorder>
              <Title order={3} size="h4" mb="sm">
                My follow-ups
              </Title>
              {home.data?.tasks.length ? (
                <Stack gap={4} component="ul" style={{ paddingLeft: 16, margin: 0 }}>
                  {home.data.tasks.map((t) => (
                    <li key={t.id}>
                      <Text size="sm">
                        {t.title}
                        {t.partnerName && ` — ${t.partnerName}`}{' '}
                        <Text span c="dimmed">
                          (due {formatDate(t.dueOn)})
                        </Text>
                      </Text>
                    </li>
                  ))}
                </Stack>
              ) : (
                <Empty>No open follow-ups.</Empty>
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={12}>
            <Card withBorder>
              <Title order={3} size="h4" mb="sm">
                What I logged recently
              </Title>
              <Timeline items={home.data?.recentTouchpoints ?? []} />
            </Card>
          </Grid.Col>
        </Grid>
      </QueryState>
    </Stack>
  );
}

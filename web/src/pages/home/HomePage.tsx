import { Anchor, Button, Card, Grid, Group, Stack, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMyHealth } from '../../api/health.ts';
import { useHome, useSession } from '../../api/hooks.ts';
import { useRequests } from '../../api/requests.ts';
import { CadenceBadge } from '../../components/CadenceBadge.tsx';
import { TaskForm } from '../../components/dialogs.tsx';
import { formatDate } from '../../components/forms.ts';
import { HealthBadge } from '../../components/health/HealthParts.tsx';
import { Sparkline } from '../../components/health/Sparkline.tsx';
import { RequestTable } from '../../components/RequestTable.tsx';
import { OverdueReviewsTable } from '../../components/reviews/OverdueReviewsTable.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { TaskList } from '../../components/TaskList.tsx';
import { Timeline } from '../../components/Timeline.tsx';
import { useDeferredAnswer } from '../../components/useDeferredAnswer.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { MyPlanItemsDue } from './MyPlanItemsDue.tsx';
import { MyPlaybooks } from './MyPlaybooks.tsx';
import { TouchpointsChart } from './TouchpointsChart.tsx';

export function HomePage() {
  const session = useSession();
  usePageTitle('Home');
  // Each answer is drawn in slices as it arrives (several arrive together during load).
  const home = useDeferredAnswer(useHome());
  const health = useDeferredAnswer(useMyHealth());
  const healthOf = new Map((health.data?.items ?? []).map((h) => [h.relationshipId, h]));
  const myRequests = useDeferredAnswer(useRequests({ ownerId: 'me', open: true, sort: 'due', limit: 20 }));
  const [creating, setCreating] = useState(false);
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
          {/* Side by side only where the relationships table fits its column whole (its five
              columns need 640 px): on a laptop's 1280 px it takes the full width, the chart below. */}
          <Grid.Col span={{ base: 12, xl: 8 }}>
            <Card withBorder>
              <Title order={3} size="h4" mb="sm">
                My relationships
              </Title>
              {home.data?.relationships.length ? (
                <TableBox minWidth={640} label="My relationships">
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Partner</Table.Th>
                        <Table.Th>Unit</Table.Th>
                        <Table.Th>Last contact</Table.Th>
                        <Table.Th>Cadence</Table.Th>
                        <Table.Th>Health</Table.Th>
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
                          <Table.Td>
                            <Group gap="xs" wrap="nowrap">
                              <HealthBadge score={healthOf.get(r.id)?.health?.score} label="" />
                              <Sparkline
                                points={healthOf.get(r.id)?.trend ?? []}
                                label={`Health of ${r.partnerName} over 30 days`}
                                width={72}
                              />
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </TableBox>
              ) : (
                <Empty>You do not manage any relationships yet.</Empty>
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xl: 4 }}>
            <Stack>
              {home.data && home.data.relationships.length > 0 && (
                <TouchpointsChart months={home.data.touchpointsByMonth} />
              )}
              <Card withBorder component="section" aria-labelledby="my-tasks">
                <Group justify="space-between" mb="sm">
                  <Title order={3} size="h4" id="my-tasks">
                    My tasks
                  </Title>
                  <Group gap="xs">
                    <Anchor component={Link} to="/tasks?assigneeId=me&done=false" size="sm">
                      All my tasks
                    </Anchor>
                    {session.data?.abilities.editSharedRecord && (
                      <Button size="compact-sm" variant="default" onClick={() => setCreating(true)}>
                        New task
                      </Button>
                    )}
                  </Group>
                </Group>
                <TaskList tasks={home.data?.tasks ?? []} showAssignee={false} empty="No open tasks." />
              </Card>
            </Stack>
          </Grid.Col>
          {home.data && home.data.overdueReviews.length > 0 && (
            <Grid.Col span={12}>
              <Card withBorder component="section" aria-labelledby="my-overdue-reviews">
                <Title order={3} size="h4" mb="sm" id="my-overdue-reviews">
                  Overdue reviews ({home.data.overdueReviews.length})
                </Title>
                <OverdueReviewsTable reviews={home.data.overdueReviews} showManager={false} />
              </Card>
            </Grid.Col>
          )}
          <Grid.Col span={12}>
            <MyPlanItemsDue />
          </Grid.Col>
          <Grid.Col span={12}>
            <MyPlaybooks />
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
      <TaskForm opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

import { Anchor, Card, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMyPlaybooks } from '../../api/playbooks.ts';
import { formatDate } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { useDeferredAnswer } from '../../components/useDeferredAnswer.ts';

/** Home: getting-to-know-you playbooks still under way on the relationships I look after. */
export function MyPlaybooks() {
  const mine = useDeferredAnswer(useMyPlaybooks());
  return (
    <Card withBorder component="section" aria-labelledby="my-playbooks">
      <Title order={3} size="h4" mb="sm" id="my-playbooks">
        Getting to know new partners
      </Title>
      <QueryState isPending={mine.isPending} error={mine.error}>
        {mine.data?.items.length ? (
          <TableBox label="Getting to know new partners" minWidth={560}>
            <Table aria-labelledby="my-playbooks">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Partner</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Progress</Table.Th>
                  <Table.Th>Next step</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {mine.data.items.map((run) => {
                  const next = run.steps.find((s) => !s.done);
                  return (
                    <Table.Tr key={run.id}>
                      <Table.Td>
                        <Stack gap={0}>
                          <Anchor component={Link} to={`/partners/${run.partner.id}/relationships`}>
                            {run.partner.name}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {run.unit.name}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td>{formatDate(run.startedAt)}</Table.Td>
                      <Table.Td miw={120}>
                        <Text size="sm">
                          {run.progress.done} of {run.progress.total}
                        </Text>
                        <Progress
                          value={(100 * run.progress.done) / Math.max(run.progress.total, 1)}
                          aria-label={`${run.partner.name}: ${run.progress.done} of ${run.progress.total} steps done`}
                        />
                      </Table.Td>
                      <Table.Td>{next?.title ?? '—'}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No playbook is under way for the relationships you manage.</Empty>
        )}
      </QueryState>
    </Card>
  );
}

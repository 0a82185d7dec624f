import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMyBriefings } from '../../api/briefings.ts';
import { useSession } from '../../api/hooks.ts';
import { formatDate } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** My weekly briefings, newest first. */
export function BriefingsPage() {
  usePageTitle('My briefings');
  const session = useSession();
  const allowed = Boolean(session.data?.abilities.seeSeniorView);
  const list = useMyBriefings(allowed);
  if (!allowed)
    return (
      <Stack>
        <Title order={2}>My briefings</Title>
        <Text>Briefings are for senior managers and administrators.</Text>
      </Stack>
    );
  return (
    <Stack>
      <Title order={2}>My briefings</Title>
      <Text size="sm" c="dimmed">
        Each Monday: new concerns, requests near their service level, sentiment that has turned and overdue
        reviews, so you know before it escalates.
      </Text>
      <QueryState isPending={list.isPending} error={list.error}>
        {list.data?.items.length ? (
          <TableBox minWidth={420} label="My briefings">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Week of</Table.Th>
                  <Table.Th>Items</Table.Th>
                  <Table.Th>Acted upon</Table.Th>
                  <Table.Th>Read</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((b) => (
                  <Table.Tr key={b.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/briefings/${b.id}`}>
                        {formatDate(b.weekOf)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{b.items}</Table.Td>
                    <Table.Td>{b.acted}</Table.Td>
                    <Table.Td>{b.readAt ? formatDate(b.readAt) : 'Not yet'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No briefing yet: the first comes on Monday morning.</Empty>
        )}
      </QueryState>
    </Stack>
  );
}

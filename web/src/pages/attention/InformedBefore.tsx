import { Card, Table, Text, Title } from '@mantine/core';
import { useInformedBefore } from '../../api/briefings.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/**
 * "Informed before it escalated", per unit: how many of its escalations had their subject (the
 * request, or its partner) in a senior manager's briefing first, and how many days before.
 */
export function InformedBefore() {
  const measure = useInformedBefore();
  const units = measure.data?.units ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="section-informed-before">
      <Title order={3} size="h4" mb="xs" id="section-informed-before">
        Informed before it escalated
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Of the escalations of the last {measure.data?.sinceDays ?? 365} days you may see, the share whose
        request or partner was in a weekly briefing before it was raised, and the median number of days
        before.
      </Text>
      <QueryState isPending={measure.isPending} error={measure.error}>
        {units.length ? (
          <TableBox minWidth={520} label="Informed before it escalated, by unit">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Unit</Table.Th>
                  <Table.Th>Escalations</Table.Th>
                  <Table.Th>In a briefing before</Table.Th>
                  <Table.Th>Share</Table.Th>
                  <Table.Th>Median days before</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {units.map((u) => (
                  <Table.Tr key={u.unitId}>
                    <Table.Td>{u.unitName}</Table.Td>
                    <Table.Td>{u.escalations}</Table.Td>
                    <Table.Td>{u.briefedBefore}</Table.Td>
                    <Table.Td>{percent(u.share)}</Table.Td>
                    <Table.Td>{u.medianDaysEarlier ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No escalation in the last year.</Empty>
        )}
      </QueryState>
    </Card>
  );
}

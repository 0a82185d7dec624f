import { Card, Table, Title } from '@mantine/core';
import { Empty } from '../../components/States.tsx';
import type { PartnerPanelProps } from './panel.ts';

/** How many touch points each unit had with the partner in the last twelve months. */
export function LastYearPanel({ overview }: PartnerPanelProps) {
  const { lastYear } = overview;
  return (
    <Card withBorder component="section" aria-labelledby="partner-last-year">
      <Title order={3} size="h4" mb="sm" id="partner-last-year">
        Last 12 months: {lastYear.total} touch points
      </Title>
      {lastYear.byUnit.length > 0 ? (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Unit</Table.Th>
              <Table.Th ta="right">Touch points</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lastYear.byUnit.map((u) => (
              <Table.Tr key={u.unitId}>
                <Table.Td>{u.unitName}</Table.Td>
                <Table.Td ta="right">{u.count}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Empty>None in the last year.</Empty>
      )}
    </Card>
  );
}

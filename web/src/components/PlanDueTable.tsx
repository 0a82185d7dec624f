import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { planChannelLabels } from '../../../common/src/labels/communication-plans.ts';
import type { PlanDueRow } from '../api/communication-plans.ts';
import { formatDate } from './forms.ts';
import { adherenceInWords, frequencyInWords, PlanStatusBadge } from './planStatus.tsx';
import { TableBox } from './TableBox.tsx';

/** Plan items across relationships (Home, a unit's view), overdue first. */
export function PlanDueTable({
  rows,
  label,
  showManager,
}: {
  rows: PlanDueRow[];
  label: string;
  showManager?: boolean;
}) {
  return (
    <TableBox minWidth={720} label={label}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Partner</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Planned</Table.Th>
            {showManager && <Table.Th>Manager</Table.Th>}
            <Table.Th>Last</Table.Th>
            <Table.Th>Next due</Table.Th>
            <Table.Th>Kept over the year</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.relationshipId}:${r.itemId}`}>
              <Table.Td>
                <Anchor component={Link} to={`/partners/${r.partnerId}`}>
                  {r.partnerName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {r.unitName}
                </Text>
              </Table.Td>
              <Table.Td>
                <PlanStatusBadge status={r.status} />
              </Table.Td>
              <Table.Td>
                {r.purpose}
                <Text size="xs" c="dimmed">
                  {planChannelLabels[r.channel]} · {frequencyInWords(r.frequencyDays)}
                </Text>
              </Table.Td>
              {showManager && <Table.Td>{r.managerName ?? '—'}</Table.Td>}
              <Table.Td>{formatDate(r.status.lastAt)}</Table.Td>
              <Table.Td>{formatDate(r.status.nextDueOn)}</Table.Td>
              <Table.Td>{adherenceInWords(r.status.adherence)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableBox>
  );
}

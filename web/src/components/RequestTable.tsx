import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { requestKindLabels } from '../../../common/src/contracts/requests.ts';
import type { Request } from '../api/types.ts';
import { formatDate } from './forms.ts';
import { PriorityBadge, RequestTargets, statusLabel } from './requestLabels.tsx';
import { TableBox } from './TableBox.tsx';

/** Requests as a table: reference and title, partner, kind, priority, status, owner, targets. */
export function RequestTable({
  requests,
  showPartner = true,
  caption,
}: {
  requests: Request[];
  showPartner?: boolean;
  caption?: string;
}) {
  return (
    <TableBox minWidth={700} label={caption ?? 'Requests'}>
      <Table striped>
        {caption && <Table.Caption>{caption}</Table.Caption>}
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Request</Table.Th>
            {showPartner && <Table.Th>Partner</Table.Th>}
            <Table.Th>Kind</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Targets</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {requests.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Anchor component={Link} to={`/requests/${r.id}`}>
                  #{r.reference} {r.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  Raised {formatDate(r.createdAt)}
                  {r.escalationLevel ? ` · escalated` : ''}
                </Text>
              </Table.Td>
              {showPartner && (
                <Table.Td>
                  <Anchor component={Link} to={`/partners/${r.partnerId}`}>
                    {r.partnerName}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>{requestKindLabels[r.kind]}</Table.Td>
              <Table.Td>
                <PriorityBadge priority={r.priority} />
              </Table.Td>
              <Table.Td>{statusLabel[r.status]}</Table.Td>
              <Table.Td>{r.ownerName ?? 'Nobody yet'}</Table.Td>
              <Table.Td>
                <RequestTargets request={r} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableBox>
  );
}

import { Anchor, Table } from '@mantine/core';
import { Link } from 'react-router';
import type { OverdueReviewDto } from '../../../../common/src/contracts/reviews.ts';
import { formatDate } from '../forms.ts';
import { TableBox } from '../TableBox.tsx';

/** Reviews past their date, each linked to its partner's relationships (where the review is held). */
export function OverdueReviewsTable({
  reviews,
  showManager,
}: {
  reviews: OverdueReviewDto[];
  showManager: boolean;
}) {
  return (
    <TableBox minWidth={480} label="Overdue reviews">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Partner</Table.Th>
            <Table.Th>Unit</Table.Th>
            {showManager && <Table.Th>Manager</Table.Th>}
            <Table.Th>Due</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reviews.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Anchor component={Link} to={`/partners/${r.partner.id}/relationships`}>
                  {r.partner.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{r.unitName}</Table.Td>
              {showManager && <Table.Td>{r.managerName ?? 'Nobody'}</Table.Td>}
              <Table.Td>{formatDate(r.scheduledFor)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableBox>
  );
}

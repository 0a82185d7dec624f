import { Anchor, Checkbox, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { requestKindLabels } from '../../../common/src/labels/requests.ts';
import { dayInWords, momentInWords } from '../../../common/src/wording.ts';
import { useUniversityTimeZone } from '../api/calendar.ts';
import type { Request } from '../api/types.ts';
import type { Selection } from './BulkActionBar.tsx';
import { PriorityBadge, RequestTargets, statusLabel } from './requestLabels.tsx';
import { TableBox } from './TableBox.tsx';

/** Requests as a table: reference and title, partner, kind, priority, status, owner, and when each target is due. */
export function RequestTable({
  requests,
  showPartner = true,
  caption,
  selection,
}: {
  requests: Request[];
  showPartner?: boolean;
  caption?: string;
  /** Rows can be chosen for a bulk action. */
  selection?: Selection;
}) {
  const timeZone = useUniversityTimeZone();
  const chosen = (id: string) => !!selection && (selection.allMatching || selection.ids.has(id));
  const allShown = requests.length > 0 && requests.every((r) => chosen(r.id));
  return (
    <TableBox minWidth={700} label={caption ?? 'Requests'}>
      <Table striped>
        {caption && <Table.Caption>{caption}</Table.Caption>}
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label="Select every request shown"
                  checked={allShown}
                  indeterminate={!allShown && requests.some((r) => chosen(r.id))}
                  onChange={(e) =>
                    selection.setMany(
                      requests.map((r) => r.id),
                      e.currentTarget.checked,
                    )
                  }
                />
              </Table.Th>
            )}
            <Table.Th>Request</Table.Th>
            {showPartner && <Table.Th>Partner</Table.Th>}
            <Table.Th>Kind</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Due</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {requests.map((r) => (
            <Table.Tr key={r.id}>
              {selection && (
                <Table.Td>
                  <Checkbox
                    aria-label={`Select #${r.reference} ${r.title}`}
                    checked={chosen(r.id)}
                    onChange={(e) =>
                      selection.toggle(
                        r.id,
                        e.currentTarget.checked,
                        requests.map((x) => x.id),
                      )
                    }
                  />
                </Table.Td>
              )}
              <Table.Td>
                <Anchor component={Link} to={`/requests/${r.id}`}>
                  #{r.reference} {r.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  Raised {dayInWords(r.createdAt, timeZone)}
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
                <Stack gap={4}>
                  <RequestTargets request={r} />
                  <DueTimes request={r} timeZone={timeZone} />
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableBox>
  );
}

/** "Response due Tue 27 Oct, 17:00", for each target still running, in the university's time zone. */
function DueTimes({ request: r, timeZone }: { request: Request; timeZone: string }) {
  const running = (
    [
      ['Response', r.targets.firstResponse],
      ['Resolution', r.targets.resolution],
    ] as const
  ).filter(([, t]) => t.dueAt && !t.metAt);
  if (!running.length) return null;
  return (
    <Text size="xs">
      {running.map(([label, t], i) => (
        <span key={label}>
          {i > 0 && <br />}
          {label} due <time dateTime={t.dueAt!}>{momentInWords(t.dueAt!, timeZone)}</time>
        </span>
      ))}
    </Text>
  );
}

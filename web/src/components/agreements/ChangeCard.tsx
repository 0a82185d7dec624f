import { Badge, Button, Card, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { TermDifference } from '../../../../common/src/contracts/agreements.ts';
import {
  agreementTermLabels,
  approvalAuthorityLabels,
  type ChangeSide,
  changeStatusLabels,
  type Decision,
} from '../../../../common/src/labels/agreements.ts';
import { type AgreementChange, useDecideChange } from '../../api/agreements.ts';
import { formatDate, formatDateTime, saved, showServerErrors } from '../forms.ts';
import { TableBox } from '../TableBox.tsx';

/** A field-by-field difference: what is in force, and what is proposed. */
export function Differences({ items, label }: { items: TermDifference[]; label: string }) {
  return (
    <TableBox minWidth={480} label={label}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>Before</Table.Th>
            <Table.Th>After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={d.field}>
              <Table.Td>{agreementTermLabels[d.field]}</Table.Td>
              <Table.Td>
                <del>{d.before ?? '—'}</del>
              </Table.Td>
              <Table.Td>
                <ins>{d.after ?? '—'}</ins>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableBox>
  );
}

const decisionWords = (d: Decision | null) =>
  d === 'approved' ? 'Approved' : d === 'declined' ? 'Declined' : 'Not yet answered';
const statusColour = { proposed: 'yellow.4', approved: '#216e39', declined: 'red.9' } as const;

/** One proposed change: its reason and difference, each side's answer, and the caller's buttons. */
export function ChangeCard({ change }: { change: AgreementChange }) {
  const decide = useDecideChange();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const answer = (side: ChangeSide, decision: Decision) =>
    decide.mutate(
      { id: change.id, body: { side, decision, note: note || null } },
      {
        onSuccess: () => {
          saved(decision === 'approved' ? 'Approval recorded' : 'Decline recorded');
          setNote('');
          setError(null);
        },
        onError: (e) => showServerErrors(e, (errors) => setError(errors.note ?? null)),
      },
    );
  const open = change.can.decideForUniversity || change.can.recordForPartner;
  return (
    <Card withBorder component="article" aria-label={`Change proposed ${formatDate(change.proposedAt)}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{change.reason}</Text>
          <Badge color={statusColour[change.status]} autoContrast>
            {changeStatusLabels[change.status]}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          Proposed by {change.proposedBy.name}, {formatDateTime(change.proposedAt)}
        </Text>
        <Differences items={change.differences} label="What the change proposes" />
        <Text size="sm">
          University (
          {change.university.authority === 'relationship_manager'
            ? (change.university.approver?.name ?? 'no manager')
            : approvalAuthorityLabels[change.university.authority].toLowerCase()}
          ): {decisionWords(change.university.decision)}
          {change.university.note ? ` — ${change.university.note}` : ''}
        </Text>
        {change.partner && (
          <Text size="sm">
            Partner ({change.partner.contact.name}): {decisionWords(change.partner.decision)}
            {change.partner.recordedBy ? `, recorded by ${change.partner.recordedBy.name}` : ''}
            {change.partner.note ? ` — ${change.partner.note}` : ''}
          </Text>
        )}
        {open && (
          <>
            <Textarea
              label="Note (required to decline)"
              autosize
              minRows={1}
              value={note}
              error={error}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group gap="xs">
              {change.can.decideForUniversity && (
                <>
                  <Button
                    size="compact-sm"
                    onClick={() => answer('university', 'approved')}
                    loading={decide.isPending}
                  >
                    Approve for the university
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="default"
                    onClick={() => answer('university', 'declined')}
                  >
                    Decline for the university
                  </Button>
                </>
              )}
              {change.can.recordForPartner && (
                <>
                  <Button size="compact-sm" variant="light" onClick={() => answer('partner', 'approved')}>
                    Record partner's approval
                  </Button>
                  <Button size="compact-sm" variant="default" onClick={() => answer('partner', 'declined')}>
                    Record partner's decline
                  </Button>
                </>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

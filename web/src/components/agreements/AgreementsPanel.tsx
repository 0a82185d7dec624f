import { Badge, Button, Card, Group, Modal, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { agreementKindLabels, agreementStatusLabels } from '../../../../common/src/labels/agreements.ts';
import { visibilityBadges } from '../../../../common/src/labels/visibility.ts';
import { usePartnerAgreements } from '../../api/agreements.ts';
import { useSession } from '../../api/hooks.ts';
import { formatDate } from '../forms.ts';
import { Empty, QueryState } from '../States.tsx';
import { TableBox } from '../TableBox.tsx';
import { AgreementDetail } from './AgreementDetail.tsx';
import { AgreementForm } from './AgreementForm.tsx';

const statusColour = { draft: 'gray.7', active: '#216e39', ended: 'dark.4' } as const;

/** The partner page's agreements, every unit's that the reader may see, with their review dates. */
export function AgreementsPanel({
  partnerId,
  relationships,
}: {
  partnerId: string;
  relationships: { id: string; unitName: string }[];
}) {
  const agreements = usePartnerAgreements(partnerId);
  const session = useSession();
  const [adding, setAdding] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const open = agreements.data?.items.find((a) => a.id === openId) ?? null;
  if (relationships.length === 0) return null;
  return (
    <Card withBorder mt="md" component="section" aria-labelledby="agreements-title" id="agreements">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="agreements-title">
          Agreements
        </Title>
        {session.data?.abilities.manageRelationships && (
          <Button size="compact-sm" variant="default" onClick={() => setAdding(true)}>
            Record an agreement
          </Button>
        )}
      </Group>
      <QueryState isPending={agreements.isPending} error={agreements.error}>
        {agreements.data?.items.length ? (
          <TableBox minWidth={340} label="Agreements with this partner">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Agreement</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Review</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {agreements.data.items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" px={0} onClick={() => setOpenId(a.id)}>
                        {a.title}
                      </Button>
                      <Text size="xs" c="dimmed">
                        {agreementKindLabels[a.kind]} · {a.unit.name}
                        {a.visibility !== 'institution' ? ` · ${visibilityBadges[a.visibility]}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge color={statusColour[a.status]} autoContrast>
                          {agreementStatusLabels[a.status]}
                        </Badge>
                        {a.pendingChanges > 0 && (
                          <Badge color="yellow.4" autoContrast>
                            {a.pendingChanges === 1
                              ? '1 change to approve'
                              : `${a.pendingChanges} changes to approve`}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatDate(a.reviewDate)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No agreement is recorded with this partner yet.</Empty>
        )}
      </QueryState>
      <AgreementForm
        opened={adding}
        onClose={() => setAdding(false)}
        partnerId={partnerId}
        relationships={relationships}
      />
      <Modal opened={open !== null} onClose={() => setOpenId(null)} title={open?.title ?? ''} size="xl">
        {open && <AgreementDetail agreement={open} />}
      </Modal>
    </Card>
  );
}

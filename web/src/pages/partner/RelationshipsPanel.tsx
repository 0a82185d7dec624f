import { Button, Card, Group, Modal, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { relationshipStageLabels } from '../../../../common/src/labels/relationships.ts';
import type { Overview } from '../../api/types.ts';
import { AttachmentsPanel } from '../../components/AttachmentsPanel.tsx';
import { CadenceBadge } from '../../components/CadenceBadge.tsx';
import { formatDate } from '../../components/forms.ts';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { RelationshipEscalationModal } from '../../components/RelationshipEscalationModal.tsx';
import { RelationshipForm } from '../../components/RelationshipForm.tsx';
import { Empty } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import type { PartnerPanelProps } from './panel.ts';

type Named = { id: string; unitName: string };

/** Every unit's relationship with the partner: its manager, stage, last contact and cadence, and what may be done with it. */
export function RelationshipsPanel({ overview, can }: PartnerPanelProps) {
  const [starting, setStarting] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [filesOf, setFilesOf] = useState<Named | null>(null);
  const [escalating, setEscalating] = useState<Named | null>(null);
  const [historyOf, setHistoryOf] = useState<Named | null>(null);
  const partnerId = overview.partner.id;
  return (
    <Card withBorder component="section" aria-labelledby="partner-relationships">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="partner-relationships">
          Relationships by unit
        </Title>
        {can.manageRelationships && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setStarting(true)}
          >
            Start a relationship
          </Button>
        )}
      </Group>
      {overview.relationships.length ? (
        <TableBox minWidth={640} label="Relationships with this partner">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Unit</Table.Th>
                <Table.Th>Manager</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Last contact</Table.Th>
                <Table.Th>Cadence</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overview.relationships.map((r) => (
                <RelationshipRow
                  key={r.id}
                  relationship={r}
                  onFiles={() => setFilesOf(r)}
                  onChange={() => setEditing(r.id)}
                  onEscalate={() => setEscalating(r)}
                  onHistory={() => setHistoryOf(r)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      ) : (
        <Empty>No unit has a relationship with this partner yet.</Empty>
      )}
      <RelationshipEscalationModal relationship={escalating} onClose={() => setEscalating(null)} />
      <Modal
        opened={historyOf !== null}
        onClose={() => setHistoryOf(null)}
        title={`History of the ${historyOf?.unitName ?? ''} relationship`}
      >
        {historyOf && <HistoryPanel entity="relationship" id={historyOf.id} bare />}
      </Modal>
      <Modal
        opened={filesOf !== null}
        onClose={() => setFilesOf(null)}
        title={filesOf ? `The ${filesOf.unitName} relationship` : ''}
      >
        {filesOf && (
          <AttachmentsPanel
            kind="relationships"
            id={filesOf.id}
            recordName="the relationship"
            headingOrder={2}
          />
        )}
      </Modal>
      <RelationshipForm opened={starting} onClose={() => setStarting(false)} partnerId={partnerId} />
      <RelationshipForm
        opened={editing !== null}
        onClose={() => setEditing(null)}
        partnerId={partnerId}
        relationship={overview.relationships.find((r) => r.id === editing)}
      />
    </Card>
  );
}

function RelationshipRow({
  relationship: r,
  onFiles,
  onChange,
  onEscalate,
  onHistory,
}: {
  relationship: Overview['relationships'][number];
  onFiles: () => void;
  onChange: () => void;
  onEscalate: () => void;
  onHistory: () => void;
}) {
  return (
    <Table.Tr>
      <Table.Td>
        {r.unitName}
        {r.objectives && (
          <Text size="xs" c="dimmed" lineClamp={3} title={r.objectives}>
            Objectives: {r.objectives}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {r.managerName ?? '—'}
        {r.deputies.length > 0 && (
          <Text size="xs" c="dimmed">
            Deputy: {r.deputies.map((d) => d.name).join(', ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {relationshipStageLabels[r.stage]}
        {r.reviewDate && (
          <Text size="xs" c="dimmed">
            Review: {formatDate(r.reviewDate)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{formatDate(r.lastContactAt)}</Table.Td>
      <Table.Td>
        <CadenceBadge status={r.cadenceStatus} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={onFiles}
            aria-label={`Files of the ${r.unitName} relationship`}
          >
            Files
          </Button>
          {r.can.update && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={onChange}
              aria-label={`Change the ${r.unitName} relationship`}
            >
              Change
            </Button>
          )}
          {r.can.escalate && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={onEscalate}
              aria-label={`Escalate the ${r.unitName} relationship`}
            >
              Escalate
            </Button>
          )}
          <Button
            size="compact-xs"
            variant="subtle"
            component={Link}
            to={`/relationships/${r.id}/assessments`}
            aria-label={`Maturity assessment of the ${r.unitName} relationship`}
          >
            Assessment
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={onHistory}
            aria-label={`History of the ${r.unitName} relationship`}
          >
            History
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { recordableConsentSources } from '../../../../common/src/contracts/personal-data.ts';
import { type LawfulBasis, lawfulBases, lawfulBasisLabels } from '../../../../common/src/labels/contacts.ts';
import {
  type ConsentDecision,
  type ConsentSource,
  consentDecisionLabels,
  consentDecisions,
  consentSourceLabels,
} from '../../../../common/src/labels/personal-data.ts';
import { useContactConsents, useRecordConsent } from '../../api/personalData.ts';
import { formatDate, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';

const options = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((value) => ({ value, label: labels[value] }));

/** Consent per purpose on the contact page: where each purpose stands, every decision, and a form to record one. */
export function ConsentPanel({ contactId, canRecord }: { contactId: string; canRecord: boolean }) {
  const consents = useContactConsents(contactId);
  const [recording, setRecording] = useState<string | null>(null);
  const names = new Map(consents.data?.purposes.map((p) => [p.purpose, p.purposeName]));
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        Consent
      </Title>
      <QueryState isPending={consents.isPending} error={consents.error}>
        <Stack gap="xs">
          {consents.data?.purposes.map((p) => (
            <Group key={p.purpose} justify="space-between" wrap="wrap" gap="xs">
              <div>
                <Text size="sm" fw={500}>
                  {p.purposeName}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.current
                    ? `${consentDecisionLabels[p.current.decision]} ${formatDate(p.current.recordedOn)} (${lawfulBasisLabels[p.current.lawfulBasis]})`
                    : 'Not asked'}
                </Text>
              </div>
              <Group gap="xs">
                <Badge color={p.mayContact ? '#216e39' : 'gray.7'} autoContrast>
                  {p.mayContact ? 'May be contacted' : 'Not contacted'}
                </Badge>
                {canRecord && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => setRecording(p.purpose)}
                    aria-label={`Record consent for ${p.purposeName}`}
                  >
                    Record
                  </Button>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
        <Title order={4} size="h5" mt="md" mb="xs">
          Consent history
        </Title>
        {consents.data?.history.length ? (
          <TableBox label="Consent history" minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Purpose</Table.Th>
                  <Table.Th>Decision</Table.Th>
                  <Table.Th>Source and evidence</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {consents.data.history.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>{formatDate(h.recordedOn)}</Table.Td>
                    <Table.Td>{names.get(h.purpose) ?? h.purpose}</Table.Td>
                    <Table.Td>
                      {consentDecisionLabels[h.decision]} ({lawfulBasisLabels[h.lawfulBasis]})
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {consentSourceLabels[h.source]}
                      {h.evidence ? `: ${h.evidence}` : ''}
                      {h.recordedByName ? ` (recorded by ${h.recordedByName})` : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No consent recorded yet.</Empty>
        )}
      </QueryState>
      <RecordConsentModal
        contactId={contactId}
        purpose={recording}
        purposeName={recording ? (names.get(recording) ?? recording) : ''}
        onClose={() => setRecording(null)}
      />
    </Card>
  );
}

type Values = {
  decision: ConsentDecision;
  lawfulBasis: LawfulBasis;
  source: Exclude<ConsentSource, 'migrated'>;
  recordedOn: string;
  evidence: string;
};

function RecordConsentModal({
  contactId,
  purpose,
  purposeName,
  onClose,
}: {
  contactId: string;
  purpose: string | null;
  purposeName: string;
  onClose: () => void;
}) {
  const record = useRecordConsent(contactId);
  const form = useForm<Values>({
    initialValues: {
      decision: 'given',
      lawfulBasis: 'consent',
      source: 'form',
      recordedOn: new Date().toISOString().slice(0, 10),
      evidence: '',
    },
  });
  const submit = form.onSubmit(async (values) => {
    if (!purpose) return;
    try {
      await record.mutateAsync({ ...values, purpose, evidence: values.evidence.trim() || null });
      saved(`Consent for ${purposeName} recorded`);
      form.reset();
      onClose();
    } catch (error) {
      showServerErrors(error, form.setErrors, [
        'decision',
        'lawfulBasis',
        'source',
        'recordedOn',
        'evidence',
      ]);
    }
  });
  return (
    <Modal opened={purpose !== null} onClose={onClose} title={`Record consent: ${purposeName}`}>
      <form onSubmit={submit}>
        <Stack>
          <Select
            label="Decision"
            data={options(consentDecisions, consentDecisionLabels)}
            allowDeselect={false}
            {...form.getInputProps('decision')}
          />
          <Select
            label="Lawful basis"
            data={options(lawfulBases, lawfulBasisLabels)}
            allowDeselect={false}
            {...form.getInputProps('lawfulBasis')}
          />
          <Select
            label="Source"
            data={options(recordableConsentSources, consentSourceLabels)}
            allowDeselect={false}
            {...form.getInputProps('source')}
          />
          <TextInput type="date" label="Date" required {...form.getInputProps('recordedOn')} />
          <Textarea
            label="Evidence"
            description="What shows it: the form, the e-mail, who heard it"
            maxLength={2000}
            {...form.getInputProps('evidence')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={record.isPending}>
              Record
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

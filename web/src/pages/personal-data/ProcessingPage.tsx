import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useProcessingRecords } from '../../api/personalData.ts';
import { QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { DataProtectionOnly } from './DataProtectionOnly.tsx';

/** The records of processing: what personal data Rapport holds, per purpose, lawful basis and retention. */
export function ProcessingPage() {
  usePageTitle('Records of processing');
  // The guard first: its reads would be refused (403) to anyone without the ability.
  return (
    <DataProtectionOnly>
      <ProcessingRecords />
    </DataProtectionOnly>
  );
}

function ProcessingRecords() {
  const records = useProcessingRecords();
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Records of processing</Title>
        <Button component="a" href="/api/v1/personal-data/processing/export" download variant="default">
          Export CSV
        </Button>
      </Group>
      <Text>What personal data Rapport holds, for which purpose, on what lawful basis and for how long.</Text>
      <QueryState isPending={records.isPending} error={records.error}>
        <TableBox label="Records of processing" minWidth={900}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Purpose</Table.Th>
                <Table.Th>Lawful basis</Table.Th>
                <Table.Th>Personal data held</Table.Th>
                <Table.Th>Retention</Table.Th>
                <Table.Th>Consented</Table.Th>
                <Table.Th>Withdrew</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {records.data?.items.map((r) => (
                <Table.Tr key={r.purpose}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {r.purpose}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {r.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.lawfulBasis}</Table.Td>
                  <Table.Td>{r.dataHeld ?? '—'}</Table.Td>
                  <Table.Td>{r.retention}</Table.Td>
                  <Table.Td>{r.contactsWithConsent.toLocaleString('en-GB')}</Table.Td>
                  <Table.Td>{r.contactsWithdrawn.toLocaleString('en-GB')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      </QueryState>
    </Stack>
  );
}

import {
  Alert,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { RetentionReport } from '../../../../common/src/contracts/personal-data.ts';
import {
  type RetentionRule,
  useChangeRetentionRule,
  useRetentionRules,
  useRetentionRuns,
  useRunRetentionRule,
} from '../../api/personalData.ts';
import { formatDateTime, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { DataProtectionOnly } from './DataProtectionOnly.tsx';

/** The retention schedule: each rule's period, on or off, a dry run first, and every run so far. */
export function RetentionPage() {
  usePageTitle('Retention rules');
  // The guard first: its reads would be refused (403) to anyone without the ability.
  return (
    <DataProtectionOnly>
      <RetentionRules />
    </DataProtectionOnly>
  );
}

function RetentionRules() {
  const rules = useRetentionRules();
  const runs = useRetentionRuns();
  return (
    <Stack>
      <Title order={2}>Retention rules</Title>
      <Text>
        How long Rapport keeps personal data. A rule that is on runs every night; a dry run reports what it
        would reach first. Every run is recorded.
      </Text>
      <QueryState isPending={rules.isPending} error={rules.error}>
        {rules.data?.items.map((rule) => (
          <RuleCard key={`${rule.key}-${rule.version}`} rule={rule} />
        ))}
      </QueryState>
      <Title order={3}>Runs</Title>
      <QueryState isPending={runs.isPending} error={runs.error}>
        {runs.data?.items.length ? (
          <TableBox label="Retention runs" minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Records</Table.Th>
                  <Table.Th>By</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.data.items.map((run) => (
                  <Table.Tr key={run.id}>
                    <Table.Td>{formatDateTime(run.at)}</Table.Td>
                    <Table.Td>{rules.data?.items.find((r) => r.key === run.rule)?.name ?? run.rule}</Table.Td>
                    <Table.Td>{run.dryRun ? 'Dry run' : 'Applied'}</Table.Td>
                    <Table.Td>{run.affected.toLocaleString('en-GB')}</Table.Td>
                    <Table.Td>{run.byName ?? 'Scheduled job'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No rule has run yet.</Empty>
        )}
      </QueryState>
    </Stack>
  );
}

function RuleCard({ rule }: { rule: RetentionRule }) {
  const change = useChangeRetentionRule();
  const run = useRunRetentionRule();
  const [years, setYears] = useState<number | string>(rule.years);
  const [enabled, setEnabled] = useState(rule.enabled);
  const [report, setReport] = useState<RetentionReport | null>(null);
  const [yearsError, setYearsError] = useState<string | null>(null);
  const save = async () => {
    try {
      await change.mutateAsync({ rule, years: Number(years), enabled });
      saved(`${rule.name}: saved`);
    } catch (error) {
      showServerErrors(error, (errors) => setYearsError(errors.years ?? null), ['years']);
    }
  };
  const start = async (dryRun: boolean) => {
    try {
      setReport(await run.mutateAsync({ key: rule.key, dryRun }));
    } catch (error) {
      showServerErrors(error, () => undefined);
    }
  };
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {rule.name}
        </Title>
        <Text size="sm">{rule.action}</Text>
        <Group align="flex-end" wrap="wrap">
          <NumberInput
            label="Years"
            min={1}
            max={100}
            value={years}
            onChange={setYears}
            error={yearsError}
            w={120}
          />
          <Switch
            label="On (runs every night)"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <Button variant="default" onClick={save} loading={change.isPending}>
            Save
          </Button>
          <Button variant="light" onClick={() => start(true)} loading={run.isPending}>
            Dry run
          </Button>
          <Button color="red" variant="outline" disabled={!rule.enabled} onClick={() => start(false)}>
            Run now
          </Button>
        </Group>
        {rule.lastRun && (
          <Text size="xs" c="dimmed">
            Last {rule.lastRun.dryRun ? 'dry run' : 'run'} {formatDateTime(rule.lastRun.at)}:{' '}
            {rule.lastRun.affected.toLocaleString('en-GB')} records
          </Text>
        )}
        {report && (
          <Alert
            color={report.dryRun ? 'blue' : 'green'}
            title={report.dryRun ? 'Dry run: nothing was changed' : 'Applied'}
            role="status"
          >
            <Text size="sm">
              {report.affected.toLocaleString('en-GB')} {report.dryRun ? 'would be reached' : 'reached'}:
              records from before {report.cutoff}.
            </Text>
            {report.examples.length > 0 && (
              <List size="sm" mt="xs">
                {report.examples.map((e) => (
                  <List.Item key={e.id} style={{ overflowWrap: 'anywhere' }}>
                    {e.label}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

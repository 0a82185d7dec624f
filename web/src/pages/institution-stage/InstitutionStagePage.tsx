import { Alert, Badge, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { type InstitutionStage, stageRule } from '../../../../common/src/contracts/institution-stage.ts';
import { adoptionStageLabels } from '../../../../common/src/labels/institution-stage.ts';
import { useSession } from '../../api/hooks.ts';
import { useInstitutionStage } from '../../api/whoKnowsWhom.ts';
import { Chart, LineChart } from '../../components/charts/Chart.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { UnitAssessments } from './UnitAssessments.tsx';

const percent = (share: number | null) => (share === null ? 'no data' : `${Math.round(share * 100)}%`);
const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The last 24 months, newest first, as YYYY-MM. */
function recentMonths(now = new Date()) {
  return Array.from({ length: 24 }, (_, i) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7),
  );
}

function StageTrend({ data }: { data: InstitutionStage }) {
  const points = data.months.map((m) => ({
    month: monthLabel(m.month),
    // A month with no unit taking part is a gap in the line, not a zero.
    'Units working this way (%)': m.adoptingShare === null ? null : Math.round(m.adoptingShare * 100),
  }));
  return (
    <Card withBorder component="section" aria-labelledby="stage-trend">
      <Title order={3} size="h4" id="stage-trend" mb="sm">
        The stage, month by month
      </Title>
      <Chart
        label={`Share of units working this way, by month: ${points.map((p) => `${p.month} ${p['Units working this way (%)'] ?? 'no data'}${p['Units working this way (%)'] === null ? '' : '%'}`).join(', ')}`}
        height={220}
      >
        <LineChart
          h={220}
          data={points}
          dataKey="month"
          curveType="linear"
          unit="%"
          series={[{ name: 'Units working this way (%)', color: 'indigo.6' }]}
          yAxisProps={{ domain: [0, 100] }}
          referenceLines={[
            { y: stageRule.tactical * 100, label: 'Tactical', color: 'gray.6' },
            { y: stageRule.strategic * 100, label: 'Strategic', color: 'gray.6' },
          ]}
          accessibilityLayer={false}
        />
      </Chart>
      <TableBox minWidth={520} label="The stage by month">
        <Table striped mt="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Month</Table.Th>
              <Table.Th ta="right">Units taking part</Table.Th>
              <Table.Th ta="right">Working this way</Table.Th>
              <Table.Th ta="right">Share</Table.Th>
              <Table.Th>Stage</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.months.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{monthLabel(m.month)}</Table.Td>
                <Table.Td ta="right">{m.takingPart}</Table.Td>
                <Table.Td ta="right">{m.workingThisWay}</Table.Td>
                <Table.Td ta="right">{percent(m.adoptingShare)}</Table.Td>
                <Table.Td>{adoptionStageLabels[m.stage]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableBox>
    </Card>
  );
}

function UnitsTable({ data }: { data: InstitutionStage }) {
  const month = data.to;
  const rows = data.units
    .map((u) => ({ unit: u, figures: u.months.find((m) => m.month === month)! }))
    .filter(
      (r) => r.figures.activeRelationships > 0 || r.figures.recorded > 0 || r.figures.readsOfOthers > 0,
    );
  return (
    <Card withBorder component="section" aria-labelledby="stage-units">
      <Title order={3} size="h4" id="stage-units">
        Who shares: the units in {monthLabel(month)}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Touched: the share of the unit's active relationships with a touch point this month. Shared: the share
        of the touch points it recorded that the whole institution may see. Reads: how often its staff opened
        or listed other units' touch points.
      </Text>
      {rows.length ? (
        <TableBox minWidth={720} label={`Units in ${monthLabel(month)}`}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Unit</Table.Th>
                <Table.Th ta="right">Relationships touched</Table.Th>
                <Table.Th ta="right">Records shared</Table.Th>
                <Table.Th ta="right">Reads of others' records</Table.Th>
                <Table.Th>Works this way</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ unit, figures: f }) => (
                <Table.Tr key={unit.unitId}>
                  <Table.Td>{unit.unitName}</Table.Td>
                  <Table.Td ta="right">
                    {f.touchedRelationships} of {f.activeRelationships} ({percent(f.touchedShare)})
                  </Table.Td>
                  <Table.Td ta="right">
                    {f.sharedWithInstitution} of {f.recorded} ({percent(f.sharedShare)})
                  </Table.Td>
                  <Table.Td ta="right">
                    {f.readsOfOthers}
                    {f.readsButDoesNotShare && (
                      <Badge color="orange" variant="light" ml="xs">
                        Reads, shares none
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{f.worksThisWay ? 'Yes' : 'Not yet'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      ) : (
        <Empty>No unit had an active relationship, a record or a read this month.</Empty>
      )}
    </Card>
  );
}

/** The institution's stage of relationship management, and who shares: for senior managers. */
export function InstitutionStagePage() {
  usePageTitle("The institution's stage");
  const session = useSession();
  const months = recentMonths();
  const [from, setFrom] = useState(months[5]!);
  const [to, setTo] = useState(months[0]!);
  const allowed = Boolean(session.data?.abilities.seeSeniorView);
  const query = useInstitutionStage(allowed ? { from, to } : {});
  const options = months.map((m) => ({ value: m, label: monthLabel(m) }));
  if (session.data && !allowed)
    return (
      <Alert color="gray" title="For senior managers">
        The institution's stage is shown to senior managers and administrators.
      </Alert>
    );
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>The institution's stage</Title>
          {query.data && (
            <Text mt={4}>
              In {monthLabel(query.data.to)} the institution is{' '}
              <Badge size="lg" variant="filled">
                {adoptionStageLabels[query.data.stage]}
              </Badge>
            </Text>
          )}
        </div>
        <Group gap="xs" wrap="wrap">
          <Select
            label="From"
            data={options}
            value={from}
            onChange={(v) => v && setFrom(v)}
            allowDeselect={false}
            w={150}
          />
          <Select
            label="To"
            data={options}
            value={to}
            onChange={(v) => v && setTo(v)}
            allowDeselect={false}
            w={150}
          />
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        A unit works this way in a month when it touched at least {stageRule.touchedShare * 100}% of its
        active relationships and shared at least {stageRule.sharedShare * 100}% of what it recorded with the
        whole institution. The institution is tactical when {stageRule.tactical * 100}% of the units taking
        part work this way, strategic from {stageRule.strategic * 100}%, and peripheral below.
      </Text>
      <QueryState isPending={query.isPending} error={query.error}>
        {query.data && (
          <>
            <StageTrend data={query.data} />
            <UnitsTable data={query.data} />
          </>
        )}
      </QueryState>
      <UnitAssessments enabled={allowed} />
    </Stack>
  );
}

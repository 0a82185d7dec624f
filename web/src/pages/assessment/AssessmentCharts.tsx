import { Badge, Group, Table, Text, Title } from '@mantine/core';
import type { Assessment } from '../../../../common/src/contracts/assessments.ts';
import { checklistItemShortLabels, maturityStageLabels } from '../../../../common/src/labels/assessments.ts';
import { BarChart, Chart, LineChart } from '../../components/charts/Chart.tsx';
import { formatDate } from '../../components/forms.ts';
import { Empty } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';

const gapText = (gap: number | null) => (gap === null ? '—' : gap > 0 ? `+${gap}` : String(gap));

/**
 * The two views of one assessment side by side: a bar per side for each item (a chart for the
 * eye; the table below it carries the same figures, the evidence and the actions, for everyone).
 */
export function GapView({ assessment }: { assessment: Assessment }) {
  const data = assessment.items
    .filter((i) => i.score !== null || i.partnerScore !== null)
    .map((i) => ({
      item: checklistItemShortLabels[i.item],
      Unit: i.score,
      Partner: i.partnerScore,
    }));
  const answered = assessment.partner?.answeredAt;
  return (
    <section aria-labelledby="gap-view">
      <Title order={2} size="h3" id="gap-view" mb="xs">
        The two views, item by item
      </Title>
      <Group gap="xs" mb="sm">
        <Text size="sm">
          Assessed {formatDate(assessment.createdAt)} by {assessment.assessedByName}:
        </Text>
        {assessment.result && (
          <Badge variant="light">
            Our view: {maturityStageLabels[assessment.result.stage]} ({assessment.result.mean.toFixed(2)})
          </Badge>
        )}
        {assessment.partner?.result ? (
          <Badge variant="light" color="grape">
            {assessment.partner.contactName}: {maturityStageLabels[assessment.partner.result.stage]} (
            {assessment.partner.result.mean.toFixed(2)})
          </Badge>
        ) : assessment.partner ? (
          <Text size="sm" c="dimmed">
            Waiting for {assessment.partner.contactName} (
            {assessment.partner.emailedAt
              ? `link e-mailed ${formatDate(assessment.partner.emailedAt)}, `
              : ''}
            open until {formatDate(assessment.partner.closesAt)})
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            The partner was not asked.
          </Text>
        )}
      </Group>
      {answered && data.length > 0 && (
        <Chart
          label="Bar chart of our score and the partner's for each item; the table below gives the same figures"
          height={Math.max(220, data.length * 44)}
        >
          <BarChart
            accessibilityLayer={false}
            h={Math.max(220, data.length * 44)}
            data={data}
            dataKey="item"
            orientation="vertical"
            series={[
              { name: 'Unit', label: 'Our score', color: 'blue.6' },
              { name: 'Partner', label: "The partner's score", color: 'grape.6' },
            ]}
            xAxisProps={{ domain: [0, 4], ticks: [0, 1, 2, 3, 4] }}
            yAxisProps={{ width: 150 }}
            withLegend
            gridAxis="x"
          />
        </Chart>
      )}
      <TableBox minWidth={720} label="Scores by item, both views and the gap">
        <Table>
          <Table.Caption>
            Scores 0 (not at all) to 4 (fully). The gap is the partner's score less ours.
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Item</Table.Th>
              <Table.Th scope="col">Our score</Table.Th>
              <Table.Th scope="col">The partner's score</Table.Th>
              <Table.Th scope="col">Gap</Table.Th>
              <Table.Th scope="col">Evidence and action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {assessment.items.map((i) => (
              <Table.Tr key={i.item}>
                <Table.Th scope="row" fw={500}>
                  {i.label}
                </Table.Th>
                <Table.Td>{i.score ?? '—'}</Table.Td>
                <Table.Td>
                  {i.partnerScore ?? '—'}
                  {i.partnerComment && (
                    <Text size="xs" c="dimmed">
                      “{i.partnerComment}”
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{gapText(i.gap)}</Table.Td>
                <Table.Td>
                  {i.evidence && <Text size="xs">{i.evidence}</Text>}
                  {i.action && (
                    <Text size="xs" c="dimmed">
                      Action (a task): {i.action}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableBox>
    </section>
  );
}

/** Repeated assessments compared over time: the mean of each side, a line each, and the same as a table. */
export function AssessmentHistory({ items }: { items: Assessment[] }) {
  const oldestFirst = [...items].reverse();
  const data = oldestFirst.map((a) => ({
    day: formatDate(a.createdAt),
    Unit: a.result?.mean ?? null,
    Partner: a.partner?.result?.mean ?? null,
  }));
  return (
    <section aria-labelledby="assessment-history">
      <Title order={2} size="h3" id="assessment-history" mb="xs">
        Over time
      </Title>
      {items.length === 0 ? (
        <Empty>No assessment yet.</Empty>
      ) : (
        <>
          {items.length > 1 && (
            <Chart
              label="Line chart of the mean score of each view at each assessment; the table below gives the same figures"
              height={220}
            >
              <LineChart
                accessibilityLayer={false}
                h={220}
                data={data}
                dataKey="day"
                series={[
                  { name: 'Unit', label: 'Our view', color: 'blue.6' },
                  { name: 'Partner', label: "The partner's view", color: 'grape.6' },
                ]}
                yAxisProps={{ domain: [0, 4], ticks: [0, 1, 2, 3, 4] }}
                connectNulls
                withLegend
              />
            </Chart>
          )}
          <TableBox minWidth={560} label="Every assessment of the relationship">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Date</Table.Th>
                  <Table.Th scope="col">Assessed by</Table.Th>
                  <Table.Th scope="col">Our view</Table.Th>
                  <Table.Th scope="col">The partner's view</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{formatDate(a.createdAt)}</Table.Td>
                    <Table.Td>{a.assessedByName}</Table.Td>
                    <Table.Td>
                      {a.result
                        ? `${maturityStageLabels[a.result.stage]} (${a.result.mean.toFixed(2)})`
                        : '—'}
                    </Table.Td>
                    <Table.Td>
                      {a.partner?.result
                        ? `${maturityStageLabels[a.partner.result.stage]} (${a.partner.result.mean.toFixed(2)})`
                        : a.partner
                          ? `Asked ${a.partner.contactName}`
                          : 'Not asked'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        </>
      )}
    </section>
  );
}

import { Table, Text } from '@mantine/core';
import type { HealthPoint } from '../../../../common/src/contracts/relationship-health.ts';
import { Chart, LineChart } from '../charts/Chart.tsx';
import { formatDate } from '../forms.ts';
import { TableBox } from '../TableBox.tsx';

/**
 * A relationship's daily health over time, as a line chart, with the same figures as a table for
 * anyone who would rather read them.
 */
export function HealthChart({ points, title }: { points: HealthPoint[]; title: string }) {
  const scored = points.filter((p): p is HealthPoint & { score: number } => p.score !== null);
  if (scored.length < 2)
    return (
      <Text size="sm" c="dimmed">
        Not enough daily scores for a trend yet: one is kept each night.
      </Text>
    );
  const versions = [...new Set(scored.map((p) => p.ruleVersion))];
  return (
    <figure style={{ margin: 0 }}>
      <Chart label={`${title}, ${scored.length} days`} height={180}>
        <LineChart
          h={180}
          data={scored.map((p) => ({ day: formatDate(p.day), score: p.score }))}
          dataKey="day"
          series={[{ name: 'score', label: 'Health', color: 'blue.8' }]}
          curveType="linear"
          withDots={false}
          strokeWidth={2}
          yAxisProps={{ domain: [0, 100], ticks: [0, 50, 100], width: 34 }}
          xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 40 }}
          gridAxis="y"
          accessibilityLayer={false}
        />
      </Chart>
      <figcaption>
        <Text size="xs" c="dimmed">
          {versions.length > 1
            ? `Scored under rule versions ${versions.join(', ')}: each day keeps the rule it was computed with.`
            : `Scored under rule version ${versions[0]}.`}
        </Text>
      </figcaption>
      <details>
        <summary style={{ fontSize: 'var(--mantine-font-size-sm)', cursor: 'pointer' }}>
          The daily figures
        </summary>
        <TableBox minWidth={240} label={`${title}: daily figures`}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Rule</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {scored.map((p) => (
                <Table.Tr key={p.day}>
                  <Table.Td>{formatDate(p.day)}</Table.Td>
                  <Table.Td>{p.score}</Table.Td>
                  <Table.Td>{p.ruleVersion}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      </details>
    </figure>
  );
}

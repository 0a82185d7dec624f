import { Card, Table, Text, Title } from '@mantine/core';
import type { Home } from '../../api/types.ts';
import { BarChart, Chart } from '../../components/charts/Chart.tsx';
import { TableBox } from '../../components/TableBox.tsx';

type Month = Home['touchpointsByMonth'][number];

/** '2026-03' as 'Mar' or 'March 2026' (the month is the university's, so read it as written, in UTC). */
const monthName = (month: string, style: 'short' | 'long') =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString('en-GB', {
    month: style,
    ...(style === 'long' ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });

/** The chart in words: the total, and the busiest month. */
export function describeMonths(months: Month[]) {
  const total = months.reduce((sum, m) => sum + m.count, 0);
  if (total === 0) return 'No touch points in the last 12 months.';
  const busiest = months.reduce((best, m) => (m.count > best.count ? m : best));
  const now = months[months.length - 1]!;
  return `${total} in the last 12 months, most in ${monthName(busiest.month, 'long')} (${busiest.count}); ${now.count} so far this month.`;
}

/**
 * Home's chart: the touch points of my relationships in each of the last twelve months, as bars,
 * said in words beside it and given as a table too.
 */
export function TouchpointsChart({ months }: { months: Month[] }) {
  const summary = describeMonths(months);
  const first = months[0];
  const last = months[months.length - 1];
  return (
    <Card withBorder component="section" aria-labelledby="my-touchpoints-by-month">
      <Title order={3} size="h4" id="my-touchpoints-by-month">
        Touch points with my partners
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {summary}
      </Text>
      <figure style={{ margin: 0, maxWidth: 560 }}>
        <Chart
          label={`Touch points of my relationships per month, ${first ? monthName(first.month, 'long') : ''} to ${last ? monthName(last.month, 'long') : ''}: ${summary}`}
          height={160}
        >
          <BarChart
            h={160}
            data={months.map((m) => ({ month: monthName(m.month, 'short').slice(0, 3), count: m.count }))}
            dataKey="month"
            // The scheme's readable tone of the primary colour: dark on the light card, light on the dark one.
            series={[
              { name: 'count', label: 'Touch points', color: 'var(--mantine-primary-color-light-color)' },
            ]}
            withYAxis={false}
            xAxisProps={{ interval: 0, tickMargin: 6 }}
            gridAxis="none"
            withBarValueLabel
            valueFormatter={String}
            barLabelColor="var(--mantine-color-text)"
            textColor="var(--mantine-color-text)"
            withTooltip={false}
            accessibilityLayer={false}
          />
        </Chart>
      </figure>
      {/* Clear of the month labels under the bars, at every width. */}
      <details style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
        <summary style={{ fontSize: 'var(--mantine-font-size-sm)', cursor: 'pointer' }}>
          The monthly figures
        </summary>
        <TableBox minWidth={200} label="Touch points with my partners by month">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Month</Table.Th>
                <Table.Th ta="right">Touch points</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {months.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Td>{monthName(m.month, 'long')}</Table.Td>
                  <Table.Td ta="right">{m.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      </details>
    </Card>
  );
}

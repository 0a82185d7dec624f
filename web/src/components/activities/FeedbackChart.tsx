import { Table, Text } from '@mantine/core';
import type { FeedbackSummaryDto } from '../../../../common/src/contracts/activity-feedback.ts';
import { BarChart, Chart } from '../charts/Chart.tsx';
import { TableBox } from '../TableBox.tsx';

/** How many gave each rating, as horizontal bars, with the same figures as a table. */
export function FeedbackChart({ summary, title }: { summary: FeedbackSummaryDto; title: string }) {
  const rows = [...summary.byRating].reverse();
  const words = rows.map((r) => `${r.label} ${r.count}`).join(', ');
  const height = rows.length * 30 + 8;
  return (
    <figure style={{ margin: 0, maxWidth: 440 }}>
      <Chart
        label={`${title}: ${summary.count} ${summary.count === 1 ? 'answer' : 'answers'}; ${words}`}
        height={height}
      >
        <BarChart
          h={height}
          data={rows.map((r) => ({ rating: r.label, count: r.count }))}
          dataKey="rating"
          orientation="vertical"
          series={[{ name: 'count', label: 'Answers', color: 'blue.8' }]}
          withXAxis={false}
          yAxisProps={{ width: 92 }}
          gridAxis="none"
          withBarValueLabel
          valueFormatter={String}
          withTooltip={false}
          accessibilityLayer={false}
        />
      </Chart>
      <figcaption>
        <Text size="sm">
          {summary.average === null
            ? 'No ratings yet.'
            : `Average ${summary.average} out of 5, from ${summary.count} ${summary.count === 1 ? 'answer' : 'answers'}.`}
        </Text>
      </figcaption>
      <details>
        <summary style={{ fontSize: 'var(--mantine-font-size-sm)', cursor: 'pointer' }}>The figures</summary>
        <TableBox minWidth={220} label={`${title}: figures`}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rating</Table.Th>
                <Table.Th>Answers</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.rating}>
                  <Table.Td>
                    {r.label} ({r.rating})
                  </Table.Td>
                  <Table.Td>{r.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      </details>
    </figure>
  );
}

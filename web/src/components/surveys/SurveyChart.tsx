import { Table } from '@mantine/core';
import type { SurveyResult } from '../../../../common/src/contracts/surveys.ts';
import { BarChart, Chart } from '../charts/Chart.tsx';
import { TableBox } from '../TableBox.tsx';

type Scored = SurveyResult['questions'][number] & { average: number; scale: { min: number; max: number } };

/** "recommend" → "Recommend": a question's key as its short label. */
const labelOf = (id: string) => (id.charAt(0).toUpperCase() + id.slice(1)).replace(/_/g, ' ');

/**
 * A survey's scale questions as horizontal bars: each average as a share of its own scale (1–5,
 * 0–10), labelled with the average itself, with the same figures as a table for anyone who would
 * rather read them.
 */
export function SurveyChart({ survey }: { survey: SurveyResult }) {
  const scored = survey.questions.filter((q): q is Scored => q.scale !== null && q.average !== null);
  if (!scored.length) return null;
  const height = scored.length * 36 + 8;
  return (
    <figure style={{ margin: 0, maxWidth: 480 }}>
      <Chart
        label={`${survey.title}: average answers, ${scored.map((q) => `${q.id} ${q.average} of ${q.scale.max}`).join(', ')}`}
        height={height}
      >
        <BarChart
          h={height}
          data={scored.map((q) => ({
            question: `${labelOf(q.id)}: ${q.average} of ${q.scale.max}`,
            share: Math.round((100 * (q.average - q.scale.min)) / Math.max(1, q.scale.max - q.scale.min)),
          }))}
          dataKey="question"
          orientation="vertical"
          series={[{ name: 'share', label: 'Share of the scale', color: 'blue.8' }]}
          withXAxis={false}
          xAxisProps={{ domain: [0, 100] }}
          yAxisProps={{ width: 150 }}
          gridAxis="none"
          withTooltip={false}
          accessibilityLayer={false}
        />
      </Chart>
      <details>
        <summary style={{ fontSize: 'var(--mantine-font-size-sm)', cursor: 'pointer' }}>The figures</summary>
        <TableBox minWidth={280} label={`${survey.title}: the figures`}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Question</Table.Th>
                <Table.Th>Average</Table.Th>
                <Table.Th>Answers</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {scored.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td>{q.text}</Table.Td>
                  <Table.Td>
                    {q.average} of {q.scale.max}
                  </Table.Td>
                  <Table.Td>{q.answered}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      </details>
    </figure>
  );
}

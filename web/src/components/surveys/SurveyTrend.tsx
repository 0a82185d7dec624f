import { Table, Text, Title } from '@mantine/core';
import type { SurveyResult } from '../../../../common/src/contracts/surveys.ts';
import { Chart, LineChart } from '../charts/Chart.tsx';
import { formatDate } from '../forms.ts';
import { TableBox } from '../TableBox.tsx';

/** "recommend" → "Recommend": a question's key as its short label. */
const labelOf = (id: string) => (id.charAt(0).toUpperCase() + id.slice(1)).replace(/_/g, ' ');
const COLOURS = ['blue.7', 'grape.7', 'teal.7', 'orange.7', 'red.7', 'indigo.7', 'lime.8', 'pink.7'];

type Scored = { id: string; average: number; min: number; max: number };

const scoredOf = (survey: SurveyResult): Scored[] =>
  survey.questions.flatMap((q) =>
    q.scale && q.average !== null
      ? [{ id: q.id, average: q.average, min: q.scale.min, max: q.scale.max }]
      : [],
  );

/**
 * Trends across rounds: each scale question's average at every survey whose breakdown is shown
 * (one below its anonymity threshold adds nothing), oldest first. Scales differ (1–5, 0–10), so the
 * lines are drawn as a share of each question's own scale; the table gives the averages themselves.
 */
export function SurveyTrend({ surveys }: { surveys: SurveyResult[] }) {
  const rounds = surveys.filter((s) => s.shown && scoredOf(s).length).reverse();
  if (rounds.length < 2) return null;
  const ids = [...new Set(rounds.flatMap((s) => scoredOf(s).map((q) => q.id)))].slice(0, COLOURS.length);
  const data = rounds.map((s) => ({
    round: `${formatDate(s.createdAt)}, ${s.unitName}`,
    ...Object.fromEntries(
      scoredOf(s).map((q) => [q.id, Math.round((100 * (q.average - q.min)) / Math.max(1, q.max - q.min))]),
    ),
  }));
  const averageIn = (s: SurveyResult, id: string) => {
    const q = scoredOf(s).find((x) => x.id === id);
    return q ? `${q.average} of ${q.max}` : '—';
  };
  return (
    <section aria-labelledby="survey-trend">
      <Title order={4} size="h5" id="survey-trend" mb={4}>
        Across rounds
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {rounds.length} surveys with enough answers to show, oldest first; each line is a question's average
        as a share of its scale.
      </Text>
      <Chart
        label="Line chart of each question's average at each survey round; the table below gives the same figures"
        height={240}
      >
        <LineChart
          accessibilityLayer={false}
          h={240}
          data={data}
          dataKey="round"
          series={ids.map((id, i) => ({ name: id, label: labelOf(id), color: COLOURS[i]! }))}
          yAxisProps={{ domain: [0, 100] }}
          unit="%"
          connectNulls
          withLegend
        />
      </Chart>
      <TableBox minWidth={120 + 110 * ids.length} label="Survey averages at each round">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Round</Table.Th>
              {ids.map((id) => (
                <Table.Th key={id} scope="col">
                  {labelOf(id)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rounds.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Th scope="row" fw={400}>
                  {formatDate(s.createdAt)}, {s.unitName}: {s.title} ({s.answered} answered)
                </Table.Th>
                {ids.map((id) => (
                  <Table.Td key={id}>{averageIn(s, id)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableBox>
    </section>
  );
}

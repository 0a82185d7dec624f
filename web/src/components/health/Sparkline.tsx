import type { HealthPoint } from '../../../../common/src/contracts/relationship-health.ts';
import { AreaChart, Chart } from '../charts/Chart.tsx';

/** A small line of daily health scores (0–100), with its reading in words for screen readers. */
export function Sparkline({
  points,
  label,
  width = 120,
  height = 28,
}: {
  points: HealthPoint[];
  label: string;
  width?: number;
  height?: number;
}) {
  const scored = points.filter((p): p is HealthPoint & { score: number } => p.score !== null);
  if (scored.length < 2) {
    return (
      <span style={{ fontSize: 'var(--mantine-font-size-xs)', color: 'var(--mantine-color-dimmed)' }}>
        No trend yet
      </span>
    );
  }
  const first = scored[0]!;
  const last = scored[scored.length - 1]!;
  return (
    <Chart
      label={`${label}: ${first.score} on ${first.day}, ${last.score} on ${last.day}`}
      height={height}
      width={width}
    >
      {/* An area chart stripped to its line, not Mantine's Sparkline: that one keeps recharts'
          keyboard layer, a focusable drawing inside what is one image. */}
      <AreaChart
        w={width}
        h={height}
        data={scored.map((p) => ({ day: p.day, score: p.score }))}
        dataKey="day"
        series={[{ name: 'score', color: 'blue.8' }]}
        curveType="linear"
        strokeWidth={1.5}
        fillOpacity={0.15}
        withXAxis={false}
        withYAxis={false}
        yAxisProps={{ domain: [0, 100] }}
        gridAxis="none"
        withDots={false}
        withTooltip={false}
        accessibilityLayer={false}
      />
    </Chart>
  );
}

import { area, line } from 'd3-shape';
import type { HealthPoint } from '../../../../common/src/contracts/relationship-health.ts';

/**
 * A small line of daily health scores (0–100), with its reading in words for screen readers.
 * Two SVG paths laid out by d3-shape (the library under recharts), not a whole chart: Home draws
 * one per relationship, and a chart each (the library fetched, then each drawn by recharts)
 * blocked the main thread on load.
 */
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
  // The stroke's half-width inside the box at the top and bottom, so 0 and 100 are not clipped.
  const inset = 1;
  const x = (_: unknown, i: number) => (i / (scored.length - 1)) * width;
  const y = (p: { score: number }) => inset + (1 - p.score / 100) * (height - 2 * inset);
  const stroke = line<{ score: number }>().x(x).y(y)(scored) ?? '';
  const fill = area<{ score: number }>().x(x).y0(height).y1(y)(scored) ?? '';
  const colour = 'var(--mantine-color-blue-8)';
  return (
    <svg
      role="img"
      aria-label={`${label}: ${first.score} on ${first.day}, ${last.score} on ${last.day}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      style={{ display: 'block', maxWidth: '100%', flexShrink: 0 }}
    >
      <path d={fill} fill={colour} fillOpacity={0.15} stroke="none" />
      <path d={stroke} fill="none" stroke={colour} strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}

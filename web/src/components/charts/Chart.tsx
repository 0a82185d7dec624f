import { Skeleton } from '@mantine/core';
import { useIntersection } from '@mantine/hooks';
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';

/** Mantine's charts (recharts underneath), loaded on first use so no page waits for them. */
export const BarChart = lazy(() => import('./mantine-charts.ts').then((m) => ({ default: m.BarChart })));
export const LineChart = lazy(() => import('./mantine-charts.ts').then((m) => ({ default: m.LineChart })));
export const AreaChart = lazy(() => import('./mantine-charts.ts').then((m) => ({ default: m.AreaChart })));

/** How far below (or above) the screen a chart starts to load: about a flick of the thumb ahead. */
const AHEAD = '240px 0px';

/**
 * A chart's frame: one image for assistive technology, named by its reading in words, at a fixed
 * size while the library loads, so nothing shifts when it arrives. The chart is drawn (and the
 * library fetched) once the frame comes within a flick of the screen: a phone does not load charts
 * far below the fold before the page is usable, and the chart is usually drawn by the time it is
 * scrolled to. Until then its space shows a placeholder of the chart's size, never an empty box.
 * The charts inside are drawn without recharts' keyboard layer: each chart's figures are also
 * given as a table beside it.
 */
export function Chart({
  label,
  height,
  width,
  children,
}: {
  label: string;
  height: number;
  width?: number;
  children: ReactNode;
}) {
  const { ref, entry } = useIntersection<HTMLDivElement>({ rootMargin: AHEAD });
  const near = entry?.isIntersecting ?? false;
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (near) setSeen(true);
  }, [near]);
  const placeholder = <Skeleton h="100%" data-chart-placeholder />;
  return (
    <div ref={ref} role="img" aria-label={label} style={{ height, width: width ?? '100%', maxWidth: '100%' }}>
      {/* The drawing itself is hidden from assistive technology: the frame's name says it. */}
      <div aria-hidden="true" style={{ height: '100%' }}>
        {seen ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder}
      </div>
    </div>
  );
}

/** Small SVG charts for bench/results, drawn by Vega-Lite (compiled to Vega and rendered headless). */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

/** A line chart of one or more series over time (minutes), as an SVG document. */
export async function lineChartSvg(options: {
  title: string;
  yTitle: string;
  points: { minute: number; value: number; series: string }[];
}): Promise<string> {
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title,
    width: 560,
    height: 220,
    data: { values: options.points },
    mark: { type: 'line', point: false },
    encoding: {
      x: { field: 'minute', type: 'quantitative', title: 'minutes into the run' },
      y: { field: 'value', type: 'quantitative', title: options.yTitle, scale: { zero: true } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

// The charting library and its stylesheet, in a chunk of their own: a page draws its words and
// tables first, and its charts when this has loaded (see Chart.tsx).
import '@mantine/charts/styles.layer.css';

export { AreaChart, BarChart, LineChart } from '@mantine/charts';

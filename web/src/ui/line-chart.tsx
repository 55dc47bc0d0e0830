// A line chart over UTC days (Chart.js on a canvas) for the Trends tab. Days whose state was carried
// over from an earlier capture are drawn as a dashed segment without a point; the numbers are in a
// table the caller renders next to it, for screen readers and the keyboard.
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { cssVar } from './chart';
import { formatDay } from './format';
import { useColorScheme } from './hooks';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Point shapes as well as colours, so that the lines differ without colour vision. */
const SHAPES = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star'] as const;

export interface LineSeries {
  readonly label: string;
  readonly values: readonly number[];
  /** A CSS custom property naming the colour. */
  readonly color: string;
}

export interface LineChartSpec {
  readonly id: string;
  /** The canvas's accessible name: what the lines show, in words. */
  readonly summary: string;
  /** UTC days (YYYY-MM-DD), oldest first. */
  readonly days: readonly string[];
  /** Per day: false when the state was carried over from an earlier day. */
  readonly recorded: readonly boolean[];
  readonly series: readonly LineSeries[];
  readonly format: (value: number) => string;
  /** The tooltip's line for series `s` on day `i`. */
  readonly tooltip: (s: number, i: number) => string;
  /** The y axis runs 0–max (100 for shares). */
  readonly max?: number;
}

function config(spec: LineChartSpec): ChartConfiguration<'line'> {
  const axis = { grid: { color: cssVar('--grid') }, ticks: { color: cssVar('--text-muted') } };
  const carried = (i: number) => spec.recorded[i] === false;
  return {
    type: 'line',
    data: {
      labels: spec.days.map(formatDay),
      datasets: spec.series.map((s, n) => ({
        label: s.label,
        data: [...s.values],
        borderColor: cssVar(s.color),
        backgroundColor: cssVar(s.color),
        borderWidth: 2,
        tension: 0,
        pointStyle: SHAPES[n % SHAPES.length],
        // A point where a state was recorded; a single day still shows as a point.
        pointRadius: spec.days.map((_, i) => (carried(i) ? 0 : spec.days.length > 120 ? 2 : 3.5)),
        pointHoverRadius: 5,
        pointHitRadius: 6,
        segment: { borderDash: (ctx: { p1DataIndex: number }) => (carried(ctx.p1DataIndex) ? [5, 4] : undefined) },
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ...axis, grid: { display: false }, ticks: { ...axis.ticks, autoSkip: true, maxRotation: 0 } },
        y: {
          ...axis,
          beginAtZero: true,
          ...(spec.max === undefined ? {} : { max: spec.max }),
          ticks: { ...axis.ticks, precision: 0, callback: (v: string | number) => spec.format(Number(v)) },
        },
      },
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: cssVar('--text'), usePointStyle: true, boxWidth: 8, boxHeight: 8 } },
        tooltip: {
          callbacks: {
            label: (item) => spec.tooltip(item.datasetIndex, item.dataIndex),
            footer: (items) => {
              const i = items[0]?.dataIndex;
              return i !== undefined && carried(i) ? 'No capture this day: the previous state, carried over.' : '';
            },
          },
        },
      },
    },
  };
}

export function LineChart(spec: LineChartSpec) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scheme = useColorScheme();
  const latest = useRef(spec);
  latest.current = spec;
  const shape = JSON.stringify([spec.days, spec.recorded, spec.series, spec.max]);
  useEffect(() => {
    if (canvas.current === null) return undefined;
    const chart = new Chart(canvas.current, config(latest.current));
    Object.defineProperty(canvas.current, 'amrChart', { value: chart, configurable: true });
    return () => chart.destroy();
  }, [shape, scheme]);
  return (
    <div class="chart" style={{ height: '280px' }}>
      <canvas ref={canvas} role="img" aria-label={spec.summary} />
    </div>
  );
}

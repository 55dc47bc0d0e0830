// A bar chart (Chart.js on a canvas, for the eye and the pointer) with the same numbers as a table
// of links (for screen readers and the keyboard). Colours come from CSS custom properties, so the
// chart follows the light or dark theme.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { formatCount } from './format';
import { useColorScheme } from './hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  /** A CSS custom property naming the colour, e.g. --series-success. */
  readonly color: string;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly series: readonly Series[];
  readonly horizontal?: boolean;
  readonly stacked?: boolean;
  /** The table's first column heading (default: Method for horizontal bars, Day otherwise). */
  readonly categoryHeading?: string;
  /** How values read in the table, tooltip and axis (default: whole counts). */
  readonly format?: (value: number) => string;
  /** The value axis runs 0–max (100 for shares). */
  readonly max?: number;
  /** The canvas's accessible name, where "the largest bars" would not say it (shares side by side). */
  readonly summary?: string;
  /** Where a category's row heading in the table leads (all its series), or null. */
  readonly categoryLinkFor?: (category: number) => string | null;
  /** Where a bar leads (the filtered list), or null if it leads nowhere. */
  readonly linkFor?: (category: number, series: number) => string | null;
  /** Shown instead of the chart when every value is zero. */
  readonly empty?: ComponentChildren;
  readonly children?: ComponentChildren;
}

export const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function config(spec: ChartSpec, onPick: (category: number, series: number) => void): ChartConfiguration<'bar'> {
  const axis = { grid: { color: cssVar('--grid') }, ticks: { color: cssVar('--text-muted') }, stacked: spec.stacked ?? false };
  const format = spec.format ?? formatCount;
  const valueAxis = {
    ...axis,
    beginAtZero: true,
    ...(spec.max === undefined ? {} : { max: spec.max }),
    ticks: { ...axis.ticks, precision: 0, callback: (v: string | number) => format(Number(v)) },
  };
  // On a phone, long method names are shortened on the axis (the tooltip and the table keep them whole).
  const categoryTicks = {
    ...axis.ticks,
    callback(this: { getLabelForValue(v: number): string; chart: { width: number } }, value: string | number): string {
      const label = this.getLabelForValue(Number(value));
      return this.chart.width < 480 && label.length > 20 ? `${label.slice(0, 19)}…` : label;
    },
  };
  return {
    type: 'bar',
    data: {
      labels: [...spec.categories],
      datasets: spec.series.map((s) => ({ label: s.label, data: [...s.values], backgroundColor: cssVar(s.color), borderRadius: 3, maxBarThickness: 28 })),
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: spec.horizontal
        ? { x: valueAxis, y: { ...axis, ticks: categoryTicks, grid: { display: false } } }
        : { x: { ...axis, grid: { display: false } }, y: valueAxis },
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: cssVar('--text'), boxWidth: 12 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${format(Number(item.raw))}` } },
      },
      onClick: (_event, elements) => {
        const hit = elements[0];
        if (hit !== undefined) onPick(hit.index, hit.datasetIndex);
      },
      onHover: (event, elements) => {
        const canvas = event.native?.target;
        if (canvas instanceof HTMLCanvasElement) canvas.style.cursor = elements.length > 0 && spec.linkFor ? 'pointer' : 'default';
      },
    },
  };
}

/** A short text for the canvas's accessible name: the largest bars, in words. */
function summary(spec: ChartSpec): string {
  if (spec.summary !== undefined) return spec.summary;
  const totals = spec.categories.map((c, i) => ({ c, n: spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0) }));
  const top = [...totals]
    .sort((a, b) => b.n - a.n)
    .slice(0, 3)
    .filter((t) => t.n > 0);
  return top.length === 0
    ? `${spec.title}: no data.`
    : `${spec.title}. Largest: ${top.map((t) => `${t.c} ${formatCount(t.n)}`).join(', ')}. The table below has every number.`;
}

/** A chart's numbers as a table, folded under the chart: every chart has one (screen readers, exact values). */
export function ChartTable({ title, caption, children }: { readonly title: string; readonly caption?: string; readonly children: ComponentChildren }) {
  return (
    <details class="data-table">
      <summary>Table of “{title}”</summary>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={`${title}, as a table`}>
        <table>
          {caption === undefined ? null : <caption class="visually-hidden">{caption}</caption>}
          {children}
        </table>
      </div>
    </details>
  );
}

function DataTable({ spec }: { spec: ChartSpec }) {
  return (
    <ChartTable title={spec.title}>
      <thead>
        <tr>
          <th scope="col">{spec.categoryHeading ?? (spec.horizontal ? 'Method' : 'Day')}</th>
          {spec.series.map((s) => (
            <th scope="col" class="num">
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {spec.categories.map((c, i) => (
          <tr>
            <th scope="row">{spec.categoryLinkFor?.(i) ? <a href={spec.categoryLinkFor(i)!}>{c}</a> : c}</th>
            {spec.series.map((s, j) => {
              const n = (spec.format ?? formatCount)(s.values[i] ?? 0);
              const link = spec.linkFor?.(i, j) ?? null;
              return (
                <td class="num" data-count={s.values[i] ?? 0}>
                  {link === null ? (
                    n
                  ) : (
                    <a href={link} aria-label={`${c}, ${s.label}: ${n}`}>
                      {n}
                    </a>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </ChartTable>
  );
}

export function BarChart(spec: ChartSpec) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scheme = useColorScheme();
  const latest = useRef(spec);
  latest.current = spec;
  const allZero = spec.series.every((s) => s.values.every((v) => v === 0));
  // Redrawn when the numbers or the theme change, not on every render of the page around it.
  const shape = JSON.stringify([spec.categories, spec.series, spec.horizontal, spec.stacked]);
  useEffect(() => {
    if (canvas.current === null || allZero) return undefined;
    const pick = (category: number, series: number) => {
      const link = latest.current.linkFor?.(category, series) ?? null;
      if (link !== null) location.hash = link;
    };
    const chart = new Chart(canvas.current, config(spec, pick));
    // The browser tests find the bars through this (a real pointer click on a real bar).
    Object.defineProperty(canvas.current, 'amrChart', { value: chart, configurable: true });
    return () => chart.destroy();
  }, [shape, scheme, allZero]);
  const height = spec.horizontal ? Math.max(160, spec.categories.length * 26 * Math.max(1, spec.stacked ? 1 : spec.series.length * 0.7) + 56) : 260;
  return (
    <section class="panel" aria-labelledby={`${spec.id}-title`} data-chart={spec.id}>
      <h3 id={`${spec.id}-title`}>{spec.title}</h3>
      <p class="muted">{spec.description}</p>
      {spec.children}
      {allZero && spec.empty !== undefined ? (
        <div class="empty">{spec.empty}</div>
      ) : (
        <>
          <div class="chart" style={{ height: `${Math.round(height)}px` }}>
            <canvas ref={canvas} role="img" aria-label={summary(spec)} />
          </div>
          <DataTable spec={spec} />
        </>
      )}
    </section>
  );
}

import * as Plot from '@observablehq/plot';
import type { ChartCell } from '../engine/workbook.ts';
import { CHART_STYLE, fitWidth, LABELLED_X_AXIS, sortLabels, type Chart, type ChartOptions } from './chart-style.ts';
import { clipLabels, titleClippedLabels } from './text-fit.ts';

/** A column to draw: numbers (NaN where missing), times, or text (null where missing). */
export type ChartColumn = Float64Array | Array<Date | null> | Array<string | null>;

export interface ChartData {
  length: number;
  columns: Record<string, ChartColumn>;
}

export type ChartSpec = Pick<ChartCell, 'mark' | 'x' | 'y' | 'color' | 'facet'>;

/** Facets drawn at most; more would make a chart too tall to read. */
export const MAX_FACETS = 12;
/** Numeric x columns with more distinct values than this are binned for bars. */
const MAX_BAR_GROUPS = 40;

/** The chart a chart cell asks for. Throws an Error saying what to pick when the choice cannot be drawn. */
export function chartCellPlot(spec: ChartSpec, data: ChartData, options: ChartOptions = {}): Chart {
  const column = (name: string | null, role: string): ChartColumn | undefined => {
    if (!name) return undefined;
    const values = data.columns[name];
    if (!values) throw new Error(`the ${role} column "${name}" is not in the table any more: choose another`);
    return values;
  };
  if (!spec.x) throw new Error('choose a column for x');
  const ordered = spec.mark === 'line' || spec.mark === 'area' ? sortedBy(data, spec.x) : data;
  const x = column(spec.x, 'x');
  if (!x) throw new Error('choose a column for x');
  const y = column(spec.y, 'y');
  const color = column(spec.color, 'colour');
  const facet = column(spec.facet, 'facet');
  const rows = { length: ordered.length };
  const pick = (c: ChartColumn | undefined, name: string | null) => (c && name ? ordered.columns[name] : undefined);
  const xs = ordered.columns[spec.x] ?? x;
  const channels = { x: xs, y: pick(y, spec.y), color: pick(color, spec.color), fy: pick(facet, spec.facet) };
  const facets = channels.fy ? distinct(channels.fy) : [];
  if (facets.length > MAX_FACETS) {
    throw new Error(`the facet column "${spec.facet}" has ${facets.length} values; choose one with at most ${MAX_FACETS}`);
  }
  const needY = (what: string) => {
    if (!channels.y) throw new Error(`a ${what} needs a column for y`);
    return channels.y;
  };
  const numericColor = channels.color instanceof Float64Array;
  const sum = channels.y ? 'sum' : 'count';
  const average = channels.y ? 'mean' : 'count';
  let mark: Plot.Markish;
  let yLabel: string | null = spec.y;
  switch (spec.mark) {
    case 'dot':
      mark = channels.y
        ? Plot.dot(rows, { x: channels.x, y: channels.y, fill: channels.color ?? 'currentColor', fy: channels.fy, r: 2.5, fillOpacity: 0.7 })
        : Plot.dotX(rows, { x: channels.x, fill: channels.color ?? 'currentColor', fy: channels.fy, r: 2.5, fillOpacity: 0.7 });
      break;
    case 'bar': {
      const binned = !isText(channels.x) && (!(channels.x instanceof Float64Array) || distinct(channels.x).length > MAX_BAR_GROUPS);
      const base = { x: channels.x, y: channels.y, fill: channels.color ?? 'currentColor', fy: channels.fy };
      mark = binned ? Plot.rectY(rows, Plot.binX({ y: sum }, base)) : Plot.barY(rows, Plot.groupX({ y: sum }, base));
      yLabel = channels.y ? `sum of ${spec.y}` : 'rows';
      break;
    }
    case 'line':
      mark = Plot.lineY(rows, Plot.groupX({ y: average }, { x: channels.x, y: channels.y, stroke: channels.color ?? 'currentColor', fy: channels.fy }));
      yLabel = channels.y ? `mean of ${spec.y}` : 'rows';
      break;
    case 'area':
      mark = Plot.areaY(rows, Plot.groupX({ y: average }, { x: channels.x, y: channels.y, fill: channels.color ?? 'currentColor', fy: channels.fy, fillOpacity: 0.7 }));
      yLabel = channels.y ? `mean of ${spec.y}` : 'rows';
      break;
    case 'box':
      mark = Plot.boxY(rows, { x: channels.x, y: needY('box plot'), fy: channels.fy, fill: 'currentColor', fillOpacity: 0.15, stroke: 'currentColor' });
      break;
    case 'cell':
      mark = Plot.cell(rows, Plot.group({ fill: numericColor ? 'mean' : 'count' }, { x: channels.x, y: needY('cell chart'), fill: numericColor ? channels.color : undefined, fy: channels.fy }));
      break;
  }
  const bandX = spec.mark === 'bar' || spec.mark === 'box' || spec.mark === 'cell';
  const textX = isText(channels.x);
  const width = fitWidth(options, 1100);
  const [marginLeft, marginRight] = [64, facets.length ? 80 : 20];
  // Category names wider than their band, and facet names wider than the right margin, are cut
  // with an ellipsis and keep their full text in a <title>.
  const categories = bandX && textX ? sortLabels(stringsOf(channels.x)) : [];
  const band = (width - marginLeft - marginRight) / Math.max(1, categories.length);
  const ticks = clipLabels(categories, band - 6);
  const facetNames = clipLabels(facets.map(String), marginRight - 8);
  const chart = Plot.plot({
    document: options.document,
    width, height: 90 + Math.max(1, facets.length) * (facets.length > 1 ? 150 : 240), marginLeft, marginRight, marginBottom: LABELLED_X_AXIS,
    style: CHART_STYLE,
    x: {
      label: spec.x,
      ...(bandX && textX ? { domain: categories, tickFormat: (d: string) => ticks.shown[categories.indexOf(d)] ?? d } : {}),
      ...(bandX ? {} : { nice: true }),
    },
    y: { label: yLabel, grid: true, ...(spec.mark === 'cell' && channels.y ? { domain: sortLabels(stringsOf(channels.y)) } : {}) },
    fy: facets.length ? { label: spec.facet, domain: facets, tickFormat: (d: unknown) => facetNames.shown[facets.indexOf(d as never)] ?? String(d) } : undefined,
    // Numbers are coloured in six steps: easier to read off than a smooth ramp, and drawn without a canvas.
    color: channels.color || spec.mark === 'cell'
      ? { legend: true, ...(numericColor || spec.mark === 'cell' ? { type: 'quantize', n: 6, scheme: 'blues' } : { domain: distinct(channels.color!) }) }
      : undefined,
    marks: [mark, ...(spec.mark === 'cell' ? [] : [Plot.ruleY([0])])],
  });
  titleClippedLabels(chart, new Map([...ticks.full, ...facetNames.full]));
  return chart;
}

function distinct(values: ChartColumn): Array<string | number> {
  const seen = new Set<string | number>();
  for (const v of values) if (v !== null && !(typeof v === 'number' && Number.isNaN(v))) seen.add(v instanceof Date ? v.getTime() : v);
  const list = [...seen];
  return list.every((v) => typeof v === 'number') ? list.sort((a, b) => Number(a) - Number(b)) : sortLabels(list.map(String));
}

function isText(values: ChartColumn): values is Array<string | null> {
  if (values instanceof Float64Array) return false;
  for (const v of values) if (v !== null) return typeof v === 'string';
  return true;
}

function stringsOf(values: ChartColumn): string[] {
  const out: string[] = [];
  for (const v of values) if (v !== null && typeof v === 'string') out.push(v);
  return out;
}

/** The rows in ascending order of `x`, so lines and areas run from left to right. */
function sortedBy(data: ChartData, x: string): ChartData {
  const key = data.columns[x];
  if (!key) return data;
  const at = (i: number) => {
    const v = key[i];
    return v instanceof Date ? v.getTime() : v;
  };
  const order = Array.from({ length: data.length }, (_, i) => i).sort((a, b) => {
    const p = at(a);
    const q = at(b);
    if (typeof p === 'number' && typeof q === 'number') return p - q || a - b;
    return String(p).localeCompare(String(q), 'en', { numeric: true }) || a - b;
  });
  const columns: Record<string, ChartColumn> = {};
  for (const [name, values] of Object.entries(data.columns)) {
    columns[name] = values instanceof Float64Array ? Float64Array.from(order, (i) => values[i]) : reorder(values, order);
  }
  return { length: data.length, columns };
}

function reorder(values: Array<Date | null> | Array<string | null>, order: number[]): ChartColumn {
  return isText(values) ? order.map((i) => values[i]) : order.map((i) => values[i]);
}

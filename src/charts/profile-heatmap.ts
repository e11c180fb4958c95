import * as Plot from '@observablehq/plot';
import { CHART_STYLE, DEFAULT_WIDTH, inkOn, type Chart, type ChartOptions } from './chart-style.ts';
import { clipLabels, tableLabelMargin, titleClippedLabels } from './text-fit.ts';

/** Standardised differences, one row per segment and one column per numeric column. */
export interface HeatmapData {
  /** Row labels, top to bottom, e.g. "1 · Recent big spenders". */
  rows: string[];
  columns: string[];
  /** z[row][column]; null where the difference is unknown. */
  z: Array<Array<number | null>>;
}

/** Column widths: wide enough for "-0.61" in 12 px, and no wider than reads as one table. */
const MIN_COLUMN = 46;
const MAX_COLUMN = 150;

/**
 * Segments by numeric columns, each square coloured by its standardised difference from everyone
 * else (blue below, red above, white at 0) and labelled with it. Row labels get the margin the
 * longest needs, up to 40% of the width; longer ones, and column names wider than their column,
 * are cut with an ellipsis and keep their full text in a <title>.
 */
export function profileHeatmap(data: HeatmapData, options: ChartOptions = {}): Chart {
  const room = options.width ?? DEFAULT_WIDTH;
  const marginLeft = tableLabelMargin(data.rows, room, data.columns.length, MIN_COLUMN, 8);
  const band = Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, Math.floor((room - marginLeft - 8) / Math.max(1, data.columns.length))));
  const rows = clipLabels(data.rows, marginLeft - 10);
  const columns = clipLabels(data.columns, band - 8);
  const row: string[] = [];
  const column: string[] = [];
  const z: Array<number | null> = [];
  rows.shown.forEach((r, i) =>
    columns.shown.forEach((c, j) => {
      row.push(r);
      column.push(c);
      z.push(data.z[i]?.[j] ?? null);
    }),
  );
  const index = z.map((_, i) => i);
  const known = index.filter((i) => z[i] !== null);
  const extent = Math.max(1, ...known.map((i) => Math.abs(z[i] ?? 0)));
  // Each number in black or white, whichever reads better on its square, whatever the page's theme.
  const colour = { type: 'diverging', scheme: 'BuRd', domain: [-extent, extent], pivot: 0 } as const;
  const shade = Plot.scale({ color: colour });
  const ink = (i: number) => inkOn(String(shade.apply(z[i] ?? 0)));
  // Accessors rather than arrays: the marks below draw a subset of the index.
  const x = (i: number) => column[i];
  const y = (i: number) => row[i];
  const chart = Plot.plot({
    document: options.document,
    width: marginLeft + band * data.columns.length + 8,
    height: 48 + data.rows.length * 30,
    marginLeft, marginRight: 8, marginTop: 36, marginBottom: 8,
    style: CHART_STYLE,
    x: { type: 'band', domain: columns.shown, axis: 'top', label: null, tickSize: 0 },
    y: { type: 'band', domain: rows.shown, label: null, tickSize: 0 },
    color: colour,
    marks: [
      Plot.cell(index, { x, y, fill: 'none', stroke: 'currentColor', strokeOpacity: 0.2, inset: 1 }),
      Plot.cell(known, { x, y, fill: (i: number) => z[i], inset: 1 }),
      Plot.text(known, { x, y, text: (i: number) => (z[i] ?? 0).toFixed(2), fill: ink, fontSize: 12 }),
    ],
  });
  titleClippedLabels(chart, new Map([...rows.full, ...columns.full]));
  return chart;
}

/** The heatmap's text alternative: the strongest differences in words. */
export function profileHeatmapCaption(data: HeatmapData): string {
  const cells = data.rows.flatMap((r, i) => data.columns.map((c, j) => ({ r, c, z: data.z[i]?.[j] ?? null })));
  const strongest = cells
    .filter((x): x is { r: string; c: string; z: number } => x.z !== null)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, 4)
    .map((x) => `${x.r}: ${x.c} ${x.z >= 0 ? '+' : ''}${x.z.toFixed(2)}`);
  return `Standardised difference of each segment from everyone else, by column (red above, blue below, in pooled standard deviations)${strongest.length ? `. Largest: ${strongest.join('; ')}` : ''}.`;
}

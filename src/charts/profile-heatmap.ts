import * as Plot from '@observablehq/plot';

/** Standardised differences, one row per segment and one column per numeric column. */
export interface HeatmapData {
  /** Row labels, top to bottom, e.g. "1 · Recent big spenders". */
  rows: string[];
  columns: string[];
  /** z[row][column]; null where the difference is unknown. */
  z: Array<Array<number | null>>;
}

/**
 * Segments by numeric columns, each square coloured by its standardised difference from everyone
 * else (blue below, red above, white at 0) and labelled with it. `document` lets tests draw it
 * outside a browser.
 */
export function profileHeatmap(data: HeatmapData, options: { document?: Document } = {}): SVGSVGElement | HTMLElement {
  const row: string[] = [];
  const column: string[] = [];
  const z: Array<number | null> = [];
  data.rows.forEach((r, i) =>
    data.columns.forEach((c, j) => {
      row.push(r);
      column.push(c);
      z.push(data.z[i]?.[j] ?? null);
    }),
  );
  const index = z.map((_, i) => i);
  const known = index.filter((i) => z[i] !== null);
  const extent = Math.max(1, ...known.map((i) => Math.abs(z[i] ?? 0)));
  // Pale squares near 0 take dark text, saturated ones white, whatever the page's theme.
  const ink = (i: number) => (Math.abs(z[i] ?? 0) > extent * 0.55 ? 'white' : 'black');
  // Accessors rather than arrays: the marks below draw a subset of the index.
  const x = (i: number) => column[i];
  const y = (i: number) => row[i];
  const longest = Math.max(4, ...data.rows.map((r) => r.length));
  return Plot.plot({
    ...(options.document ? { document: options.document } : {}),
    width: Math.min(900, 24 + Math.min(longest, 32) * 6.5 + data.columns.length * 84),
    height: 48 + data.rows.length * 30,
    marginLeft: 16 + Math.min(longest, 32) * 6.5, marginTop: 36, marginBottom: 8,
    style: { background: 'transparent', color: 'currentColor', fontSize: '11px' },
    x: { type: 'band', domain: data.columns, axis: 'top', label: null, tickSize: 0 },
    y: { type: 'band', domain: data.rows, label: null, tickSize: 0 },
    color: { type: 'diverging', scheme: 'BuRd', domain: [-extent, extent], pivot: 0 },
    marks: [
      Plot.cell(index, { x, y, fill: 'none', stroke: 'currentColor', strokeOpacity: 0.2, inset: 1 }),
      Plot.cell(known, { x, y, fill: (i: number) => z[i], inset: 1 }),
      Plot.text(known, { x, y, text: (i: number) => (z[i] ?? 0).toFixed(2), fill: ink, fontSize: 12 }),
    ],
  });
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

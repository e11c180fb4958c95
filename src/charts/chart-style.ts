/** What every chart builder accepts besides its data. */
export interface ChartOptions {
  /** The document to draw in; Node snapshot tests pass jsdom's. */
  document?: Document;
}

/**
 * Charts draw in the text colour of whatever holds them, on a transparent background, so one
 * drawing suits the light and the dark theme; downloads fill in both colours.
 */
export const CHART_STYLE = { background: 'transparent', color: 'currentColor', fontSize: '11px' } as const;

/** Segment labels in their natural order: "2" before "10", text after numbers. */
export function sortLabels(labels: Iterable<string>): string[] {
  return [...new Set(labels)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** What Plot draws: an SVG, or a figure when a legend or title comes with it. */
export type Chart = SVGSVGElement | HTMLElement;

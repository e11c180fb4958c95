/** What every chart builder accepts besides its data. */
export interface ChartOptions {
  /** The document to draw in; Node snapshot tests pass jsdom's. */
  document?: Document;
  /** The width in pixels the chart may take: the cell's. Charts that read better narrower take less. */
  width?: number;
}

/** The width a chart assumes when it is not told one (a download or a Node test). */
export const DEFAULT_WIDTH = 640;

/** The cell's width, or `most` for charts that read worse when stretched further. */
export function fitWidth(options: ChartOptions, most: number): number {
  return Math.max(240, Math.min(options.width ?? DEFAULT_WIDTH, most));
}

/**
 * Bottom margin for an x axis with a label: at 11 px the tick labels and the label beneath them
 * need this much room not to touch (Plot's 30 px default is for 10 px type).
 */
export const LABELLED_X_AXIS = 40;

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

function luminance(colour: string): number | null {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour.trim());
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(colour.trim());
  const channels = hex ? [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) : rgb ? rgb.slice(1, 4).map(Number) : null;
  if (!channels) return null;
  const [r, g, b] = channels.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Black or white, whichever contrasts more with `fill` (WCAG's relative luminance). One of the two
 * always reaches 4.58:1, so a label on a shaded square passes the 4.5:1 text contrast.
 */
export function inkOn(fill: string): 'black' | 'white' {
  const l = luminance(fill);
  if (l === null) return 'black';
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? 'black' : 'white';
}

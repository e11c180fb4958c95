/**
 * Fitting chart labels into the room they have: how wide a label draws, how much margin the
 * longest label needs, and where a label too long for its margin is cut (the full text then
 * goes into a <title>).
 */

/** The font Plot draws in unless told otherwise. */
const FONT_FAMILY = 'system-ui, sans-serif';

/**
 * Widths in em of a wide sans-serif (DejaVu Sans, the widest system-ui we meet); used where there
 * is no canvas to measure with (Node tests), and erring wide so an estimate never clips.
 */
const NARROW = new Set([...'iljtfr.,:;\'!|()[] ·']);
const WIDE = new Set([...'mwMW%@']);
function estimate(text: string): number {
  let em = 0;
  for (const ch of text) {
    if (ch === ' ') em += 0.32;
    else if (NARROW.has(ch)) em += 0.36;
    else if (WIDE.has(ch)) em += 0.95;
    else if (/[A-Z0-9]/.test(ch)) em += 0.7;
    else em += 0.62;
  }
  return em;
}

let context: OffscreenCanvasRenderingContext2D | null | undefined;
function canvas(): OffscreenCanvasRenderingContext2D | null {
  if (context === undefined) context = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('2d');
  return context;
}

/** The width in pixels that `text` draws at `fontSize` px: measured in a browser, estimated elsewhere. */
export function textWidth(text: string, fontSize = 11): number {
  const ctx = canvas();
  if (!ctx) return estimate(text) * fontSize;
  ctx.font = `${fontSize}px ${FONT_FAMILY}`;
  // A little slack for bold-ish rendering and sub-pixel rounding.
  return ctx.measureText(text).width * 1.04 + 1;
}

/** The widest of `labels` in pixels, or 0 when there are none. */
export function widestLabel(labels: readonly string[], fontSize = 11): number {
  return labels.reduce((w, l) => Math.max(w, textWidth(l, fontSize)), 0);
}

/** `text` cut at the end with an ellipsis so it draws within `maxWidth` pixels; unchanged when it fits. */
export function clipLabel(text: string, maxWidth: number, fontSize = 11): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('').trimEnd()}…`, fontSize) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * Left margin for band labels of a chart `width` wide: room for the longest label plus a gap,
 * but never more than `share` of the width, so the marks keep most of it.
 */
export function labelMargin(labels: readonly string[], width: number, fontSize = 11, share = 0.4): number {
  return Math.ceil(Math.min(widestLabel(labels, fontSize) + 10, Math.max(60, width * share)));
}

/**
 * The label margin of a table-like chart whose `columns` need at least `minColumn` px each beside
 * `fixed` px of other margins: the labels give up room (down to 60 px, cut with an ellipsis)
 * before the chart grows wider than `width` and needs scrolling.
 */
export function tableLabelMargin(labels: readonly string[], width: number, columns: number, minColumn: number, fixed: number, fontSize = 11, share = 0.4): number {
  const wanted = labelMargin(labels, width, fontSize, share);
  return Math.max(Math.min(wanted, 60), Math.min(wanted, Math.floor(width - fixed - minColumn * Math.max(1, columns))));
}

/**
 * Puts the full text of every label Plot cut short into a <title>, so a pointer or a screen
 * magnifier can still read it. `full` maps the drawn text back to the original.
 */
export function titleClippedLabels(chart: Element, full: ReadonlyMap<string, string>): void {
  const doc = chart.ownerDocument;
  for (const text of chart.querySelectorAll('text')) {
    const original = full.get(text.textContent ?? '');
    if (original === undefined || original === text.textContent || text.querySelector('title')) continue;
    const title = doc.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = original;
    text.appendChild(title);
  }
}

/** Clips each label to `maxWidth` and returns the clipped labels with the map back to the originals. */
export function clipLabels(labels: readonly string[], maxWidth: number, fontSize = 11): { shown: string[]; full: Map<string, string> } {
  const full = new Map<string, string>();
  const shown = labels.map((l) => {
    let s = clipLabel(l, maxWidth, fontSize);
    // Two labels that clip to the same text must stay apart on a band scale.
    while (full.has(s) && full.get(s) !== l) s = `${s}\u200b`;
    full.set(s, l);
    return s;
  });
  return { shown, full };
}

/**
 * Tells contrast checkers what the chart text really looks like. axe-core gives up on any text
 * inside an <svg>: the <svg> in the text's background stack counts as an image ("element contains
 * an image node"), and it reads the CSS `color` where SVG paints with `fill`. So each text states
 * its ink in `color` and the colour painted under it in `background-color`; SVG paints neither,
 * and axe reads the text's own background first, before it reaches the <svg>.
 */

/** An opaque colour from a computed `fill`, or null for none, gradients and transparent fills. */
function solid(fill: string): string | null {
  const m = /^rgba?\(([^)]+)\)$/.exec(fill.trim());
  if (!m) return null;
  const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  if (parts.length === 4 && parts[3] < 1) return null;
  return `rgb(${parts[0]}, ${parts[1]}, ${parts[2]})`;
}

/**
 * Marks up every text of `chart` (drawn and laid out inside the page). Text on the page keeps
 * the theme's colours through CSS (see PlotFigure); text drawn over a solid shape, like a
 * heatmap's numbers, gets that shape's fill as its background and its own fill as its ink.
 */
export function declareTextInk(chart: Element): void {
  // Everything is read before anything is written: a style written between two reads made the
  // browser work out styles and layout again for every text (30 ms a chart on a busy page).
  // Solid shapes in drawing order, so the last one under a text is the one it sits on. Found by
  // their boxes rather than by hit-testing, which sees only what is scrolled into view.
  const shapes: Array<{ box: DOMRect; fill: string }> = [];
  for (const el of chart.querySelectorAll<SVGGraphicsElement>('rect, path, circle, ellipse, polygon')) {
    const style = getComputedStyle(el);
    const fill = solid(style.fill);
    if (fill && Number(style.fillOpacity) * Number(style.opacity) >= 0.999) shapes.push({ box: el.getBoundingClientRect(), fill });
  }
  const inks: Array<{ text: SVGTextElement; color: string | null; background: string | null }> = [];
  for (const text of chart.querySelectorAll<SVGTextElement>('text')) {
    if (!(text.textContent ?? '').trim()) continue;
    const painted = text.closest('[fill]')?.getAttribute('fill');
    const color = painted && painted.toLowerCase() !== 'currentcolor' ? getComputedStyle(text).fill : null;
    const box = text.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    let under: string | null = null;
    for (const s of shapes) if (s.box.left <= x && x <= s.box.right && s.box.top <= y && y <= s.box.bottom) under = s.fill;
    inks.push({ text, color, background: under });
  }
  for (const { text, color, background } of inks) {
    if (color) text.style.color = color;
    if (background) text.style.backgroundColor = background;
  }
}

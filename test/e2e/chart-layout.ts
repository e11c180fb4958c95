// The label check the chart tests share: every text of every chart lies inside its SVG and
// overlaps no other text of that chart.
import type { Page } from 'playwright-core';

/** One chart text that is cut off by its SVG or overprints another, described for a failure message. */
export type TextProblem = string;

/**
 * Checks every top-level chart SVG under `.cells .plot-figure` on the page. Boxes are the
 * browser's own (getBoundingClientRect), so the check sees the real font and the real width.
 * Empty texts and charts that are not displayed are skipped; `tolerance` pixels are forgiven.
 */
export function chartTextProblems(page: Page, tolerance = 1): Promise<TextProblem[]> {
  return page.evaluate((tol) => {
    const problems: string[] = [];
    const svgs = [...document.querySelectorAll<SVGSVGElement>('.cells .plot-figure svg')].filter((s) => !s.parentElement?.closest('svg'));
    for (const svg of svgs) {
      const frame = svg.getBoundingClientRect();
      if (frame.width === 0 || frame.height === 0) continue;
      const figure = svg.closest('.plot-figure');
      const chart = figure?.querySelector('figcaption')?.textContent?.slice(0, 50) ?? 'chart';
      // A chart is drawn at its box's width: wider than the box, its right side needs scrolling.
      const box = svg.closest('.chart')?.getBoundingClientRect();
      if (box && frame.right > box.right + tol) problems.push(`${chart}: the chart runs ${Math.round(frame.right - box.right)} px past its box`);
      const texts = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => ({ text: (t.textContent ?? '').trim(), box: t.getBoundingClientRect() }))
        .filter((t) => t.box.width > 0 && t.box.height > 0);
      for (const t of texts) {
        const b = t.box;
        if (b.left < frame.left - tol || b.top < frame.top - tol || b.right > frame.right + tol || b.bottom > frame.bottom + tol) {
          problems.push(`${chart}: "${t.text}" is cut off (text ${Math.round(b.left - frame.left)}..${Math.round(b.right - frame.left)} x ${Math.round(b.top - frame.top)}..${Math.round(b.bottom - frame.top)}, svg ${Math.round(frame.width)} x ${Math.round(frame.height)})`);
        }
      }
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].box;
          const b = texts[j].box;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > tol && h > tol) problems.push(`${chart}: "${texts[i].text}" overlaps "${texts[j].text}" by ${Math.round(w)} x ${Math.round(h)} px`);
        }
      }
    }
    return problems;
  }, tolerance);
}

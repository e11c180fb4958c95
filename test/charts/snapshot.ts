// Chart snapshots: charts are drawn in Node with jsdom and compared as normalised SVG text. A
// changed chart is written beside its snapshot as NAME.changed.svg so the two can be looked at;
// UPDATE_SNAPSHOTS=1 accepts the new drawing.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { JSDOM } from 'jsdom';
import { expect } from 'vitest';

const SNAPSHOTS = new URL('./snapshots/', import.meta.url);

/** A fresh document for Plot's `document` option. */
export function chartDocument(): Document {
  return new JSDOM('<!doctype html><html><body></body></html>').window.document;
}

/**
 * Serialises a chart with its attributes sorted and numbers rounded to 3 decimals, so the text
 * changes only when the drawing does.
 */
export function normaliseSvg(chart: Element): string {
  const clone = chart.cloneNode(true) as Element;
  const visit = (el: Element) => {
    const attributes = [...el.attributes].map((a) => [a.name, a.value] as const).sort(([a], [b]) => a.localeCompare(b));
    for (const [name] of attributes) el.removeAttribute(name);
    for (const [name, value] of attributes) {
      // Plot gives each chart a random class name for its scoped styles.
      const stable = name === 'class' ? value.replace(/plot-[0-9a-f]{6,}/g, 'plot-d6a7b5') : value;
      el.setAttribute(name, stable.replace(/-?\d+\.\d{4,}/g, (n) => String(Math.round(Number(n) * 1000) / 1000)));
    }
    for (const child of el.children) visit(child);
  };
  visit(clone);
  return clone.outerHTML.replace(/plot-[0-9a-f]{6,}/g, 'plot-d6a7b5').replace(/></g, '>\n<') + '\n';
}

/** Compares a chart with test/charts/snapshots/NAME.svg, creating it on the first run. */
export async function expectSvgSnapshot(name: string, chart: Element): Promise<void> {
  const actual = normaliseSvg(chart);
  const file = new URL(`${name}.svg`, SNAPSHOTS);
  const changed = new URL(`${name}.changed.svg`, SNAPSHOTS);
  if (!existsSync(file) || process.env.UPDATE_SNAPSHOTS === '1') {
    await writeFile(file, actual);
    await rm(changed, { force: true });
    return;
  }
  const expected = await readFile(file, 'utf8');
  if (actual === expected) {
    await rm(changed, { force: true });
    return;
  }
  await writeFile(changed, actual);
  expect(actual, `chart ${name} changed; compare ${name}.changed.svg with ${name}.svg`).toBe(expected);
}

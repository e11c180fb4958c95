const SVG_NS = 'http://www.w3.org/2000/svg';

/** The colours the chart had on screen, which a file read outside the app cannot inherit. */
export interface ExportColours {
  text: string;
  background: string;
}

export interface StandaloneSvg {
  text: string;
  width: number;
  height: number;
}

/**
 * A chart as a self-contained SVG file: namespaced, on a solid background, with currentColor
 * replaced by the text colour it was drawn in. A chart with a legend comes from Plot as a figure
 * holding HTML swatches and SVGs; they are stacked into one SVG, the swatches redrawn as SVG.
 */
export function standaloneSvg(chart: Element, colours: ExportColours): StandaloneSvg {
  const doc = chart.ownerDocument;
  const parts = chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.children].filter((c) => c.tagName.toLowerCase() === 'svg' || isSwatches(c));
  const main = parts.filter((p) => p.tagName.toLowerCase() === 'svg').at(-1);
  const width = main ? size(main, 'width') : 640;
  const root = doc.createElementNS(SVG_NS, 'svg');
  const background = doc.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', colours.background);
  root.append(background);
  let y = 0;
  for (const part of parts) {
    const group = doc.createElementNS(SVG_NS, 'g');
    group.setAttribute('transform', `translate(0,${y})`);
    if (isSwatches(part)) {
      const drawn = swatchRow(part, width);
      group.append(...drawn.nodes);
      y += drawn.height;
    } else {
      const copy = part.cloneNode(true);
      if (copy instanceof doc.defaultView!.Element) {
        copy.removeAttribute('aria-hidden');
        copy.setAttribute('y', '0');
      }
      group.append(copy);
      y += size(part, 'height');
    }
    root.append(group);
  }
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(y));
  root.setAttribute('viewBox', `0 0 ${width} ${y}`);
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', '11');
  root.setAttribute('fill', colours.text);
  // The serializer writes the SVG namespace, since the root was made in it.
  const text = new (doc.defaultView!.XMLSerializer)().serializeToString(root).replace(/currentColor/gi, colours.text);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`, width, height: y };
}

function isSwatches(el: Element): boolean {
  return el.tagName.toLowerCase() === 'div' && /-swatches\b/.test(el.getAttribute('class') ?? '');
}

function size(el: Element, what: 'width' | 'height'): number {
  const value = Number(el.getAttribute(what));
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Plot's HTML swatches (a small SVG and a label each) laid out as SVG rows of the chart's width. */
function swatchRow(swatches: Element, width: number): { nodes: Element[]; height: number } {
  const doc = swatches.ownerDocument;
  const nodes: Element[] = [];
  const rowHeight = 20;
  let x = 0;
  let row = 0;
  for (const swatch of swatches.querySelectorAll(':scope > span')) {
    const icon = swatch.querySelector('svg');
    const label = (swatch.textContent ?? '').trim();
    // Text is not measured outside a browser; 6.5 px a character is wide enough at 11 px.
    const step = 15 + 6 + label.length * 6.5 + 14;
    if (x > 0 && x + step > width) {
      x = 0;
      row++;
    }
    if (icon) {
      const copy = icon.cloneNode(true);
      if (copy instanceof doc.defaultView!.Element) {
        copy.setAttribute('x', String(x));
        copy.setAttribute('y', String(row * rowHeight + 2));
        nodes.push(copy);
      }
    }
    const text = doc.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', String(x + 21));
    text.setAttribute('y', String(row * rowHeight + 14));
    text.textContent = label;
    nodes.push(text);
    x += step;
  }
  return { nodes, height: nodes.length ? (row + 1) * rowHeight + 4 : 0 };
}

/** A file name from a chart's title: letters, digits and dashes, e.g. "segment-sizes-segments.svg". */
export function chartFileName(title: string, extension: 'svg' | 'png'): string {
  const stem = title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${stem || 'chart'}.${extension}`;
}

/**
 * Makes chart markup safe to paste into a report: only drawing and layout elements stay, and no
 * attribute can run script or fetch anything. The charts come from Plot, which puts user text in
 * text nodes, so this is a second line of defence behind the report's own CSP.
 */
const ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc', 'defs',
  'clippath', 'lineargradient', 'radialgradient', 'stop', 'pattern', 'marker', 'style', 'figure', 'figcaption', 'div', 'span',
  'h2', 'h3', 'p', 'ul', 'li',
]);

const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=>/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?/g;

// Nothing in a chart may lift itself out of the page's flow and lie over the rest of the report.
const LIFTED = /position\s*:\s*(?:fixed|absolute|sticky)|z-index\s*:/gi;

function safeAttribute(name: string, value: string): boolean {
  const n = name.toLowerCase();
  if (n.startsWith('on')) return false;
  if (n === 'style' && new RegExp(LIFTED.source, 'i').test(value)) return false;
  if (n === 'href' || n === 'xlink:href' || n === 'src' || n === 'action' || n === 'formaction') return value.replace(/^["']|["']$/g, '').startsWith('#');
  return !/url\s*\(\s*(?!['"]?#)|javascript:|@import|expression\s*\(/i.test(value);
}

/**
 * The text structure a note may use once its links and images are gone: a report that may fetch
 * nothing keeps a link's words and its destination as text, and drops images.
 */
export const NOTE_ELEMENTS: ReadonlySet<string> = new Set([
  'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'em', 'strong', 'del', 's', 'code', 'pre', 'kbd', 'sup', 'sub', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
]);

/** `markup` with only `elements` kept (chart elements unless told) and no attribute that runs or fetches anything. */
export function inertMarkup(markup: string, elements: ReadonlySet<string> = ELEMENTS): string {
  // Anything between <script> and its end, including the body, goes before tags are looked at.
  const source = markup.replace(/<(script|iframe|object|embed|foreignObject|noscript|template|textarea|xmp)\b[\s\S]*?<\/\1\s*>/gi, '');
  let out = '';
  let at = 0;
  for (const m of source.matchAll(TAG)) {
    // A "<" outside a recognised tag is text; escaped, no parser can read a tag into it.
    out += source.slice(at, m.index).replaceAll('<', '&lt;');
    at = m.index + m[0].length;
    const [, close, name, attributes, selfClose] = m;
    if (!elements.has(name.toLowerCase())) continue;
    if (close) {
      out += `</${name}>`;
      continue;
    }
    const kept = [...attributes.matchAll(ATTRIBUTE)].filter(([, n, v = '']) => safeAttribute(n, v)).map(([whole]) => whole);
    out += `<${name}${kept.length ? ' ' + kept.join(' ') : ''}${selfClose ? '/' : ''}>`;
  }
  out += source.slice(at).replaceAll('<', '&lt;');
  // Inside <style>: no imports, no fetched urls and no lifted boxes.
  return out.replace(/@import[^;]*;?/gi, '').replace(/url\s*\(\s*(?!['"]?#)[^)]*\)/gi, 'none').replace(LIFTED, 'x-dropped:');
}

// The frame every downloadable Segbook report shares: one CSP, one palette in both schemes, one
// way to escape text. A report only adds its own body and the rules its parts need.

// Reports are meant to be emailed and opened anywhere: they may load nothing and run nothing,
// whatever they hold.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const BASE_STYLE = `
:root { color-scheme: light dark; --text: #1d1f23; --muted: #5a5f69; --surface: #ffffff; --surface-2: #f3f4f6; --border: #d4d7dd; --accent: #2f5bc4; --error: #a3161b; --warn: #9a3412; }
@media (prefers-color-scheme: dark) { :root { --text: #e8eaee; --muted: #a9aeb8; --surface: #17191d; --surface-2: #22252b; --border: #3a3e46; --accent: #8fb0ff; --error: #ff9b9b; --warn: #fdba74; } }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--text); background: var(--surface); margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.75rem; }
.meta, figcaption { color: var(--muted); }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; color: var(--text); }
.wide { overflow-x: auto; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid var(--border); padding: 0.25rem 0.6rem; }
@media print {
  :root { color-scheme: light; --text: #000; --muted: #444; --surface: #fff; --surface-2: #f3f3f3; --border: #999; }
  body { max-width: none; padding: 0; }
  figure, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .wide, figure { overflow: visible; }
}
`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export interface HtmlDocument {
  /** Plain text; escaped here. */
  title: string;
  /** CSS rules the report adds after the shared ones. */
  style: string;
  /** Markup of the body, already escaped by the report. */
  body: string;
}

/** A complete, self-contained HTML file. */
export function htmlDocument(doc: HtmlDocument): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${BASE_STYLE}${doc.style}</style>
</head>
<body>
${doc.body}
</body>
</html>
`;
}

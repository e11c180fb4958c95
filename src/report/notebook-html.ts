import type { Value } from '../db/database.ts';
import { isKeyName } from '../engine/column-guess.ts';
import { inertMarkup, NOTE_ELEMENTS } from './inert-markup.ts';
import type { ExportedCell, NotebookExport, PreviewTable } from './notebook-export.ts';
import { escapeHtml as e, htmlDocument } from './html-document.ts';

const STYLE = `
h2 { border-bottom: 1px solid var(--border); padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.3rem; }
h4 { font-size: 0.95rem; margin: 0.8rem 0 0.3rem; }
.kind, caption { color: var(--muted); }
.kind { font-size: 0.85rem; font-weight: normal; margin-left: 0.4rem; }
article.cell { border: 1px solid var(--border); border-radius: 8px; padding: 0.9rem 1rem; margin: 1rem 0; }
article.note { padding: 0.2rem 0; margin: 1rem 0; }
pre { background: var(--surface-2); border-radius: 6px; padding: 0.6rem 0.8rem; overflow-x: auto; white-space: pre-wrap; font-size: 0.85rem; }
code, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.4rem 0; font-size: 0.9rem; }
dl.settings dt { color: var(--muted); }
dl.settings dd { margin: 0; overflow-wrap: anywhere; }
.error { color: var(--error); }
ul.run-notes { font-size: 0.9rem; color: var(--muted); }
table { font-size: 0.85rem; }
caption { text-align: left; padding: 0.2rem 0; }
th, td { text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.null { color: var(--muted); font-style: italic; }
@media print {
  body { font-size: 11pt; }
  article.cell { break-inside: avoid; }
  pre { overflow: visible; }
}
`;

/**
 * A preview value as people read it: whole numbers grouped in thousands (not identifiers), other
 * numbers to 2 decimals, or 3 significant digits below 1; text as it is.
 */
export function formatPreviewValue(v: Value, column: string): string {
  if (v === null) return 'NULL';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return isKeyName(column) ? String(v) : v.toLocaleString('en');
  return Math.abs(v) >= 1
    ? v.toLocaleString('en', { maximumFractionDigits: 2 })
    : v.toLocaleString('en', { maximumSignificantDigits: 3 });
}

function previewTable(p: PreviewTable): string {
  const shown = p.rows.length;
  const caption = shown < p.rowCount
    ? `${p.table}: first ${shown.toLocaleString('en')} of ${p.rowCount.toLocaleString('en')} rows, ${p.columns.length} columns`
    : `${p.table}: ${p.rowCount.toLocaleString('en')} row${p.rowCount === 1 ? '' : 's'}, ${p.columns.length} column${p.columns.length === 1 ? '' : 's'}`;
  const head = p.columns.map((c) => `<th scope="col" title="${e(c.type)}">${e(c.name)}</th>`).join('');
  const body = p.rows.map((row) => `<tr>${p.columns.map((c) => {
    const v = row[c.name] ?? null;
    const cls = v === null ? ' class="null"' : typeof v === 'number' ? ' class="num"' : '';
    return `<td${cls}>${e(formatPreviewValue(v, c.name))}</td>`;
  }).join('')}</tr>`).join('\n');
  // A wide table scrolls: the region takes focus so the keyboard can scroll it too.
  return `<div class="wide" tabindex="0" role="region" aria-label="${e(`Preview of ${p.table}`)}"><table><caption>${e(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function cellArticle(c: ExportedCell, index: number): string {
  if (c.kind === 'markdown') return `<article class="note" aria-label="Note ${index + 1}">${inertMarkup(c.noteHtml ?? '', NOTE_ELEMENTS)}</article>`;
  const title = c.name ?? c.kindLabel;
  const parts = [`<h3>${e(title)}<span class="kind">${e(c.kindLabel)}</span></h3>`];
  if (c.sql !== null) parts.push(`<pre><code>${e(c.sql)}</code></pre>`);
  if (c.settings.length) parts.push(`<dl class="settings">${c.settings.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`);
  if (c.error !== null) parts.push(`<p class="error">Error: ${e(c.error)}</p>`);
  else if (c.status !== 'done' && c.kind !== 'chart') parts.push(`<p class="meta">Not run in this session: no result to show.</p>`);
  if (c.notes.length) parts.push(`<ul class="run-notes">${c.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>`);
  for (const chart of c.charts) {
    // As in the app: the caption is the chart's text; Plot's labelled groups are hidden from assistive tech.
    parts.push(`<figure class="chart"><h4>${e(chart.title)}</h4><div aria-hidden="true">${inertMarkup(chart.svg)}</div><figcaption>${e(chart.caption)}</figcaption></figure>`);
  }
  if (c.preview) parts.push(previewTable(c.preview));
  return `<article class="cell">\n${parts.join('\n')}\n</article>`;
}

/**
 * The whole notebook as one HTML page that needs nothing else: its notes, every cell with its SQL
 * or settings, charts as inline SVG and the first rows of each result. It loads and runs nothing
 * (its CSP forbids both), and prints as it reads.
 */
export function notebookHtml(ex: NotebookExport): string {
  const sources = ex.sources.map((s) => `<li><strong>${e(s.name)}</strong> from ${e(s.file)}: ${
    s.rowCount === null ? 'not loaded' : `${s.rowCount.toLocaleString('en')} rows`}, ${s.columns} columns</li>`);
  return htmlDocument({
    title: ex.title,
    style: STYLE,
    body: `<header>
<h1>${e(ex.title)}</h1>
<p class="meta">A Segbook notebook: ${ex.cells.length} cell${ex.cells.length === 1 ? '' : 's'}. Tables show their first rows; the full results stay in the notebook.</p>
</header>
<main>
<h2>Data</h2>
${sources.length ? `<ul>${sources.join('\n')}</ul>` : '<p class="meta">No data files.</p>'}
<h2>Cells</h2>
${ex.cells.map(cellArticle).join('\n')}
</main>`,
  });
}

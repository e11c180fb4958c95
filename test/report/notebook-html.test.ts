// @vitest-environment jsdom
// The notebook export in Node, against real DuckDB: a real example is run, exported and read back.
// jsdom gives the note renderer (DOMPurify) and the chart builders a document, as the page does.
import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { isTableCell, type Cell, type Workbook } from '../../src/engine/workbook.ts';
import { EXAMPLES } from '../../src/examples/catalog.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import { collectNotebook, PREVIEW_ROWS } from '../../src/report/notebook-export.ts';
import { formatPreviewValue, notebookHtml } from '../../src/report/notebook-html.ts';
import { renderMarkdown } from '../../src/ui/cells/markdown/markdown.ts';
import { HOSTILE_NOTES } from '../fixtures/hostile-notes.ts';

const SAMPLES = resolve(import.meta.dirname, '../../sample-data');
const PAGE = 'http://127.0.0.1:5173/';
const HOSTILE_TITLE = '</title><script>alert(1)</script>';
const HOSTILE_COLUMN = '<img src=x onerror=alert(1)>';

let db: NodeDatabase;

async function run(wb: Workbook): Promise<Scheduler> {
  for (const s of wb.sources) {
    const path = resolve(SAMPLES, s.file);
    const loaded = await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: s.file, table: s.name, path });
    s.schema = loaded.schema;
  }
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
  await scheduler.runAll();
  return scheduler;
}

async function exported(wb: Workbook, scheduler: Scheduler): Promise<{ html: string; doc: Document }> {
  const ex = await collectNotebook(wb, db, { stateOf: (id) => scheduler.state(id), renderNote: (text) => renderMarkdown(text, PAGE), document });
  const html = notebookHtml(ex);
  return { html, doc: new DOMParser().parseFromString(html, 'text/html') };
}

/** Every place a document could name something to fetch or run. */
function references(doc: Document, html: string): string[] {
  const attributes = [...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes]
    .filter((a) => /^on/i.test(a.name) || /^(src|href|xlink:href|action|formaction|srcset|poster|data)$/i.test(a.name) || /url\s*\(|https?:/i.test(a.value))
    .map((a) => `${el.tagName} ${a.name}=${a.value}`));
  const styles = [...html.matchAll(/url\s*\(\s*(?!['"]?#)[^)]*\)|@import[^;]*/gi)].map((m) => m[0]);
  return [...attributes, ...styles];
}

let wb: Workbook;
let scheduler: Scheduler;

beforeAll(async () => {
  db = await NodeDatabase.open();
  const example = EXAMPLES.find((e) => e.id === 'rfm')!.workbook();
  const extra: Cell[] = [
    { id: 'top', kind: 'sql', name: 'top_customers', sql: `SELECT customer_id, monetary, monetary / 7 AS weekly, frequency * 1000 AS big, segment AS "${HOSTILE_COLUMN}" FROM rfm_now ORDER BY monetary DESC` },
    { id: 'chart', kind: 'chart', input: 'rfm_now', mark: 'bar', x: 'segment', y: null, color: null, facet: null, title: HOSTILE_TITLE },
    ...HOSTILE_NOTES.map((text, i): Cell => ({ id: `hostile${i}`, kind: 'markdown', text })),
  ];
  wb = { ...example, title: HOSTILE_TITLE, cells: [...example.cells, ...extra] };
  scheduler = await run(wb);
}, 180_000);

afterAll(async () => db?.close());

describe('notebook HTML export', () => {
  it('holds the title, every note and every cell with its SQL or settings, and a chart as inline SVG per view', async () => {
    const { doc } = await exported(wb, scheduler);
    expect(doc.title).toBe(HOSTILE_TITLE);
    expect(doc.querySelector('h1')?.textContent).toBe(HOSTILE_TITLE);
    expect(doc.querySelectorAll('article.note')).toHaveLength(1 + HOSTILE_NOTES.length);
    expect(doc.querySelector('header .meta')?.textContent).toContain(`A Segbook notebook: ${5 + 2 + HOSTILE_NOTES.length} cells.`);
    const [{ n, columns }] = await db.query(`SELECT (SELECT count(*) FROM retail_transactions) AS n, (SELECT count(*) FROM (DESCRIBE retail_transactions)) AS columns`);
    expect(doc.querySelector('main > ul li')?.textContent).toBe(`retail_transactions from retail-transactions.csv: ${Number(n).toLocaleString('en')} rows, ${columns} columns`);
    expect(doc.querySelector('article.note h3')?.textContent).toBe('RFM segmentation');
    const cells = [...doc.querySelectorAll('article.cell')];
    expect(cells.map((c) => c.querySelector('h3')?.firstChild?.textContent)).toEqual(['rfm_now', 'rfm_personas', 'rfm_july', 'rfm_moves', 'top_customers', HOSTILE_TITLE]);
    const top = wb.cells.find((c) => c.id === 'top');
    expect(cells[4].querySelector('pre code')?.textContent).toBe(top?.kind === 'sql' ? top.sql : null);
    const settings = (i: number) => Object.fromEntries([...cells[i].querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
    expect(settings(0)).toMatchObject({ Input: 'retail_transactions', Customer: 'customer_id', Date: 'invoice_date', Invoice: 'invoice_id', 'Segment map': '11 named segments' });
    expect(settings(0).Bins).toBe('quintile');
    expect(settings(2)['Reference date']).toBe('2024-07-01');
    // Settings left empty say nothing a reader needs.
    expect(Object.keys(settings(0))).not.toContain('Reference date');
    expect(settings(1)).toMatchObject({ 'Segment column': 'segment', Numeric: 'recency_days, frequency, monetary', Playbook: '7 playbook entries' });
    expect(Object.keys(settings(1))).not.toContain('Churn');
    expect(Object.keys(settings(1))).not.toContain('Personas');
    expect(settings(3)).toMatchObject({ Before: 'rfm_july', After: 'rfm_now', Key: 'customer_id' });
    // RFM grid (twice), the profile's heatmap, targeting and value bars, the migration matrix and the chart cell.
    expect(cells.map((c) => c.querySelectorAll('figure.chart').length)).toEqual([1, 3, 1, 1, 0, 1]);
    expect([...doc.querySelectorAll('figure.chart')].every((f) => f.querySelector('svg') && f.querySelector(':scope > figcaption')?.textContent)).toBe(true);
    expect(cells[1].querySelector('figure h4')?.textContent).toBe('Profile heatmap');
    expect(cells.every((c) => !c.querySelector('.error'))).toBe(true);
  });

  it('shows the first rows of each result with the values plain SQL reads, formatted, and the row count SQL counts', async () => {
    const { doc } = await exported(wb, scheduler);
    const tables = wb.cells.filter(isTableCell).map((c) => c.name);
    let checked = 0;
    for (const table of tables) {
      const shown = [...doc.querySelectorAll('table')].find((t) => t.caption?.textContent?.startsWith(`${table}:`));
      expect(shown, table).toBeDefined();
      const [{ n }] = await db.query(`SELECT count(*) AS n FROM "${table}"`);
      const rows = await db.query(`SELECT * FROM "${table}" LIMIT ${PREVIEW_ROWS}`);
      const count = Number(n);
      expect(shown!.caption!.textContent).toBe(count > PREVIEW_ROWS
        ? `${table}: first ${PREVIEW_ROWS} of ${count.toLocaleString('en')} rows, ${Object.keys(rows[0]).length} columns`
        : `${table}: ${count} rows, ${Object.keys(rows[0]).length} columns`);
      const headers = [...shown!.querySelectorAll('thead th')].map((th) => th.textContent);
      expect(headers).toEqual(Object.keys(rows[0]));
      const body = [...shown!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
      expect(body).toHaveLength(rows.length);
      rows.forEach((row, r) => Object.values(row).forEach((v, c) => {
        const text = body[r][c];
        if (typeof v === 'number') {
          // Read back without the grouping: within the rounding of 2 decimals or 3 significant digits.
          const back = Number(text.replace(/,/g, ''));
          expect(Math.abs(back - v), `${table} row ${r} ${headers[c]}: ${text} for ${v}`).toBeLessThanOrEqual(Math.max(0.005, Math.abs(v) * 0.005));
          if (Number.isInteger(v) && Math.abs(v) >= 1000 && !/_id$/.test(headers[c]!)) expect(text).toMatch(/^-?\d{1,3}(,\d{3})+$/);
        } else expect(text).toBe(v === null ? 'NULL' : String(v));
        checked++;
      }));
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('formats numbers for people: grouped thousands, 2 decimals, 3 significant digits below 1, identifiers as they are', () => {
    expect(formatPreviewValue(1234567, 'revenue')).toBe('1,234,567');
    expect(formatPreviewValue(1234.5678, 'revenue')).toBe('1,234.57');
    expect(formatPreviewValue(0.123456, 'share')).toBe('0.123');
    expect(formatPreviewValue(-0.5, 'z')).toBe('-0.5');
    expect(formatPreviewValue(12345, 'customer_id')).toBe('12345');
    expect(formatPreviewValue(null, 'x')).toBe('NULL');
    expect(formatPreviewValue('2024-07-01', 'd')).toBe('2024-07-01');
  });

  it('keeps hostile notes, titles and column names inert: no script, no handler, nothing to fetch', async () => {
    const { html, doc } = await exported(wb, scheduler);
    expect(doc.querySelectorAll('script, img, iframe, object, embed, link, a, foreignObject, base, form, meta[http-equiv="refresh"]')).toHaveLength(0);
    expect(html).not.toMatch(/<script|<img|<iframe|javascript:/i);
    expect(references(doc, html)).toEqual([]);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src data:/);
    // Hostile text arrives as text: in the heading, the column header and the chart's title.
    expect([...doc.querySelectorAll('th')].map((th) => th.textContent)).toContain(HOSTILE_COLUMN);
    expect(doc.body.textContent).toContain('Shared workbook: trusted');
    // A link keeps its words and shows where it went, as text.
    expect(doc.body.textContent).toContain('the DuckDB docs (https://duckdb.org/docs/)');
    expect([...doc.querySelectorAll('[style]')].filter((el) => /position|z-index/i.test(el.getAttribute('style') ?? ''))).toEqual([]);
  });
});

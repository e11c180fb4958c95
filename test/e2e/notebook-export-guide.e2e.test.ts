// Issue 14, parts 5 and 6, driven as a person would: export a real example as HTML and open the
// file with every request refused and counted; then load a transactions file of one's own and
// take the RFM cell the card suggests, which must run with its columns already mapped.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { serializeWorkbook } from '../../src/engine/workbook-format.ts';
import { EXAMPLES } from '../../src/examples/catalog.ts';
import { SLOW, cells, checkA11y, fixtureDir, gridRows, loadFiles, sourceCard, sqlCell, useBrowser, waitForSource, waitForStatus } from './harness.ts';

const session = useBrowser();

const RFM_TABLES = ['rfm_now', 'rfm_personas', 'rfm_july', 'rfm_moves'];

// Hand-computed RFM of this file: B's -20 is left out as a return; the reference date is the last
// kept date + 1 day, 2024-03-11. client, recency_days, frequency, monetary:
const SALES_CSV = `client,order_date,total
A,2024-01-05,100
A,2024-03-01,50
B,2024-02-10,200
B,2024-02-20,-20
C,2024-01-01,10
C,2024-01-15,15
C,2024-03-10,30
`;
const EXPECTED_RFM = [['A', '10', '2', '150'], ['B', '30', '1', '200'], ['C', '1', '3', '55']];

describe('notebook export and guidance after loading', () => {
  it('a loaded file suggests RFM that runs mapped; the RFM example exports as one HTML file that makes no request and passes axe', async () => {
    const { page } = await session.open();
    const fx = await fixtureDir();
    try {
      await loadFiles(page, [await fx.write('my_sales.csv', SALES_CSV)]);
      const card = await waitForSource(page, 'my_sales', 7);
      const suggestions = card.getByRole('region', { name: 'This looks like transactions (customer client, date order_date, amount total). Next:' });
      await suggestions.waitFor({ timeout: SLOW });
      expect(await suggestions.getByRole('button').allInnerTexts()).toEqual(['RFM segments', 'Customer lifetime value', 'KPIs by RFM segment']);
      await checkA11y(page, 'suggestions under a loaded file');
      await suggestions.getByRole('button', { name: 'RFM segments' }).click();

      const rfm = sqlCell(page, 'rfm');
      await waitForStatus(rfm, 'done', 60_000);
      expect(await rfm.getByLabel('Transactions table').inputValue()).toBe('my_sales');
      expect(await rfm.getByLabel('Customer column').inputValue()).toBe('client');
      expect(await rfm.getByLabel('Date column').inputValue()).toBe('order_date');
      expect(await rfm.getByLabel('Amount (column or expression)').inputValue()).toBe('total');
      expect((await gridRows(rfm)).map((r) => r.slice(0, 4))).toEqual(EXPECTED_RFM);
      // Taken: RFM is no longer offered for this file, the rest still is.
      await expect.poll(() => sourceCard(page, 'my_sales').getByRole('button', { name: 'RFM segments' }).count()).toBe(0);
      expect(await sourceCard(page, 'my_sales').getByRole('button', { name: 'KPIs by RFM segment' }).count()).toBe(1);

      // The example replaces the notebook as a person's own saved copy would, and runs on Run all.
      const example = EXAMPLES.find((x) => x.id === 'rfm')!.workbook();
      await page.setInputFiles('#open-workbook-input', await fx.write('rfm.segbook.json', serializeWorkbook(example)));
      // Run all once the opened workbook's cells are the ones shown: on a loaded machine a click
      // before that ran the replaced notebook, and the example's cells stayed idle.
      await expect.poll(() => cells(page).count(), { timeout: SLOW }).toBe(example.cells.length);
      for (const table of RFM_TABLES) await expect.poll(() => sqlCell(page, table).count(), { timeout: SLOW }).toBe(1);
      await page.getByRole('button', { name: 'Run all' }).click();
      for (const table of RFM_TABLES) await waitForStatus(sqlCell(page, table), 'done', 90_000);

      const [download] = await Promise.all([page.waitForEvent('download', { timeout: SLOW }), page.getByRole('button', { name: 'Export HTML' }).click()]);
      expect(download.suggestedFilename()).toBe('RFM-segmentation.html');
      const path = join(fx.dir, 'export.html');
      await download.saveAs(path);
      const html = await readFile(path, 'utf8');
      const doc = new JSDOM(html).window.document;
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
      expect(doc.querySelectorAll('figure.chart svg').length).toBeGreaterThanOrEqual(6);
      // The export's preview of rfm_now is what the cell's own grid shows first.
      const shownInApp = (await gridRows(sqlCell(page, 'rfm_now'))).slice(0, 3).map((r) => r[0]);
      const exported = [...doc.querySelectorAll('table')].find((t) => t.caption?.textContent?.startsWith('rfm_now:'))!;
      expect([...exported.querySelectorAll('tbody tr')].slice(0, 3).map((tr) => tr.querySelector('td')?.textContent)).toEqual(shownInApp);

      // Opened offline: every request is refused and counted; only the file itself may be asked for.
      const context = await session.browser().newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const requests: string[] = [];
        const url = 'http://export.invalid/RFM-segmentation.html';
        await context.route('**/*', (route) => {
          requests.push(route.request().url());
          return route.request().url() === url ? route.fulfill({ body: html, contentType: 'text/html' }) : route.abort();
        });
        const exportPage = await context.newPage();
        await exportPage.goto(url, { waitUntil: 'load' });
        await exportPage.getByRole('heading', { level: 1, name: 'RFM segmentation' }).waitFor();
        expect(await exportPage.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(6);
        await checkA11y(exportPage, 'exported notebook, light');
        await exportPage.emulateMedia({ colorScheme: 'dark' });
        await checkA11y(exportPage, 'exported notebook, dark');
        expect(requests).toEqual([url]);
      } finally {
        await context.close();
      }
    } finally {
      await fx.remove();
    }
  }, 300_000);
});

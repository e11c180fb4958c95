import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNamedSqlCell, dropFiles, fixtureDir, gridRows, loadFiles, openNotebook, sourceCard, useBrowser, waitForSource, waitForStatus,
  type FixtureDir, openSchemaPreview } from './harness.ts';

const session = useBrowser();
let fx: FixtureDir;
beforeAll(async () => (fx = await fixtureDir()));
afterAll(() => fx.remove());

const CUSTOMERS = 'customer_id,name,signup,spend\n1,Ann,2024-01-02,10.5\n2,Bob,2024-02-03,\n3,Cid,2024-03-04,7.25\n4,,2024-04-05,3\n';

/** The schema preview's rows: column name, chosen type, null share and sample values. */
async function schemaRows(card: ReturnType<typeof sourceCard>) {
  return card.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = tr.querySelectorAll('td');
      return {
        column: tr.querySelector('th')?.textContent ?? '',
        type: tr.querySelector('select')?.value ?? '',
        typeLabel: tr.querySelector('select')?.getAttribute('aria-label') ?? '',
        nulls: cells[1]?.textContent ?? '',
        samples: cells[5]?.textContent ?? '',
      };
    }),
  );
}

const EXPECTED_SCHEMA = [
  { column: 'customer_id', type: 'BIGINT', typeLabel: 'Type of column customer_id', nulls: '0%', samples: '1, 2, 3' },
  { column: 'name', type: 'VARCHAR', typeLabel: 'Type of column name', nulls: '25.0%', samples: 'Ann, Bob, Cid' },
  { column: 'signup', type: 'DATE', typeLabel: 'Type of column signup', nulls: '0%', samples: '2024-01-02, 2024-02-03, 2024-03-04' },
  { column: 'spend', type: 'DOUBLE', typeLabel: 'Type of column spend', nulls: '25.0%', samples: '10.5, 7.25, 3' },
];

describe('data sources', () => {
  it('loads a CSV from the file input as a card with its row count and a schema preview; same-named files get unique tables', async () => {
    const { page } = await session.open();
    await loadFiles(page, [await fx.write('customers.csv', CUSTOMERS)]);
    const card = await waitForSource(page, 'customers', 4);
    await expect.poll(() => card.locator('header').innerText()).toMatch(/customers\.csv · CSV · 4 rows/);
    expect(await schemaRows(card)).toEqual(EXPECTED_SCHEMA);
    // The type select is what the label says.
    expect(await card.getByLabel('Type of column signup', { exact: true }).inputValue()).toBe('DATE');

    // A second customers.csv (another folder) becomes customers_2 and leaves the first alone.
    await loadFiles(page, [await fx.write('customers.csv', 'customer_id,name\n7,Eve\n8,Fay\n')]);
    const second = await waitForSource(page, 'customers_2', 2);
    await expect.poll(() => second.locator('header').innerText()).toMatch(/customers\.csv · CSV · 2 rows/);
    expect((await schemaRows(second)).map((r) => `${r.column} ${r.type}`)).toEqual(['customer_id BIGINT', 'name VARCHAR']);
    await expect.poll(() => sourceCard(page, 'customers').locator('header').innerText()).toMatch(/4 rows/);
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['customers', 'customers_2']);
  });

  it('loads a CSV dropped on the page the same way', async () => {
    const { page } = await session.open();
    await page.getByRole('region', { name: 'Segbook' }).waitFor();
    await dropFiles(page, [{ name: 'customers.csv', content: CUSTOMERS }]);
    const card = await waitForSource(page, 'customers', 4);
    expect(await schemaRows(card)).toEqual(EXPECTED_SCHEMA);
    // A second drop of the same name gets its own table.
    await dropFiles(page, [{ name: 'customers.csv', content: 'customer_id\n9\n' }]);
    await waitForSource(page, 'customers_2', 1);
    // The drop overlay is gone once the files were dropped.
    expect(await page.locator('.drop-overlay').count()).toBe(0);
  });

  it('re-reads a table when a column type is changed in the schema preview, and cells see the new type', async () => {
    const { page } = await session.open();
    await loadFiles(page, [await fx.write('signups.csv', 'id,signed_up\n1,2024-01-02\n2,2024-02-29\n3,\n4,2023-12-31\n')]);
    const card = await waitForSource(page, 'signups', 4);
    await openSchemaPreview(card);
    const select = card.getByLabel('Type of column signed_up', { exact: true });
    // DuckDB reads ISO dates as DATE; read them as text first so there is a VARCHAR column of ISO dates.
    await select.selectOption('VARCHAR');
    await expect.poll(() => select.inputValue(), { timeout: 30_000 }).toBe('VARCHAR');
    await expect.poll(() => select.isEnabled(), { timeout: 30_000 }).toBe(true);

    const cell = await addNamedSqlCell(page, 'kinds', 'SELECT typeof(signed_up) AS kind, count(signed_up) AS n, min(signed_up) AS first FROM signups GROUP BY ALL');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');
    await expect.poll(() => gridRows(cell)).toEqual([['VARCHAR', '3', '2023-12-31']]);

    await select.selectOption('DATE');
    await expect.poll(() => select.inputValue(), { timeout: 30_000 }).toBe('DATE');
    await expect.poll(() => select.isEnabled(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => card.locator('header').innerText()).toMatch(/4 rows/);
    // The cell reading the table ran again by itself.
    await expect.poll(() => gridRows(cell), { timeout: 30_000 }).toEqual([['DATE', '3', '2023-12-31']]);
    await waitForStatus(cell, 'done');
    expect(await cell.locator('thead .type').allInnerTexts()).toEqual(['VARCHAR', 'BIGINT', 'DATE']);
  });

  it('explains a bad file by name and what to do, and keeps the tables already loaded', async () => {
    const { page } = await session.open();
    await openNotebook(page, fx);
    const empty = await fx.write('empty.csv', '');
    const ragged = await fx.write('ragged.csv', 'a,b,c\n1,2,3\n4,5,6,7\n8,9,10\n');
    const garbage = await fx.write('garbage.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00, 0x10]));
    await loadFiles(page, [empty, ragged, garbage]);

    const alerts = page.locator('main > .notice.error');
    await expect.poll(() => alerts.count(), { timeout: 30_000 }).toBe(3);
    const messages = (await alerts.locator('span').allInnerTexts()).sort();
    expect(messages).toHaveLength(3);
    const [emptyMsg, garbageMsg, raggedMsg] = messages;
    expect(emptyMsg).toMatch(/^empty\.csv is empty\. Choose a file with a header row/);
    expect(garbageMsg).toMatch(/^garbage\.csv does not look like a text file.*export it as CSV/);
    expect(raggedMsg).toMatch(/^ragged\.csv\b/);
    expect(raggedMsg).toMatch(/\bline 3\b/);
    expect(raggedMsg).toMatch(/Fix|Check/);
    // Each message can be dismissed by the file's name.
    await page.getByRole('button', { name: 'Dismiss the message about empty.csv' }).click();
    await expect.poll(() => alerts.count()).toBe(2);

    // No half-made tables, and the table that was there is intact.
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['people']);
    await expect.poll(() => sourceCard(page, 'people').locator('header').innerText()).toMatch(/3 rows/);
    const cell = await addNamedSqlCell(page, 'still_there', 'SELECT name FROM people ORDER BY id');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');
    await expect.poll(() => gridRows(cell)).toEqual([['Ann'], ['Bob'], ['Cid']]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNamedSqlCell, checkA11y, fixtureDir, gridRows, loadFiles, openNotebook, setTheme, sourceCard, useBrowser, waitForSource, waitForStatus,
  type FixtureDir,
} from './harness.ts';

const session = useBrowser();
let fx: FixtureDir;
beforeAll(async () => (fx = await fixtureDir()));
afterAll(() => fx.remove());

describe('awkward files in the browser', () => {
  it('says which reading of 03/04/2024 was used and re-reads the file as month/day when asked; the choice passes axe', async () => {
    const { page } = await session.open();
    await openNotebook(page, fx);
    await loadFiles(page, [await fx.write('orders.csv', 'id,ordered\n1,03/04/2024\n2,05/06/2024\n')]);
    const card = await waitForSource(page, 'orders', 2);
    await expect.poll(() => card.innerText()).toMatch(/dates in column "ordered" fit both day\/month and month\/day; they were read as day\/month \(03\/04\/2024 = 3 April 2024\)/);
    const cell = await addNamedSqlCell(page, 'order_dates', 'SELECT ordered::VARCHAR AS d FROM orders ORDER BY id');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');
    await expect.poll(() => gridRows(cell)).toEqual([['2024-04-03'], ['2024-06-05']]);

    // Close SQL completion's popup, which is not part of what is checked here: it may open a
    // moment after the last keystroke, so press Escape until it is gone.
    const popup = page.locator('.cm-tooltip-autocomplete');
    await expect
      .poll(async () => {
        if (await popup.count()) await page.keyboard.press('Escape');
        await page.waitForTimeout(200);
        return popup.count();
      })
      .toBe(0);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await checkA11y(page, `date order choice, ${theme}`);
    }
    await card.getByRole('combobox', { name: 'Read dates in "ordered" as' }).selectOption('month-first');
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toMatch(/read as month\/day \(03\/04\/2024 = 4 March 2024\)/);
    // Cells that read the table run again with the new dates.
    await expect.poll(() => gridRows(cell), { timeout: 30_000 }).toEqual([['2024-03-04'], ['2024-05-06']]);
  });

  it('loads decimal commas, huge integers and nested JSON with notes, and keeps the tables already loaded', async () => {
    const { page } = await session.open();
    await openNotebook(page, fx);
    await loadFiles(page, [
      await fx.write('prices.csv', 'id;price\n1;1.234,56\n2;7,25\n'),
      await fx.write('ids.csv', 'id,n\n1,9223372036854775808\n'),
      await fx.write('people.json', JSON.stringify([{ id: 1, address: { city: 'Oslo' }, tags: ['a'] }])),
    ]);
    await expect.poll(async () => (await waitForSource(page, 'prices', 2)).innerText()).toMatch(/column "price" uses a decimal comma/);
    await expect.poll(async () => (await waitForSource(page, 'ids', 1)).innerText()).toMatch(/read as HUGEINT so that no digit is lost/);
    await expect.poll(async () => (await waitForSource(page, 'people_2', 1)).innerText()).toMatch(/Nested objects in "address" were spread/);
    const cell = await addNamedSqlCell(page, 'checks', 'SELECT (SELECT sum(price) FROM prices) AS total, (SELECT n::VARCHAR FROM ids) AS n, (SELECT address_city FROM people_2) AS city, (SELECT count(*) FROM people) AS people');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');
    await expect.poll(() => gridRows(cell)).toEqual([['1,241.81', '9223372036854775808', 'Oslo', '3']]);
    expect(await sourceCard(page, 'people').locator('header').innerText()).toMatch(/3 rows/);
  });

  it('keeps ids zero-padded past the sniffer sample as text and names a late word by its line, in duckdb-wasm', async () => {
    const { page } = await session.open();
    await openNotebook(page, fx);
    // Past the sniffer's 20,480 rows: one padded id and one word in an integer column.
    const rows = Array.from({ length: 21_000 }, (_, i) => `${i + 1},${i % 7},${i}`);
    rows[20_600] = '0020601,3,20600';
    rows[20_700] = '20701,lots,20700';
    await loadFiles(page, [await fx.write('late.csv', `id,count,n\n${rows.join('\n')}\n`)]);
    const card = await waitForSource(page, 'late', 21_000);
    await expect.poll(() => card.innerText()).toMatch(/column "id" has values with leading zeros, such as "0020601"/);
    await expect.poll(() => card.innerText()).toMatch(/column "count" looked like BIGINT, but line 20702 has "lots"/);
    const cell = await addNamedSqlCell(page, 'late_checks', `SELECT typeof(id) AS id_type, typeof(count) AS count_type, typeof(n) AS n_type, (SELECT id FROM late WHERE n = 20600) AS padded, sum(n) AS total FROM late GROUP BY ALL`);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');
    await expect.poll(() => gridRows(cell)).toEqual([['VARCHAR', 'VARCHAR', 'BIGINT', '0020601', (20_999 * 21_000 / 2).toLocaleString('en')]]);
  });
});

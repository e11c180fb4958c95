import { describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import {
  SLOW, STARTER_CELLS, addNamedSqlCell, gridRows, openSampleData, savedWorkbook, setSql, sqlCell, statusOf, useBrowser, waitForSource,
  waitForStatus,
} from './harness.ts';

const session = useBrowser();

/** A query that keeps DuckDB busy for far longer than any test waits. */
const ENDLESS = 'SELECT count(*) AS n FROM range(2000000000) a, range(1000) b WHERE (a.range + b.range) % 7 = 3';

/** DuckDB's worker: the app starts it from a blob: shim, the other workers from the app's own files. */
async function duckdbWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().filter((w) => w.url().startsWith('blob:')).length).toBe(1);
  return page.workers().find((w) => w.url().startsWith('blob:'))!;
}

function notice(page: Page) {
  return page.locator('.notice');
}

/** Runs a cell in place with Ctrl+Enter in its editor (Shift+Enter on the last cell would add one after it). */
async function runCell(page: Page, name: string): Promise<void> {
  await sqlCell(page, name).locator('.cm-content').click();
  await page.keyboard.press('Control+Enter');
}

async function expectRecovered(page: Page, reason: RegExp, before: string[][]): Promise<void> {
  await expect.poll(() => notice(page).innerText(), { timeout: SLOW }).toMatch(
    /DuckDB stopped \(.+\) and was restarted\. Your workbook is intact; your data files were reloaded; press Run all to recompute the 3 cells\./,
  );
  expect(await notice(page).innerText()).toMatch(reason);
  await waitForSource(page, 'retail_customers', 2000);
  await waitForSource(page, 'retail_transactions', 53154);
  // Results that were lost are marked for re-run, not shown as if current.
  for (const name of STARTER_CELLS) expect(await statusOf(sqlCell(page, name))).toBe('stale');
  // The workbook, saved in this browser, still has every cell.
  expect((await savedWorkbook(page))?.cells.map((c) => c.name ?? c.kind)).toEqual(['markdown', 'customer_value', 'value_by_segment', 'slow']);

  await setSql(sqlCell(page, 'slow'), 'SELECT 42 AS answer');
  await page.getByRole('button', { name: 'Run all' }).click();
  for (const name of [...STARTER_CELLS, 'slow']) await waitForStatus(sqlCell(page, name), 'done');
  await expect.poll(() => gridRows(sqlCell(page, 'value_by_segment'))).toEqual(before);
  await expect.poll(() => gridRows(sqlCell(page, 'slow'))).toEqual([['42']]);

  // The new instance is locked down like the first: no file outside the uploads can be read.
  await addNamedSqlCell(page, 'escape', "SELECT * FROM read_text('/etc/passwd')");
  await runCell(page, 'escape');
  await waitForStatus(sqlCell(page, 'escape'), 'error');
  expect(await sqlCell(page, 'escape').locator('.problem').innerText()).toMatch(
    /^Segbook blocks network access so your data stays in this tab, and reads only the files you open in it, so it cannot read "\/etc\/passwd"/,
  );
}

/** Sample data loaded, a result to compare with after recovery, and an endless query running. */
async function midQuery() {
  const { page } = await session.open();
  await openSampleData(page);
  await expect.poll(async () => (await gridRows(sqlCell(page, 'value_by_segment'))).length).toBeGreaterThan(0);
  const before = await gridRows(sqlCell(page, 'value_by_segment'));
  const first = await duckdbWorker(page);
  await addNamedSqlCell(page, 'slow', ENDLESS);
  await runCell(page, 'slow');
  await waitForStatus(sqlCell(page, 'slow'), 'running');
  return { page, before, first };
}

describe('DuckDB crashes and cancellation', () => {
  it('a worker killed in the middle of a query is noticed and restarted; files reload, cells are marked for re-run, the workbook stays', async () => {
    const { page, before, first } = await midQuery();
    // Ends the worker from inside, as a crash would: it sends no error and never answers again.
    await first.evaluate(() => self.close());
    await expectRecovered(page, /DuckDB stopped \(its worker stopped responding\)/, before);
  }, 150_000);

  it('a worker that throws (a crash reported by the browser) is restarted the same way', async () => {
    const { page, before, first } = await midQuery();
    await first.evaluate(() => void setTimeout(() => {
      throw new Error('simulated wasm crash');
    }));
    await waitForStatus(sqlCell(page, 'slow'), 'error');
    expect(await sqlCell(page, 'slow').locator('.problem').innerText()).toMatch(/DuckDB stopped \(its worker failed: .*simulated wasm crash\)/);
    await expectRecovered(page, /its worker failed/, before);
  }, 150_000);

  it('Cancel stops a long query, and DuckDB goes on answering', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    await addNamedSqlCell(page, 'slow', ENDLESS);
    await runCell(page, 'slow');
    await waitForStatus(sqlCell(page, 'slow'), 'running');
    await page.waitForTimeout(1000);
    await sqlCell(page, 'slow').getByRole('button', { name: 'Cancel' }).click();
    await waitForStatus(sqlCell(page, 'slow'), 'cancelled');
    await setSql(sqlCell(page, 'slow'), 'SELECT count(*) AS n FROM retail_customers');
    await runCell(page, 'slow');
    await waitForStatus(sqlCell(page, 'slow'), 'done');
    await expect.poll(() => gridRows(sqlCell(page, 'slow'))).toEqual([['2,000']]);
  }, 120_000);
});

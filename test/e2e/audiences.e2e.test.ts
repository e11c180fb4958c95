import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CFB } from '@e965/xlsx';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { expectedCells, hasOpenpyxl, pyCells, readWithOpenpyxl, readWithSheetJs } from '../helpers/xlsx-cells.ts';
import { SLOW, addNamedSqlCell, checkA11y, openSampleData, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();
const CUSTOMERS = resolve(import.meta.dirname, '../../sample-data/retail-customers.csv');

// Ids padded with zeros (which a spreadsheet must keep), a city as the contact, a date, and the
// sample's segment labels under the name the segmentation cells write.
const AUDIENCE_SQL = `SELECT lpad(customer_id::VARCHAR, 8, '0') AS customer_id, city, signup_date, segment_truth AS segment
FROM retail_customers ORDER BY customer_id`;

let node: NodeDatabase;
beforeAll(async () => {
  // The same rows computed apart from the app, by native DuckDB from the same sample file.
  node = await NodeDatabase.open();
  const path = await node.registerUpload({ name: 'retail-customers.csv', blob: new Blob([await readFile(CUSTOMERS)]), path: CUSTOMERS });
  await node.exec(`CREATE TABLE retail_customers AS SELECT * FROM read_csv('${path}')`);
  await node.exec(`CREATE TABLE audience AS ${AUDIENCE_SQL}`);
});
afterAll(() => node.close());

async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: SLOW }), button.click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

describe('audience lists', () => {
  it('downloads a table as Excel, and its audiences per segment as .xlsx files in one zip', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const cell = await addNamedSqlCell(page, 'audience', AUDIENCE_SQL);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');

    const table = await download(page, cell.getByRole('button', { name: 'Download Excel of audience' }));
    expect(table.name).toBe('audience.xlsx');
    const sheet = readWithSheetJs(table.bytes);
    expect(sheet.sheets).toEqual(['audience']);
    expect(sheet.cells).toEqual(await expectedCells(node, 'SELECT * FROM audience'));

    await cell.getByRole('button', { name: 'Export audiences of audience' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export audiences from audience' });
    await expect.poll(() => dialog.getByRole('checkbox', { name: /^at_risk/ }).isChecked(), { timeout: SLOW }).toBe(true);
    await checkA11y(page, 'audience dialog');
    expect(await dialog.getByRole('combobox', { name: 'Segment column' }).inputValue()).toBe('segment');
    expect(await dialog.getByRole('combobox', { name: 'Id column' }).inputValue()).toBe('customer_id');
    expect(await dialog.getByRole('checkbox', { name: 'city' }).isChecked()).toBe(true);

    // Each segment's count on screen is plain SQL's.
    const counts = await node.query('SELECT segment, count(*) AS n FROM audience GROUP BY segment ORDER BY segment');
    const shown = await dialog.getByRole('group', { name: 'Segments' }).getByRole('checkbox').evaluateAll((boxes) =>
      boxes.map((b) => b.closest('label')?.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(shown).toEqual(counts.map((r) => `${r.segment} (${Number(r.n).toLocaleString('en-US')})`));

    // By keyboard: untick the first segment, choose Excel, download.
    const [dropped, ...kept] = counts.map((r) => String(r.segment));
    await dialog.getByRole('checkbox', { name: new RegExp(`^${dropped}`) }).focus();
    await page.keyboard.press('Space');
    await dialog.getByRole('radio', { name: 'Excel (.xlsx)' }).focus();
    await page.keyboard.press('Space');
    const zip = await download(page, dialog.getByRole('button', { name: 'Download', exact: true }));
    const day = /^audience-audiences-(\d{4}-\d{2}-\d{2})\.zip$/.exec(zip.name)?.[1];
    expect(day).toBeTruthy();
    await expect.poll(() => dialog.getByRole('status').last().innerText()).toBe(`Downloaded ${zip.name}.`);

    const archive = CFB.read(zip.bytes, { type: 'buffer' });
    const entries: Array<{ name: string; type: number; content?: ArrayLike<number> }> = archive.FileIndex;
    // CFB.read adds a compound-file marker entry of its own ("\u0001Sh33tJ5"); the zip holds only the lists.
    const files = entries.filter((f) => f.type === 2 && !f.name.startsWith('\u0001')).map((f) => f.name);
    const names = kept.map((s) => `${s.replaceAll('_', '-')}-${day}.xlsx`);
    expect(files.sort()).toEqual([...names].sort());
    const python = hasOpenpyxl ? readWithOpenpyxl(zip.bytes, zip.name) : null;
    if (python) expect(Object.keys(python).sort()).toEqual([...names].sort());
    for (const segment of kept) {
      const entry = CFB.find(archive, `${segment.replaceAll('_', '-')}-${day}.xlsx`);
      const { sheets, cells } = readWithSheetJs(Uint8Array.from(entry?.content ?? []));
      expect(sheets).toEqual([segment]);
      const want = await expectedCells(node, `SELECT customer_id, city FROM audience WHERE segment = '${segment}' ORDER BY customer_id`);
      expect(cells).toEqual(want);
      if (python) expect(pyCells(python[`${segment.replaceAll('_', '-')}-${day}.xlsx`])).toEqual(want);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });
});

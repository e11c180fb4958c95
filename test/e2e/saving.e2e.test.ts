import { describe, expect, it } from 'vitest';
import { STARTER_CELLS, addSqlCell, cells, gotoApp, openSampleData, savedWorkbook, sqlCell, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();

describe('saving', () => {
  it('asks for persistent storage and says where the workbook is kept, never that it is "saved"', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const status = page.getByRole('status').filter({ hasText: 'Kept in this browser' });
    await status.waitFor();
    const persisted = await page.evaluate(() => navigator.storage.persisted());
    expect(await status.innerText()).toBe(
      persisted
        ? 'Kept in this browser (persistent storage). For a copy you control, use Save workbook (a file) or Share link…'
        : 'Kept in this browser only: the browser may clear it to free space. For a copy you control, use Save workbook (a file) or Share link…',
    );
    expect(await page.locator('body').innerText()).not.toMatch(/\bsaved\b/i);
  });

  it('a second tab on the same workbook does not overwrite the first; it can take over, and the first is told', async () => {
    const { page: a, context } = await session.open();
    await openSampleData(a);
    await expect.poll(async () => (await savedWorkbook(a))?.cells.length, { timeout: 10_000 }).toBe(3);

    const b = await context.newPage();
    await gotoApp(b, a.url());
    const warning = b.getByRole('alert').filter({ hasText: 'This workbook is open in another tab' });
    await warning.waitFor();
    for (const name of STARTER_CELLS) await waitForStatus(sqlCell(b, name), 'done', 60_000);
    // An edit in tab B is not written over tab A's copy.
    await addSqlCell(b);
    await expect.poll(() => cells(b).count()).toBe(4);
    await b.waitForTimeout(800);
    expect((await savedWorkbook(a))?.cells.length).toBe(3);
    // Tab A keeps saving its own edits.
    await addSqlCell(a);
    await expect.poll(async () => (await savedWorkbook(a))?.cells.length, { timeout: 10_000 }).toBe(4);

    // Tab B takes over: its workbook is kept, and tab A is told its edits are no longer kept.
    await b.getByRole('button', { name: 'Edit here instead' }).click();
    await expect.poll(() => warning.count()).toBe(0);
    await a.getByRole('alert').filter({ hasText: 'Another tab took over this workbook' }).waitFor();
    await addSqlCell(b);
    await expect.poll(async () => (await savedWorkbook(a))?.cells.length, { timeout: 10_000 }).toBe(5);
    await addSqlCell(a);
    await addSqlCell(a);
    await a.waitForTimeout(800);
    expect((await savedWorkbook(a))?.cells.length).toBe(5);
    await b.close();
  }, 150_000);

  it('a deleted cell comes back with Undo', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    await page.getByRole('button', { name: /^Delete .*value_by_segment/ }).click();
    await expect.poll(() => sqlCell(page, 'value_by_segment').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => sqlCell(page, 'value_by_segment').count()).toBe(1);
    await expect.poll(async () => (await savedWorkbook(page))?.cells.map((c) => c.name ?? c.kind), { timeout: 10_000 }).toEqual([
      'markdown', 'customer_value', 'value_by_segment',
    ]);
  });
});

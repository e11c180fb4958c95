import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  addNamedSqlCell, cells, checkA11y, fixtureDir, gotoApp, grid, gridRows, loadFiles, openNotebook, PEOPLE_CSV, sourceCard, sqlCell, useBrowser,
  waitForSource, waitForStatus, type FixtureDir,
} from './harness.ts';
import type { Page } from 'playwright-core';

const session = useBrowser();
let fx: FixtureDir;
beforeAll(async () => (fx = await fixtureDir()));
afterAll(() => fx.remove());

/** The result table names of the cells, in page order (notes as "note"). */
async function order(page: Page): Promise<string[]> {
  return cells(page).evaluateAll((els) => els.map((el) => /result table (\w+)$/.exec(el.getAttribute('aria-label') ?? '')?.[1] ?? 'note'));
}

async function toolbarHeight(page: Page): Promise<number> {
  return (await page.locator('header.toolbar').boundingBox())!.height;
}

describe('notebook basics', () => {
  it('moves, folds, outlines, finds, converts and adds cells with the keys people know; the toolbar keeps to one row', async () => {
    const { page } = await session.open();
    await openNotebook(page, fx);
    // The schema preview folds once loaded.
    expect(await sourceCard(page, 'people').locator('details').getAttribute('open')).toBeNull();

    await page.getByRole('button', { name: /^Add note at position/ }).last().click();
    await page.keyboard.insertText('# People\n\n## Cities');
    await page.keyboard.press('Escape');
    const a = await addNamedSqlCell(page, 'by_city', 'SELECT city, count(*) AS people FROM people GROUP BY city ORDER BY city');
    await addNamedSqlCell(page, 'oslo', "SELECT * FROM by_city WHERE city = 'Oslo'");
    await addNamedSqlCell(page, 'total', 'SELECT count(*) AS n FROM people');
    await page.getByRole('button', { name: 'Run all' }).click();
    for (const name of ['by_city', 'oslo', 'total']) await waitForStatus(sqlCell(page, name), 'done');
    await expect.poll(() => gridRows(a)).toEqual([['Oslo', '2'], ['Rome', '1']]);

    // Between cells the add bar shows only on hover; the last one always shows.
    const between = page.getByRole('group', { name: 'Add a cell at position 2' });
    expect(await between.evaluate((el) => getComputedStyle(el).opacity)).toBe('0');
    await between.hover();
    await expect.poll(() => between.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');

    // Alt+Shift+Up moves the focused cell; its result goes with it.
    await sqlCell(page, 'total').focus();
    await page.keyboard.press('Alt+Shift+ArrowUp');
    await expect.poll(() => order(page)).toEqual(['note', 'by_city', 'total', 'oslo']);
    expect(await gridRows(sqlCell(page, 'total'))).toEqual([['3']]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Cell 3: SQL, result table total');
    // The cell menu moves it down again.
    await sqlCell(page, 'total').getByRole('button', { name: /^Actions for / }).click();
    await sqlCell(page, 'total').getByRole('button', { name: 'Move down' }).click();
    await expect.poll(() => order(page)).toEqual(['note', 'by_city', 'oslo', 'total']);
    // Dragging the handle of total onto the top half of by_city puts it before.
    // Drag events with a real DataTransfer, as the browser sends them (a headless mouse drag does not start one).
    await page.evaluate(() => {
      const handle = document.querySelector('article[aria-label$="result table total"] .cell-handle')!;
      const target = document.querySelector('article[aria-label$="result table by_city"]')!;
      const box = target.getBoundingClientRect();
      const dataTransfer = new DataTransfer();
      const at = { bubbles: true, cancelable: true, dataTransfer, clientX: box.left + 200, clientY: box.top + 20 };
      handle.dispatchEvent(new DragEvent('dragstart', at));
      target.dispatchEvent(new DragEvent('dragover', at));
      target.dispatchEvent(new DragEvent('drop', at));
      handle.dispatchEvent(new DragEvent('dragend', at));
    });
    await expect.poll(() => order(page)).toEqual(['note', 'total', 'by_city', 'oslo']);

    // Hide output folds the result away, and back.
    await a.getByRole('button', { name: /^Hide the output of / }).click();
    await expect.poll(() => grid(a).isVisible()).toBe(false);
    await a.getByRole('button', { name: /^Hide the input of / }).click();
    await expect.poll(() => a.locator('.cm-content').isVisible()).toBe(false);
    await a.getByRole('button', { name: /^Hide the output of / }).click();
    await a.getByRole('button', { name: /^Hide the input of / }).click();
    await expect.poll(() => grid(a).isVisible()).toBe(true);

    // The outline lists the note's headings and the result tables, and jumps to a cell.
    await page.getByRole('button', { name: 'Outline' }).click();
    const outline = page.getByRole('navigation', { name: 'Outline' });
    expect((await outline.getByRole('button').allInnerTexts()).map((t) => t.trim())).toEqual([
      '✕', 'People', 'Cities', 'total · SQL', 'by_city · SQL', 'oslo · SQL',
    ]);
    await outline.getByRole('button', { name: 'oslo · SQL' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Cell 4: SQL, result table oslo');

    // Find: Ctrl+Shift+F, a match count, next with Enter, the cell marked.
    await page.keyboard.press('Control+Shift+F');
    const find = page.getByRole('search', { name: 'Find in the notebook' });
    await page.keyboard.insertText('people');
    // In workbook order: the note's "People", total's SQL once, by_city's SQL twice ("AS people", "FROM people").
    await expect.poll(() => find.getByRole('status').innerText()).toBe('1 of 4');
    await page.keyboard.press('Enter');
    await expect.poll(() => find.getByRole('status').innerText()).toBe('2 of 4');
    await expect.poll(() => page.locator('article.cell.found').getAttribute('aria-label')).toBe('Cell 2: SQL, result table total');
    await checkA11y(page, 'outline and find open');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Close the outline' }).click();

    // m turns a SQL cell into a note holding its text, y turns it back.
    await sqlCell(page, 'oslo').focus();
    await page.keyboard.press('m');
    await expect.poll(() => order(page)).toEqual(['note', 'total', 'by_city', 'note']);
    await cells(page).nth(3).focus();
    await page.keyboard.press('y');
    await expect.poll(() => order(page)).toEqual(['note', 'total', 'by_city', 'query_3']);

    // Shift+Enter on the last cell runs it and adds a cell after it, in view.
    await cells(page).nth(3).focus();
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => cells(page).count()).toBe(5);
    await waitForStatus(sqlCell(page, 'query_3'), 'done');
    expect(await cells(page).nth(4).evaluate((el) => el.getBoundingClientRect().top < innerHeight)).toBe(true);

    // 800 px wide, and 200% zoom of a 1440x900 screen: one row, the file actions in the menu.
    for (const viewport of [{ width: 800, height: 900 }, { width: 720, height: 450 }]) {
      await page.setViewportSize(viewport);
      await expect.poll(() => toolbarHeight(page)).toBeLessThan(60);
      expect(await page.getByRole('button', { name: 'Save workbook' }).count()).toBe(0);
    }
    await page.getByRole('button', { name: 'Workbook menu' }).click();
    await page.getByRole('button', { name: 'Save workbook' }).waitFor();
    await checkA11y(page, 'toolbar menu open at 200% zoom');
  });

  it('says when DuckDB did not start and starts it again with Retry', async () => {
    const { page } = await session.open({ noGoto: true });
    await gotoApp(page, `${inject('baseURL')}?duckdb-start-fails`);
    await loadFiles(page, [await fx.write('people.csv', PEOPLE_CSV)]);
    const banner = page.getByRole('alert').filter({ hasText: 'no cell can run' });
    await expect.poll(() => banner.innerText()).toMatch(/DuckDB did not start \(DuckDB did not start within 30 s\), so no data can load and no cell can run\. Your workbook is intact\./);
    await banner.getByRole('button', { name: 'Retry' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'DuckDB has started. Open again any file that could not load while it was down.' }).waitFor();
    // The file that was loading when the start failed says so; opened again, it loads.
    await page.getByRole('alert').filter({ hasText: 'people.csv could not be loaded: DuckDB did not start within 30 s' }).waitFor();
    await loadFiles(page, [await fx.write('people.csv', PEOPLE_CSV)]);
    await waitForSource(page, 'people', 3);
  });
});

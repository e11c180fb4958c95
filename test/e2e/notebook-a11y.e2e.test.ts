import { afterAll, beforeAll, describe, it } from 'vitest';
import { addNamedSqlCell, cells, checkA11y, checkContrast, fixtureDir, grid, openNotebook, setTheme, type FixtureDir, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();
let fx: FixtureDir;
beforeAll(async () => (fx = await fixtureDir()));
afterAll(() => fx.remove());

describe('accessibility', () => {
  it('the notebook view (sources, cells, a result grid, an error, a note) passes axe in light and dark theme', async () => {
    const { page } = await session.open();
    await openNotebook(page, fx);
    const result = await addNamedSqlCell(page, 'by_city', 'SELECT city, count(*) AS people, NULL AS nothing FROM people GROUP BY city ORDER BY city');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(result, 'done');
    const many = await addNamedSqlCell(page, 'many', 'SELECT range AS id FROM range(120)');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(many, 'done');
    await grid(many).getByRole('button', { name: 'Next page' }).waitFor();
    const broken = await addNamedSqlCell(page, 'broken', 'SELECT nope FROM people');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(broken, 'error');
    const stale = await addNamedSqlCell(page, 'stale', 'SELECT * FROM broken');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(stale, 'stale');
    await page.getByRole('button', { name: /^Add note at position/ }).last().click();
    await page.keyboard.insertText('# Notes\n\nA *short* note with `code` and a [link](https://example.invalid/).');
    await page.keyboard.press('Escape');
    await cells(page).last().getByRole('document', { name: 'Note' }).waitFor();
    // Command mode on a cell, as a keyboard user would have it.
    await result.focus();

    await setTheme(page, 'light');
    await checkA11y(page, 'notebook, light theme');
    await setTheme(page, 'dark');
    await checkContrast(page, 'notebook, dark theme');
  });
});

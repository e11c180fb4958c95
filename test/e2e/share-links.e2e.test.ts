import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeShareHash } from '../../src/engine/share-link.ts';
import { emptyWorkbook } from '../../src/engine/workbook.ts';
import { addNamedSqlCell, cells, checkA11y, checkContrast, editorText, fixtureDir, gotoApp, gridRows, loadFiles, openSampleData, savedWorkbook, setTheme, SLOW, sourceCard, sqlCell, STARTER_CELLS, statusOf, type FixtureDir, useBrowser, waitForSource, waitForStatus } from './harness.ts';

const session = useBrowser();
let fx: FixtureDir;
beforeAll(async () => (fx = await fixtureDir()));
afterAll(() => fx.remove());

const CUSTOMERS_CSV = 'id,name,signup\n1,Ann,2024-01-05\n2,Bob,2024-02-11\n3,Cid,2024-03-20\n';

/** Opens the Share dialog, waits for its link and returns it. */
async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share link…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this workbook' });
  await dialog.waitFor();
  const field = dialog.getByRole('textbox', { name: 'Share link' });
  await expect.poll(() => field.inputValue()).toMatch(/#wb=1\.[A-Za-z0-9_-]+$/);
  return field.inputValue();
}

/** A fresh browser (empty storage) opening `link`. */
async function openLinkInNewBrowser(link: string): Promise<Page> {
  const { page } = await session.open({ noGoto: true });
  await gotoApp(page, link);
  return page;
}

function banner(page: Page) {
  return page.getByRole('status').filter({ hasText: 'Shared workbook: review it, then press Run all.' });
}

describe('share links', () => {
  it('copies a link of the sample workbook that opens elsewhere in review mode, running nothing until Run all', async () => {
    const { page, context } = await session.open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openSampleData(page);
    const link = await shareLink(page);
    const dialog = page.getByRole('dialog', { name: 'Share this workbook' });
    expect(link.startsWith(`${inject('baseURL').replace(/\/$/, '')}/#wb=1.`)).toBe(true);
    await expect.poll(() => dialog.getByText(/^[\d,]+ characters$/).innerText()).toBe(`${link.length.toLocaleString('en')} characters`);
    console.log(`share link of the sample workbook (3 cells, 2 samples): ${link.length} characters`);
    await checkA11y(page, 'share dialog, light');
    await page.keyboard.press('Escape');
    // The theme button sits behind the modal dialog.
    await setTheme(page, 'dark');
    expect(await shareLink(page)).toBe(link);
    await checkContrast(page, 'share dialog, dark');
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => dialog.getByRole('status').filter({ hasText: 'Link copied.' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Share link…');

    const other = await openLinkInNewBrowser(link);
    await banner(other).waitFor({ timeout: SLOW });
    expect(await cells(other).count()).toBe(3);
    for (const name of STARTER_CELLS) expect(await editorText(sqlCell(other, name))).toBe(await editorText(sqlCell(page, name)));
    await waitForSource(other, 'retail_customers', 2000);
    await waitForSource(other, 'retail_transactions');
    await other.waitForTimeout(1000);
    for (const name of STARTER_CELLS) expect(await statusOf(sqlCell(other, name))).toBe('idle');
    // Under review, the workbook is not saved over whatever this browser had.
    expect(await savedWorkbook(other)).toBeNull();
    await checkA11y(other, 'review mode');

    await other.getByRole('button', { name: 'Run all' }).click();
    for (const name of STARTER_CELLS) await waitForStatus(sqlCell(other, name), 'done', 60_000);
    const expected = await gridRows(sqlCell(page, 'value_by_segment'));
    await expect.poll(() => gridRows(sqlCell(other, 'value_by_segment'))).toEqual(expected);
    expect(await banner(other).count()).toBe(0);
    // Run makes it the user's own: saved here, and the link leaves the address bar.
    expect(new URL(other.url()).hash).toBe('');
    await expect.poll(async () => (await savedWorkbook(other))?.cells.length, { timeout: 10_000 }).toBe(3);
  });

  it('asks for a file by name and columns, refuses one with other columns naming them, and attaches it anyway on request', async () => {
    const { page } = await session.open();
    await loadFiles(page, [await fx.write('customers.csv', CUSTOMERS_CSV)]);
    await waitForSource(page, 'customers', 3);
    await addNamedSqlCell(page, 'first_customer', 'SELECT min(signup) AS first FROM customers');
    const link = await shareLink(page);

    const other = await openLinkInNewBrowser(link);
    await banner(other).waitFor({ timeout: SLOW });
    const card = sourceCard(other, 'customers');
    await expect
      .poll(() => card.getByRole('status').innerText(), { timeout: SLOW })
      .toContain('Attach customers.csv (expects: id BIGINT, name VARCHAR, signup DATE) to use table customers.');
    expect(await banner(other).innerText()).toContain('Attach its data file (customers.csv) below');

    const wrong = await fx.write('customers-2025.csv', 'id,signup,email\nA1,2025-01-01,a@x.org\n');
    const [chooser] = await Promise.all([other.waitForEvent('filechooser'), card.getByRole('button', { name: 'Attach customers.csv' }).click()]);
    await chooser.setFiles(wrong);
    const alert = card.getByRole('alert');
    await alert.waitFor({ timeout: SLOW });
    expect((await alert.innerText()).split('\n').filter(Boolean).join('\n')).toBe(
      [
        'customers-2025.csv was not attached: its columns differ from those of customers.csv.',
        'customers-2025.csv has no column name (VARCHAR).',
        'Column id is VARCHAR in customers-2025.csv; customers.csv had BIGINT.',
        'customers-2025.csv also has email, which the workbook does not use.',
        'Attach customers-2025.csv anyway',
      ].join('\n'),
    );
    // Nothing was attached: the table does not exist yet.
    expect(await card.getByRole('button', { name: 'Attach customers.csv', exact: true }).count()).toBe(1);

    await checkA11y(other, 'schema mismatch');
    await alert.getByRole('button', { name: 'Attach customers-2025.csv anyway' }).click();
    await waitForSource(other, 'customers', 1);
    await other.getByRole('button', { name: 'Run all' }).click();
    await waitForStatus(sqlCell(other, 'first_customer'), 'done');
    await expect.poll(() => gridRows(sqlCell(other, 'first_customer'))).toEqual([['2025-01-01']]);
  });

  it('attaches a file with the expected columns straight away', async () => {
    const { page } = await session.open();
    await loadFiles(page, [await fx.write('customers.csv', CUSTOMERS_CSV)]);
    await waitForSource(page, 'customers', 3);
    const other = await openLinkInNewBrowser(await shareLink(page));
    const card = sourceCard(other, 'customers');
    const same = await fx.write('customers.csv', CUSTOMERS_CSV + '4,Dee,2024-04-02\n');
    const [chooser] = await Promise.all([
      other.waitForEvent('filechooser'),
      card.getByRole('button', { name: 'Attach customers.csv' }).click({ timeout: SLOW }),
    ]);
    await chooser.setFiles(same);
    await waitForSource(other, 'customers', 4);
    expect(await card.getByRole('alert').count()).toBe(0);
  });

  it('puts a small table in the link only when asked, with a warning, and loads it from the link', async () => {
    const { page } = await session.open();
    await loadFiles(page, [await fx.write('customers.csv', CUSTOMERS_CSV)]);
    await waitForSource(page, 'customers', 3);
    await addNamedSqlCell(page, 'names', 'SELECT string_agg(name, \'+\' ORDER BY id) AS names FROM customers');
    const without = await shareLink(page);
    const dialog = page.getByRole('dialog', { name: 'Share this workbook' });
    const include = dialog.getByRole('checkbox', { name: /^Include the data of customers\.csv in the link/ });
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await include.check();
    await dialog.getByRole('alert').filter({ hasText: 'Anyone with the link can read this data.' }).waitFor();
    const field = dialog.getByRole('textbox', { name: 'Share link' });
    await expect.poll(() => field.inputValue()).not.toBe(without);
    const withData = await field.inputValue();
    await checkA11y(page, 'data included');

    const other = await openLinkInNewBrowser(withData);
    await banner(other).waitFor({ timeout: SLOW });
    const card = await waitForSource(other, 'customers', 3);
    expect(await card.innerText()).toContain('customers.csv was loaded from the data included in the link.');
    await other.getByRole('button', { name: 'Run all' }).click();
    await waitForStatus(sqlCell(other, 'names'), 'done');
    await expect.poll(() => gridRows(sqlCell(other, 'names'))).toEqual([['Ann+Bob+Cid']]);
  });

  it('warns about links over 2,000 characters, and over 32 KB offers the workbook file instead', async () => {
    // Text that does not compress: a long note of pseudo-random words.
    let seed = 7;
    const word = () => {
      seed = (seed * 48271) % 2147483647;
      return seed.toString(36);
    };
    const noteOf = (words: number) => Array.from({ length: words }, word).join(' ');
    for (const [words, expectFile] of [[400, false], [7000, true]] as const) {
      const wb = { ...emptyWorkbook('Long notes'), cells: [{ id: 'n1', kind: 'markdown' as const, text: noteOf(words) }] };
      const page = await openLinkInNewBrowser(`${inject('baseURL')}${await encodeShareHash({ workbook: wb, data: {} })}`);
      await banner(page).waitFor({ timeout: SLOW });
      const link = await shareLink(page);
      const dialog = page.getByRole('dialog', { name: 'Share this workbook' });
      expect(link.length).toBeGreaterThan(expectFile ? 32 * 1024 : 2_000);
      if (!expectFile) {
        expect(link.length).toBeLessThan(32 * 1024);
        await dialog.getByText('Some email clients cut links longer than about 2,000 characters').waitFor();
        expect(await dialog.getByRole('button', { name: 'Save workbook file' }).count()).toBe(0);
        continue;
      }
      await dialog.getByRole('alert').filter({ hasText: 'too long to share reliably' }).waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save workbook file' }).click()]);
      expect(download.suggestedFilename()).toBe('Long-notes.segbook.json');
    }
  });
});

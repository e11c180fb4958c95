import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addNamedSqlCell, checkA11y, checkContrast, gotoApp, gridRows, openSchemaPreview, setTheme, SLOW, sourceCard, sqlCell, statusText, useBrowser, waitForSource, waitForStatus } from './harness.ts';

const session = useBrowser();

/** A paste as the browser delivers it: a ClipboardEvent carrying a DataTransfer, at the focused element (the page, unless `label` names a field). */
async function paste(page: Page, data: Record<string, string>, label?: string): Promise<void> {
  await page.evaluate(([d, l]) => {
    const transfer = new DataTransfer();
    for (const [type, value] of Object.entries(d)) transfer.setData(type, value);
    const target = l ? document.querySelector(`[aria-label="${l}"]`) : document.body;
    if (!target) throw new Error(`nothing labelled ${l}`);
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, [data, label] as const);
}

/** The field on a pasted table's card that takes the table pasted again, once its data is gone. */
const pasteAgain = (page: Page, table: string) => sourceCard(page, table).getByRole('textbox', { name: `Paste the table for ${table} here` });

/** The files in OPFS's segbook-sources/, as "name bytes", read straight from the browser. */
function keptFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('segbook-sources').catch(() => null);
    const out: string[] = [];
    if (dir) for await (const h of dir.values()) if (h instanceof FileSystemFileHandle) out.push(`${h.name} ${(await h.getFile()).size}`);
    return out.sort();
  });
}

const SHEET = 'customer_id\tspend\tjoined\tcode\r\n1\t10.5\t2024-01-05\t007\r\n2\t20\t2024-02-10\t012\r\n3\t\t2024-03-15\t100\r\n';
// A web page's table: the merged "North" covers two rows; the plain text the page also offers is flattened and loses that.
const PAGE_HTML = `<meta charset="utf-8"><table><thead><tr><th>region</th><th>city</th><th>sales</th></tr></thead><tbody>
  <tr><td rowspan="2">North</td><td>Oslo</td><td>1,200</td></tr><tr><td>Bergen</td><td>300</td></tr>
  <tr><td>South</td><td>Rome<script>document.title = 'ran'</script></td><td>50</td></tr></tbody></table><img src="https://example.com/x.png">`;
const PAGE_TEXT = 'region\tcity\tsales\nNorth\tOslo\t1,200\nBergen\t300\nSouth\tRome\t50\n';

const CHECK_SQL = `SELECT (SELECT count(*) FROM pasted_1) AS n1, (SELECT sum(spend) FROM pasted_1) AS spend,
  (SELECT string_agg(code, '|' ORDER BY customer_id) FROM pasted_1) AS codes,
  (SELECT string_agg(region || ':' || city || ':' || sales, '|' ORDER BY city) FROM pasted_2) AS places`;
// By hand from the two pastes above.
const EXPECTED = [['3', '30.5', '007|012|100', 'North:Bergen:300|North:Oslo:1,200|South:Rome:50']];

describe('pasted tables kept in this browser', () => {
  it('turns pasted tables into sources, brings their data back after a reload without re-attaching or running, and forgets it', async () => {
    const { page } = await session.open();
    await page.getByRole('region', { name: 'Segbook' }).waitFor();
    await paste(page, { 'text/plain': SHEET });
    const first = await waitForSource(page, 'pasted_1', 3);
    await paste(page, { 'text/html': PAGE_HTML, 'text/plain': PAGE_TEXT });
    await waitForSource(page, 'pasted_2', 3);
    expect(await page.title()).not.toBe('ran');
    expect(await first.locator('header').innerText()).toContain('pasted_1.tsv');
    await openSchemaPreview(first);
    const types = await first.getByRole('combobox', { name: /^Type of column/ }).evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value));
    expect(types).toEqual(['BIGINT', 'DOUBLE', 'DATE', 'VARCHAR']);

    const cell = await addNamedSqlCell(page, 'totals', CHECK_SQL);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');
    await expect.poll(() => gridRows(cell)).toEqual(EXPECTED);

    // Kept: a Parquet file and its description per table, and the card says how much.
    await expect.poll(() => page.locator('[data-kept]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kept'))), { timeout: SLOW }).toEqual(['kept', 'kept']);
    const files = await keptFiles(page);
    expect(files.map((f) => f.split(' ')[0])).toEqual(['pasted_1.parquet', 'pasted_1.parquet.json', 'pasted_2.parquet', 'pasted_2.parquet.json']);
    const bytes = Number(files[0].split(' ')[1]);
    expect(bytes).toBeGreaterThan(100);
    const shown = bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KB`;
    expect(await first.locator('[data-kept]').innerText()).toContain(`Data kept in this browser (origin-private storage, as Parquet): ${shown}.`);
    await checkA11y(page, 'kept sources, light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'kept sources, dark');

    await page.reload();
    await gotoApp(page, page.url());
    await waitForSource(page, 'pasted_1', 3);
    await waitForSource(page, 'pasted_2', 3);
    expect(await page.getByRole('button', { name: /^Re-attach/ }).count()).toBe(0);
    await page.getByRole('status').filter({ hasText: 'Your data was restored from this browser. Nothing has run yet' }).waitFor({ timeout: SLOW });
    expect(await statusText(sqlCell(page, 'totals'))).toBe('Never run');
    await page.getByRole('button', { name: 'Run all' }).click();
    await waitForStatus(sqlCell(page, 'totals'), 'done');
    await expect.poll(() => gridRows(sqlCell(page, 'totals'))).toEqual(EXPECTED);
    // The restored tables have the columns and types the pastes had.
    await openSchemaPreview(sourceCard(page, 'pasted_1'));
    expect(await sourceCard(page, 'pasted_1').getByRole('combobox', { name: /^Type of column/ }).evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value)))
      .toEqual(types);

    await sourceCard(page, 'pasted_2').getByRole('button', { name: 'Forget the data of pasted_2 kept in this browser' }).click();
    // No file to re-attach: the card asks for the table to be pasted again.
    await pasteAgain(page, 'pasted_2').waitFor({ timeout: SLOW });
    expect(await sourceCard(page, 'pasted_2').getByRole('status').innerText()).toContain(
      'Table pasted_2 was pasted into Segbook, and its data is no longer kept in this browser. There is no file to attach: copy the table again',
    );
    expect((await keptFiles(page)).map((f) => f.split(' ')[0])).toEqual(['pasted_1.parquet', 'pasted_1.parquet.json']);
    await page.getByRole('button', { name: 'Forget all data' }).click();
    await pasteAgain(page, 'pasted_1').waitFor({ timeout: SLOW });
    expect(await keptFiles(page)).toEqual([]);

    await page.reload();
    await gotoApp(page, page.url());
    await pasteAgain(page, 'pasted_1').waitFor({ timeout: SLOW });
    await pasteAgain(page, 'pasted_2').waitFor();
    expect(await page.getByRole('button', { name: /^Re-attach/ }).count()).toBe(0);
    await checkA11y(page, 'pasted tables waiting to be pasted again');
    // Pasted again into its card, the table comes back as itself, not as a new pasted_3.
    await paste(page, { 'text/plain': SHEET }, 'Paste the table for pasted_1 here');
    await paste(page, { 'text/html': PAGE_HTML, 'text/plain': PAGE_TEXT }, 'Paste the table for pasted_2 here');
    await waitForSource(page, 'pasted_1', 3);
    await waitForSource(page, 'pasted_2', 3);
    await page.getByRole('button', { name: 'Run all' }).click();
    await waitForStatus(sqlCell(page, 'totals'), 'done');
    await expect.poll(() => gridRows(sqlCell(page, 'totals'))).toEqual(EXPECTED);
    expect(await sourceCard(page, 'pasted_3').count()).toBe(0);
  }, 180_000);
});

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { JSDOM } from 'jsdom';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  SLOW, addCellOfKind, addNamedSqlCell, checkA11y, clusterOnRfm, fixtureDir, openSampleData, setSql, setTheme, useBrowser, waitForStatus,
} from './harness.ts';

const session = useBrowser();
const SAMPLE = resolve(import.meta.dirname, '../../sample-data/retail-transactions.csv');

// Text with a quote, a comma and a line break, an exact decimal, a timestamp and a NULL, per channel.
const BY_CHANNEL = `SELECT channel,
  count(*) AS lines,
  sum(quantity * unit_price)::DECIMAL(18,2) AS revenue,
  min(invoice_date) AS first_order,
  'say "hi", then' || chr(10) || 'go' AS note,
  CASE WHEN channel = 'web' THEN NULL ELSE 9007199254740993 END AS big
FROM retail_transactions
GROUP BY channel
ORDER BY channel`;

/** Clicks a download button and returns the file's name and bytes. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: SLOW }), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

async function bars(chart: Locator): Promise<number> {
  return chart.locator('figure svg g[aria-label="bar"] rect').count();
}

describe('charts and downloads', () => {
  it('draws a chart cell, redraws it when its input changes, and downloads charts and tables', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const sql = await addNamedSqlCell(page, 'by_channel', BY_CHANNEL);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(sql, 'done');

    const chart = await addCellOfKind(page, 'Chart');
    await chart.getByLabel('Table').selectOption('by_channel');
    await chart.getByLabel('Mark').selectOption('bar');
    await chart.getByLabel('x', { exact: true }).selectOption('channel');
    await chart.getByLabel('y', { exact: true }).selectOption('revenue');
    await chart.getByLabel('Title').fill('Revenue by channel');
    await chart.getByLabel('Title').press('Tab');
    await expect.poll(() => bars(chart), { timeout: SLOW }).toBeGreaterThanOrEqual(2);
    const channels = await bars(chart);
    expect(await chart.locator('figcaption').innerText()).toBe(
      `Revenue by channel: bar chart of revenue against channel, from ${channels} rows of by_channel.`,
    );

    const svg = await download(page, chart.getByRole('button', { name: 'Download SVG of Revenue by channel' }));
    expect(svg.name).toBe('revenue-by-channel.svg');
    const text = svg.bytes.toString('utf8');
    const parsed = new JSDOM(text, { contentType: 'image/svg+xml' }).window.document;
    expect(parsed.querySelector('parsererror')).toBeNull();
    expect(parsed.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(text).not.toMatch(/currentcolor/i);
    expect(parsed.querySelectorAll('g[aria-label="bar"] rect').length).toBe(channels);
    const width = Number(parsed.documentElement.getAttribute('width'));

    const png = await download(page, chart.getByRole('button', { name: 'Download PNG of Revenue by channel' }));
    expect(png.name).toBe('revenue-by-channel.png');
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width at byte 16, drawn at twice the SVG's size.
    expect(png.bytes.readUInt32BE(16)).toBe(width * 2);

    // Re-running the input redraws the chart without running the chart cell.
    await setSql(sql, BY_CHANNEL.replace('GROUP BY channel', "WHERE channel <> 'web' GROUP BY channel"));
    await sql.locator('.cm-content').press('Control+Enter');
    await waitForStatus(sql, 'done');
    await expect.poll(() => bars(chart), { timeout: SLOW }).toBe(channels - 1);
    await setSql(sql, BY_CHANNEL);
    await sql.locator('.cm-content').press('Control+Enter');
    await waitForStatus(sql, 'done');
    await expect.poll(() => bars(chart), { timeout: SLOW }).toBe(channels);

    let workersStarted = 0;
    page.on('worker', () => workersStarted++);
    const csv = await download(page, sql.getByRole('button', { name: 'Download CSV of by_channel' }));
    const parquet = await download(page, sql.getByRole('button', { name: 'Download Parquet of by_channel' }));
    const again = await download(page, sql.getByRole('button', { name: 'Download Parquet of by_channel' }));
    // One encoder worker serves every download: parquet-wasm is not loaded again for each export.
    expect(workersStarted).toBe(1);
    expect(again.bytes.equals(parquet.bytes)).toBe(true);
    expect(csv.name).toBe('by_channel.csv');
    expect(parquet.name).toBe('by_channel.parquet');
    const csvText = csv.bytes.toString('utf8');
    expect(csvText.startsWith('channel,lines,revenue,first_order,note,big\r\n')).toBe(true);
    expect(csvText).toContain(',"say ""hi"", then\ngo",');
    expect(csvText).toContain(',9007199254740993\r\n');
    expect([...parquet.bytes.subarray(0, 4)]).toEqual([0x50, 0x41, 0x52, 0x31]);

    // Both files read back in native DuckDB hold the same rows, and match the sample file itself.
    const fx = await fixtureDir();
    const csvPath = await fx.write('by_channel.csv', csv.bytes);
    const parquetPath = await fx.write('by_channel.parquet', parquet.bytes);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const rows = async (q: string) => (await conn.runAndReadAll(q)).getRowObjectsJS();
      const types = await rows(`DESCRIBE SELECT * FROM read_parquet('${parquetPath}')`);
      expect(types.map((t) => `${t.column_name} ${t.column_type}`)).toEqual([
        'channel VARCHAR', 'lines BIGINT', 'revenue DECIMAL(18,2)', expect.stringMatching(/^first_order (TIMESTAMP|DATE)$/), 'note VARCHAR', 'big BIGINT',
      ]);
      const columns = `{${types.map((t) => `'${t.column_name}': '${t.column_type}'`).join(', ')}}`;
      await conn.run(`CREATE TABLE p AS SELECT * FROM read_parquet('${parquetPath}')`);
      await conn.run(`CREATE TABLE c AS SELECT * FROM read_csv('${csvPath}', header = true, columns = ${columns}, allow_quoted_nulls = false)`);
      const [diff] = await rows('SELECT (SELECT count(*) FROM (FROM p EXCEPT ALL FROM c)) + (SELECT count(*) FROM (FROM c EXCEPT ALL FROM p)) AS n');
      expect(Number(diff.n)).toBe(0);
      const expected = await rows(`SELECT channel, count(*) AS lines, sum(quantity * unit_price)::DECIMAL(18,2)::VARCHAR AS revenue
        FROM read_csv('${SAMPLE}') GROUP BY channel ORDER BY channel`);
      const got = await rows('SELECT channel, lines, revenue::VARCHAR AS revenue FROM p ORDER BY channel');
      expect(got).toEqual(expected);
      const [nulls] = await rows(`SELECT count(*) FILTER (WHERE big IS NULL) AS missing, min(note) AS note FROM c`);
      expect(nulls).toEqual({ missing: 1n, note: 'say "hi", then\ngo' });
    } finally {
      conn.closeSync();
      instance.closeSync();
      await fx.remove();
    }

    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await checkA11y(page, `with a chart cell (${theme})`);
    }
  });

  it('shows the snake plot and box plots of a finished cluster cell, with a feature to pick', async () => {
    const { page } = await session.open();
    const cluster = await clusterOnRfm(page, 2);
    await cluster.getByRole('button', { name: /^Run / }).click();
    await waitForStatus(cluster, 'done', 90_000);
    const snake = cluster.locator('figure').filter({ hasText: 'Snake plot' });
    await snake.waitFor({ timeout: SLOW });
    expect(await snake.locator('svg g[aria-label="line"] path').count()).toBe(4);
    expect(await snake.locator('figcaption').innerText()).toMatch(/^Snake plot: .* segment 1: recency -?\d+\.\d\d, frequency/);
    const box = cluster.locator('figure').filter({ hasText: /Box plots of recency by segment over 2,000 rows/ });
    await box.waitFor({ timeout: SLOW });
    await cluster.getByRole('combobox', { name: 'Box plots of' }).selectOption('monetary');
    await cluster.locator('figure').filter({ hasText: /Box plots of monetary by segment over 2,000 rows/ }).waitFor({ timeout: SLOW });
    await expect.poll(() => cluster.getByRole('button', { name: 'Download SVG of Snake plot of segments' }).count()).toBe(1);
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(page, theme);
      await checkA11y(page, `with a cluster cell's charts (${theme})`);
    }
  });

  it('samples a table above 50,000 rows deterministically and says so', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const chart = await addCellOfKind(page, 'Chart');
    await chart.getByLabel('Table').selectOption('retail_transactions');
    await chart.getByLabel('x', { exact: true }).selectOption('quantity');
    await chart.getByLabel('y', { exact: true }).selectOption('unit_price');
    const note = chart.getByRole('note');
    await note.waitFor({ timeout: SLOW });
    expect(await note.innerText()).toMatch(/^Drawn from a fixed sample of 50,000 of 53,\d{3} rows/);
    const dots = () => chart.locator('figure svg g[aria-label="dot"] circle').count();
    await expect.poll(dots, { timeout: SLOW }).toBeGreaterThan(0);
    // A box plot without y says what is missing instead of drawing.
    await chart.getByLabel('Mark').selectOption('box');
    await chart.getByLabel('y', { exact: true }).selectOption('');
    await expect.poll(() => chart.getByRole('alert').innerText().catch(() => '')).toBe('Cannot draw this chart: a box plot needs a column for y.');
  });
});

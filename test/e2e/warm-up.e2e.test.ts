import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNamedSqlCell, fixtureDir, gridRows, openNotebook, useBrowser, waitForStatus, type FixtureDir } from './harness.ts';

const session = useBrowser();
let fx: FixtureDir;
beforeAll(async () => (fx = await fixtureDir()));
afterAll(() => fx.remove());

describe('DuckDB warm-up', () => {
  it('runs its synthetic workload under the lockdown as DuckDB starts, and leaves no table or file a user could see', async () => {
    const { page } = await session.open();
    await page.waitForFunction(() => performance.getEntriesByName('duckdb warmed up').length + performance.getEntriesByName('duckdb warm-up failed').length > 0, null, { timeout: 60_000 });
    expect(await page.evaluate(() => performance.getEntriesByName('duckdb warmed up').length)).toBe(1);
    // Before the user does anything, DuckDB has run the warm-up and nothing else: a load, the statistics, a clean step, RFM, and the drops.
    const statements = await page.evaluate(() => performance.getEntriesByType('measure').map((e) => e.name).filter((n) => n.startsWith('duckdb: ')));
    expect(statements).toHaveLength(6);
    expect(statements[0]).toMatch(/^duckdb: CREATE OR REPLACE TEMP TABLE __segbook_warmup AS SELECT \* FROM read_csv/);
    expect(statements.slice(4)).toEqual(['duckdb: DROP TABLE IF EXISTS __segbook_warmup_clean', 'duckdb: DROP TABLE IF EXISTS __segbook_warmup']);
    await openNotebook(page, fx);
    const cell = await addNamedSqlCell(page, 'catalog', `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%segbook%') AS tables, (SELECT count(*) FROM glob('/uploads/*') WHERE file LIKE '%segbook%') AS files`);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');
    await expect.poll(() => gridRows(cell)).toEqual([['0', '0']]);
  });
});

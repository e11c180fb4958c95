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
    const statements = await page.evaluate(() => performance.getEntriesByType('measure').filter((e) => e.name.includes('__segbook_warmup')).length);
    expect(statements).toBeGreaterThanOrEqual(6);
    await openNotebook(page, fx);
    const cell = await addNamedSqlCell(page, 'catalog', `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%segbook%') AS tables, (SELECT count(*) FROM glob('/uploads/*') WHERE file LIKE '%segbook%') AS files`);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(cell, 'done');
    expect(await gridRows(cell)).toEqual([['0', '0']]);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNamedSqlCell, fixtureDir, gridRows, openNotebook, statusText, useBrowser, waitForStatus, type FixtureDir } from './harness.ts';

const session = useBrowser();
let fx: FixtureDir;
let bait: Server;
let baitURL = '';
const hits: string[] = [];

beforeAll(async () => {
  fx = await fixtureDir();
  // Another origin with data on it: nothing in the app may fetch from it.
  bait = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Access-Control-Allow-Origin': '*' }).end('secret\n42\n');
  });
  await new Promise<void>((ok) => bait.listen(0, '127.0.0.1', () => ok()));
  baitURL = `http://127.0.0.1:${(bait.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((ok) => bait.close(() => ok()));
  await fx.remove();
});

describe('privacy', () => {
  it('SQL cannot reach the network or turn external access back on', async () => {
    const { page } = await session.open();
    await openNotebook(page, fx);

    for (const [name, sql] of [
      ['leak_csv', `SELECT * FROM read_csv('${baitURL}/leak.csv')`],
      ['leak_text', `SELECT * FROM read_text('${baitURL}/leak.txt')`],
    ]) {
      const cell = await addNamedSqlCell(page, name, sql);
      await page.keyboard.press('Control+Enter');
      await waitForStatus(cell, 'error');
      expect(await cell.getByRole('alert').innerText()).toMatch(
        /^Segbook blocks network access so your data stays in this tab, so it cannot read "http:\/\/127\.0\.0\.1:\d+\/leak\.(csv|txt)"\. Download the file and drop it on the page instead/,
      );
    }

    // A cell holds one query, so a SET statement never even reaches DuckDB as such; the settings
    // check below is what shows that the lock-down still holds.
    const unlock = await addNamedSqlCell(page, 'unlock', 'SET enable_external_access=true');
    await page.keyboard.press('Control+Enter');
    await waitForStatus(unlock, 'error');
    expect(await statusText(unlock)).toBe('Error');

    // The lock-down is still in force.
    const settings = await addNamedSqlCell(
      page,
      'settings',
      "SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked",
    );
    await page.keyboard.press('Control+Enter');
    await waitForStatus(settings, 'done');
    await expect.poll(() => gridRows(settings)).toEqual([['false', 'true']]);

    await page.waitForTimeout(500);
    expect(hits).toEqual([]);
  });
});

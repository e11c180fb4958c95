import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCellOfKind, addNamedSqlCell, cells, checkA11y, checkContrast, gridRows, openSampleData, setTheme, SLOW, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();

// Written by hand, not by the cell: VIP first, then the age bands, as the test orders the rules.
const DIRECT_COUNTS = `SELECT CASE
    WHEN income >= (SELECT quantile_cont(income, 0.8) FROM retail_customers) THEN 'VIP'
    WHEN age < 25 THEN 'Age under 25' WHEN age < 35 THEN 'Age 25-34' WHEN age < 45 THEN 'Age 35-44'
    WHEN age < 55 THEN 'Age 45-54' WHEN age < 65 THEN 'Age 55-64' WHEN age >= 65 THEN 'Age 65+'
    ELSE 'Other' END AS segment,
  count(*) AS n
FROM retail_customers
GROUP BY ALL
ORDER BY segment`;

async function sizes(cell: Locator): Promise<Record<string, number>> {
  const table = cell.getByRole('table', { name: /^Segment sizes of / });
  await table.waitFor({ timeout: SLOW });
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  return Object.fromEntries(rows.map(([name, n]) => [name, Number(n.replace(/,/g, ''))]));
}

async function gridCounts(cell: Locator): Promise<Record<string, number>> {
  return Object.fromEntries((await gridRows(cell)).map(([segment, n]) => [segment, Number(n.replace(/,/g, ''))]));
}

async function chooseTemplate(cell: Locator, label: string): Promise<void> {
  await cell.getByLabel('Template', { exact: true }).selectOption({ label });
  await cell.getByRole('button', { name: 'Add template segments' }).click();
}

describe('rule segment cell', () => {
  it('segments customers from templates, matches a hand-written count, and opens its SQL as a SQL cell with equal results', async () => {
    const { page, context } = await session.open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openSampleData(page);
    const rules = await addCellOfKind(page, 'Rule segments');
    const position = (await cells(page).count()) - 1;
    await rules.getByLabel('Input table').selectOption('retail_customers');

    await chooseTemplate(rules, 'Age bands by age');
    await chooseTemplate(rules, 'VIP: top 20% by income');
    expect(await rules.getByLabel('Name of segment 7').inputValue()).toBe('VIP');
    // VIP goes to the top by keyboard: focus follows the segment as it moves up.
    await rules.getByRole('button', { name: 'Move segment 7 up' }).focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('Enter');
    expect(await rules.getByLabel('Name of segment 1').inputValue()).toBe('VIP');
    expect(await rules.getByLabel('Name of segment 7').inputValue()).toBe('Age 65+');

    const sql = await rules.getByRole('textbox', { name: 'Generated SQL' }).inputValue();
    expect(sql).toMatch(/^SELECT \*,\n  CASE\n    WHEN "income" >= \(SELECT quantile_cont\("income", 0\.8\) FROM "retail_customers"\) THEN 'VIP'/);
    await rules.getByRole('button', { name: 'Copy SQL' }).click();
    await rules.getByText('SQL copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sql);

    await rules.getByRole('button', { name: 'Run rule_segments' }).click();
    await waitForStatus(rules, 'done');
    const got = await sizes(rules);
    expect(Object.values(got).reduce((a, b) => a + b, 0)).toBe(2000);
    expect(got.VIP).toBe(393);
    await expect.poll(() => rules.getByRole('figure').count()).toBe(1);
    expect(await rules.getByRole('figure').innerText()).toContain('VIP 393 (19.6%)');

    const direct = await addNamedSqlCell(page, 'direct_counts', DIRECT_COUNTS);
    await direct.getByRole('button', { name: 'Run direct_counts' }).click();
    await waitForStatus(direct, 'done');
    await expect.poll(() => gridCounts(direct), { timeout: SLOW }).toEqual(Object.fromEntries(Object.entries(got).filter(([, n]) => n > 0)));

    await checkA11y(page, 'light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'dark');
    await setTheme(page, 'light');

    await rules.getByRole('button', { name: 'Open as SQL cell' }).click();
    const opened = cells(page).nth(position + 1);
    await expect.poll(() => opened.getAttribute('aria-label')).toMatch(/, result table query_\d+$/);
    const name = /result table (query_\d+)$/.exec((await opened.getAttribute('aria-label'))!)![1];
    await opened.getByRole('button', { name: `Run ${name}` }).click();
    await waitForStatus(opened, 'done');
    const compare = await addNamedSqlCell(page, 'same_rows', `SELECT
  (SELECT count(*) FROM (SELECT * FROM ${name} EXCEPT ALL SELECT * FROM rule_segments)) AS only_in_sql,
  (SELECT count(*) FROM (SELECT * FROM rule_segments EXCEPT ALL SELECT * FROM ${name})) AS only_in_rules,
  (SELECT count(*) FROM ${name}) AS n`);
    await compare.getByRole('button', { name: 'Run same_rows' }).click();
    await waitForStatus(compare, 'done');
    await expect.poll(() => gridRows(compare), { timeout: SLOW }).toEqual([['0', '0', '2,000']]);
  }, 300_000);

  it('shows a problem naming the segment, condition and column instead of SQL, and as the run error', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const rules = await addCellOfKind(page, 'Rule segments');
    await rules.getByLabel('Input table').selectOption('retail_customers');
    await rules.getByRole('button', { name: 'Add a segment' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Name of segment 1');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Big earners');
    await page.keyboard.press('Tab');
    await rules.getByLabel('Column of segment 1, condition 1').selectOption('income');
    await rules.getByLabel('Operator of segment 1, condition 1').selectOption('>');
    const value = rules.getByLabel('Value of segment 1, condition 1');
    await value.fill('lots');
    await value.press('Tab');
    const problem = 'segment Big earners, condition 1: column "income" holds numbers, but "lots" is not a number';
    await rules.getByText(`No SQL yet: ${problem}`).waitFor();
    await rules.getByRole('button', { name: 'Run rule_segments' }).click();
    await waitForStatus(rules, 'error');
    expect(await rules.locator('.problem').innerText()).toContain(problem);

    await value.fill('100000');
    await value.press('Tab');
    await rules.getByRole('button', { name: 'Run rule_segments' }).click();
    await waitForStatus(rules, 'done');
    const counts = await sizes(rules);
    const direct = await addNamedSqlCell(page, 'big', 'SELECT count(*) AS n FROM retail_customers WHERE income > 100000');
    await direct.getByRole('button', { name: 'Run big' }).click();
    await waitForStatus(direct, 'done');
    await expect.poll(async () => (await gridRows(direct))[0]?.[0].replace(/,/g, ''), { timeout: SLOW }).toBe(String(counts['Big earners']));
    expect(counts['Big earners'] + counts.Other).toBe(2000);
  });
});

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCellOfKind, checkA11y, checkContrast, gridColumns, loadFiles, setTheme, useBrowser, waitForSource, waitForStatus } from './harness.ts';

const session = useBrowser();
const CDNOW = resolve(import.meta.dirname, '../../../shared/datasets/cdnow/CDNOW_sample.txt');

describe.skipIf(!existsSync(CDNOW))('clv cell in the browser', () => {
  it('loads the fixed-width CDNOW log, fits BG/NBD and Gamma-Gamma in the worker and shows the published parameters', async () => {
    const { page } = await session.open();
    await loadFiles(page, [CDNOW]);
    await waitForSource(page, 'cdnow_sample', 6919);
    const cell = await addCellOfKind(page, 'CLV');
    await cell.getByLabel('Transactions table').selectOption('cdnow_sample');
    await cell.getByLabel('Customer column').selectOption('column2');
    await cell.getByLabel('Date column').selectOption('column3');
    await cell.getByLabel('Amount (column or expression)').fill('column5');
    await cell.getByLabel('Amount (column or expression)').press('Tab');
    await cell.getByLabel('Calibration end').fill('1997-09-30');
    await cell.getByLabel('Period length').selectOption({ label: 'weeks' });
    await cell.getByLabel('Horizon (weeks)').fill('39');
    await cell.getByLabel('Horizon (weeks)').press('Tab');
    await cell.getByRole('button', { name: /^Run / }).click();
    await waitForStatus(cell, 'done', 90_000);

    const models = cell.getByRole('table').filter({ hasText: 'BG/NBD' });
    await expect.poll(() => models.innerText()).toContain('r = 0.2426, alpha = 4.414, a = 0.7929, b = 2.426');
    const text = await models.innerText();
    expect(text).toContain('-9582.4');
    // zbar from the log differs from the published summary by up to 0.006, so the fourth digit may too.
    expect(text).toMatch(/p = 6\.2[45]\d*, q = 3\.74\d*, gamma = 15\.4\d*/);
    expect(text).toContain('946 repeat customers');
    const results = await cell.innerText();
    expect(results).toMatch(/Mean P\(alive\)\s+0\.813/);
    expect(results).toMatch(/Expected purchases, next 39 weeks\s+1,65\d\.\d/);
    expect(results).toMatch(/1,882 repeat purchase days actual/);
    expect(results).toContain('Below the threshold (0.5) a customer is flagged as a churn risk.');
    await cell.getByText('What does P(alive) mean?').click();
    await expect.poll(() => cell.innerText()).toMatch(/the chance, under the BG\/NBD model, that a customer has not silently stopped buying/i);
    await expect.poll(() => cell.locator('figure svg').count()).toBe(1);
    expect(await cell.locator('figcaption').innerText()).toMatch(/^Customers by P\(alive\), in tenths/);
    expect((await gridColumns(cell)).map((c) => c.name)).toEqual([
      'column2', 'frequency', 'recency', 'T', 'monetary_value', 'historical_value', 'p_alive', 'expected_purchases', 'expected_avg_value', 'clv', 'churn_risk',
    ]);

    await checkA11y(page, 'clv cell, light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'clv cell, dark');
  });
});

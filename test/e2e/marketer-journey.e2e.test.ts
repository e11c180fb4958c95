import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCellOfKind, cells, checkA11y, checkContrast, loadFiles, savedWorkbook, setTheme, useBrowser, waitForSource, waitForStatus } from './harness.ts';

const session = useBrowser();
const RETAIL = resolve(import.meta.dirname, '../../../shared/datasets/online-retail/online-retail.csv.gz');
const CUSTOMERS = 4_338;

async function run(cell: Locator): Promise<void> {
  await cell.getByRole('button', { name: /^Run / }).click();
  await waitForStatus(cell, 'done', 180_000);
}

/** The value shown next to a figure's term in a definition list of the cell. */
function figure(cell: Locator, term: string | RegExp): Promise<string> {
  const text = typeof term === 'string' ? new RegExp(`^${term.replace(/[()]/g, '\\$&')}$`) : term;
  return cell.locator('dt', { hasText: text }).locator('xpath=following-sibling::dd[1]').innerText();
}

/** Sets a date input as a person picking the day would, and leaves the field so it commits. */
async function setDate(cell: Locator, label: string, date: string): Promise<void> {
  await cell.getByLabel(label).fill(date);
  await cell.getByLabel(label).press('Tab');
  await expect.poll(() => cell.getByLabel(label).inputValue()).toBe(date);
}

/** Cells of the SQL kind on the page, and SQL editors of any cell. */
async function sqlCellsShown(page: Page): Promise<number> {
  return (await page.locator('article.cell[aria-label*=": SQL"]').count()) + (await page.locator('.cm-content').count());
}

function sizesFromCaption(caption: string): number[] {
  return [...caption.matchAll(/segment \S+: ([\d,]+)/g)].map((m) => Number(m[1].replaceAll(',', '')));
}

describe.skipIf(!existsSync(RETAIL))('the marketer journey on Online Retail, without SQL (needs ../shared/datasets/online-retail)', () => {
  it('takes the real file to RFM segments, CLV, k-means clusters, persona cards with actions and a self-contained report', async () => {
    const { page } = await session.open();
    await loadFiles(page, [RETAIL]);
    await waitForSource(page, 'online_retail', 541_909);
    expect(await sqlCellsShown(page)).toBe(0);

    const rfm = await addCellOfKind(page, 'RFM');
    expect(await rfm.getByLabel('Transactions table').inputValue()).toBe('online_retail');
    expect(await rfm.getByLabel('Customer column').inputValue()).toBe('CustomerID');
    expect(await rfm.getByLabel('Date column').inputValue()).toBe('InvoiceDate');
    expect(await rfm.getByLabel('Invoice column').inputValue()).toBe('InvoiceNo');
    expect(await rfm.getByLabel('Amount (column or expression)').inputValue()).toBe('"Quantity" * "UnitPrice"');
    expect(await rfm.getByLabel('Leave out rows where').inputValue()).toBe('("Quantity" * "UnitPrice") <= 0');
    await setDate(rfm, 'Reference date', '2011-12-10');
    await run(rfm);
    expect(await figure(rfm, 'Reference date')).toBe('2011-12-10');
    expect(await figure(rfm, 'Customers')).toBe('4,338');
    expect(await figure(rfm, 'Revenue')).toBe('8,911,407.90');
    expect(await figure(rfm, 'Mean recency')).toBe('93.06 days');
    expect(await figure(rfm, 'Mean frequency')).toBe('4.272');
    expect(await figure(rfm, 'Median monetary')).toBe('674.485');
    const segmentTable = rfm.getByRole('table', { name: /^Customers and revenue per segment/ });
    const rfmSegments = await segmentTable.locator('tbody th').allInnerTexts();
    expect(rfmSegments).toEqual(expect.arrayContaining(['Champions', 'Loyal', 'At Risk', 'Hibernating', 'Lost']));
    expect(rfmSegments).not.toContain('(no segment)');
    const perSegment = (await segmentTable.locator('tbody td:nth-of-type(1)').allInnerTexts()).map((t) => Number(t.replaceAll(',', '')));
    expect(perSegment.reduce((a, b) => a + b, 0)).toBe(CUSTOMERS);

    const clv = await addCellOfKind(page, 'CLV');
    await clv.getByLabel('Transactions table').selectOption('online_retail');
    await expect.poll(() => clv.getByLabel('Customer column').inputValue()).toBe('CustomerID');
    expect(await clv.getByLabel('Date column').inputValue()).toBe('InvoiceDate');
    expect(await clv.getByLabel('Amount (column or expression)').inputValue()).toBe('"Quantity" * "UnitPrice"');
    await setDate(clv, 'Calibration end', '2011-09-30');
    await run(clv);
    const models = clv.getByRole('table').filter({ hasText: 'BG/NBD' });
    const fitted = await models.innerText();
    const number = String.raw`(\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?)`;
    const bgnbd = fitted.match(new RegExp(`r = ${number}, alpha = ${number}, a = ${number}, b = ${number}`));
    expect(bgnbd, fitted).not.toBeNull();
    const [r, alpha, a, b] = bgnbd!.slice(1).map((v) => Number(v.replaceAll(',', '')));
    for (const v of [r, alpha, b]) expect(v).toBeGreaterThan(0);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(fitted).toMatch(new RegExp(`p = ${number}, q = ${number}, gamma = ${number}`));
    // On this file BG/NBD's dropout parameter a goes to 0 (lifetimes finds the same), so P(alive) is close to 1 for all.
    const meanAlive = Number(await figure(clv, 'Mean P(alive)'));
    expect(meanAlive).toBeGreaterThan(0);
    expect(meanAlive).toBeLessThanOrEqual(1);
    expect(Number((await figure(clv, 'Customers')).replaceAll(',', ''))).toBeGreaterThan(3_000);
    expect(await clv.locator('figcaption', { hasText: /^Customers by P\(alive\)/ }).count()).toBe(1);
    expect(await clv.locator('.problem').count()).toBe(0);

    const cluster = await addCellOfKind(page, 'Cluster');
    await cluster.getByLabel('Input table').selectOption('rfm');
    for (const column of ['recency_days', 'frequency', 'monetary']) await cluster.getByLabel(`Use column ${column} as`).selectOption('number');
    for (const column of ['frequency', 'monetary']) await cluster.getByLabel(`log1p of ${column}`).check();
    await cluster.getByLabel('Segments (k)').fill('4');
    await cluster.getByLabel('Segments (k)').press('Tab');
    await run(cluster);
    expect(await cluster.locator('[data-status]').innerText()).toMatch(/4,338 rows/);
    const sizeCaption = await cluster.locator('figcaption', { hasText: /^Rows per segment/ }).innerText();
    const clusterSizes = sizesFromCaption(sizeCaption);
    expect(clusterSizes).toHaveLength(4);
    expect(clusterSizes.reduce((a, b) => a + b, 0)).toBe(CUSTOMERS);

    const profile = await addCellOfKind(page, 'Profile and personas');
    await expect.poll(() => profile.getByLabel('Segmented table').inputValue()).toBe('segments');
    await profile.getByLabel('Value column').selectOption('monetary');
    await profile.getByRole('checkbox', { name: /^Flag customers whose P\(alive\) is below/ }).check();
    await profile.getByLabel('CLV table').selectOption('clv');
    await expect.poll(() => profile.getByLabel('Customer key').inputValue()).toBe('CustomerID');
    await run(profile);
    expect(await profile.locator('[data-status]').innerText()).toMatch(/4 rows/);
    const cards = profile.locator('article.persona');
    await expect.poll(() => cards.count()).toBe(4);
    const names = await cards.locator('h3').allInnerTexts();
    expect(new Set(names).size).toBe(4);
    expect(names.every((n) => n.length > 3)).toBe(true);
    // Cards open in view mode: the actions are a list.
    const actions = await cards.evaluateAll((els) => els.map((el) => [...el.querySelectorAll('ul.actions li')].map((li) => li.textContent ?? '').join('\n')));
    expect(actions.filter((a) => a.trim()).length).toBeGreaterThanOrEqual(3);
    const profileHeader = await profile.getByRole('region', { name: 'Profile of profile' }).locator('thead th').allInnerTexts();
    expect(profileHeader).toContain('Churn risk (P(alive) < 0.5)');
    const cardSizes = (await cards.locator('.figure.size dd').allInnerTexts()).map((t) => Number(t.replaceAll(',', '')));
    expect([...cardSizes].sort((a, b) => a - b)).toEqual([...clusterSizes].sort((a, b) => a - b));

    const download = page.waitForEvent('download');
    await profile.getByRole('button', { name: 'Download persona report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('profile-personas.html');
    const path = join(await mkdtemp(join(tmpdir(), 'segbook-journey-')), 'report.html');
    await file.saveAs(path);
    const html = await readFile(path, 'utf8');
    const doc = new JSDOM(html).window.document;
    const reportCards = [...doc.querySelectorAll('article.card')];
    expect(reportCards.map((c) => c.querySelector('h3')?.textContent).sort()).toEqual([...names].sort());
    for (const c of reportCards) expect(c.querySelectorAll('h4 + ul li').length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('svg').length).toBeGreaterThanOrEqual(2);
    expect(doc.querySelectorAll('script, img, link, iframe')).toHaveLength(0);
    const urls = [...doc.querySelectorAll('[src], [href]')].map((el) => el.getAttribute('src') ?? el.getAttribute('href') ?? '');
    expect(urls.filter((u) => /^(https?:)?\/\//i.test(u))).toEqual([]);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    const sizeRows = [...doc.querySelectorAll('table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
    expect(sizeRows).toHaveLength(4);
    const head = [...doc.querySelectorAll('table thead th')].map((th) => th.textContent);
    const customersAt = head.indexOf('Customers');
    expect(sizeRows.map((r) => Number(r[customersAt].replaceAll(',', ''))).sort((a, b) => a - b)).toEqual([...clusterSizes].sort((a, b) => a - b));
    expect(head).toContain('Churn risk');
    expect(doc.querySelector('.meta')?.textContent).toContain('4,338 customers in 4 segments');

    // Nothing on the way needed SQL: no SQL cell was added, and the saved workbook has none.
    expect(await sqlCellsShown(page)).toBe(0);
    expect(await cells(page).count()).toBe(4);
    await expect.poll(async () => (await savedWorkbook(page))?.cells.map((c) => c.kind), { timeout: 10_000 }).toEqual(['rfm', 'clv', 'cluster', 'profile']);

    await checkA11y(page, 'marketer journey, light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'marketer journey, dark');
  }, 600_000);
});

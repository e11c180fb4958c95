import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setTheme, useBrowser } from './harness.ts';

const session = useBrowser();

/**
 * axe on one persona card and the rfm_now grid only: the whole example page takes axe minutes, and
 * other views have their own tests. Every card and grid is built by the same component.
 */
async function checkA11yOf(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include('.cards > article.persona:first-child').include('section.grid[aria-label="Result of rfm_now"]').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe ${label}`).toEqual([]);
}

/** Queries in duckdb-wasm on a shared, loaded machine. */
const WAIT = { timeout: 20_000 };
const number = (text: string) => Number(text.replaceAll(',', ''));

describe("the RFM example's persona cards and result grid", () => {
  it('shows cards in view mode with figures the grid agrees with, edits a card and returns, and sorts, filters, describes and copies the grid', async () => {
    const { page } = await session.open();
    await page.getByRole('button', { name: 'Open the example: RFM segmentation' }).click();
    const champions = page.locator('article.persona', { has: page.getByRole('heading', { name: 'Champions', exact: true }) });
    await champions.waitFor({ timeout: 120_000 });

    // View mode: no form, large figures, 3-5 traits each with two bars, actions as a list.
    const cards = page.locator('article.persona');
    expect(await cards.count()).toBe(10);
    expect(await cards.locator('textarea, input').count()).toBe(0);
    const size = number(await champions.locator('.figure.size dd').innerText());
    expect(await champions.locator('.figure.value dd').innerText()).toMatch(/^\d+(\.\d)?%$/);
    expect(await champions.locator('.figure.value dt').innerText()).toBe('of the monetary value');
    const traits = await champions.locator('ul.traits > li').count();
    expect(traits).toBeGreaterThanOrEqual(3);
    expect(traits).toBeLessThanOrEqual(5);
    expect(await champions.locator('ul.traits .bar').count()).toBe(2 * traits);
    expect(await champions.locator('ul.actions li').count()).toBeGreaterThan(0);
    expect(await page.locator('.cells').innerText()).not.toMatch(/\b1 customers\b|of the monetary\.|What does the RFM scores/);

    // Edit turns the card into the form, whose fields show all their text; Done returns to the card.
    const edit = champions.getByRole('button', { name: 'Edit persona for segment Champions' });
    await edit.focus();
    await page.keyboard.press('Enter');
    const description = champions.getByLabel(/^Description/);
    await expect.poll(() => description.count(), WAIT).toBe(1);
    expect(await description.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    expect(await champions.getByLabel(/^Suggested actions/).evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    await champions.getByRole('button', { name: 'Done persona for segment Champions' }).click();
    await expect.poll(() => champions.locator('textarea').count(), WAIT).toBe(0);

    // The grid of rfm_now: filter the segment to Champions, and the count matches the card.
    const grid = page.getByRole('region', { name: 'Result of rfm_now' });
    await grid.scrollIntoViewIfNeeded();
    const status = grid.locator('.bar > span').first();
    await expect.poll(() => status.innerText(), WAIT).toMatch(/^2,000 rows/);
    // Column headers: type, null share and a distribution.
    const monetaryHead = grid.locator('th', { has: page.getByRole('button', { name: /^monetary/ }) });
    await expect.poll(() => monetaryHead.locator('.meta').innerText(), WAIT).toBe('DOUBLE · no nulls');
    expect(await monetaryHead.locator('svg rect').count()).toBe(12);
    const segmentHead = grid.locator('th', { has: page.getByRole('button', { name: /^segment/ }) });
    expect(await segmentHead.locator('.top .value').count()).toBe(2);

    await grid.getByLabel('Filter segment').fill('=Champions');
    await grid.getByLabel('Filter segment').press('Enter');
    await expect.poll(() => status.innerText(), WAIT).toMatch(new RegExp(`^${size.toLocaleString('en')} of 2,000 rows`));
    await expect.poll(() => segmentHead.locator('.top .value').allTextContents(), WAIT).toEqual(['Champions 100%']);

    // Sorting cycles ascending, descending, off, and pages stay in order.
    const sortMonetary = grid.getByRole('button', { name: /^monetary/ });
    const column = async () => number(await grid.locator('tbody tr td:nth-child(4)').first().innerText());
    await sortMonetary.click();
    await expect.poll(() => monetaryHead.getAttribute('aria-sort'), WAIT).toBe('ascending');
    await sortMonetary.click();
    await expect.poll(() => monetaryHead.getAttribute('aria-sort'), WAIT).toBe('descending');
    // The header shows the new order at once; the rows follow when DuckDB has sorted them.
    const shown = async () => (await grid.locator('tbody tr td:nth-child(4)').allInnerTexts()).map(number);
    await expect.poll(async () => { const v = await shown(); return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] >= x); }, WAIT).toBe(true);
    const values = await shown();
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(await column()).toBe(values[0]);

    // A bad number filter says what to type.
    await grid.getByLabel('Filter frequency').fill('lots');
    await grid.getByLabel('Filter frequency').press('Enter');
    await expect.poll(() => grid.getByRole('alert').innerText(), WAIT).toContain('filter on "frequency" is not a number');
    await grid.getByLabel('Filter frequency').fill('>=20');
    await grid.getByLabel('Filter frequency').press('Enter');
    await expect.poll(() => grid.getByRole('alert').count(), WAIT).toBe(0);

    // Select two rows of two columns and copy them as TSV.
    const rows = grid.locator('tbody tr');
    const first = await rows.nth(0).locator('td').allInnerTexts();
    await rows.nth(0).locator('td').nth(0).click();
    await rows.nth(1).locator('td').nth(1).click({ modifiers: ['Shift'] });
    // What the grid hands the clipboard (reading the clipboard back can hang in headless Chromium).
    await page.evaluate(() => {
      const box = document.body.appendChild(document.createElement('output'));
      box.id = 'copied';
      box.hidden = true;
      navigator.clipboard.writeText = async (text: string) => void (box.textContent = text);
    });
    await grid.getByRole('region', { name: /^Rows of rfm_now/ }).focus();
    await page.keyboard.press('Control+c');
    await expect.poll(() => status.innerText(), WAIT).toContain('Copied 4 cells');
    const copied = await page.evaluate(() => document.getElementById('copied')?.textContent ?? '');
    expect(copied.split('\n').map((l) => l.split('\t').length)).toEqual([2, 2]);
    expect(copied.split('\n')[0].split('\t')[0]).toBe(first[0]);

    await checkA11yOf(page, 'light');
    await setTheme(page, 'dark');
    await checkA11yOf(page, 'dark');
  }, 240_000);
});

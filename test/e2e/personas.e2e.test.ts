import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCellOfKind, addNamedSqlCell, checkA11y, checkContrast, clusterOnRfm, gotoApp, openSampleData, savedWorkbook, setTheme, useBrowser, waitForStatus } from './harness.ts';

const session = useBrowser();


const NEW_NAME = 'Our <b>best</b> customers';

function profileCell(page: Page): Locator {
  return page.locator('article.cell[aria-label$=", result table profile"]');
}

async function run(cell: Locator): Promise<void> {
  await cell.getByRole('button', { name: /^Run / }).click();
  await waitForStatus(cell, 'done', 90_000);
}

/** Sample data, a per-customer RFM table, and four k-means segments of it. */
async function segmentRfm(page: Page): Promise<void> {
  await run(await clusterOnRfm(page));
}

describe('profile and personas', () => {
  it('profiles the clusters, names personas with actions, keeps an edited name after a reload, and downloads a self-contained report', async () => {
    const { page } = await session.open();
    await segmentRfm(page);
    const profile = await addCellOfKind(page, 'Profile and personas');
    await expect.poll(() => profile.getByLabel('Segmented table').inputValue()).toBe('segments');
    await profile.getByLabel('Value column').selectOption('monetary');
    // Defaults: every numeric column but the id, the segment and the clustering's distance.
    const numeric = profile.getByRole('group', { name: /^Numeric columns/ });
    expect(await numeric.getByRole('checkbox', { checked: true }).evaluateAll((boxes) => boxes.map((b) => b.parentElement?.textContent?.trim()))).toEqual([
      'recency', 'frequency', 'monetary',
    ]);
    await run(profile);
    expect(await profile.locator('[data-status]').innerText()).toMatch(/4 rows/);

    const cards = profile.locator('article.persona');
    await expect.poll(() => cards.count()).toBe(4);
    const names = await cards.locator('h3').allInnerTexts();
    expect(names.every((n) => n.length > 3 && n !== 'Typical customers')).toBe(true);
    expect(new Set(names).size).toBe(4);
    // Every card has traits with numbers, and the playbook suggests actions for most segments.
    for (const card of await cards.all()) expect(await card.locator('ul li').first().innerText()).toMatch(/\d/);
    // Cards open in view mode: the actions are a list, and there is no form until Edit.
    const actions = await cards.evaluateAll((els) => els.map((el) => [...el.querySelectorAll('ul.actions li')].map((li) => li.textContent ?? '').join('\n')));
    expect(await cards.locator('textarea, input').count()).toBe(0);
    expect(actions.filter((a) => a.trim()).length).toBeGreaterThanOrEqual(3);
    expect(await profile.locator('figcaption', { hasText: /^Standardised difference of each segment/ }).count()).toBe(1);

    const first = cards.first();
    const segment = (await first.locator('.meta').innerText()).match(/segment = (\S+)/)![1];
    await first.getByRole('button', { name: /^Edit persona for / }).click();
    await first.getByLabel(/^Persona name/).fill(NEW_NAME);
    await first.getByLabel(/^Persona name/).press('Tab');
    await expect.poll(() => first.locator('h3').innerText()).toBe(NEW_NAME);
    await profile.getByRole('checkbox', { name: new RegExp(`^Target ${segment} · `) }).check();
    await expect.poll(() => first.locator('.badge.target').count()).toBe(1);
    expect(await profile.getByRole('figure').filter({ hasText: 'targeted' }).locator('figcaption').innerText()).toContain(`${segment} · ${NEW_NAME} (targeted)`);

    const download = page.waitForEvent('download');
    await profile.getByRole('button', { name: 'Download persona report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('profile-personas.html');
    const path = join(await mkdtemp(join(tmpdir(), 'segbook-personas-')), 'report.html');
    await file.saveAs(path);
    const html = await readFile(path, 'utf8');
    const doc = new JSDOM(html).window.document;
    const reportCards = [...doc.querySelectorAll('article.card')];
    expect(reportCards).toHaveLength(4);
    expect(reportCards[0].querySelector('h3')?.textContent).toBe(NEW_NAME);
    expect(reportCards[0].classList.contains('targeted')).toBe(true);
    expect(doc.querySelectorAll('svg').length).toBeGreaterThanOrEqual(3);
    expect(doc.querySelectorAll('script, img, link, iframe, b')).toHaveLength(0);
    const urls = [...doc.querySelectorAll('[src], [href]')].map((el) => el.getAttribute('src') ?? el.getAttribute('href'));
    expect(urls.filter((u) => /^(https?:)?\/\//i.test(u ?? ''))).toEqual([]);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(doc.querySelectorAll('tbody tr')).toHaveLength(4);

    await checkA11y(page, 'personas, light');
    await setTheme(page, 'dark');
    await checkContrast(page, 'personas, dark');

    // The edit and the mark were autosaved with the workbook; a reload restores and re-runs it.
    await expect.poll(async () => {
      const wb = await savedWorkbook(page);
      const cell = wb?.cells.find((c) => c.kind === 'profile') as { personas?: Record<string, { name?: string }>; targets?: string[] } | undefined;
      return [cell?.personas?.[segment]?.name, cell?.targets];
    }, { timeout: 10_000 }).toEqual([NEW_NAME, [segment]]);
    await page.reload();
    await gotoApp(page, page.url());
    await waitForStatus(profileCell(page), 'done', 90_000);
    const restored = profileCell(page).locator('article.persona').first();
    await expect.poll(() => restored.locator('h3').innerText(), { timeout: 20_000 }).toBe(NEW_NAME);
    await restored.getByRole('button', { name: /^Edit persona for / }).click();
    expect(await restored.getByLabel(/^Persona name/).inputValue()).toBe(NEW_NAME);
    expect(await profileCell(page).getByRole('checkbox', { name: new RegExp(`^Target ${segment} · `) }).isChecked()).toBe(true);

    await restored.getByRole('button', { name: /^Reset to generated/ }).click();
    await expect.poll(() => restored.locator('h3').innerText()).toBe(names[0]);
  }, 240_000);

  it('flags churn risk from P(alive) in the profile table and on the persona cards, and describes categorical columns by lift', async () => {
    const { page } = await session.open();
    await openSampleData(page);
    const clv = await addNamedSqlCell(page, 'clv_like', `SELECT customer_id, CASE WHEN segment_truth = 'at_risk' THEN 0.2 ELSE 0.9 END AS p_alive FROM retail_customers`);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(clv, 'done');
    const profile = await addCellOfKind(page, 'Profile and personas');
    await profile.getByLabel('Segmented table').selectOption('retail_customers');
    await profile.getByLabel('Segment column').selectOption('segment_truth');
    await profile.getByLabel('Value column').selectOption('income');
    await profile.getByRole('group', { name: /^Categorical columns/ }).getByRole('checkbox', { name: 'country' }).check();
    await profile.getByRole('checkbox', { name: /^Flag customers whose P\(alive\) is below/ }).check();
    await profile.getByLabel('CLV table').selectOption('clv_like');
    await profile.getByLabel('Customer key').selectOption('customer_id');
    await profile.getByLabel('P(alive) below').fill('0.5');
    await profile.getByLabel('P(alive) below').press('Tab');
    await run(profile);

    const table = profile.getByRole('region', { name: 'Profile of profile' });
    const header = await table.locator('thead th').allInnerTexts();
    expect(header).toContain('Churn risk (P(alive) < 0.5)');
    expect(header.some((h) => h.startsWith('country'))).toBe(true);
    const atRisk = table.locator('tbody tr', { has: page.locator('th', { hasText: /^at_risk/ }) });
    const churnColumn = header.indexOf('Churn risk (P(alive) < 0.5)') - 1;
    expect(await atRisk.locator('td').nth(churnColumn).innerText()).toBe('100%');
    const card = profile.locator('article.persona', { hasText: 'segment_truth = at_risk' });
    await expect.poll(() => card.locator('.badge.churn').count()).toBe(1);
    expect(await card.locator('ul.actions').innerText()).toContain('Reach out before they lapse');
    expect(await profile.locator('article.persona .badge.churn').count()).toBe(1);
    await checkA11y(page, 'churn-risk profile, light');
  }, 240_000);
});

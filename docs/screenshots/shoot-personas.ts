// Screenshots of the RFM example's persona cards, at 1440x900 and 800 px wide:
//   npx tsx docs/screenshots/shoot-personas.ts <dist folder> <before|after>
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../test/e2e/static-server.ts';

const [dist = 'dist', label = 'after'] = process.argv.slice(2);
const server = await startStaticServer(dist);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  for (const width of [1440, 800]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Open the example: RFM segmentation' }).click();
    const cards = page.locator('article.persona');
    await cards.first().waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1500);
    const section = page.locator('section:has(> .cards)').first();
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: `docs/screenshots/${label}-rfm-personas-${width}.png` });
    if (process.env.FULL) await page.screenshot({ path: `/tmp/${label}-rfm-page-${width}.png`, fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

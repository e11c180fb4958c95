/**
 * Screenshots of the toolbar over the k-means example, for issue 14:
 * `npx tsx docs/screenshots/toolbar-shots.ts <dist> <before|after>`.
 * 200% zoom is emulated as a 720x450 CSS-pixel viewport at deviceScaleFactor 2 (a 1440x900 screen at 200%).
 */
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../test/e2e/static-server.ts';

const [dist = '/tmp/dist-basics', label = 'after'] = process.argv.slice(2);
const server = await startStaticServer(dist);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  for (const [name, width, height, scale] of [['1440', 1440, 900, 1], ['800', 800, 900, 1], ['zoom200', 720, 450, 2]] as const) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale });
    await page.goto(server.url);
    await page.getByRole('button', { name: /Open the example: k-means/ }).click();
    await page.locator('article.cell').first().waitFor();
    await page.waitForTimeout(1500);
    const bar = await page.locator('header.toolbar').boundingBox();
    console.log(`${label} ${name}: toolbar height ${bar?.height} CSS px of ${height}`);
    await page.screenshot({ path: `docs/screenshots/${label}-toolbar-${name}.png` });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

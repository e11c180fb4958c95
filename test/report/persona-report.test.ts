import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { profileHeatmap } from '../../src/charts/profile-heatmap.ts';
import { segmentValueBars } from '../../src/charts/segment-value-bars.ts';
import { targetingBubbles } from '../../src/charts/targeting-bubbles.ts';
import { DEFAULT_PLAYBOOK } from '../../src/engine/cells/profile/playbook.ts';
import { personasFor } from '../../src/engine/persona.ts';
import type { ProfileSummary, SegmentProfile } from '../../src/engine/cells/profile/profile-cell.ts';
import { inertMarkup } from '../../src/report/inert-markup.ts';
import { personaChartData } from '../../src/report/persona-charts.ts';
import { personaReport, type ReportChart } from '../../src/report/persona-report.ts';
import { chartDocument } from '../charts/snapshot.ts';

const SCRIPT = '<script>window.pwned = 1</script>';
const IMG = '<img src=x onerror="window.pwned = 2">';
const HOSTILE_COLUMN = `spend"><img src=x onerror=alert(1)>`;

function segment(label: string, size: number, value: number, z: number[], country: string): SegmentProfile {
  return {
    label, size, share: size / 300, value, valueShare: value / 3000, valuePerCustomer: value / size,
    numeric: [
      { column: 'recency', mean: 50 + 40 * z[0], median: 50, restMean: 50, z: z[0] },
      { column: HOSTILE_COLUMN, mean: 10 + 5 * z[1], median: 10, restMean: 10, z: z[1] },
    ],
    categorical: [{ column: 'country', values: [{ value: country, share: 0.8, popShare: 0.4, lift: 2 }] }],
    churnRiskShare: 0.6, meanPAlive: 0.4, previousSize: size - 10, growth: 10 / (size - 10),
  };
}

const SUMMARY: ProfileSummary = {
  input: 'segments', segmentColumn: 'segment', valueColumn: 'monetary', meanings: { [HOSTILE_COLUMN]: 'monetary' }, namedLabels: [], rows: 300, totalValue: 3000,
  numeric: [{ column: 'recency', mean: 50, median: 50 }, { column: HOSTILE_COLUMN, mean: 10, median: 10 }],
  categorical: ['country'], churnThreshold: 0.5, hasGrowth: true,
  segments: [segment(SCRIPT, 100, 2000, [-1, 1.5], IMG), segment('2', 200, 1000, [0.8, -0.5], 'France')],
};

function report(targets: string[] = [SCRIPT]): { html: string; doc: Document } {
  const personas = personasFor(SUMMARY, DEFAULT_PLAYBOOK, { '2': { name: `Lapsed ${IMG}`, description: `Quiet ${SCRIPT}`, actions: ['Win them back', `<a href="https://evil.example/">click</a>`] } });
  const data = personaChartData(SUMMARY, personas, targets);
  const document = chartDocument();
  const charts: ReportChart[] = [
    { title: 'Profile heatmap', caption: 'Standardised differences', svg: profileHeatmap(data.heatmap!, { document }).outerHTML },
    { title: 'Targeting', caption: `Bubbles ${SCRIPT}`, svg: targetingBubbles(data.targeting!, { document }).outerHTML },
    { title: 'Value', caption: 'Share of value', svg: segmentValueBars(data.bars!, { document }).outerHTML },
  ];
  const html = personaReport({ name: 'profile', summary: SUMMARY, personas, targets, charts });
  return { html, doc: new JSDOM(html).window.document };
}

describe('persona report', () => {
  it('holds a card per persona, the charts as inline SVG and the table of segment sizes and values', () => {
    const { doc } = report();
    const cards = [...doc.querySelectorAll('article.card')];
    expect(cards.map((c) => c.querySelector('h3')?.textContent)).toEqual(['Recent big spenders', `Lapsed ${IMG}`]);
    expect(cards[0].querySelector('ul')?.textContent).toContain(`country is ${IMG} for 80%, 2.0x the 40% overall`);
    expect(cards[0].classList.contains('targeted')).toBe(true);
    expect(cards[0].textContent).toContain('Churn risk');
    expect(cards[1].querySelector('p')?.textContent).toBe(`Quiet ${SCRIPT}`);
    expect([...cards[1].querySelectorAll('ul')[1].querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Win them back', '<a href="https://evil.example/">click</a>']);
    expect(doc.querySelectorAll('figure svg').length).toBeGreaterThanOrEqual(3);
    expect([...doc.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      [SCRIPT, 'Recent big spenders', '100', '33.3%', '2,000', '66.7%', '20', '60%', '+11.1%', 'yes'],
      ['2', `Lapsed ${IMG}`, '200', '66.7%', '1,000', '33.3%', '5', '60%', '+5.3%', ''],
    ]);
    expect(doc.querySelector('header')?.textContent).toContain(`Targeted: Recent big spenders (${SCRIPT})`);
  });

  it('keeps hostile segment labels, persona text and column names inert', () => {
    const { html, doc } = report();
    expect(doc.querySelectorAll('script, img, iframe, object, embed, link, a, foreignObject')).toHaveLength(0);
    const handlers = [...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name));
    expect(handlers).toEqual([]);
    expect(html).not.toMatch(/<script|<img/i);
    // The column name reached the heatmap as text, not as markup: whole in a label, or, where the
    // label is cut to fit its column, whole in the label's <title>.
    expect([...doc.querySelectorAll('svg text')].map((t) => t.querySelector('title')?.textContent ?? t.textContent)).toContain(HOSTILE_COLUMN);
  });

  it('makes no external request: no src, href or url() to another place, and a CSP that forbids them', () => {
    const { html, doc } = report();
    const references = [...doc.querySelectorAll('[src], [href], [xlink\\:href]')].map((el) => el.outerHTML);
    expect(references).toEqual([]);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toMatch(/^default-src 'none'/);
    expect(doc.querySelectorAll('style').length).toBeGreaterThan(0);
    expect(html).toMatch(/prefers-color-scheme: dark/);
  });

  it('says so when no segment is targeted', () => {
    const { doc } = report([]);
    expect(doc.querySelector('header')?.textContent).toContain('No segments are marked for targeting.');
    expect(doc.querySelectorAll('article.card.targeted')).toHaveLength(0);
  });

  it('strips script, handlers and outside references from chart markup', () => {
    const dirty = `<svg onload="x()"><script>alert(1)</script><g style="fill:url(https://e.x/a)"><text>a &lt;b&gt;</text><image href="https://e.x/i.png"/>` +
      `<use href="#ok"/><a href="javascript:x()"><text>t</text></a></g><foreignObject><div>f</div></foreignObject><style>@import url(https://e.x/s.css); .a{fill:red}</style></svg><img src=x onerror=y`;
    const clean = inertMarkup(dirty);
    expect(clean).toBe('<svg><g><text>a &lt;b&gt;</text><text>t</text></g><style> .a{fill:red}</style></svg>&lt;img src=x onerror=y');
  });
});

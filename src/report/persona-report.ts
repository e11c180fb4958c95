import { formatChange, formatCount, formatNumber, formatPercent } from '../engine/number-format.ts';
import { cardFigures, traitBars } from '../engine/persona-figures.ts';
import type { Persona } from '../engine/persona.ts';
import type { ProfileSummary } from '../engine/cells/profile/profile-cell.ts';
import { escapeHtml, htmlDocument } from './html-document.ts';
import { inertMarkup } from './inert-markup.ts';

export interface ReportChart {
  title: string;
  /** The chart's text alternative. */
  caption: string;
  /** Serialised SVG (or Plot's figure with its legend). */
  svg: string;
}

export interface PersonaReportInput {
  /** The profile cell's table name. */
  name: string;
  summary: ProfileSummary;
  personas: readonly Persona[];
  targets: readonly string[];
  charts: readonly ReportChart[];
}

const STYLE = `
.label { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--border); border-radius: 8px; padding: 0.9rem 1rem; background: var(--surface-2); }
.card.targeted { border: 2px solid var(--accent); }
.card h3 { margin: 0 0 0.2rem; font-size: 1.05rem; }
.badge { display: inline-block; font-size: 0.8rem; border: 1px solid currentColor; border-radius: 999px; padding: 0 0.5rem; margin-right: 0.3rem; }
.badge.target { color: var(--accent); }
.badge.churn { color: var(--warn); }
.card h3 { font-size: 1.15rem; }
.headline { margin: 0.4rem 0; }
.figures { display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem; margin: 0.4rem 0; }
.figure { display: flex; flex-direction: column-reverse; min-width: 6rem; }
.figure dd { margin: 0; font-size: 1.7rem; font-weight: 650; line-height: 1.1; font-variant-numeric: tabular-nums; }
.figure dt { font-size: 0.8rem; color: var(--muted); max-width: 11rem; }
.card h4 { margin: 0.6rem 0 0; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
.traits { list-style: none; padding: 0; margin: 0.2rem 0; display: flex; flex-direction: column; gap: 0.35rem; font-size: 0.9rem; }
.bars { display: flex; flex-direction: column; gap: 2px; margin-top: 0.15rem; max-width: 14rem; }
.bar { display: block; height: 5px; border-radius: 3px; min-width: 2px; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.bar.segment { background: var(--accent); }
.bar.overall { background: var(--muted); opacity: 0.55; }
.actions { margin: 0.2rem 0 0; padding-left: 1.2rem; font-size: 0.9rem; }
@media print { .card { break-inside: avoid; background: none; } }
table { font-size: 0.9rem; }
th, td { padding: 0.3rem 0.6rem; text-align: right; }
th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
`;

const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;
const orDash = (v: number | null, f: (v: number) => string) => (v === null ? '–' : f(v));

/** The same card as the app's view mode: name, headline, large figures, traits with bars, actions. */
function card(p: Persona, summary: ProfileSummary, targeted: boolean): string {
  const e = escapeHtml;
  const badges = [
    targeted ? '<span class="badge target">Target</span>' : '',
    p.churnRiskShare !== null && p.playbookTraits.includes('churn-risk') ? '<span class="badge churn">Churn risk</span>' : '',
  ].join('');
  const figures = cardFigures(p, summary);
  const width = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const traits = traitBars(p.traits).map((t) => `<li>${e(t.text)}${t.columnLabel ? ` <span class="label">(${e(t.columnLabel)})</span>` : ''}` +
    `<span class="bars" aria-hidden="true"><span class="bar segment" style="width:${width(t.segmentLength)}"></span><span class="bar overall" style="width:${width(t.overallLength)}"></span></span></li>`);
  return `<article class="card${targeted ? ' targeted' : ''}">
<h3>${e(p.name)}</h3>
<div class="label">${e(summary.segmentColumn)} = ${e(p.segment)} ${badges}</div>
<p class="headline">${e(p.headline)}</p>
<dl class="figures">${figures.map((f) => `<div class="figure ${f.key}"><dt>${e(f.label)}</dt><dd>${e(f.value)}</dd></div>`).join('')}</dl>
<h4>Traits</h4>
<ul class="traits">${traits.join('')}</ul>
<h4>Suggested actions</h4>
${p.actions.length ? `<ul class="actions">${p.actions.map((a) => `<li>${e(a)}</li>`).join('')}</ul>` : '<p class="label">None yet.</p>'}
</article>`;
}

function sizesTable(input: PersonaReportInput): string {
  const { summary, personas, targets } = input;
  const value = summary.valueColumn !== null;
  const head = ['Segment', 'Persona', 'Customers', 'Share', ...(value ? ['Value', 'Value share', 'Per customer'] : []),
    ...(summary.churnThreshold !== null ? ['Churn risk'] : []), ...(summary.hasGrowth ? ['Growth'] : []), 'Target'];
  const rows = summary.segments.map((s) => {
    const p = personas.find((x) => x.segment === s.label);
    return `<tr>${[
      s.label, p?.name ?? '', formatCount(s.size), formatPercent(s.share),
      ...(value ? [orDash(s.value, formatNumber), orDash(s.valueShare, formatPercent), orDash(s.valuePerCustomer, formatNumber)] : []),
      ...(summary.churnThreshold !== null ? [orDash(s.churnRiskShare, formatPercent)] : []),
      ...(summary.hasGrowth ? [orDash(s.growth, formatChange)] : []),
      targets.includes(s.label) ? 'yes' : '',
    ].map(cell).join('')}</tr>`;
  });
  return `<div class="wide"><table><caption class="label">Segment sizes and values</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

/** One self-contained HTML page: persona cards, charts as inline SVG, segment sizes and values. */
export function personaReport(input: PersonaReportInput): string {
  const { summary, personas, targets } = input;
  const e = escapeHtml;
  const targeted = personas.filter((p) => targets.includes(p.segment));
  const ordered = [...targeted, ...personas.filter((p) => !targets.includes(p.segment))];
  const facts = [
    `${formatCount(summary.rows)} customers in ${summary.segments.length} segments of "${summary.input}" (column ${summary.segmentColumn})`,
    summary.valueColumn ? `value: ${summary.valueColumn}, ${orDash(summary.totalValue, formatNumber)} in all` : '',
    summary.churnThreshold !== null ? `churn risk: P(alive) below ${formatNumber(summary.churnThreshold)}` : '',
  ].filter(Boolean);
  return htmlDocument({
    title: `Personas: ${input.name}`,
    style: STYLE,
    body: `<header>
<h1>Personas: ${e(input.name)}</h1>
<p class="meta">${e(facts.join('; '))}.</p>
<p>${targeted.length ? `Targeted: ${targeted.map((p) => `<strong>${e(p.name)}</strong> (${e(p.segment)})`).join(', ')}.` : 'No segments are marked for targeting.'}</p>
</header>
<main>
<h2>Persona cards</h2>
<div class="cards">
${ordered.map((p) => card(p, summary, targets.includes(p.segment))).join('\n')}
</div>
${input.charts.map((c) => `<h2>${e(c.title)}</h2>\n<figure>${inertMarkup(c.svg)}<figcaption>${e(c.caption)}</figcaption></figure>`).join('\n')}
<h2>Segment sizes and values</h2>
${sizesTable(input)}
</main>`,
  });
}

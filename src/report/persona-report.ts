import { formatChange, formatCount, formatNumber, formatPercent } from '../engine/number-format.ts';
import { cardFigures, traitBars } from '../engine/persona-figures.ts';
import type { Persona } from '../engine/persona.ts';
import type { ProfileSummary } from '../engine/cells/profile/profile-cell.ts';
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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// The report is meant to be emailed: it may load nothing and run nothing, whatever it contains.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light dark; --text: #1d1f23; --muted: #5a5f69; --surface: #ffffff; --surface-2: #f3f4f6; --border: #d4d7dd; --accent: #2f5bc4; --warn: #9a3412; }
@media (prefers-color-scheme: dark) { :root { --text: #e8eaee; --muted: #a9aeb8; --surface: #17191d; --surface-2: #22252b; --border: #3a3e46; --accent: #8fb0ff; --warn: #fdba74; } }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--text); background: var(--surface); margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.75rem; }
.meta, figcaption, .label { color: var(--muted); }
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
@media print { body { max-width: none; padding: 0; } .card { break-inside: avoid; background: none; } h2 { break-after: avoid; } }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; color: var(--text); }
table { border-collapse: collapse; font-size: 0.9rem; }
.wide { overflow-x: auto; }
th, td { border-bottom: 1px solid var(--border); padding: 0.3rem 0.6rem; text-align: right; }
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
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Personas: ${e(input.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
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
</main>
</body>
</html>
`;
}

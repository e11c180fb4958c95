import type { ReportedResult } from './cell-results.ts';
import type { CellReport, RunReport, SourceReport } from './run-workbook.ts';

const num = (x: unknown, digits = 3) => (typeof x === 'number' && Number.isFinite(x) ? Number(x.toPrecision(digits)).toLocaleString('en') : 'n/a');
const count = (x: unknown) => (typeof x === 'number' ? x.toLocaleString('en') : 'n/a');
const pct = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');

/** What run.json says, in brief, for the terminal: one line per source and cell, then its notes. */
export function summaryLines(report: RunReport): string[] {
  const lines: string[] = [];
  for (const s of report.sources) lines.push(...sourceLines(s));
  for (const c of report.cells) lines.push(...cellLines(c));
  if (report.saved) lines.push(`workbook with its fitted models saved to ${report.saved}`);
  return lines;
}

function sourceLines(s: SourceReport): string[] {
  if (s.error) return [`✗ source ${s.name}: ${s.error}`];
  const columns = s.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  return [`✓ source ${s.name}: ${count(s.rowCount)} rows from ${s.file} (${s.format}): ${columns}`, ...s.notes.map((n) => `    ${n}`)];
}

function cellLines(c: CellReport): string[] {
  const lines: string[] = [];
  if (c.status === 'done') lines.push(`✓ ${c.name}: ${count(c.rowCount)} rows in ${c.durationMs} ms → ${c.outputs.join(', ')}`);
  else if (c.status === 'kept') lines.push(`= ${c.name}: kept its saved model (not fitted again)`);
  else lines.push(`✗ ${c.name}: ${c.status === 'skipped' ? 'skipped' : 'error'}: ${c.error}`);
  const brief = c.result ? resultBrief(c.result) : null;
  if (brief) lines.push(`    ${brief}`);
  if (c.sweep?.result) {
    const s = c.sweep.result;
    lines.push(`    k sweep ${s.k[0]}–${s.k[s.k.length - 1]}: suggests k = ${s.recommended}. ${s.reason}`);
    for (const note of s.notes) lines.push(`    k sweep: ${note}`);
  } else if (c.sweep?.error) lines.push(`    k sweep failed: ${c.sweep.error}`);
  for (const note of c.notes) lines.push(`    ${note}`);
  return lines;
}

function resultBrief(r: ReportedResult): string {
  switch (r.kind) {
    case 'cluster':
      return `k = ${r.k}; sizes ${r.sizes.map(count).join(', ')}; inertia ${num(r.inertia, 6)} after ${r.iterations} iterations`;
    case 'score':
      return `${count(r.scored)} scored, ${count(r.unfit)} fit no segment, ${count(r.dropped)} dropped`;
    case 'validate':
      return `silhouette ${num(r.silhouette)}, Davies-Bouldin ${num(r.daviesBouldin)}, Calinski-Harabasz ${num(r.calinskiHarabasz, 6)}` +
        (r.meanAri === null ? '' : `, stability (mean ARI) ${num(r.meanAri)}`);
    case 'rfm':
      return `${count(r.customers)} customers, revenue ${num(r.revenue, 9)}, mean recency ${num(r.meanRecency)} days, mean frequency ${num(r.meanFrequency)}, median monetary ${num(r.medianMonetary)}`;
    case 'clv': {
      const params = (p: object) => Object.entries(p).map(([k, v]) => `${k} ${num(v, 4)}`).join(', ');
      return `${count(r.customers)} customers; BG/NBD ${params(r.bgnbd.params)}` + (r.gammaGamma ? `; Gamma-Gamma ${params(r.gammaGamma.params)}` : '') +
        `; mean P(alive) ${pct(r.meanPAlive)}; total CLV ${num(r.clvTotal, 9)}`;
    }
    case 'rules':
      return r.segments.map((s) => `${s.name} ${count(s.rows)}`).join(', ');
    case 'profile':
      return `personas: ${r.personas.map((p) => `${p.segment} "${p.name}" (${pct(p.share)})`).join('; ')}`;
    case 'kpi':
      return `${r.periods.length} ${r.period}s, ${r.segments.length} segments, ${count(r.unsegmented)} customers without a segment`;
    case 'migration':
      return `${count(r.inBoth)} customers in both, ${pct(r.stayedShare)} stayed; ${count(r.newCustomers)} new, ${count(r.gone)} gone`;
    case 'sample':
      return `${count(r.rows)} of ${count(r.of)} rows` + (r.strata === null ? '' : ` from ${count(r.strata)} strata`);
  }
}

import { briefCount as count } from '../engine/cells/brief-format.ts';
import { kindEntry, type ReportedResult } from '../engine/cells/registry.ts';
import type { CellReport, RunReport, SourceReport } from './run-workbook.ts';


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

function resultBrief(r: ReportedResult): string | null {
  const entry = kindEntry(r.kind);
  if (!entry) throw new Error(`unknown cell kind in a report: ${JSON.stringify(r.kind)}`);
  return entry.brief ? entry.brief(r) : null;
}

import type { CellResult } from '../engine/cell-state.ts';
import type { ClvSummary } from '../engine/cells/clv/clv-cell.ts';
import type { KpiSummary } from '../engine/cells/kpi/kpi-cell.ts';
import type { MigrationSummary } from '../engine/cells/migration/migration-cell.ts';
import { personasFor, type Persona } from '../engine/persona.ts';
import type { ProfileSummary } from '../engine/cells/profile/profile-cell.ts';
import type { RfmSummary } from '../engine/cells/rfm/rfm-cell.ts';
import type { RulesSummary } from '../engine/cells/rules/rules-cell.ts';
import type { SampleResult } from '../engine/cells/sample/sample-cell.ts';
import type { Workbook } from '../engine/workbook.ts';
import type { ValidationResult } from '../ml/validate-job.ts';

export type ReportedResult =
  | { kind: 'cluster'; k: number; sizes: number[]; shares: number[]; inertia: number; iterations: number; columns: string[] }
  | { kind: 'score'; scored: number; unfit: number; dropped: number }
  | ({ kind: 'validate' } & Omit<ValidationResult, 'plot' | 'notes'>)
  | ({ kind: 'rfm' } & RfmSummary)
  | ({ kind: 'clv' } & ClvSummary)
  | ({ kind: 'rules' } & RulesSummary)
  | ({ kind: 'profile' } & ProfileSummary & { personas: Persona[] })
  | ({ kind: 'kpi' } & KpiSummary)
  | ({ kind: 'migration' } & MigrationSummary)
  | ({ kind: 'sample' } & SampleResult['sample']);

/**
 * A cell's result as run.json reports it: the engine's outcome, flattened under its `kind`, with
 * what only a chart draws row by row (the validation's per-row silhouettes) left out, and a
 * profile's persona cards as the view builds them. The fields are listed in the README.
 */
export function reportedResult(result: CellResult | undefined, wb: Workbook, cellId: string): ReportedResult | null {
  if (!result) return null;
  switch (result.kind) {
    case 'cluster': {
      const total = result.sizes.reduce((a, b) => a + b, 0);
      return {
        kind: 'cluster', k: result.sizes.length, sizes: result.sizes, shares: result.sizes.map((s) => s / total),
        inertia: result.inertia, iterations: result.iterations, columns: result.columns,
      };
    }
    case 'score':
      return { kind: 'score', scored: result.scored, unfit: result.unfit, dropped: result.dropped };
    case 'validate': {
      const { plot: _perRow, notes: _notes, ...v } = result.validation;
      return { kind: 'validate', ...v };
    }
    case 'rfm':
      return { kind: 'rfm', ...result.rfm };
    case 'clv':
      return { kind: 'clv', ...result.clv };
    case 'rules':
      return { kind: 'rules', ...result.rules };
    case 'profile': {
      const cell = wb.cells.find((c) => c.id === cellId);
      const personas = cell?.kind === 'profile' ? personasFor(result.profile, cell.playbook, cell.personas) : [];
      return { kind: 'profile', ...result.profile, personas };
    }
    case 'kpi':
      return { kind: 'kpi', ...result.kpi };
    case 'migration':
      return { kind: 'migration', ...result.migration };
    case 'sample':
      return { kind: 'sample', ...result.sample };
  }
}

/** JSON.stringify replacer: bigints as numbers, NaN and infinities as null, typed arrays as arrays. */
export function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.prototype.slice.call(value);
  return value;
}

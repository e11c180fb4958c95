import { describe, expect, it } from 'vitest';
import { reportedResult } from '../../src/cli/cell-results.ts';
import { cellSql } from '../../src/cli/sql-command.ts';
import { CELL_KINDS, kindEntry } from '../../src/engine/cells/registry.ts';
import type { CellResult } from '../../src/engine/cell-state.ts';
import { emptyWorkbook, type Cell, type Workbook } from '../../src/engine/workbook.ts';

const sample: Cell = { id: 's', kind: 'sample', name: 'picked', input: 'customers', method: 'random', stratum: null, size: 10, unit: 'percent', seed: 42 };
const wb: Workbook = { ...emptyWorkbook(), cells: [sample] };

describe('the command line reports each kind through its registry entry', () => {
  it('every kind whose run finds more than its table has a report and a one-line brief of it', () => {
    const reported = CELL_KINDS.filter((kind) => kindEntry(kind)?.report && kindEntry(kind)?.brief);
    expect(CELL_KINDS.filter((kind) => !reported.includes(kind))).toEqual(['sql', 'markdown', 'chart']);
  });

  it("flattens a sample cell's result under its kind", () => {
    const result: CellResult = { kind: 'sample', sample: { rows: 12, of: 120, strata: null } };
    expect(reportedResult(result, wb, 's')).toEqual({ kind: 'sample', rows: 12, of: 120, strata: null });
  });

  it('refuses a result of a cell of an unknown kind, rather than reporting it as another', () => {
    const odd = { ...wb, cells: [{ ...sample, kind: 'mystery' }] } as unknown as Workbook;
    expect(() => reportedResult({ kind: 'sample', sample: { rows: 1, of: 1, strata: null } }, odd, 's')).toThrow('unknown cell kind: "mystery"');
  });

  it('names the kinds with a SQL form when asked for the SQL of another kind', () => {
    expect(() => cellSql(wb, { cell: 'picked', dialect: 'duckdb', table: null })).toThrow(
      'cell "picked" is a sample cell; only RFM, Rule segments, Cluster and Score cells have a SQL form',
    );
  });
});

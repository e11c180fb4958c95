import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { CellContext } from '../../src/engine/cells/context.ts';
import { runRfmCell } from '../../src/engine/cells/rfm/rfm-cell.ts';
import { workbookLineage } from '../../src/engine/lineage.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import type { CellState } from '../../src/engine/cell-state.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, type RfmCell, type Workbook } from '../../src/engine/workbook.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

// The bench found SQL and RFM cells at a million rows running over a second with nothing but a
// ticking clock; every slow phase now says what it does before it starts.
let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(`CREATE TABLE stage_tx AS SELECT * FROM (VALUES ('a', TIMESTAMP '2024-01-01', 10.0, 'i1'), ('b', TIMESTAMP '2024-01-03', 5.0, 'i2')) AS v(cust, ts, amount, invoice)`);
});
afterAll(() => db.close());

function context(lines: string[]): CellContext {
  return { db, ml: new InlineBackend(), lineage: workbookLineage(emptyWorkbook()), signal: new AbortController().signal, report: (line) => lines.push(line) };
}

describe('the stage line a running cell shows', () => {
  it('an SQL cell says it runs its query in DuckDB from the moment it starts, in its one running state', async () => {
    const wb: Workbook = { ...emptyWorkbook(), cells: [{ id: 's1', kind: 'sql', name: 'stage_sql', sql: 'SELECT 1 AS v' }] };
    const running: Array<string | undefined> = [];
    const scheduler = new Scheduler(db, () => wb, (_id: string, state: CellState) => state.status === 'running' && running.push(state.progress));
    await scheduler.runAll();
    expect(running).toEqual(['running the query in DuckDB']);
    expect(scheduler.state('s1').status).toBe('done');
  });

  it('an RFM cell names each of its four phases in order', async () => {
    const lines: string[] = [];
    const base = createCell('rfm', emptyWorkbook(), 0);
    if (base.kind !== 'rfm') throw new Error('expected an rfm cell');
    const cell: RfmCell = { ...base, name: 'stage_rfm', input: 'stage_tx', customer: 'cust', date: 'ts', amount: 'amount', invoice: 'invoice', exclude: null, referenceDate: '2024-01-10' };
    const outcome = await runRfmCell(cell, context(lines));
    expect(lines).toEqual(['checking the columns', 'counting the rows each rule leaves out', 'scoring customers', 'summarising the segments']);
    expect(outcome.rowCount).toBe(2);
  });
});

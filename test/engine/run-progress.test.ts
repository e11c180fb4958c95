import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { CellState } from '../../src/engine/cell-state.ts';
import { Scheduler, type RunProgress } from '../../src/engine/scheduler.ts';
import type { Workbook } from '../../src/engine/workbook.ts';
import { SLOW_SQL, note, workbookOf } from './workbook-fixtures.ts';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db.close());

function schedule(wb: Workbook) {
  const ran: string[] = [];
  const progress: Array<RunProgress | null> = [];
  const scheduler = new Scheduler(db, () => wb, (id: string, state: CellState) => state.status === 'running' && ran.push(id));
  scheduler.onProgress((p) => progress.push(p));
  return { scheduler, ran, progress };
}

describe('run all with progress, run above and run below', () => {
  it('counts a run of all cells up to "4 of 4" and then reports that nothing runs', async () => {
    const wb = workbookOf(['p_a', 'select 1 as v'], note('# notes do not run'), ['p_b', 'select v + 1 as v from p_a'], ['p_c', 'select 3 as v'], ['p_d', 'select v from p_b']);
    const { scheduler, progress } = schedule(wb);
    await scheduler.runAll();
    const totals = new Set(progress.filter((p) => p !== null).map((p) => p.total));
    // Four SQL cells; the note is not counted.
    expect([...totals]).toEqual([4]);
    const done = progress.filter((p) => p !== null).map((p) => p.done);
    expect(done[0]).toBe(0);
    expect(Math.max(...done)).toBe(4);
    // Never counts down.
    expect(done.every((d, i) => i === 0 || d >= done[i - 1])).toBe(true);
    expect(progress.at(-1)).toBeNull();
    expect(scheduler.progress()).toBeNull();
  });

  it('run above runs only the cells above the chosen one, not the cells below that read them', async () => {
    const wb = workbookOf(['ra_a', 'select 1 as v'], ['ra_b', 'select v + 1 as v from ra_a'], ['ra_c', 'select v + 1 as v from ra_b'], ['ra_d', 'select 9 as v']);
    const { scheduler, ran } = schedule(wb);
    await scheduler.runAbove('ra_c');
    expect(ran).toEqual(['ra_a', 'ra_b']);
    expect(scheduler.state('ra_c').status).toBe('idle');
    expect(scheduler.state('ra_d').status).toBe('idle');
  });

  it('run below runs the chosen cell and every cell below it, and what they read that has not run', async () => {
    const wb = workbookOf(['rb_a', 'select 1 as v'], ['rb_b', 'select 5 as v'], ['rb_c', 'select v + 1 as v from rb_a'], ['rb_d', 'select 9 as v']);
    const { scheduler, ran } = schedule(wb);
    await scheduler.runBelow('rb_c');
    expect(ran).toEqual(['rb_a', 'rb_c', 'rb_d']);
    expect(scheduler.state('rb_b').status).toBe('idle');
    const [{ v }] = await db.query('select v from rb_c');
    expect(v).toBe(2);
  });

  it('cancel all stops the running cell and the queued ones, and the progress ends', async () => {
    const wb = workbookOf(['ca_a', SLOW_SQL], ['ca_b', 'select 1 as v'], ['ca_c', 'select 2 as v']);
    const { scheduler, progress } = schedule(wb);
    const running = scheduler.runAll();
    while (scheduler.state('ca_a').status !== 'running') await new Promise((r) => setTimeout(r, 10));
    expect(scheduler.progress()).toEqual({ done: 0, total: 3 });
    scheduler.cancelAll();
    await running;
    expect(scheduler.state('ca_a').status).toBe('cancelled');
    expect(scheduler.state('ca_b').status).toBe('cancelled');
    expect(scheduler.state('ca_c').status).toBe('cancelled');
    expect(progress.at(-1)).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { CellState } from '../../src/engine/cell-state.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import type { Workbook } from '../../src/engine/workbook.ts';
import { SLOW_SQL, note, setSql, workbookOf } from './workbook-fixtures.ts';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db.close());

/** A scheduler over `wb` that records every state change. */
function schedule(wb: Workbook) {
  const log: Array<{ id: string; state: CellState }> = [];
  const scheduler = new Scheduler(db, () => wb, (id, state) => log.push({ id, state }));
  const ranInOrder = () => log.filter((e) => e.state.status === 'running').map((e) => e.id);
  return { scheduler, log, ranInOrder };
}

async function value(sql: string): Promise<unknown> {
  const [row] = await db.query(sql);
  return Object.values(row)[0];
}

describe('Scheduler', () => {
  it('runs a cell, then every cell downstream of it in order, and no other cell', async () => {
    const wb = workbookOf(
      ['s_base', 'select range as id from range(10)'],
      ['s_side', 'select 1 as x'],
      ['s_mid', 'select id * 2 as id from s_base'],
      note('# notes never run'),
      ['s_top', 'select count(*) as n from s_mid'],
    );
    const { scheduler, ranInOrder } = schedule(wb);
    await scheduler.runAll();
    expect(scheduler.state('s_top')).toMatchObject({ status: 'done', rowCount: 1 });

    const before = ranInOrder().length;
    setSql(wb, 's_base', 'select range as id from range(4)');
    await scheduler.run(['s_base']);
    expect(ranInOrder().slice(before)).toEqual(['s_base', 's_mid', 's_top']);
    expect(await value('select n from s_top')).toBe(4);
  });

  it('records duration and row count for a finished cell', async () => {
    const wb = workbookOf(['rc_a', 'select * from range(25)']);
    const { scheduler } = schedule(wb);
    await scheduler.run(['rc_a']);
    const s = scheduler.state('rc_a');
    expect(s.status).toBe('done');
    expect(s.rowCount).toBe(25);
    expect(s.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runs upstream cells that have never run before the requested one', async () => {
    const wb = workbookOf(['up_a', 'select 7 as v'], ['up_b', 'select v + 1 as v from up_a']);
    const { scheduler, ranInOrder } = schedule(wb);
    await scheduler.run(['up_b']);
    expect(ranInOrder()).toEqual(['up_a', 'up_b']);
    expect(await value('select v from up_b')).toBe(8);
  });

  it('shows the database error on the failing cell, with its position, and marks downstream cells stale', async () => {
    const wb = workbookOf(['e_a', 'select 1 as x'], ['e_b', 'select x,\n  nope from e_a'], ['e_c', 'select * from e_b']);
    const { scheduler } = schedule(wb);
    await scheduler.runAll();
    const b = scheduler.state('e_b');
    expect(b.status).toBe('error');
    expect(b.error?.message).toMatch(/nope/);
    expect(b.error).toMatchObject({ line: 2, column: 3 });
    expect(scheduler.state('e_c').status).toBe('stale');
    expect(scheduler.state('e_c').error?.message).toMatch(/e_b/);
    expect(scheduler.state('e_a').status).toBe('done');
  });

  it('reports a dependency cycle on every cell in it and never runs them', async () => {
    const wb = workbookOf(['cy_a', 'select * from cy_b'], ['cy_b', 'select * from cy_a'], ['cy_c', 'select * from cy_a'], ['cy_ok', 'select 1']);
    const { scheduler, ranInOrder } = schedule(wb);
    await scheduler.runAll();
    for (const id of ['cy_a', 'cy_b']) {
      expect(scheduler.state(id).status).toBe('error');
      expect(scheduler.state(id).error?.message).toMatch(/dependency cycle: cy_a → cy_b → cy_a|dependency cycle: cy_b → cy_a → cy_b/);
    }
    expect(scheduler.state('cy_c').status).toBe('stale');
    expect(ranInOrder()).toEqual(['cy_ok']);

    setSql(wb, 'cy_a', 'select 1 as x');
    await scheduler.runAll();
    expect(scheduler.state('cy_a').status).toBe('done');
    expect(scheduler.state('cy_c').status).toBe('done');
  });

  it('lets the latest run of a cell win: an older, slower run never overwrites it', async () => {
    const wb = workbookOf(['lw_a', SLOW_SQL], ['lw_b', 'select * from lw_a']);
    const { scheduler, log } = schedule(wb);
    const first = scheduler.run(['lw_a']);
    await new Promise((r) => setTimeout(r, 150));
    setSql(wb, 'lw_a', 'select 42 as s');
    const second = scheduler.run(['lw_a']);
    await Promise.all([first, second]);

    expect(scheduler.state('lw_a')).toMatchObject({ status: 'done', version: 2, rowCount: 1 });
    expect(await value('select s from lw_b')).toBe(42);
    const finishedVersions = log.filter((e) => e.id === 'lw_a' && e.state.status === 'done').map((e) => e.state.version);
    expect(finishedVersions).toEqual([2]);
    expect(log.some((e) => e.id === 'lw_a' && (e.state.status === 'error' || e.state.status === 'cancelled'))).toBe(false);
  });

  it('cancels a long query, marks it cancelled and leaves downstream cells stale', async () => {
    const wb = workbookOf(['cx_a', SLOW_SQL], ['cx_b', 'select * from cx_a']);
    const { scheduler } = schedule(wb);
    const run = scheduler.run(['cx_a']);
    await new Promise((r) => setTimeout(r, 150));
    expect(scheduler.state('cx_a').status).toBe('running');
    expect(scheduler.state('cx_b').status).toBe('queued');
    scheduler.cancel('cx_a');
    await run;
    expect(scheduler.state('cx_a').status).toBe('cancelled');
    expect(scheduler.state('cx_b').status).toBe('stale');
    expect(await value('select 1')).toBe(1);
  });

  it('refuses a cell with two statements or none, saying what to do', async () => {
    const wb = workbookOf(['ms_a', 'select 1; select 2'], ['ms_b', '-- nothing here\n']);
    const { scheduler } = schedule(wb);
    await scheduler.runAll();
    expect(scheduler.state('ms_a').error?.message).toMatch(/2 statements.*Split it/);
    expect(scheduler.state('ms_b').error?.message).toMatch(/empty/);
  });

  it('stores DESCRIBE and SUMMARIZE results as tables too, and ignores a trailing semicolon', async () => {
    const wb = workbookOf(['ds_a', 'select 1 as x, 2 as y;'], ['ds_b', 'describe ds_a'], ['ds_c', 'summarize ds_a;']);
    const { scheduler } = schedule(wb);
    await scheduler.runAll();
    expect(scheduler.state('ds_b')).toMatchObject({ status: 'done', rowCount: 2 });
    expect(scheduler.state('ds_c')).toMatchObject({ status: 'done', rowCount: 2 });
  });
});
